import AccordCore
import AccordServer
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

/// The two storage back ends behave alike: the same migrations, the same chain, the same audit
/// index. Each test runs on SQLite, and on PostgreSQL when `ACCORD_TEST_POSTGRES` is set.
@Suite struct StorageTests {
  static func inputs(_ n: Int, _ tag: String) -> [LogInput] {
    (0..<n).map {
      LogInput(
        lawVersion: "law-\(tag)", caseHash: sha256("case \(tag) \($0)"), decisionHash: sha256("d \($0)"))
    }
  }

  /// Opening a migrated database again runs nothing twice, and every migration is recorded.
  @Test(arguments: Backend.all) func migrationsRunOnce(_ backend: Backend) async throws {
    let h = try await Harness(backend)
    try await h.state.store.appendLog(Self.inputs(3, "a"), at: Date())
    let again = try await h.state.configuration.storage.open()
    #expect(try await again.verifyLog() == LogVerification(entries: 3))
    await again.close()
    #expect(
      try await h.rows("SELECT name FROM accordMigration ORDER BY name") == [
        ["server-v1"], ["server-v2-log-head"], ["server-v3-log-by-decision"],
      ])
    try await h.close()
  }

  /// Two servers sharing one database (two stores here) append at the same time: the chain
  /// stays one chain.
  @Test(arguments: Backend.all) func concurrentWritersKeepOneChain(_ backend: Backend) async throws {
    let h = try await Harness(backend)
    let other = try await h.state.configuration.storage.open()
    let stores: [any ServerStorage] = [h.state.store, other]
    try await withThrowingTaskGroup(of: Void.self) { group in
      for (i, store) in stores.enumerated() {
        group.addTask {
          for round in 0..<20 { try await store.appendLog(Self.inputs(5, "\(i)-\(round)"), at: Date()) }
        }
      }
      try await group.waitForAll()
    }
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 200))
    #expect(try await other.verifyLog() == LogVerification(entries: 200))
    await other.close()
    try await h.close()
  }

  /// Many decisions served at once go through group commit and every one is in the log.
  @Test(arguments: Backend.all) func concurrentDecisionsAreAllLogged(_ backend: Backend) async throws {
    let h = try await Harness(backend)
    try await h.run { client in
      try await withThrowingTaskGroup(of: Void.self) { group in
        for i in 0..<100 {
          group.addTask {
            let status = try await decideSample(client, i)
            #expect(status == .ok)
          }
        }
        try await group.waitForAll()
      }
    }
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 100))
    try await h.close()
  }

  /// Audits indexed on either back end read back the same.
  @Test(arguments: Backend.all) func auditIndexRoundTrips(_ backend: Backend) async throws {
    let h = try await Harness(backend)
    let store = h.state.store
    let a = AuditInfo(
      id: 0, dataset: 7, name: "records.csv", format: "npr-records", uploadedAt: "2026-11-25T10:00:00.000Z",
      read: 1_000_000, processed: 999_990, rejected: 10, consistent: 5, violation: 4, undetermined: 3,
      outOfScope: 2, lawVersion: "v")
    let id1 = try await store.addAudit(a, role: .auditor, json: "{\"x\": \"é\"}", html: "<p>ü</p>")
    var b = a
    b.dataset = 8
    let id2 = try await store.addAudit(b, role: .admin, json: "{}", html: "")
    #expect(id2 > id1)
    var expected = a
    expected.id = id1
    #expect(try await store.audit(dataset: 7) == expected)
    #expect(try await store.audit(dataset: 9) == nil)
    let one = try #require(try await store.audit(id: id1))
    #expect(one.info == expected && one.json == "{\"x\": \"é\"}" && one.html == "<p>ü</p>")
    #expect(try await store.audit(id: 999) == nil)
    #expect(try await store.audits().map(\.id) == [id2, id1])
    try await h.close()
  }

  /// A database made before the migration ledger (GRDB's own migration table recorded
  /// `server-v1`) opens, keeps its entries and goes on chaining.
  @Test func sqliteDatabaseFromBeforeTheLedgerOpens() async throws {
    let dir = FileManager.default.temporaryDirectory.appending(path: "accord-legacy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appending(path: "old.sqlite").path
    let first = try SQLiteStore(path: path)
    try await first.appendLog(Self.inputs(2, "old"), at: Date())
    try await DatabaseQueue(path: path).write { db in
      try db.execute(
        sql: """
          DROP TABLE accordMigration;
          CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
          INSERT INTO grdb_migrations VALUES ('server-v1');
          """)
    }
    let reopened = try SQLiteStore(path: path)
    try await reopened.appendLog(Self.inputs(1, "new"), at: Date())
    #expect(try await reopened.verifyLog() == LogVerification(entries: 3))
  }

  @Test func badPostgresURLsFailAtOnceWithTheReason() async throws {
    await #expect(throws: StorageError.self) { try await StorageLocation.postgres(url: "http://x").open() }
    await #expect(throws: StorageError.self) {
      try await StorageLocation.postgres(url: "postgres://u@127.0.0.1:5432/db?sslmode=sometimes").open()
    }
    // Nothing listens on port 1: the probe connection's own error ("cannot connect"), not the
    // pool's circuit breaker after a minute of retries.
    do {
      _ = try await StorageLocation.postgres(url: "postgres://u:secret@127.0.0.1:1/db").open()
      Issue.record("opened a database on port 1")
    } catch let e as StorageError {
      #expect(e.description.hasPrefix("PostgreSQL 127.0.0.1:1/db: cannot connect"))
      #expect(!e.description.contains("secret"))
    }
  }
}

/// When log entries are committed: before the response (default) or just after it.
@Suite struct LogCommitTests {
  /// After the response: every decision served is in the log, chained in order, once flushed.
  @Test(arguments: Backend.all) func afterResponseLogsEveryDecision(_ backend: Backend) async throws {
    let h = try await Harness(backend) { $0.logCommit = .afterResponse }
    try await h.run { client in
      try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
        for i in 0..<60 { group.addTask { try await decideSample(client, i) } }
        for try await status in group { #expect(status == .ok) }
      }
    }
    await h.state.flushLog()
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 60))
    try await h.close()
  }

  /// A log that cannot be written stops the decisions: at once before the response, from the
  /// next request after it.
  @Test(arguments: Backend.all, LogCommit.allCases)
  func aBrokenLogStopsDecisions(_ backend: Backend, _ commit: LogCommit) async throws {
    let h = try await Harness(backend) { $0.logCommit = commit }
    try await h.run { client in
      #expect(try await decideSample(client, 0) == .ok)
      await h.state.flushLog()
      try await h.execute("DROP TABLE decisionLog")
      if commit == .afterResponse {
        #expect(try await decideSample(client, 1) == .ok)  // served, then its commit fails
        await h.state.flushLog()
      }
      try await client.execute(
        uri: "/v1/decide", method: .post, body: body("{\"date\": \"2025-06-01\", \"place\": \"US-NJ\"}")
      ) { r in
        #expect(r.status == .serviceUnavailable)
        #expect(r.json?["error"]?["message"]?.string?.contains("decision log") == true)
      }
    }
    try await h.close()
  }
}
