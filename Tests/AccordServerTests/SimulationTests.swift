import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SimulationTests {
  @Test func simulateAPIGivesAccordSimsReport() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/v1/simulate?place=US-NJ&year=2020&runs=2", method: .get) { r in
        #expect(r.status == .ok)
        let j = try #require(r.json)
        #expect(j["place"]?.string == "US-NJ")
        #expect(j["runs"]?.number == 2)
        #expect(j["bookings"]?.number ?? 0 > 100_000)
      }
      try await client.execute(
        uri: "/v1/simulate?place=US-NJ&year=2020&runs=2&reform=nj-lookback-10y.md", method: .get
      ) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("\"reform\""))
      }
      for (query, path) in [
        ("place=US-NJ&year=abc", "year"), ("place=US-NJ&year=2020&runs=99", "runs"),
        ("place=US-NJ&year=2020&reform=..%2F..%2FPackage.swift", "reform"), ("year=2020", "place"),
        ("place=nowhere&year=2020", "place"),
      ] {
        try await client.execute(uri: "/v1/simulate?\(query)", method: .get) { r in
          #expect(r.status == .badRequest, "\(query)")
          #expect(r.json?["error"]?["path"]?.string == path, "\(query)")
        }
      }
    }
  }

  @Test func simulationPageRunsTheFormAndDrawsTheChart() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/simulate", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("<form class=filters method=get action=\"/simulate\">"))
        #expect(r.text.contains("nj-lookback-10y.md"))
      }
      try await client.execute(
        uri: "/simulate?place=US-NJ&year=2020&runs=2&reform=nj-lookback-10y.md", method: .get
      ) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("Accord simulation: US-NJ, 2020"))
        #expect(r.text.contains("<svg"))
      }
    }
    let missing = try await Harness { $0.simulationDirectory = "/nonexistent" }
    try await missing.run { client in
      try await client.execute(uri: "/simulate", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("are not available"))
      }
      try await client.execute(uri: "/v1/simulate?place=US-NJ&year=2020", method: .get) { r in
        #expect(r.status == .serviceUnavailable)
      }
    }
  }
}
