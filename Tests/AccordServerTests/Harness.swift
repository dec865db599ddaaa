import AccordCore
import AccordServer
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing

/// The storage back ends the tests run against: SQLite always, PostgreSQL when
/// `ACCORD_TEST_POSTGRES` names a server where the tests may create and drop databases
/// (`postgres://postgres@127.0.0.1:5433/postgres`; `.ci/run` starts one).
enum Backend: String, CustomTestStringConvertible, Sendable {
  case sqlite, postgres

  static let postgresURL = ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES"].flatMap {
    $0.isEmpty ? nil : $0
  }
  static let all: [Backend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

  var testDescription: String { rawValue }

  /// Runs one statement on the administrative URL's database.
  static func adminExecute(_ sql: String, database: String? = nil) async throws {
    try await withConnection(database: database) { c in
      try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
  }

  static let logger = Logger(label: "accord.test")

  /// A connection to the test server (to another database on it if `database` is given).
  @discardableResult
  static func withConnection<T: Sendable>(
    database: String? = nil, _ body: (PostgresConnection) async throws -> T
  ) async throws -> T {
    guard let url = postgresURL, let u = URLComponents(string: url) else {
      throw StorageError("ACCORD_TEST_POSTGRES is not set")
    }
    let c = PostgresConnection.Configuration(
      host: u.host ?? "127.0.0.1", port: u.port ?? 5432, username: u.user ?? "postgres",
      password: u.password, database: database ?? String(u.path.dropFirst()), tls: .disable)
    let connection = try await PostgresConnection.connect(configuration: c, id: 1, logger: logger)
    do {
      let value = try await body(connection)
      try await connection.close()
      return value
    } catch {
      try? await connection.close()
      throw error
    }
  }

  /// The test server's URL with another database.
  static func url(database: String) -> String {
    var u = URLComponents(string: postgresURL!)!
    u.path = "/" + database
    if !(u.queryItems ?? []).contains(where: { $0.name == "sslmode" }) {
      u.queryItems = (u.queryItems ?? []) + [URLQueryItem(name: "sslmode", value: "disable")]
    }
    return u.string!
  }
}

/// A server on a fresh database in a temporary folder, driven without a socket.
struct Harness {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static func file(_ path: String) -> String { root.appending(path: path).path }
  static func text(_ path: String) -> String {
    (try? String(contentsOfFile: file(path), encoding: .utf8)) ?? ""
  }

  let state: ServerState
  let directory: URL
  let backend: Backend
  /// The PostgreSQL database made for this harness.
  let database: String?

  init(_ backend: Backend = .sqlite, _ adjust: (inout ServerConfiguration) -> Void = { _ in }) async throws {
    self.backend = backend
    directory = FileManager.default.temporaryDirectory.appending(
      path: "accord-server-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var c = ServerConfiguration()
    c.databasePath = directory.appending(path: "accord.sqlite").path
    c.agreementsDirectory = Self.file("Data/ice-287g-sheets-archive")
    c.simulationDirectory = Self.file("sim")
    c.logRequests = false
    if backend == .postgres {
      let name = "accord_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
      try await Backend.adminExecute("CREATE DATABASE \(name)")
      database = name
      c.postgresURL = Backend.url(database: name)
    } else {
      database = nil
    }
    adjust(&c)
    state = try await ServerState.open(configuration: c)
  }

  /// Closes the store and drops the PostgreSQL database made for the test.
  func close() async throws {
    await state.store.close()
    if let database { try await Backend.adminExecute("DROP DATABASE \(database) WITH (FORCE)") }
    try? FileManager.default.removeItem(at: directory)
  }

  /// Runs a statement on the server's own tables, behind the server's back (to tamper with them).
  func execute(_ sql: String) async throws {
    switch backend {
    case .sqlite:
      try await DatabaseQueue(path: state.configuration.databasePath).write { db in try db.execute(sql: sql) }
    case .postgres:
      try await Backend.withConnection(database: database) { c in
        try await c.query(PostgresQuery(unsafeSQL: sql), logger: Backend.logger)
      }
    }
  }

  /// Text columns of a query's rows, behind the server's back.
  func rows(_ sql: String) async throws -> [[String]] {
    switch backend {
    case .sqlite:
      return try await DatabaseQueue(path: state.configuration.databasePath).read { db in
        try Row.fetchAll(db, sql: sql).map { r in
          (0..<r.count).map { i -> String in
            switch (r[i] as DatabaseValue).storage {
            case .string(let s): s
            case .int64(let n): String(n)
            case .double(let d): String(d)
            case .blob(let b): b.base64EncodedString()
            case .null: "NULL"
            }
          }
        }
      }
    case .postgres:
      return try await Backend.withConnection(database: database) { c in
        var out: [[String]] = []
        for try await row in try await c.query(PostgresQuery(unsafeSQL: sql), logger: Backend.logger) {
          out.append(
            row.map { cell in
              if cell.bytes == nil { return "NULL" }
              switch cell.dataType {
              case .int8: return (try? cell.decode(Int64.self)).map { String($0) } ?? "?"
              case .int4: return (try? cell.decode(Int32.self)).map { String($0) } ?? "?"
              default: return (try? cell.decode(String.self)) ?? "?"
              }
            })
        }
        return out
      }
    }
  }

  /// Runs `body` against the router (no socket).
  @discardableResult
  func run<T>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
    try await buildApplication(state: state).test(.router, body)
  }

  func token(_ role: Role) async throws -> String { try await state.store.createToken(role: role) }
}

extension TestResponse {
  var text: String { String(buffer: body) }
  /// The body parsed with Accord's JSON reader.
  var json: JSONNode? { try? JSONReader.parse(text) }
}

extension JSONNode {
  /// `node["error"]?["path"]` as a string, and so on.
  var string: String? {
    if case .string(let s) = value { return s }
    return nil
  }
  var number: Int? {
    if case .number(let n) = value { return Int(n) }
    return nil
  }
  var array: [JSONNode] {
    if case .array(let a) = value { return a }
    return []
  }
  var keys: [String] {
    if case .object(let m) = value { return m.map(\.key) }
    return []
  }
}

func body(_ s: String) -> ByteBuffer { ByteBuffer(string: s) }

/// The decision-log tests' case: a New Jersey jail on day `i` (10–29 June 2025, then again).
func sampleCase(_ i: Int) -> String {
  "{\"date\": \"2025-06-\(10 + i % 20)\", \"place\": \"US-NJ\", \"agency\": \"jail\"}"
}

/// POSTs ``sampleCase(_:)`` to /v1/decide; the response's status.
func decideSample(_ client: any TestClientProtocol, _ i: Int) async throws -> HTTPResponse.Status {
  try await client.execute(uri: "/v1/decide", method: .post, body: body(sampleCase(i))) { $0.status }
}
func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
