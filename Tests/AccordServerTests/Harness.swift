import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

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

  init(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) throws {
    directory = FileManager.default.temporaryDirectory.appending(
      path: "accord-server-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var c = ServerConfiguration()
    c.databasePath = directory.appending(path: "accord.sqlite").path
    c.agreementsDirectory = Self.file("Data/ice-287g-sheets-archive")
    c.simulationDirectory = Self.file("sim")
    c.logRequests = false
    adjust(&c)
    state = try ServerState(configuration: c)
  }

  /// Runs `body` against the router (no socket).
  @discardableResult
  func run<T>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
    try await buildApplication(state: state).test(.router, body)
  }

  func token(_ role: Role) throws -> String { try state.store.createToken(role: role) }
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
func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
