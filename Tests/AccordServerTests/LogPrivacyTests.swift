import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Everything the server logs, at every level, kept for inspection.
final class LogCapture: @unchecked Sendable {
  // @unchecked: `lines` is only touched with `lock` held.
  private let lock = NSLock()
  private var lines: [String] = []

  func add(_ line: String) { lock.withLock { lines.append(line) } }
  var all: [String] { lock.withLock { lines } }

  var logger: Logger {
    var l = Logger(label: "accord.test") { _ in Handler(capture: self) }
    l.logLevel = .trace
    return l
  }

  struct Handler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
      let all = metadata.merging(event.metadata ?? [:]) { $1 }
      capture.add(
        "\(event.level) \(event.message) \(all.map { "\($0)=\($1)" }.sorted().joined(separator: " "))")
    }
  }
}

/// No personal data in server logs: the facts of a case, an uploaded record, a query string, a
/// token or a body that failed to parse never reach a log line, at any level — while the request
/// lines themselves are logged.
@Suite struct LogPrivacyTests {
  @Test func logsCarryNoCaseFactsRecordsQueriesOrTokens() async throws {
    let h = try await Harness { $0.logRequests = true }
    let capture = LogCapture()
    let auditor = try await h.token(.auditor)
    let marker = "Zyxwvut-Personal-4471"
    // A case whose charge citation and unknown fields carry the marker.
    let decide = """
      {"date": "2025-06-01", "place": "US-NJ", "agency": "jail",
       "person": {"charges": [{"offense": "\(marker)", "grade": "indictable", "tags": []}]}}
      """
    // An event file whose person identifier is the marker.
    let events = Harness.text("examples/audit-events.csv").replacingOccurrences(
      of: "A-10", with: "\(marker)-")
    try await buildApplication(state: h.state, logger: capture.logger).test(.router) { client in
      try await client.execute(uri: "/v1/decide", method: .post, body: body(decide)) { r in
        #expect(r.status == .ok)
      }
      try await client.execute(uri: "/v1/decide", method: .post, body: body("{\"\(marker)\": [1,")) { r in
        #expect(r.status == .badRequest)
      }
      try await client.execute(
        uri: "/v1/decide/batch", method: .post, body: body(decide + "\n{\"x\":\"\(marker)")
      ) {
        r in #expect(r.status == .ok)
      }
      try await client.execute(
        uri: "/case?json=" + decide.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
        method: .get
      ) { r in #expect(r.status == .ok) }
      try await client.execute(uri: "/v1/compare?places=\(marker)", method: .get) { r in
        #expect(r.status == .badRequest || r.status == .notFound)
      }
      try await client.execute(
        uri: "/v1/audits?name=\(marker).csv", method: .post, headers: bearer(auditor), body: body(events)
      ) { r in #expect(r.status == .created) }
      try await client.execute(uri: "/v1/audits", method: .get, headers: bearer(auditor + "x")) { r in
        #expect(r.status == .unauthorized)
      }
      try await client.execute(
        uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
        body: body("token=\(auditor)&next=/audits")
      ) { r in #expect(r.status == .seeOther || r.status == .found) }
    }
    let lines = capture.all
    #expect(lines.contains { $0.contains("POST /v1/decide 200") })
    #expect(lines.contains { $0.contains("POST /v1/audits 201") })
    #expect(lines.contains { $0.contains("GET /case 200") })
    for line in lines {
      #expect(!line.contains(marker), "a log line carries personal data: \(line)")
      #expect(!line.contains(auditor), "a log line carries a token: \(line)")
      #expect(!line.contains("?"), "a log line carries a query string: \(line)")
    }
    try await h.close()
  }
}
