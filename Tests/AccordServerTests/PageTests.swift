import AccordCore
import AccordLaw
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PageTests {
  static let engine = try! BundledLaw.engine()

  @Test func homeSaysWhatAccordIsAndLinksEveryPage() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.headers[.contentType] == "text/html; charset=utf-8")
        #expect(
          r.text.contains("Accord turns the law on local cooperation with federal immigration enforcement"))
        for link in [
          "/case", "/matrix", "/map", "/law", "/audits", "/agreements", "/simulate", "/openapi.json",
        ] {
          #expect(r.text.contains("href=\"\(link)\""))
        }
      }
    }
  }

  @Test func matrixShowsEveryPlaceAndFilters() async throws {
    let h = try await Harness()
    let c = Self.engine.compare(places: ["US-TX"], date: CivilDate(parsing: "2025-06-01")!, agency: "jail")
    try await h.run { client in
      try await client.execute(uri: "/matrix?date=2025-06-01&agency=jail", method: .get) { r in
        #expect(r.status == .ok)
        for p in Self.engine.places { #expect(r.text.contains(">\(p.id)</a>")) }
        #expect(r.text.contains(c.places[0].summary.replacingOccurrences(of: "'", with: "'")))
      }
      try await client.execute(
        uri: "/matrix?place=US-NJ&date=2025-06-01&profile=felony-3y/judicial", method: .get
      ) {
        r in
        #expect(r.status == .ok)
        #expect(r.text.contains("ICE (administrative) warrant"))
        #expect(r.text.components(separatedBy: "<td class=\"st ").count - 1 == 100)
      }
      try await client.execute(uri: "/matrix?place=US-ZZ", method: .get) { r in
        #expect(r.status == .badRequest)
        #expect(r.text.contains("unknown place"))
      }
    }
  }

  @Test func mapColoursEncodedStatesAndGreysTheRest() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/map?date=2025-06-01", method: .get) { r in
        #expect(r.status == .ok)
        // The 50 states, D.C. and the five territories.
        #expect(r.text.components(separatedBy: "<g id=\"tile-").count - 1 == 56)
        // Texas requires cooperation; California and New Jersey restrict it (their law encoded).
        #expect(r.text.contains("id=\"tile-TX\" data-score=\"-3\" data-coverage=\"encoded\""))
        #expect(r.text.contains("id=\"tile-CA\" data-score=\"3\" data-coverage=\"encoded\""))
        #expect(r.text.contains("id=\"tile-NJ\" data-score=\"3\" data-coverage=\"encoded\""))
        // Ohio's law is not researched: dark grey with a question mark, not a federal answer.
        #expect(r.text.contains("id=\"tile-OH\" data-score=\"0\" data-coverage=\"unresearched\""))
        #expect(r.text.contains(">OH?</text>"))
        // Nevada was researched and its one known law (NRS 211.007) speaks to questions and interviews only.
        #expect(r.text.contains("id=\"tile-NV\" data-score=\"0\" data-coverage=\"researched\""))
        #expect(r.text.contains("verified: no state law"))
      }
    }
  }

  @Test func coveragePageTellsTheKindsApart() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/coverage?date=2025-06-01", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("id=\"cov-US-OR\""))
        #expect(r.text.contains("data-coverage=\"unresearched\""))
        #expect(r.text.contains("data-coverage=\"encoded\""))
        #expect(r.text.contains("<b>States, D.C. and territories: 56</b>"))
      }
      try await client.execute(uri: "/coverage?date=not-a-date", method: .get) { r in
        #expect(r.status == .badRequest)
      }
      try await client.execute(uri: "/v1/coverage?date=2025-06-01", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.json?["absentFromLedger"]?.array.isEmpty == true)
        #expect((r.json?["jurisdictions"]?.array.count ?? 0) >= 64)
      }
    }
  }

  /// The interview page: one question per screen from the engine's interview, answers in the POST
  /// body, back and change, Spanish, and everything a user sends escaped.
  @Test func interviewPageAsksTheEnginesQuestionsInTurn() async throws {
    let h = try await Harness()
    let c = Case(date: CivilDate(parsing: "2025-06-01")!, place: "US-CA")
    let first = try #require(Self.engine.interview(c, actions: [.hold, .interviewAccess]).next)
    @Sendable func post(_ body: String) -> ByteBuffer { ByteBuffer(string: body) }
    let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    try await h.run { client in
      try await client.execute(uri: "/interview", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("name=place"))
      }
      let start = "place=US-CA&date=2025-06-01&action=hold&action=interview-access"
      try await client.execute(uri: "/interview", method: .post, headers: headers, body: post(start)) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("<input type=hidden name=q value=\"\(first.path)\">"))
        #expect(r.text.contains(first.fact.question.en))
      }
      try await client.execute(
        uri: "/interview", method: .post, headers: headers,
        body: post(start + "&lang=es&q=agency&qc=&answer=jail")
      ) { r in
        #expect(r.text.contains("¿Aceptó la persona una entrevista con ICE?"))
        #expect(r.text.contains("name=a value=\"agency||jail\""))
        #expect(r.text.contains("st-prohibited\">prohibited</td>"))
      }
      // Change the first answer: back to before it.
      try await client.execute(
        uri: "/interview", method: .post, headers: headers, body: post(start + "&a=agency%7C%7Cjail&back=0")
      ) { r in
        #expect(r.text.contains("<input type=hidden name=q value=\"\(first.path)\">"))
        #expect(!r.text.contains("name=a value="))
      }
      // A wrong answer is refused with the answers allowed, and what was sent is escaped.
      try await client.execute(
        uri: "/interview", method: .post, headers: headers,
        body: post(start + "&q=agency&qc=&answer=%3Cscript%3Ex%3C%2Fscript%3E")
      ) { r in
        #expect(r.status == .ok)
        #expect(!r.text.contains("<script>x"))
        #expect(r.text.contains("answer one of jail, police, state-prison, probation"))
      }
    }
    // The interview is not a decision on the record.
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 0))
  }

  @Test func caseExplorerDecidesTheFormsFactsWithCitations() async throws {
    let h = try await Harness()
    var c = Case(date: CivilDate(parsing: "2025-06-01")!, place: "US-NJ/essex-county")
    c.agency = "jail"
    c.detainer = true
    c.warrant = "administrative"
    c.convictions = [Offense(grade: .indictable, date: CivilDate(parsing: "2022-03-14")!, tags: [])]
    let d = Self.engine.decide(c)
    let query =
      "place=US-NJ%2Fessex-county&date=2025-06-01&agency=jail&detainer=yes&warrant=administrative&convictionGrade=indictable&convictionDate=2022-03-14"
    try await h.run { client in
      try await client.execute(uri: "/case?\(query)", method: .get) { r in
        #expect(r.status == .ok)
        for a in d.actions {
          #expect(r.text.contains("<tr id=\"action-\(a.action.rawValue)\">"))
          #expect(r.text.contains("st-\(a.status.rawValue)\">\(a.status.rawValue)</td>"))
          if let b = a.because.first {
            #expect(
              r.text.contains("href=\"/law/us-nj/immigrant-trust-directive.md#rule-\(b.rule)\"")
                || b.place == "US")
          }
        }
        #expect(r.text.contains("APPLIES"))
      }
      try await client.execute(uri: "/case?json=%7B%22place%22%3A1%7D", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("The case cannot be read"))
      }
    }
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 1))
  }

  /// Every citation any reference case yields lands on its rule's anchor in the law browser.
  @Test func everyCitationIsReachableInTheLawBrowser() async throws {
    let h = try await Harness()
    var byFile: [String: Set<String>] = [:]
    for date in ["2016-06-01", "2019-06-01", "2025-06-01", "2025-10-01"] {
      for agency in Case.agencies {
        let c = Self.engine.compare(
          places: Self.engine.places.map(\.id), date: CivilDate(parsing: date)!, agency: agency)
        for p in c.places {
          for d in p.decisions {
            for a in d.actions {
              for b in a.because {
                let path = String(b.source.dropFirst(4).prefix { $0 != ":" })
                byFile[path, default: []].insert(b.rule)
                byFile[path, default: []].insert("L" + String(b.source.split(separator: ":").last!))
              }
            }
          }
        }
      }
    }
    #expect(byFile.count >= 15)
    let files = byFile
    try await h.run { client in
      for (path, anchors) in files {
        try await client.execute(uri: "/law/\(path)", method: .get) { r in
          #expect(r.status == .ok, "\(path)")
          for a in anchors {
            let id = a.hasPrefix("L") && Int(a.dropFirst()) != nil ? a : "rule-\(a)"
            #expect(r.text.contains("id=\"\(id)\""), "\(path)#\(id)")
          }
        }
      }
    }
  }

  @Test func lawFileIsRenderedAsProseQuotesAndCode() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/law/us-nj/immigrant-trust-directive.md", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("<h1 id=\"L1\">New Jersey Attorney General"))
        #expect(r.text.contains("<blockquote>"))
        #expect(r.text.contains("<pre class=\"accord\">"))
        #expect(r.text.contains("id=\"rule-us-nj.itd.hold.indictable-5y\""))
        #expect(r.text.contains("<span class=kw>rule</span>"))
      }
      try await client.execute(uri: "/law", method: .get) { r in
        #expect(r.status == .ok)
        for f in Self.engine.files { #expect(r.text.contains("href=\"/law/\(f.path)\"")) }
      }
      try await client.execute(uri: "/law/us-nj/nothing.md", method: .get) { r in
        #expect(r.status == .notFound)
        #expect(r.headers[.contentType] == "text/html; charset=utf-8")
      }
    }
  }

  @Test func agreementsTimelineFromTheSheetsArchive() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/agreements", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("287(g) agreements per month by model"))
        #expect(r.text.contains("<svg"))
        #expect(r.text.contains("Cape May") || r.text.contains("CAPE MAY"))
      }
      try await client.execute(uri: "/agreements/report", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.hasPrefix("<!doctype html>"))
      }
    }
    let missing = try await Harness { $0.agreementsDirectory = "/nonexistent" }
    try await missing.run { client in
      try await client.execute(uri: "/agreements", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("is not available"))
      }
    }
  }
}
