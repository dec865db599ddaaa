public import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The server's tables in PostgreSQL through postgres-nio (`accord serve --postgres URL`).
///
/// The client's connection pool runs in a task the store owns; ``close()`` ends it. Migrations
/// run under an advisory lock, and an append locks the log's head row (`FOR UPDATE`), so several
/// servers may share one database without forking the chain.
public final class PostgresStore: ServerStorage {
  let client: PostgresClient
  private let runner: Task<Void, Never>
  private let logger: Logger
  public let description: String

  private init(client: PostgresClient, description: String, logger: Logger) {
    self.client = client
    self.description = description
    self.logger = logger
    runner = Task { await client.run() }
  }

  /// Connects to `url`, creates and migrates the tables if needed.
  ///
  /// One connection is made first, on its own, so that a database that cannot be reached or
  /// refuses the login fails at once with PostgreSQL's own reason (the pool would retry).
  /// - Throws: ``StorageError`` for a URL it cannot read or a database it cannot reach.
  public static func open(url: String) async throws -> PostgresStore {
    let target = try Target(url: url)
    var logger = Logger(label: "accord.postgres")
    // The pool warns when a lease comes before its run loop has started; that is harmless here.
    logger.logLevel = .error
    do {
      let probe = try await PostgresConnection.connect(
        configuration: try target.connectionConfiguration(), id: 0, logger: logger)
      try? await probe.close()
    } catch {
      throw StorageError("\(target.description): \(Self.explain(error))")
    }
    let store = PostgresStore(
      client: PostgresClient(configuration: target.clientConfiguration(), backgroundLogger: logger),
      description: target.description, logger: logger)
    do {
      try await store.migrate()
    } catch {
      await store.close()
      throw StorageError("\(target.description): \(Self.explain(error))")
    }
    return store
  }

  public func close() async {
    runner.cancel()
    _ = await runner.value
  }

  /// What a `postgres://user:password@host:port/database?sslmode=…&host=/socket/dir` URL says.
  struct Target {
    enum TLSMode { case disable, prefer, require, verify }
    var host: String
    var port: Int
    /// A Unix socket's path, when `host=/dir` is given.
    var socket: String?
    var user: String
    var password: String?
    var database: String?
    var tls: TLSMode

    init(url: String) throws {
      guard let u = URLComponents(string: url), let scheme = u.scheme,
        ["postgres", "postgresql"].contains(scheme)
      else {
        throw StorageError(
          "`\(PostgresStore.redacted(url))` is not a PostgreSQL URL: write postgres://USER:PASSWORD@HOST:PORT/DATABASE"
        )
      }
      let query = Dictionary((u.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
      user = u.user?.removingPercentEncoding ?? "postgres"
      // As libpq does: a URL without a password takes PGPASSWORD, which keeps the password out of
      // the process list.
      password = u.password?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
      database = u.path.isEmpty || u.path == "/" ? nil : String(u.path.dropFirst())
      port = u.port ?? query["port"].flatMap { Int($0) } ?? 5432
      host = u.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
      if let dir = query["host"], dir.hasPrefix("/") { socket = dir + "/.s.PGSQL.\(port)" }
      switch query["sslmode"] ?? "prefer" {
      case "disable": tls = .disable
      case "prefer", "allow": tls = .prefer
      case "require": tls = .require
      case "verify-ca", "verify-full": tls = .verify
      case let other:
        throw StorageError(
          "sslmode `\(other)` is not one Accord knows: use disable, prefer, require or verify-full")
      }
    }

    /// `PostgreSQL 127.0.0.1:5433/accord` (never the password).
    var description: String { "PostgreSQL \(socket ?? "\(host):\(port)")/\(database ?? user)" }

    /// libpq's meaning: `prefer` and `require` encrypt without checking the certificate,
    /// `verify-full` checks it.
    private var tlsConfiguration: TLSConfiguration {
      var t = TLSConfiguration.makeClientConfiguration()
      if tls != .verify { t.certificateVerification = .none }
      return t
    }

    func clientConfiguration() -> PostgresClient.Configuration {
      var c: PostgresClient.Configuration
      if let socket {
        c = .init(unixSocketPath: socket, username: user, password: password, database: database)
      } else {
        let mode: PostgresClient.Configuration.TLS =
          switch tls {
          case .disable: .disable
          case .prefer: .prefer(tlsConfiguration)
          case .require, .verify: .require(tlsConfiguration)
          }
        c = .init(host: host, port: port, username: user, password: password, database: database, tls: mode)
      }
      c.options.connectTimeout = .seconds(5)
      return c
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
      var c: PostgresConnection.Configuration
      if let socket {
        c = .init(unixSocketPath: socket, username: user, password: password, database: database)
      } else {
        let mode: PostgresConnection.Configuration.TLS =
          switch tls {
          case .disable: .disable
          case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration))
          case .require, .verify: .require(try NIOSSLContext(configuration: tlsConfiguration))
          }
        c = .init(host: host, port: port, username: user, password: password, database: database, tls: mode)
      }
      c.options.connectTimeout = .seconds(5)
      return c
    }
  }

  /// The URL without its password, for messages.
  static func redacted(_ url: String) -> String {
    guard var u = URLComponents(string: url), u.password != nil else { return url }
    u.password = "***"
    return u.string ?? "postgres://…"
  }

  /// A sentence for a PostgreSQL error: the server's own message when it sent one.
  static func explain(_ error: any Error) -> String {
    if let e = error as? StorageError { return e.description }
    guard let p = error as? PSQLError else { return String(describing: error) }
    if let message = p.serverInfo?[.message] {
      return "PostgreSQL says: \(message)" + (p.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
    }
    if p.code == .authMechanismRequiresPassword {
      return "the server asks for a password: put it in the URL (postgres://USER:PASSWORD@…) or in PGPASSWORD"
    }
    if p.code == .sslUnsupported {
      return
        "the server does not offer TLS, which sslmode=require asks for: enable ssl on the server, or use sslmode=disable on a trusted network"
    }
    if let underlying = p.underlying { return "cannot connect: \(underlying)" }
    return "PostgreSQL error \(p.code)"
  }

  // MARK: Migrations

  private func migrate() async throws {
    try await client.withTransaction(logger: logger) { c in
      try await c.query("SELECT pg_advisory_xact_lock(4242001)", logger: logger)
      try await c.query(PostgresQuery(unsafeSQL: Schema.ledger), logger: logger)
      var done: Set<String> = []
      for try await name in try await c.query("SELECT name FROM accordMigration", logger: logger).decode(
        String.self)
      {
        done.insert(name)
      }
      for (name, statements) in Schema.migrations where !done.contains(name) {
        for s in statements {
          try await c.query(PostgresQuery(unsafeSQL: Schema.sql(s, for: .postgres)), logger: logger)
        }
        let now = timestamp(Date())
        try await c.query(
          "INSERT INTO accordMigration (name, appliedAt) VALUES (\(name), \(now))", logger: logger)
      }
    }
  }

  // MARK: Tokens

  public func createToken(role: Role, label: String?) async throws -> String {
    let token = newToken()
    let hash = sha256Hex(token)
    let now = timestamp(Date())
    try await client.query(
      "INSERT INTO token (sha256, role, label, createdAt) VALUES (\(hash), \(role.rawValue), \(label), \(now))",
      logger: logger)
    return token
  }

  public func role(ofToken token: String) async throws -> Role? {
    let hash = sha256Hex(token)
    let rows = try await client.query(
      "SELECT role FROM token WHERE sha256 = \(hash) AND revokedAt IS NULL", logger: logger)
    for try await role in rows.decode(String.self) { return Role(rawValue: role) }
    return nil
  }

  // MARK: The decision log

  public func appendLog(_ inputs: [LogInput], at date: Date) async throws {
    guard !inputs.isEmpty else { return }
    let time = timestamp(date)
    try await client.withTransaction(logger: logger) { c in
      var head: (Int64, String) = (0, LogChain.genesis)
      for try await row in try await c.query(
        "SELECT seq, hash FROM logHead WHERE id = 1 FOR UPDATE", logger: logger
      ).decode((Int64, String).self) {
        head = row
      }
      let entries = LogChain.extend(headSeq: head.0, headHash: head.1, with: inputs, time: time)
      // One statement for the whole batch: each column as an array, unnested into rows.
      let seqs = entries.map(\.seq)
      let times = entries.map(\.time)
      let laws = entries.map(\.lawVersion)
      let cases = entries.map(\.caseHash)
      let decisions = entries.map(\.decisionHash)
      let prevs = entries.map(\.prevHash)
      let hashes = entries.map(\.hash)
      try await c.query(
        """
        INSERT INTO decisionLog (seq, time, lawVersion, caseHash, decisionHash, prevHash, hash)
        SELECT * FROM unnest(\(seqs)::bigint[], \(times)::text[], \(laws)::text[], \(cases)::text[],
          \(decisions)::text[], \(prevs)::text[], \(hashes)::text[])
        """, logger: logger)
      let last = entries[entries.count - 1]
      try await c.query(
        """
        INSERT INTO logHead (id, seq, hash) VALUES (1, \(last.seq), \(last.hash))
        ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash
        """, logger: logger)
    }
  }

  public func logEntry(decisionHash: String) async throws -> LogEntry? {
    let rows = try await client.query(
      """
      SELECT seq, time, lawVersion, caseHash, decisionHash, prevHash, hash FROM decisionLog
      WHERE decisionHash = \(decisionHash) ORDER BY seq DESC LIMIT 1
      """, logger: logger)
    for try await (seq, time, law, caseHash, hash0, prev, hash) in rows.decode(
      (Int64, String, String, String, String, String, String).self)
    {
      return LogEntry(
        seq: seq, time: time, lawVersion: law, caseHash: caseHash, decisionHash: hash0, prevHash: prev,
        hash: hash)
    }
    return nil
  }

  public func verifyLog() async throws -> LogVerification {
    try await client.withTransaction(logger: logger) { c in
      // One snapshot for the entries and the head.
      try await c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
      var verifier = LogChain.Verifier()
      let rows = try await c.query(
        "SELECT seq, time, lawVersion, caseHash, decisionHash, prevHash, hash FROM decisionLog ORDER BY seq",
        logger: logger)
      var broken: LogVerification?
      for try await (seq, time, law, caseHash, decisionHash, prev, hash) in rows.decode(
        (Int64, String, String, String, String, String, String).self)
      {
        guard broken == nil else { continue }  // drain the rows
        broken = verifier.feed(
          LogEntry(
            seq: seq, time: time, lawVersion: law, caseHash: caseHash, decisionHash: decisionHash,
            prevHash: prev,
            hash: hash))
      }
      if let broken { return broken }
      var head: (seq: Int64, hash: String)?
      for try await (seq, hash) in try await c.query(
        "SELECT seq, hash FROM logHead WHERE id = 1", logger: logger
      )
      .decode((Int64, String).self) {
        head = (seq, hash)
      }
      return verifier.finish(head: head)
    }
  }

  // MARK: Audits

  public func addAudit(_ a: AuditInfo, role: Role, json: String, html: String) async throws -> Int64 {
    let rows = try await client.query(
      """
      INSERT INTO audit (dataset, name, format, uploadedAt, role, rowsRead, rowsProcessed, rowsRejected,
        consistent, violation, undetermined, outOfScope, lawVersion, reportJSON, reportHTML)
      VALUES (\(a.dataset), \(a.name), \(a.format), \(a.uploadedAt), \(role.rawValue), \(Int64(a.read)),
        \(Int64(a.processed)), \(Int64(a.rejected)), \(Int64(a.consistent)), \(Int64(a.violation)),
        \(Int64(a.undetermined)), \(Int64(a.outOfScope)), \(a.lawVersion), \(json), \(html))
      RETURNING id
      """, logger: logger)
    for try await id in rows.decode(Int64.self) { return id }
    throw StorageError("PostgreSQL returned no id for the new audit")
  }

  private typealias AuditRow = (
    Int64, Int64, String, String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, String
  )

  private static func auditInfo(_ r: AuditRow) -> AuditInfo {
    AuditInfo(
      id: r.0, dataset: r.1, name: r.2, format: r.3, uploadedAt: r.4, read: Int(r.5), processed: Int(r.6),
      rejected: Int(r.7), consistent: Int(r.8), violation: Int(r.9), undetermined: Int(r.10),
      outOfScope: Int(r.11), lawVersion: r.12)
  }

  private func auditRows(_ query: PostgresQuery) async throws -> [AuditInfo] {
    var out: [AuditInfo] = []
    for try await r in try await client.query(query, logger: logger).decode(AuditRow.self) {
      out.append(Self.auditInfo(r))
    }
    return out
  }

  public func audits() async throws -> [AuditInfo] {
    try await auditRows(PostgresQuery(unsafeSQL: "SELECT \(Schema.auditColumns) FROM audit ORDER BY id DESC"))
  }

  public func audit(dataset: Int64) async throws -> AuditInfo? {
    var q = PostgresQuery(
      unsafeSQL: "SELECT \(Schema.auditColumns) FROM audit WHERE dataset = $1 ORDER BY id LIMIT 1")
    q.binds.append(dataset)
    return try await auditRows(q).first
  }

  public func audit(id: Int64) async throws -> (info: AuditInfo, json: String, html: String)? {
    var q = PostgresQuery(
      unsafeSQL: "SELECT \(Schema.auditColumns), reportJSON, reportHTML FROM audit WHERE id = $1")
    q.binds.append(id)
    let rows = try await client.query(q, logger: logger).decode(
      (
        Int64, Int64, String, String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, String, String,
        String
      )
      .self)
    for try await r in rows {
      let info: AuditRow = (r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11, r.12)
      return (Self.auditInfo(info), r.13, r.14)
    }
    return nil
  }
}
