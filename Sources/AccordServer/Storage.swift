import AccordCore
import Crypto
import Foundation
import GRDB

/// The server's own tables: bearer tokens (hashed), the hash-chained decision log and the index
/// of uploaded audits, in SQLite through GRDB.
///
/// A file database runs in WAL mode, so `accord token create` and `accord log verify` can open it
/// while the server runs. The schema is plain SQL in ``ServerStore/migrations`` so that another
/// back end can run the same statements.
public final class ServerStore: Sendable {
  let db: any DatabaseWriter

  /// Opens (creating and migrating if needed) the database at `path`; `":memory:"` for a
  /// throwaway one.
  /// - Throws: a GRDB error when the file cannot be opened or migrated.
  public init(path: String) throws {
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    if path == ":memory:" {
      db = try DatabaseQueue(configuration: configuration)
    } else {
      configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
      db = try DatabasePool(path: path, configuration: configuration)
    }
    var migrator = DatabaseMigrator()
    for (name, sql) in Self.migrations {
      migrator.registerMigration(name) { db in try db.execute(sql: sql) }
    }
    try migrator.migrate(db)
  }

  /// The schema, one migration at a time (names and SQL).
  static let migrations: [(String, String)] = [
    (
      "server-v1",
      """
      CREATE TABLE token (
        id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, role TEXT NOT NULL, label TEXT,
        createdAt TEXT NOT NULL, revokedAt TEXT);
      CREATE TABLE decisionLog (
        seq INTEGER PRIMARY KEY, time TEXT NOT NULL, lawVersion TEXT NOT NULL, caseHash TEXT NOT NULL,
        decisionHash TEXT NOT NULL, prevHash TEXT NOT NULL, hash TEXT NOT NULL);
      CREATE TABLE logHead (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY, dataset INTEGER NOT NULL, name TEXT NOT NULL, format TEXT NOT NULL,
        uploadedAt TEXT NOT NULL, role TEXT NOT NULL, rowsRead INTEGER NOT NULL, rowsProcessed INTEGER NOT NULL,
        rowsRejected INTEGER NOT NULL, consistent INTEGER NOT NULL, violation INTEGER NOT NULL,
        undetermined INTEGER NOT NULL, outOfScope INTEGER NOT NULL, lawVersion TEXT NOT NULL,
        reportJSON TEXT NOT NULL, reportHTML TEXT NOT NULL);
      CREATE INDEX auditByDataset ON audit(dataset);
      """
    )
  ]

  // MARK: Tokens

  /// Creates a token for `role` and returns it; only its SHA-256 is stored, so this is the one
  /// time it can be seen.
  /// - Throws: a GRDB error.
  public func createToken(role: Role, label: String? = nil) throws -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let token = "acc_" + hex(bytes)
    try db.write { db in
      try db.execute(
        sql: "INSERT INTO token (sha256, role, label, createdAt) VALUES (?, ?, ?, ?)",
        arguments: [sha256Hex(token), role.rawValue, label, timestamp(Date())])
    }
    return token
  }

  /// The role of a presented token, or nil if no live token has its hash.
  /// - Throws: a GRDB error.
  public func role(ofToken token: String) throws -> Role? {
    let hash = sha256Hex(token)
    return try db.read { db in
      try String.fetchOne(
        db, sql: "SELECT role FROM token WHERE sha256 = ? AND revokedAt IS NULL", arguments: [hash])
    }.flatMap(Role.init(rawValue:))
  }

  // MARK: Audits

  /// An uploaded audit as indexed.
  public struct AuditInfo: Sendable, Equatable {
    public var id: Int64
    public var dataset: Int64
    public var name: String
    public var format: String
    public var uploadedAt: String
    public var read: Int
    public var processed: Int
    public var rejected: Int
    public var consistent: Int
    public var violation: Int
    public var undetermined: Int
    public var outOfScope: Int
    public var lawVersion: String
  }

  func addAudit(_ a: AuditInfo, role: Role, json: String, html: String) throws -> Int64 {
    try db.write { db in
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
      id: r["id"], dataset: r["dataset"], name: r["name"], format: r["format"], uploadedAt: r["uploadedAt"],
      read: r["rowsRead"], processed: r["rowsProcessed"], rejected: r["rowsRejected"],
      consistent: r["consistent"], violation: r["violation"], undetermined: r["undetermined"],
      outOfScope: r["outOfScope"], lawVersion: r["lawVersion"])
  }

  static let auditColumns =
    "id, dataset, name, format, uploadedAt, rowsRead, rowsProcessed, rowsRejected, consistent, violation, undetermined, outOfScope, lawVersion"

  /// Every uploaded audit, newest first.
  public func audits() throws -> [AuditInfo] {
    try db.read { db in
      try Row.fetchAll(db, sql: "SELECT \(Self.auditColumns) FROM audit ORDER BY id DESC").map(Self.auditInfo)
    }
  }

  /// The audit indexed for a dataset of the audit store, if any.
  func audit(dataset: Int64) throws -> AuditInfo? {
    try db.read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Self.auditColumns) FROM audit WHERE dataset = ? ORDER BY id LIMIT 1",
        arguments: [dataset]
      ).map(Self.auditInfo)
    }
  }

  /// One audit with its report (JSON and HTML).
  public func audit(id: Int64) throws -> (info: AuditInfo, json: String, html: String)? {
    try db.read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Self.auditColumns), reportJSON, reportHTML FROM audit WHERE id = ?",
        arguments: [id]
      ).map { (Self.auditInfo($0), $0["reportJSON"], $0["reportHTML"]) }
    }
  }
}

// MARK: - Helpers

/// Lowercase hexadecimal.
func hex(_ bytes: some Sequence<UInt8>) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var out: [UInt8] = []
  for b in bytes {
    out.append(digits[Int(b >> 4)])
    out.append(digits[Int(b & 15)])
  }
  return String(decoding: out, as: UTF8.self)
}

/// SHA-256 of a string's UTF-8 bytes, hexadecimal.
func sha256Hex(_ s: String) -> String { hex(SHA256.hash(data: Array(s.utf8))) }

/// `2026-11-25T14:03:07.123Z`.
func timestamp(_ date: Date) -> String {
  let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
  let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
  let rest = ms - days * 86_400_000
  let day = CivilDate(days: Int32(days)).description
  let h = rest / 3_600_000
  let m = rest / 60_000 % 60
  let s = rest / 1000 % 60
  func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
  let milli = rest % 1000
  let ms3 = milli < 10 ? "00\(milli)" : milli < 100 ? "0\(milli)" : "\(milli)"
  return "\(day)T\(two(h)):\(two(m)):\(two(s)).\(ms3)Z"
}
