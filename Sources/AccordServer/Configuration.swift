import AccordCore
import AccordLaw
import Foundation

/// How `accord serve` runs: where it listens, where it stores, which law it applies.
///
/// ```swift
/// var configuration = ServerConfiguration()
/// configuration.port = 8081
/// configuration.databasePath = ":memory:"
/// let app = try buildApplication(configuration: configuration)
/// ```
public struct ServerConfiguration: Sendable {
  /// Address to listen on (loopback by default: put a TLS proxy in front to serve others).
  public var host = "127.0.0.1"
  public var port = 8080
  /// The server's SQLite database: tokens, the decision log, the audit index; `":memory:"` for a
  /// throwaway one.
  public var databasePath = "accord.sqlite"
  /// A PostgreSQL database for the same tables instead of ``databasePath``
  /// (`postgres://USER:PASSWORD@HOST:PORT/DATABASE`).
  public var postgresURL: String?
  /// The audit store's SQLite database (the same layout as `accord audit --db`); by default beside
  /// ``databasePath`` (`accord.sqlite` → `accord-audits.sqlite`).
  public var auditDatabasePath: String?
  /// A law directory; nil for the bundled library.
  public var lawDirectory: String?
  /// The 287(g) sheets archive read by the timeline page.
  public var agreementsDirectory = "Data/ice-287g-sheets-archive"
  /// The simulation's folder (`params/` and `reforms/` inside).
  public var simulationDirectory = "sim"
  /// Largest body of a decide request.
  public var maxDecideBody = 1 << 20
  /// Largest body of a batch decide request.
  public var maxBatchBody = 8 << 20
  /// Most cases in one batch.
  public var maxBatchCases = 10_000
  /// Largest audit upload.
  public var maxUploadBody = 20 << 20
  /// A connection with no request in progress is closed after this long (also one whose request
  /// headers never finish arriving).
  public var idleTimeout: Duration = .seconds(30)
  /// Most connections held open at once; one past it is closed when accepted, before any
  /// request is read.
  public var maxConnections = 1024
  /// A request body must arrive within this long, or the request ends with 408.
  public var bodyTimeout: Duration = .seconds(60)
  /// When each served decision's log entry is committed (before its response by default).
  public var logCommit: LogCommit = .beforeResponse
  /// Log one line per request (method, path, status, duration; never a body or a query string).
  public var logRequests = true

  public init() {}

  /// Where the server's own tables live.
  public var storage: StorageLocation {
    postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: databasePath)
  }

  /// Where the audit store lives.
  public var resolvedAuditDatabasePath: String {
    if let auditDatabasePath { return auditDatabasePath }
    if databasePath == ":memory:" { return ":memory:" }
    let url = URL(fileURLWithPath: databasePath)
    let base = url.deletingPathExtension().lastPathComponent
    let ext = url.pathExtension.isEmpty ? "sqlite" : url.pathExtension
    return url.deletingLastPathComponent().appendingPathComponent("\(base)-audits.\(ext)").path
  }

  /// The engine and the law files' text.
  func loadLaw() throws -> (Engine, [(path: String, text: String)]) {
    if let lawDirectory {
      let files = try Engine.readDirectory(lawDirectory)
      return (try Engine(files: files), files)
    }
    let files = BundledLaw.files
    return (try Engine(files: files), files)
  }
}

/// What a bearer token may do. Each role may do everything the roles before it may.
public enum Role: String, Sendable, CaseIterable, Comparable {
  /// Reads audits and their reports.
  case viewer
  /// Also uploads audits.
  case auditor
  /// Everything, including the decision log's verification.
  case admin

  var rank: Int {
    switch self {
    case .viewer: 0
    case .auditor: 1
    case .admin: 2
    }
  }

  public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}
