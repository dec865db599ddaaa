public import Foundation
import GRDB

/// The server's tables in SQLite through GRDB (the default back end).
///
/// A file database runs in WAL mode, so `accord token create` and `accord log verify` can open it
/// while the server runs. Writes go through GRDB's serialized writer.
public final class SQLiteStore: ServerStorage {
  let db: any DatabaseWriter
  let path: String

  /// Opens (creating and migrating if needed) the database at `path`; `":memory:"` for a
  /// throwaway one.
  /// - Throws: a GRDB error when the file cannot be opened or migrated.
  public init(path: String) throws {
    self.path = path
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    if path == ":memory:" {
      db = try DatabaseQueue(configuration: configuration)
    } else {
      configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
      db = try DatabasePool(path: path, configuration: configuration)
    }
    try migrate()
  }

  public var description: String { "SQLite \(path)" }

  /// Runs the migrations of ``Schema`` not yet recorded in `accordMigration`. Databases made
  /// before that table existed recorded `server-v1` in GRDB's own migration table; it counts.
  private func migrate() throws {
    try db.write { db in
      try db.execute(sql: Schema.ledger)
      if try db.tableExists("grdb_migrations") {
        try db.execute(
          sql: """
            INSERT INTO accordMigration (name, appliedAt)
            SELECT identifier, ? FROM grdb_migrations WHERE true ON CONFLICT (name) DO NOTHING
            """, arguments: [timestamp(Date())])
      }
      let done = Set(try String.fetchAll(db, sql: "SELECT name FROM accordMigration"))
      for (name, statements) in Schema.migrations where !done.contains(name) {
        for s in statements { try db.execute(sql: Schema.sql(s, for: .sqlite)) }
        try db.execute(
          sql: "INSERT INTO accordMigration (name, appliedAt) VALUES (?, ?)",
          arguments: [name, timestamp(Date())])
      }
    }
  }

  // MARK: Tokens

  public func createToken(role: Role, label: String?) async throws -> String {
    try createTokenNow(role: role, label: label)
  }

  /// ``createToken(role:label:)`` without suspending (the command line's path).
  public func createTokenNow(role: Role, label: String? = nil) throws -> String {
    let token = newToken()
    try db.write { db in
      try db.execute(
        sql: "INSERT INTO token (sha256, role, label, createdAt) VALUES (?, ?, ?, ?)",
        arguments: [sha256Hex(token), role.rawValue, label, timestamp(Date())])
    }
    return token
  }

  public func role(ofToken token: String) async throws -> Role? {
    let hash = sha256Hex(token)
    return try await db.read { db in
      try String.fetchOne(
        db, sql: "SELECT role FROM token WHERE sha256 = ? AND revokedAt IS NULL", arguments: [hash])
    }.flatMap(Role.init(rawValue:))
  }

  // MARK: The decision log

  public func appendLog(_ inputs: [LogInput], at date: Date) async throws {
    guard !inputs.isEmpty else { return }
    let time = timestamp(date)
    try await db.write { db in try Self.append(inputs, time: time, to: db) }
  }

  /// ``appendLog(_:at:)`` on the calling thread (the decision log's own writer thread).
  func appendLogNow(_ inputs: [LogInput], at date: Date) throws {
    guard !inputs.isEmpty else { return }
    let time = timestamp(date)
    try db.write { db in try Self.append(inputs, time: time, to: db) }
  }

  private static func append(_ inputs: [LogInput], time: String, to db: Database) throws {
    var headSeq: Int64 = 0
    var headHash = LogChain.genesis
    if let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM logHead WHERE id = 1") {
      headSeq = head["seq"]
      headHash = head["hash"]
    }
    let entries = LogChain.extend(headSeq: headSeq, headHash: headHash, with: inputs, time: time)
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO decisionLog (seq, time, lawVersion, caseHash, decisionHash, prevHash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """)
    for e in entries {
      try insert.execute(arguments: [
        e.seq, e.time, e.lawVersion, e.caseHash, e.decisionHash, e.prevHash, e.hash,
      ])
    }
    let last = entries[entries.count - 1]
    try db.execute(
      sql:
        "INSERT INTO logHead (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = ?, hash = ?",
      arguments: [last.seq, last.hash, last.seq, last.hash])
  }

  /// Reads on GRDB's reader queue: a long log does not hold up one of Swift's cooperative threads.
  public func verifyLog() async throws -> LogVerification { try await db.read(Self.verify) }

  public func logEntry(decisionHash: String) async throws -> LogEntry? {
    try await db.read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT seq, time, lawVersion, caseHash, decisionHash, prevHash, hash FROM decisionLog
          WHERE decisionHash = ? ORDER BY seq DESC LIMIT 1
          """, arguments: [decisionHash]
      ).map {
        LogEntry(
          seq: $0[0], time: $0[1], lawVersion: $0[2], caseHash: $0[3], decisionHash: $0[4], prevHash: $0[5],
          hash: $0[6])
      }
    }
  }

  /// ``verifyLog()`` without suspending (the command line's path).
  public func verifyLogNow() throws -> LogVerification { try db.read(Self.verify) }

  private static func verify(_ db: Database) throws -> LogVerification {
    var verifier = LogChain.Verifier()
    let rows = try Row.fetchCursor(
      db,
      sql:
        "SELECT seq, time, lawVersion, caseHash, decisionHash, prevHash, hash FROM decisionLog ORDER BY seq"
    )
    while let r = try rows.next() {
      let e = LogEntry(
        seq: r[0], time: r[1], lawVersion: r[2], caseHash: r[3], decisionHash: r[4], prevHash: r[5],
        hash: r[6])
      if let broken = verifier.feed(e) { return broken }
    }
    let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM logHead WHERE id = 1").map {
      (seq: $0[0] as Int64, hash: $0[1] as String)
    }
    return verifier.finish(head: head)
  }

  // MARK: Audits

  public func addAudit(_ a: AuditInfo, role: Role, json: String, html: String) async throws -> Int64 {
    try await db.write { db in
      try db.execute(
        sql: """
          INSERT INTO audit (dataset, name, format, uploadedAt, role, rowsRead, rowsProcessed, rowsRejected,
            consistent, violation, undetermined, outOfScope, lawVersion, reportJSON, reportHTML)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          a.dataset, a.name, a.format, a.uploadedAt, role.rawValue, a.read, a.processed, a.rejected,
          a.consistent, a.violation, a.undetermined, a.outOfScope, a.lawVersion, json, html,
        ])
      return db.lastInsertedRowID
    }
  }

  static func auditInfo(_ r: Row) -> AuditInfo {
    AuditInfo(
      id: r[0], dataset: r[1], name: r[2], format: r[3], uploadedAt: r[4], read: r[5], processed: r[6],
      rejected: r[7], consistent: r[8], violation: r[9], undetermined: r[10], outOfScope: r[11],
      lawVersion: r[12])
  }

  public func audits() async throws -> [AuditInfo] {
    try await db.read { db in
      try Row.fetchAll(db, sql: "SELECT \(Schema.auditColumns) FROM audit ORDER BY id DESC").map(
        Self.auditInfo)
    }
  }

  public func audit(dataset: Int64) async throws -> AuditInfo? {
    try await db.read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Schema.auditColumns) FROM audit WHERE dataset = ? ORDER BY id LIMIT 1",
        arguments: [dataset]
      ).map(Self.auditInfo)
    }
  }

  public func audit(id: Int64) async throws -> (info: AuditInfo, json: String, html: String)? {
    try await db.read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Schema.auditColumns), reportJSON, reportHTML FROM audit WHERE id = ?",
        arguments: [id]
      ).map { (Self.auditInfo($0), $0[13], $0[14]) }
    }
  }

  public func close() async {}
}
