import AccordCore
import Crypto
public import Foundation

/// The server's own tables — bearer tokens (hashed), the hash-chained decision log and the index
/// of uploaded audits with their reports — behind one interface with two back ends: SQLite through
/// GRDB (``SQLiteStore``, the default) and PostgreSQL through postgres-nio (``PostgresStore``,
/// `accord serve --postgres URL`).
///
/// Both run the same migrations (``Schema``) and share the decision log's chaining and
/// verification (``LogChain``), so a log verified on one back end is verified by the same code on
/// the other.
public protocol ServerStorage: Sendable {
  /// `SQLite accord.sqlite` or `PostgreSQL 127.0.0.1:5433/accord` (never a password).
  var description: String { get }

  /// Creates a token for `role` and returns it; only its SHA-256 is stored, so this is the one
  /// time it can be seen.
  func createToken(role: Role, label: String?) async throws -> String
  /// The role of a presented token, or nil if no live token has its hash.
  func role(ofToken token: String) async throws -> Role?

  /// Appends entries in one transaction, chaining each to the one before.
  func appendLog(_ inputs: [LogInput], at date: Date) async throws
  /// Recomputes the chain and reports the first entry that was edited or deleted.
  func verifyLog() async throws -> LogVerification
  /// The latest committed entry that logged a decision with this hash (a printed record names it).
  func logEntry(decisionHash: String) async throws -> LogEntry?

  /// Indexes an audit and its report; returns its id.
  func addAudit(_ a: AuditInfo, role: Role, json: String, html: String) async throws -> Int64
  /// Every uploaded audit, newest first.
  func audits() async throws -> [AuditInfo]
  /// The audit indexed for a dataset of the audit store, if any.
  func audit(dataset: Int64) async throws -> AuditInfo?
  /// One audit with its report (JSON and HTML).
  func audit(id: Int64) async throws -> (info: AuditInfo, json: String, html: String)?

  /// Releases connections (PostgreSQL's pool); the store is not used afterwards.
  func close() async
}

extension ServerStorage {
  public func createToken(role: Role) async throws -> String {
    try await createToken(role: role, label: nil)
  }
}

/// Where the server keeps its tables: a SQLite file or a PostgreSQL database.
public enum StorageLocation: Sendable, Equatable {
  /// A SQLite file (`":memory:"` for a throwaway one).
  case sqlite(path: String)
  /// `postgres://user:password@host:port/database?sslmode=disable|prefer|require|verify-full`.
  case postgres(url: String)

  /// `SQLite accord.sqlite` or `PostgreSQL 127.0.0.1:5433/accord` (never a password).
  public var description: String {
    switch self {
    case .sqlite(let path): return "SQLite \(path)"
    case .postgres(let url):
      return (try? PostgresStore.Target(url: url).description) ?? PostgresStore.redacted(url)
    }
  }

  /// Opens the store, runs `body` with it and closes it.
  /// - Throws: what opening or `body` throws.
  public func withStore<T: Sendable>(_ body: (any ServerStorage) async throws -> T) async throws -> T {
    let store = try await open()
    do {
      let value = try await body(store)
      await store.close()
      return value
    } catch {
      await store.close()
      throw error
    }
  }

  /// Opens the store, creating and migrating its tables if needed.
  /// - Throws: ``StorageError`` for a bad URL, or the database's error.
  public func open() async throws -> any ServerStorage {
    switch self {
    case .sqlite(let path): return try SQLiteStore(path: path)
    case .postgres(let url): return try await PostgresStore.open(url: url)
    }
  }
}

/// A storage problem worth a sentence of its own (bad URL, unreachable database).
public struct StorageError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

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

  public init(
    id: Int64, dataset: Int64, name: String, format: String, uploadedAt: String, read: Int, processed: Int,
    rejected: Int, consistent: Int, violation: Int, undetermined: Int, outOfScope: Int, lawVersion: String
  ) {
    self.id = id
    self.dataset = dataset
    self.name = name
    self.format = format
    self.uploadedAt = uploadedAt
    self.read = read
    self.processed = processed
    self.rejected = rejected
    self.consistent = consistent
    self.violation = violation
    self.undetermined = undetermined
    self.outOfScope = outOfScope
    self.lawVersion = lawVersion
  }
}

/// The schema both back ends run, one named migration at a time. Each migration is a list of
/// statements written once; the only dialect difference is how integer keys are spelt: `{{id}}`
/// (numbered by the database) and `{{key}}` (given by Accord) are SQLite's `INTEGER PRIMARY KEY`
/// (the row id itself, no separate index) and PostgreSQL's identity and `BIGINT` keys.
enum Schema {
  enum Dialect { case sqlite, postgres }

  static let migrations: [(name: String, statements: [String])] = [
    (
      "server-v1",
      [
        """
        CREATE TABLE token (
          id {{id}}, sha256 TEXT NOT NULL UNIQUE, role TEXT NOT NULL, label TEXT, createdAt TEXT NOT NULL,
          revokedAt TEXT)
        """,
        """
        CREATE TABLE decisionLog (
          seq {{key}}, time TEXT NOT NULL, lawVersion TEXT NOT NULL, caseHash TEXT NOT NULL,
          decisionHash TEXT NOT NULL, prevHash TEXT NOT NULL, hash TEXT NOT NULL)
        """,
        "CREATE TABLE logHead (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL)",
        """
        CREATE TABLE audit (
          id {{id}}, dataset BIGINT NOT NULL, name TEXT NOT NULL, format TEXT NOT NULL, uploadedAt TEXT NOT NULL,
          role TEXT NOT NULL, rowsRead BIGINT NOT NULL, rowsProcessed BIGINT NOT NULL, rowsRejected BIGINT NOT NULL,
          consistent BIGINT NOT NULL, violation BIGINT NOT NULL, undetermined BIGINT NOT NULL,
          outOfScope BIGINT NOT NULL, lawVersion TEXT NOT NULL, reportJSON TEXT NOT NULL, reportHTML TEXT NOT NULL)
        """,
        "CREATE INDEX auditByDataset ON audit(dataset)",
      ]
    ),
    (
      // The head row exists from the start, so an append can lock it (PostgreSQL: FOR UPDATE)
      // and two servers sharing a database cannot fork the chain.
      "server-v2-log-head",
      [
        "INSERT INTO logHead (id, seq, hash) VALUES (1, 0, '\(LogChain.genesis)') ON CONFLICT (id) DO NOTHING"
      ]
    ),
    (
      // A printed decision record names its log entry, found by the decision's hash.
      "server-v3-log-by-decision",
      ["CREATE INDEX IF NOT EXISTS decisionLogByDecision ON decisionLog(decisionHash)"]
    ),
  ]

  /// The table that records which migrations ran.
  static let ledger =
    "CREATE TABLE IF NOT EXISTS accordMigration (name TEXT PRIMARY KEY, appliedAt TEXT NOT NULL)"

  static func sql(_ statement: String, for dialect: Dialect) -> String {
    statement.replacingOccurrences(
      of: "{{id}}",
      with: dialect == .sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    ).replacingOccurrences(
      of: "{{key}}", with: dialect == .sqlite ? "INTEGER PRIMARY KEY" : "BIGINT PRIMARY KEY")
  }

  static let auditColumns =
    "id, dataset, name, format, uploadedAt, rowsRead, rowsProcessed, rowsRejected, consistent, violation, undetermined, outOfScope, lawVersion"
}

/// One entry of the decision log, as stored.
public struct LogEntry: Sendable, Equatable {
  public var seq: Int64
  public var time: String
  public var lawVersion: String
  public var caseHash: String
  public var decisionHash: String
  public var prevHash: String
  public var hash: String
}

/// The decision log's chaining and verification, shared by both back ends.
enum LogChain {
  /// The hash that stands before the first entry.
  static let genesis = String(repeating: "0", count: 64)

  /// `entry hash = SHA-256(seq, time, law version, case hash, decision hash, previous hash)`,
  /// fields joined by newlines.
  static func entryHash(
    seq: Int64, time: String, lawVersion: String, caseHash: String, decisionHash: String, prevHash: String
  ) -> String {
    sha256Hex([String(seq), time, lawVersion, caseHash, decisionHash, prevHash].joined(separator: "\n"))
  }

  /// The entries that follow the head (`seq`, `hash`), chained.
  static func extend(headSeq: Int64, headHash: String, with inputs: [LogInput], time: String) -> [LogEntry] {
    var seq = headSeq
    var prev = headHash
    return inputs.map { i in
      seq += 1
      let hash = entryHash(
        seq: seq, time: time, lawVersion: i.lawVersion, caseHash: i.caseHash, decisionHash: i.decisionHash,
        prevHash: prev)
      defer { prev = hash }
      return LogEntry(
        seq: seq, time: time, lawVersion: i.lawVersion, caseHash: i.caseHash, decisionHash: i.decisionHash,
        prevHash: prev, hash: hash)
    }
  }

  /// Checks entries fed in sequence order, then the head.
  ///
  /// An edited entry no longer hashes to its stored hash (or the next entry no longer points to
  /// it); a deleted entry leaves a gap in the sequence; entries deleted from the end leave the
  /// head (kept in its own table) pointing past the last one.
  struct Verifier {
    private(set) var count = 0
    private var expectedSeq: Int64 = 1
    private var prev = LogChain.genesis

    private func broken(_ seq: Int64, _ problem: String) -> LogVerification {
      LogVerification(entries: count, firstBadEntry: seq, problem: problem)
    }

    /// The verdict if this entry breaks the chain, else nil.
    mutating func feed(_ e: LogEntry) -> LogVerification? {
      count += 1
      if e.seq != expectedSeq {
        return broken(
          expectedSeq,
          e.seq - expectedSeq == 1
            ? "entry \(expectedSeq) was deleted" : "entries \(expectedSeq)–\(e.seq - 1) were deleted")
      }
      let computed = LogChain.entryHash(
        seq: e.seq, time: e.time, lawVersion: e.lawVersion, caseHash: e.caseHash,
        decisionHash: e.decisionHash,
        prevHash: e.prevHash)
      if computed != e.hash {
        return broken(e.seq, "entry \(e.seq) was edited: its fields no longer hash to its stored hash")
      }
      if e.prevHash != prev {
        return broken(
          e.seq - 1, "entry \(e.seq - 1) was edited: entry \(e.seq) was chained to a different hash")
      }
      prev = e.hash
      expectedSeq = e.seq + 1
      return nil
    }

    /// The verdict once every entry was fed; `head` is the head row (nil if it is missing).
    func finish(head: (seq: Int64, hash: String)?) -> LogVerification {
      let headSeq = head?.seq ?? 0
      if headSeq >= expectedSeq {
        return broken(
          expectedSeq,
          headSeq == expectedSeq
            ? "entry \(expectedSeq) (the last) was deleted"
            : "entries \(expectedSeq)–\(headSeq) (the last) were deleted")
      }
      if let head, head.hash != prev || head.seq != expectedSeq - 1 {
        return broken(expectedSeq - 1, "the log's head does not match its last entry")
      }
      if head == nil, count > 0 {
        return broken(expectedSeq - 1, "the log's head was deleted")
      }
      return LogVerification(entries: count)
    }
  }
}

/// A new random token: `acc_` and 64 hexadecimal digits.
func newToken() -> String {
  var generator = SystemRandomNumberGenerator()
  let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
  return "acc_" + hex(bytes)
}

// MARK: - Helpers

/// Lowercase hexadecimal.
func hex(_ bytes: some Sequence<UInt8>) -> String {
  var out: [UInt8] = []
  out.reserveCapacity(64)
  for b in bytes {
    out.append(hexDigits[Int(b >> 4)])
    out.append(hexDigits[Int(b & 15)])
  }
  return String(decoding: out, as: UTF8.self)
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

/// SHA-256 of a string's UTF-8 bytes, hexadecimal.
func sha256Hex(_ s: String) -> String { hex(SHA256.hash(data: Array(s.utf8))) }

/// SHA-256 of bytes, hexadecimal.
func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

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
