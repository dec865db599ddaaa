import AccordCore
import AccordLaw
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct APITests {
  static let engine = try! BundledLaw.engine()
  static let example = Harness.text("examples/nj-jail-hold.json")

  @Test func decideGivesExactlyTheEnginesDecisionJSON() async throws {
    let h = try await Harness()
    let expected = Self.engine.decide(try Case(json: Self.example)).json()
    try await h.run { client in
      try await client.execute(uri: "/v1/decide", method: .post, body: body(Self.example)) { r in
        #expect(r.status == .ok)
        #expect(r.headers[.contentType] == "application/json; charset=utf-8")
        #expect(r.text == expected)
      }
    }
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 1))
  }

  /// The interview over the API is the engine's, and bad requests name what is wrong.
  @Test func interviewGivesTheEnginesNextQuestion() async throws {
    let h = try await Harness()
    let c = try Case(json: #"{"date": "2025-06-01", "place": "US-CA"}"#)
    let expected = Self.engine.interview(c, actions: [.hold]).json(pretty: false)
    try await h.run { client in
      let request = #"{"case": {"date": "2025-06-01", "place": "US-CA"}, "actions": ["hold"]}"#
      try await client.execute(uri: "/v1/interview", method: .post, body: body(request)) { r in
        #expect(r.status == .ok)
        #expect(r.text == expected)
        #expect(r.text.contains(#""path":"agency""#))
      }
      for (bad, path) in [
        (#"{"case": {"date": "2025-06-01", "place": "US-CA"}, "actions": ["dance"]}"#, "actions[0]"),
        (#"{"case": {"date": "2025-06-01", "place": "US-CA", "agency": "sheriff"}}"#, "case.agency"),
        (#"{"actions": []}"#, "case"),
        (#"{"case": {"date": "2025-06-01", "place": "US-CA"}, "colour": 1}"#, "colour"),
      ] {
        try await client.execute(uri: "/v1/interview", method: .post, body: body(bad)) { r in
          #expect(r.status == .badRequest, "\(bad)")
          #expect(r.text.contains(#""path":"\#(path)""#), "\(bad): \(r.text)")
        }
      }
    }
    // The interview decides nothing on the record: the log stays empty.
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 0))
  }

  /// Bad cases: 400 with a JSON error naming the line, column and path.
  @Test(arguments: [
    ("{\"date\": \"2025-06-01\",\n \"place\": ", 2, 11, ""),
    (
      "{\"date\": \"2025-06-01\", \"place\": \"US-NJ\",\n  \"ice\": {\"detainer\": \"yes\"}}", 2, 23,
      "ice.detainer"
    ),
    ("{\"date\": \"06/01/2025\", \"place\": \"US-NJ\"}", 1, 10, "date"),
    ("{\"place\": \"US-NJ\"}", 1, 1, "date"),
    ("[1, 2]", 1, 1, ""),
    ("", 1, 1, ""),
    (
      "{\"date\": \"2025-06-01\", \"place\": \"US-NJ\", \"person\": {\"convictions\": [{\"grade\": \"capital\"}]}}",
      1, 79,
      "person.convictions[0].grade"
    ),
  ])
  func malformedCaseIs400WithPosition(_ input: String, _ line: Int, _ column: Int, _ path: String)
    async throws
  {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/v1/decide", method: .post, body: body(input)) { r in
        #expect(r.status == .badRequest)
        let error = r.json?["error"]
        #expect(error?["status"]?.number == 400)
        #expect(error?["line"]?.number == line)
        #expect(error?["column"]?.number == column)
        #expect(error?["path"]?.string == path)
        #expect(error?["message"]?.string?.isEmpty == false)
      }
    }
  }

  @Test func oversizedBodiesAre413() async throws {
    let h = try await Harness { $0.maxDecideBody = 1 << 20 }
    let big =
      "{\"date\": \"2025-06-01\", \"place\": \"US-NJ\", \"agency\": \"jail\""
      + String(repeating: " ", count: 1 << 20) + "}"
    try await h.run { client in
      try await client.execute(uri: "/v1/decide", method: .post, body: body(big)) { r in
        #expect(r.status == .contentTooLarge)
        #expect(r.json?["error"]?["status"]?.number == 413)
      }
    }
  }

  @Test func batchOfJSONArrayGivesEachCaseItsDecisionOrError() async throws {
    let h = try await Harness()
    let good = try Case(json: Self.example)
    let input = "[\(Self.example),\n {\"date\": \"2025-06-01\", \"place\": \"US-NJ\", \"agency\": \"court\"}]"
    try await h.run { client in
      try await client.execute(uri: "/v1/decide/batch", method: .post, body: body(input)) { r in
        #expect(r.status == .ok)
        let j = try #require(r.json)
        #expect(j["read"]?.number == 2)
        #expect(j["decided"]?.number == 1)
        #expect(j["rejected"]?.number == 1)
        let results = j["results"]?.array ?? []
        #expect(results.count == 2)
        #expect(results.first?["place"]?.string == good.place)
        #expect(results.last?["error"]?["path"]?.string == "[1].agency")
        #expect(results.last?["error"]?["line"]?.number == 16)
      }
      // The decision inside the batch is the same text /v1/decide serves.
      let single = Self.engine.decide(good).json()
      try await client.execute(uri: "/v1/decide/batch", method: .post, body: body("[\(Self.example)]")) { r in
        #expect(r.text.contains(",\"results\":[\(single)]}"))
      }
    }
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 2))
  }

  @Test func batchOfJSONLinesNamesTheBadLine() async throws {
    let h = try await Harness()
    let line = Self.example.replacingOccurrences(of: "\n", with: " ")
    let input = "\(line)\n\n{not json}\n\(line)\n"
    try await h.run { client in
      try await client.execute(uri: "/v1/decide/batch", method: .post, body: body(input)) { r in
        #expect(r.status == .ok)
        let j = try #require(r.json)
        #expect(j["decided"]?.number == 2)
        let bad = j["results"]?.array[1]["error"]
        #expect(bad?["line"]?.number == 3)
        #expect(bad?["column"]?.number == 2)
      }
    }
  }

  @Test func batchRowLimitIs413() async throws {
    let h = try await Harness { $0.maxBatchCases = 3 }
    let line = "{\"date\": \"2025-06-01\", \"place\": \"US-NJ\"}\n"
    try await h.run { client in
      try await client.execute(
        uri: "/v1/decide/batch", method: .post, body: body(String(repeating: line, count: 4))
      ) {
        r in
        #expect(r.status == .contentTooLarge)
        #expect(r.json?["error"]?["message"]?.string == "the batch holds 4 cases; the limit is 3")
      }
      try await client.execute(
        uri: "/v1/decide/batch", method: .post, body: body(String(repeating: line, count: 3))
      ) {
        r in #expect(r.status == .ok)
      }
    }
  }

  @Test func placesListsEveryPlaceWithItsFiles() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/v1/places", method: .get) { r in
        #expect(r.status == .ok)
        let places = r.json?["places"]?.array ?? []
        #expect(places.map { $0["id"]?.string ?? "" } == Self.engine.places.map(\.id))
        let nj = places.first { $0["id"]?.string == "US-NJ" }
        #expect(nj?["files"]?.array.first?["completeness"]?.string == "summary")
        #expect(nj?["chain"]?.array.map { $0.string ?? "" } == ["US", "US-NJ"])
      }
    }
  }

  @Test func compareIsTheEnginesComparison() async throws {
    let h = try await Harness()
    let expected = Self.engine.compare(
      places: ["US-NJ", "US-CA/los-angeles"], date: CivilDate(parsing: "2025-06-01")!, agency: "police"
    ).json(pretty: false)
    try await h.run { client in
      try await client.execute(
        uri: "/v1/compare?places=US-NJ,US-CA/los-angeles&date=2025-06-01&agency=police", method: .get
      ) { r in
        #expect(r.status == .ok)
        #expect(r.text == expected)
      }
      for (query, path) in [
        ("places=US-ZZ", "places"), ("date=yesterday", "date"), ("agency=court", "agency"),
      ] {
        try await client.execute(uri: "/v1/compare?\(query)", method: .get) { r in
          #expect(r.status == .badRequest)
          #expect(r.json?["error"]?["path"]?.string == path)
        }
      }
    }
  }

  @Test(arguments: ["US-NJ", "US-CA/los-angeles", "US-NY/new-york-city"])
  func lawOfAPlaceHasItsFilesTextAndProvenance(_ place: String) async throws {
    let h = try await Harness()
    let files = Self.engine.places.first { $0.id == place }!.files.map { Self.engine.files[$0] }
    try await h.run { client in
      try await client.execute(uri: "/v1/law/\(place)", method: .get) { r in
        #expect(r.status == .ok)
        let j = try #require(r.json)
        #expect(j["place"]?.string == place)
        let got = j["files"]?.array ?? []
        #expect(got.map { $0["path"]?.string ?? "" } == files.map(\.path))
        for (g, f) in zip(got, files) {
          #expect(g["text"]?.string == Harness.text("law/" + f.path))
          #expect(g["completeness"]?.string == f.completeness.rawValue)
          #expect(g["sourceText"]?.string?.isEmpty == false)
        }
      }
    }
  }

  @Test func unknownPlaceAndRouteAre404JSON() async throws {
    let h = try await Harness()
    try await h.run { client in
      for uri in ["/v1/law/US-ZZ", "/v1/law/US-NJ/nowhere", "/v1/nothing"] {
        try await client.execute(uri: uri, method: .get) { r in
          #expect(r.status == .notFound)
          #expect(r.json?["error"]?["status"]?.number == 404)
        }
      }
    }
  }
}
