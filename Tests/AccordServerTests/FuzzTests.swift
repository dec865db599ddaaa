import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A small deterministic generator (SplitMix64), so a failure replays.
typealias SplitMix = SplitMix64

@Suite struct FuzzTests {
  static let seedCase = Harness.text("examples/nj-jail-hold.json")
  static let events = Harness.text("examples/audit-events.csv")

  /// Random bodies: random bytes, truncations and byte flips of a real case, JSON of the wrong
  /// shape, deep nesting, odd numbers and strings.
  static func bodies(_ count: Int, seed: UInt64) -> [[UInt8]] {
    var g = SplitMix(state: seed)
    let base = Array(seedCase.utf8)
    let fragments = [
      "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "\"\\u0000\"", "\"\\ud800\"",
      "{\"date\":",
      "\"place\"", "\"US-NJ\"", "\"2025-02-30\"", "[[[[[[[[", "\u{FEFF}", "\u{0}", "\"\\",
      "9999999999999999999999",
    ]
    var out: [[UInt8]] = []
    for i in 0..<count {
      switch i % 6 {
      case 0:
        out.append((0..<Int.random(in: 0...300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) })
      case 1: out.append(Array(base.prefix(Int.random(in: 0...base.count, using: &g))))
      case 2:
        var b = base
        for _ in 0..<Int.random(in: 1...8, using: &g) {
          b[Int.random(in: 0..<b.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
        }
        out.append(b)
      case 3:
        out.append(
          Array(
            (0..<Int.random(in: 1...30, using: &g)).map { _ in fragments.randomElement(using: &g)! }.joined()
              .utf8))
      case 4:
        let depth = Int.random(in: 100...5_000, using: &g)
        out.append(Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8))
      default:
        var b = base
        let at = Int.random(in: 0..<b.count, using: &g)
        b.insert(contentsOf: Array(fragments.randomElement(using: &g)!.utf8), at: at)
        out.append(b)
      }
    }
    return out
  }

  /// No random body gets a 500 or crashes the server: every answer is 2xx, 400 or 413, and every
  /// error is JSON.
  @Test func randomBodiesNeverGive500() async throws {
    let h = try await Harness { $0.maxUploadBody = 1 << 16 }
    let auditor = try await h.token(.auditor)
    let bodies = Self.bodies(600, seed: 0xACC0_4D)
    try await h.run { client in
      for (i, b) in bodies.enumerated() {
        let uri = ["/v1/decide", "/v1/decide/batch", "/v1/audits"][i % 3]
        let headers = uri == "/v1/audits" ? bearer(auditor) : [:]
        var buffer = ByteBuffer()
        buffer.writeBytes(b)
        try await client.execute(uri: uri, method: .post, headers: headers, body: buffer) { r in
          #expect(
            [200, 201, 400, 413].contains(Int(r.status.code)), "\(uri) body #\(i) gave \(r.status.code)")
          if r.status.code >= 400 { #expect(r.json?["error"]?["message"] != nil, "\(uri) body #\(i)") }
        }
      }
    }
  }

  /// Random query strings on every GET page and endpoint: never a 500.
  @Test func randomQueriesNeverGive500() async throws {
    let h = try await Harness()
    var g = SplitMix(state: 42)
    let values = [
      "", "US-NJ", "US-ZZ", "US-CA/los-angeles", "2025-06-01", "2025-13-45", "jail", "court", "%", "%ZZ",
      "%00",
      "no-record/administrative", "..%2F..%2Fetc%2Fpasswd", "<script>", "+", "&&", "=",
    ]
    let names = [
      "places", "date", "agency", "profile", "place", "json", "detainer", "warrant", "convictionGrade",
    ]
    var uris: [(String, String)] = []
    for i in 0..<300 {
      let path = ["/v1/compare", "/matrix", "/map", "/case", "/v1/places", "/law"][i % 6]
      let query = (0..<Int.random(in: 0...4, using: &g)).map { _ in
        "\(names.randomElement(using: &g)!)=\(values.randomElement(using: &g)!)"
      }.joined(separator: "&")
      uris.append((path, query))
    }
    let requests = uris
    try await h.run { client in
      for (path, query) in requests {
        try await client.execute(uri: "\(path)?\(query)", method: .get) { r in
          #expect([200, 400].contains(Int(r.status.code)), "\(path)?\(query) gave \(r.status.code)")
        }
      }
      for uri in [
        "/law/../Package.swift", "/law/%2e%2e/%2e%2e/etc/passwd", "/law/us-nj/", "/audits/abc",
        "/v1/audits/-1",
      ] {
        try await client.execute(uri: uri, method: .get) { r in
          #expect([401, 404].contains(Int(r.status.code)), "\(uri) gave \(r.status.code)")
        }
      }
    }
  }
}
