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
    let h = try await Harness()
    _ = try await h.token(.admin)
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

  @Test(arguments: Backend.all) func viewerCannotUploadButCanRead(_ backend: Backend) async throws {
    let h = try await Harness(backend)
    let viewer = try await h.token(.viewer)
    let auditor = try await h.token(.auditor)
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
    try await h.close()
  }

  @Test(arguments: Backend.all) func auditorUploadsAndTheReportIsTheAuditReport(_ backend: Backend)
    async throws
  {
    let h = try await Harness(backend)
    let auditor = try await h.token(.auditor)
    let viewer = try await h.token(.viewer)
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
    try await h.close()
  }

  @Test func unreadableUploadsAre400AndOversizedOnes413() async throws {
    let h = try await Harness { $0.maxUploadBody = 1_000 }
    let admin = try await h.token(.admin)
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

  @Test(arguments: Backend.all) func tokensAreStoredOnlyAsTheirHash(_ backend: Backend) async throws {
    let h = try await Harness(backend)
    let token = try await h.token(.viewer)
    #expect(token.hasPrefix("acc_") && token.count == 68)
    #expect(try await h.state.store.role(ofToken: token) == .viewer)
    #expect(try await h.state.store.role(ofToken: token + "x") == nil)
    #expect(try await h.rows("SELECT sha256, role FROM token") == [[sha256(token), "viewer"]])
    if backend == .sqlite {
      let raw = try Data(contentsOf: URL(fileURLWithPath: h.state.configuration.databasePath))
      #expect(raw.range(of: Data(token.utf8)) == nil)
    }
    // A revoked token no longer opens anything.
    try await h.execute("UPDATE token SET revokedAt = '2026-01-01T00:00:00.000Z'")
    #expect(try await h.state.store.role(ofToken: token) == nil)
    try await h.close()
  }

  /// After sign-in the server redirects only to a path on this site: a tab, newline or space
  /// (which browsers drop, leaving `//host`), a backslash or a second slash sends it home instead.
  @Test(arguments: [
    ("%2F%09%2Fevil.example%2Fx", "/audits"), ("%2F%0A%2Fevil.example", "/audits"),
    ("%2F%20%2Fevil.example", "/audits"), ("%2F%2Fevil.example", "/audits"),
    ("%2F%5Cevil.example", "/audits"),
    ("https%3A%2F%2Fevil.example", "/audits"), ("%2F%E2%80%8B%2Fevil.example", "/audits"),
    ("%2Faudits%2F3%3Fx%3D1", "/audits/3?x=1"), ("%2Fmatrix", "/matrix"),
  ])
  func signInRedirectsOnlyToThisSite(_ next: String, _ expected: String) async throws {
    let h = try await Harness()
    let auditor = try await h.token(.auditor)
    try await h.run { client in
      try await client.execute(
        uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
        body: body("token=\(auditor)&next=\(next)")
      ) { r in
        #expect(r.status == .seeOther)
        #expect(r.headers[.location] == expected)
      }
      try await client.execute(uri: "/login?next=\(next)", method: .get) { r in
        #expect(
          r.text.contains("name=next value=\"\(expected.replacingOccurrences(of: "&", with: "&amp;"))\""))
      }
    }
  }

  /// The audit pages: no cookie → 401 with a sign-in link; sign in; upload with the form; the
  /// report page embeds AccordAudit's report.
  @Test func auditPagesSignInAndUpload() async throws {
    let h = try await Harness()
    let auditor = try await h.token(.auditor)
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

  /// A known path asked with a method it does not take is 405 with the methods it takes, not 404;
  /// an unknown path stays 404.
  @Test func aWrongMethodIs405WithAllow() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/v1/decide", method: .init("TRACE")!) { r in
        #expect(r.status == .methodNotAllowed)
        #expect(r.headers[.allow] == "POST")
        #expect(r.json?["error"]?["status"]?.number == 405)
      }
      try await client.execute(uri: "/audits/7", method: .delete) { r in
        #expect(r.status == .methodNotAllowed)
        #expect(r.headers[.allow] == "GET")
      }
      try await client.execute(uri: "/law/us-nj/immigrant-trust-directive.md", method: .put) { r in
        #expect(r.status == .methodNotAllowed)
      }
      try await client.execute(uri: "/no/such/page", method: .init("TRACE")!) { r in
        #expect(r.status == .notFound)
      }
    }
  }

  /// Pages load one script, the server's own (`/static/accord.js`: reopening a link's answers and
  /// printing), and nothing from elsewhere; no script is inline.
  @Test func pagesCarryASecurityPolicyWithNoScriptAndNoOtherOrigin() async throws {
    let h = try await Harness()
    try await h.run { client in
      for uri in ["/", "/matrix", "/map", "/case", "/law", "/simulate", "/agreements"] {
        try await client.execute(uri: uri, method: .get) { r in
          #expect(r.status == .ok)
          #expect(r.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
          #expect(r.headers[.contentSecurityPolicy]?.contains("script-src 'self';") == true)
          #expect(r.headers[.xContentTypeOptions] == "nosniff")
          let scripts = r.text.components(separatedBy: "<script").dropFirst()
          #expect(scripts.count == 1)
          #expect(scripts.allSatisfy { $0.hasPrefix(" src=\"/static/accord.js\" defer></script>") })
          #expect(!r.text.contains("src=\"http"))
          #expect(!r.text.contains("href=\"http") || uri == "/law")
        }
      }
    }
  }
}

@Suite struct DecisionLogTests {
  /// Decides `n` cases through the API and returns the harness.
  func served(_ n: Int, _ backend: Backend = .sqlite) async throws -> Harness {
    let h = try await Harness(backend)
    try await h.run { client in
      for i in 0..<n {
        let status = try await decideSample(client, i)
        #expect(status == .ok)
      }
    }
    return h
  }

  static let columns = "seq, time, lawVersion, caseHash, decisionHash, prevHash, hash"

  @Test(arguments: Backend.all) func everyDecisionIsChained(_ backend: Backend) async throws {
    let h = try await served(5, backend)
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 5))
    let rows = try await h.rows("SELECT \(Self.columns) FROM decisionLog ORDER BY seq")
    #expect(rows.count == 5)
    #expect(rows.map { $0[0] } == ["1", "2", "3", "4", "5"])
    #expect(rows[0][5] == String(repeating: "0", count: 64))
    for i in 1..<rows.count { #expect(rows[i][5] == rows[i - 1][6]) }
    let engine = h.state.engine
    let c = try Case(json: sampleCase(0))
    #expect(rows[0][2] == engine.version)
    #expect(rows[0][3] == sha256(c.json()))
    #expect(rows[0][4] == sha256(engine.decide(c).json()))
    #expect(try await h.rows("SELECT seq, hash FROM logHead") == [["5", rows[4][6]]])
    try await h.close()
  }

  static let tampering: [(String, Int, String)] = [
    ("UPDATE decisionLog SET caseHash = 'ab' || substr(caseHash, 3) WHERE seq = 3", 3, "edited"),
    ("UPDATE decisionLog SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 1", 1, "edited"),
    ("DELETE FROM decisionLog WHERE seq = 2", 2, "deleted"),
    ("DELETE FROM decisionLog WHERE seq = 5", 5, "deleted"),
    ("DELETE FROM decisionLog WHERE seq >= 4", 4, "deleted"),
    ("DELETE FROM logHead", 5, "head"),
  ]

  @Test(arguments: Backend.all, tampering)
  func editingOrDeletingAnEntryIsDetected(_ backend: Backend, _ tamper: (String, Int, String)) async throws {
    let h = try await served(5, backend)
    try await h.execute(tamper.0)
    let v = try await h.state.store.verifyLog()
    #expect(!v.isIntact)
    #expect(v.firstBadEntry == Int64(tamper.1))
    #expect(v.problem?.contains(tamper.2) == true)
    try await h.close()
  }

  /// Rewriting an entry and its own hash still breaks the link from the next entry.
  @Test(arguments: Backend.all) func rehashedEditIsDetectedByTheNextLink(_ backend: Backend) async throws {
    let h = try await served(4, backend)
    let r = try #require(try await h.rows("SELECT \(Self.columns) FROM decisionLog WHERE seq = 2").first)
    let fake = String(repeating: "f", count: 64)
    let hash = sha256(["2", r[1], r[2], fake, r[4], r[5]].joined(separator: "\n"))
    try await h.execute("UPDATE decisionLog SET caseHash = '\(fake)', hash = '\(hash)' WHERE seq = 2")
    let v = try await h.state.store.verifyLog()
    #expect(v.firstBadEntry == 2)
    #expect(v.problem?.contains("edited") == true)
    try await h.close()
  }

  @Test func adminSeesTheVerificationOverTheAPI() async throws {
    let h = try await served(2)
    let admin = try await h.token(.admin)
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
