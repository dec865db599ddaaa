import AccordCore
import AccordServer
import Crypto
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SecurityTests {
  static let events = Harness.text("examples/audit-events.csv")

  /// Every private endpoint refuses a request with no token and one with a wrong token.
  @Test(arguments: [
    ("/v1/audits", HTTPRequest.Method.get), ("/v1/audits", .post), ("/v1/audits/1", .get),
    ("/v1/log/verify", .get),
  ])
  func noTokenAndWrongTokenAre401(_ uri: String, _ method: HTTPRequest.Method) async throws {
    let h = try Harness()
    _ = try h.token(.admin)
    let headers: [HTTPFields] = [
      [:], bearer("acc_" + String(repeating: "0", count: 64)), [.authorization: "Basic YWRtaW46YWRtaW4="],
      bearer(""),
    ]
    try await h.run { client in
      for hs in headers {
        try await client.execute(uri: uri, method: method, headers: hs, body: body(Self.events)) { r in
          #expect(r.status == .unauthorized)
          #expect(r.headers[.wwwAuthenticate] == "Bearer realm=\"accord\"")
          #expect(r.json?["error"]?["status"]?.number == 401)
        }
      }
    }
  }

  @Test func viewerCannotUploadButCanRead() async throws {
    let h = try Harness()
    let viewer = try h.token(.viewer)
    let auditor = try h.token(.auditor)
    try await h.run { client in
      try await client.execute(
        uri: "/v1/audits?name=events.csv", method: .post, headers: bearer(viewer), body: body(Self.events)
      ) { r in
        #expect(r.status == .forbidden)
        #expect(r.json?["error"]?["status"]?.number == 403)
      }
      try await client.execute(uri: "/v1/log/verify", method: .get, headers: bearer(auditor)) { r in
        #expect(r.status == .forbidden)
      }
      try await client.execute(uri: "/v1/audits", method: .get, headers: bearer(viewer)) { r in
        #expect(r.status == .ok)
        #expect(r.json?["audits"]?.array.isEmpty == true)
      }
    }
  }

  @Test func auditorUploadsAndTheReportIsTheAuditReport() async throws {
    let h = try Harness()
    let auditor = try h.token(.auditor)
    let viewer = try h.token(.viewer)
    try await h.run { client in
      let id = try await client.execute(
        uri: "/v1/audits?name=events.csv", method: .post, headers: bearer(auditor), body: body(Self.events)
      ) { r in
        #expect(r.status == .created)
        let j = try #require(r.json)
        #expect(j["read"]?.number == 9)
        #expect(j["processed"]?.number == 8)
        #expect(j["rejected"]?.number == 1)
        #expect(j["format"]?.string == "accord-events-csv")
        #expect(j["name"]?.string == "events.csv")
        return try #require(j["id"]?.number)
      }
      // The same bytes again: the audit already made.
      try await client.execute(
        uri: "/v1/audits", method: .post, headers: bearer(auditor), body: body(Self.events)
      ) {
        r in
        #expect(r.status == .ok)
        #expect(r.json?["id"]?.number == id)
        #expect(r.text.hasSuffix(",\"new\":false}"))
      }
      try await client.execute(uri: "/v1/audits/\(id)", method: .get, headers: bearer(viewer)) { r in
        #expect(r.status == .ok)
        let j = try #require(r.json)
        #expect(j["read"]?.number == 9)
        #expect(j["verdicts"]?["violation"]?.number ?? 0 > 0)
        #expect(j["datasets"]?.array.first?["file"]?.string == "events.csv")
        #expect(!r.text.contains("accord-upload-"))
      }
      try await client.execute(uri: "/v1/audits", method: .get, headers: bearer(viewer)) { r in
        #expect(r.json?["audits"]?.array.map { $0["id"]?.number } == [id])
      }
      try await client.execute(uri: "/v1/audits/999", method: .get, headers: bearer(viewer)) { r in
        #expect(r.status == .notFound)
      }
    }
  }

  @Test func unreadableUploadsAre400AndOversizedOnes413() async throws {
    let h = try Harness { $0.maxUploadBody = 1_000 }
    let admin = try h.token(.admin)
    try await h.run { client in
      for text in ["", "a,b,c\n1,2,3\n"] {
        try await client.execute(uri: "/v1/audits", method: .post, headers: bearer(admin), body: body(text)) {
          r in
          #expect(r.status == .badRequest)
          #expect(r.json?["error"]?["message"]?.string?.isEmpty == false)
        }
      }
      try await client.execute(
        uri: "/v1/audits", method: .post, headers: bearer(admin),
        body: body(String(repeating: "x", count: 2_000))
      ) { r in #expect(r.status == .contentTooLarge) }
    }
  }

  @Test func tokensAreStoredOnlyAsTheirHash() async throws {
    let h = try Harness()
    let token = try h.token(.viewer)
    #expect(token.hasPrefix("acc_") && token.count == 68)
    #expect(try h.state.store.role(ofToken: token) == .viewer)
    #expect(try h.state.store.role(ofToken: token + "x") == nil)
    let raw = try Data(contentsOf: URL(fileURLWithPath: h.state.configuration.databasePath))
    #expect(raw.range(of: Data(token.utf8)) == nil)
  }

  /// The audit pages: no cookie → 401 with a sign-in link; sign in; upload with the form; the
  /// report page embeds AccordAudit's report.
  @Test func auditPagesSignInAndUpload() async throws {
    let h = try Harness()
    let auditor = try h.token(.auditor)
    try await h.run { client in
      try await client.execute(uri: "/audits", method: .get) { r in
        #expect(r.status == .unauthorized)
        #expect(r.text.contains("href=\"/login\""))
      }
      try await client.execute(
        uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
        body: body("token=wrong&next=%2Faudits")
      ) { r in #expect(r.status == .unauthorized) }
      let cookie = try await client.execute(
        uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
        body: body("token=\(auditor)&next=%2Faudits")
      ) { r in
        #expect(r.status == .seeOther)
        #expect(r.headers[.location] == "/audits")
        let set = try #require(r.headers[.setCookie])
        #expect(set.contains("HttpOnly") && set.contains("SameSite=Strict"))
        return String(set.split(separator: ";")[0])
      }
      try await client.execute(uri: "/audits", method: .get, headers: [.cookie: cookie]) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("enctype=\"multipart/form-data\""))
      }
      let boundary = "----accordtest"
      let form =
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"my events.csv\"\r\nContent-Type: text/csv\r\n\r\n\(Self.events)\r\n--\(boundary)--\r\n"
      let location = try await client.execute(
        uri: "/audits", method: .post,
        headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
        body: body(form)
      ) { r in
        #expect(r.status == .seeOther)
        return try #require(r.headers[.location])
      }
      #expect(location == "/audits/1")
      try await client.execute(uri: location, method: .get, headers: [.cookie: cookie]) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("Accord audit: detainer records against the law in force"))
        #expect(r.text.contains("<svg"))
        #expect(r.text.contains("myevents.csv"))
      }
      try await client.execute(uri: "/audits/1", method: .get) { r in #expect(r.status == .unauthorized) }
    }
  }

  @Test func pagesCarryASecurityPolicyWithNoScriptAndNoOtherOrigin() async throws {
    let h = try Harness()
    try await h.run { client in
      for uri in ["/", "/matrix", "/map", "/case", "/law", "/simulate", "/agreements"] {
        try await client.execute(uri: uri, method: .get) { r in
          #expect(r.status == .ok)
          #expect(r.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
          #expect(r.headers[.xContentTypeOptions] == "nosniff")
          #expect(!r.text.contains("<script"))
          #expect(!r.text.contains("src=\"http"))
          #expect(!r.text.contains("href=\"http") || uri == "/law")
        }
      }
    }
  }
}

@Suite struct DecisionLogTests {
  /// Decides `n` cases through the API and returns the harness.
  func served(_ n: Int) async throws -> Harness {
    let h = try Harness()
    try await h.run { client in
      for i in 0..<n {
        let c = "{\"date\": \"2025-06-\(10 + i)\", \"place\": \"US-NJ\", \"agency\": \"jail\"}"
        try await client.execute(uri: "/v1/decide", method: .post, body: body(c)) { r in
          #expect(r.status == .ok)
        }
      }
    }
    return h
  }

  func database(_ h: Harness) throws -> DatabaseQueue {
    try DatabaseQueue(path: h.state.configuration.databasePath)
  }

  @Test func everyDecisionIsChained() async throws {
    let h = try await served(5)
    #expect(try h.state.store.verifyLog() == LogVerification(entries: 5))
    let rows = try database(h).read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM decisionLog ORDER BY seq")
    }
    #expect(rows.count == 5)
    #expect(rows[0]["prevHash"] as String == String(repeating: "0", count: 64))
    for i in 1..<rows.count { #expect(rows[i]["prevHash"] as String == rows[i - 1]["hash"] as String) }
    let engine = h.state.engine
    let c = try Case(json: "{\"date\": \"2025-06-10\", \"place\": \"US-NJ\", \"agency\": \"jail\"}")
    #expect(rows[0]["lawVersion"] as String == engine.version)
    #expect(rows[0]["caseHash"] as String == sha256(c.json()))
    #expect(rows[0]["decisionHash"] as String == sha256(engine.decide(c).json()))
  }

  @Test(arguments: [
    ("UPDATE decisionLog SET caseHash = 'ab' || substr(caseHash, 3) WHERE seq = 3", 3, "edited"),
    ("UPDATE decisionLog SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 1", 1, "edited"),
    ("DELETE FROM decisionLog WHERE seq = 2", 2, "deleted"),
    ("DELETE FROM decisionLog WHERE seq = 5", 5, "deleted"),
    ("DELETE FROM decisionLog WHERE seq >= 4", 4, "deleted"),
  ])
  func editingOrDeletingAnEntryIsDetected(_ sql: String, _ entry: Int, _ word: String) async throws {
    let h = try await served(5)
    try await database(h).write { db in try db.execute(sql: sql) }
    let v = try h.state.store.verifyLog()
    #expect(!v.isIntact)
    #expect(v.firstBadEntry == Int64(entry))
    #expect(v.problem?.contains(word) == true)
  }

  /// Rewriting an entry and its own hash still breaks the link from the next entry.
  @Test func rehashedEditIsDetectedByTheNextLink() async throws {
    let h = try await served(4)
    let db = try database(h)
    try await db.write { db in
      let r = try Row.fetchOne(db, sql: "SELECT * FROM decisionLog WHERE seq = 2")!
      let fake = String(repeating: "f", count: 64)
      let hash = sha256(
        ["2", r["time"], r["lawVersion"], fake, r["decisionHash"], r["prevHash"]].joined(separator: "\n"))
      try db.execute(
        sql: "UPDATE decisionLog SET caseHash = ?, hash = ? WHERE seq = 2", arguments: [fake, hash])
    }
    let v = try h.state.store.verifyLog()
    #expect(v.firstBadEntry == 2)
    #expect(v.problem?.contains("edited") == true)
  }

  @Test func adminSeesTheVerificationOverTheAPI() async throws {
    let h = try await served(2)
    let admin = try h.token(.admin)
    try await h.run { client in
      try await client.execute(uri: "/v1/log/verify", method: .get, headers: bearer(admin)) { r in
        #expect(r.status == .ok)
        #expect(r.text == #"{"intact":true,"entries":2}"#)
      }
    }
  }
}

/// SHA-256, hexadecimal (as the log stores it).
func sha256(_ s: String) -> String {
  var d = SHA256()
  d.update(data: Array(s.utf8))
  return d.finalize().map { String(format: "%02x", $0) }.joined()
}
