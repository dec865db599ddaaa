public import AccordAudit
public import AccordCore
import Dispatch
import Foundation
public import Hummingbird
public import Logging
import NIOConcurrencyHelpers

/// Everything a request may need: the law, the stores, the decision log. Built once; shared by
/// every request (all of it is immutable or does its own locking).
public final class ServerState: Sendable {
  public let configuration: ServerConfiguration
  public let engine: Engine
  /// Law file text by path relative to the library root (`us-nj/immigrant-trust-directive.md`).
  let lawTexts: [String: String]
  /// The server's own tables (SQLite or PostgreSQL).
  public let store: any ServerStorage
  /// Uploaded audits' datasets, events and verdicts.
  public let auditStore: AuditStore
  let log: DecisionLogWriter
  /// Ingests run here, one at a time, off Swift's cooperative threads.
  let auditQueue = DispatchQueue(label: "accord.audit-ingest")
  let agreements: AgreementsCache
  let simulation: SimulationService
  let placeIDs: Set<String>
  /// The connections open now, against ``ServerConfiguration/maxConnections``.
  let connections: ConnectionLimiter

  /// Loads the law and opens (creating if needed) both databases.
  /// - Throws: ``LawLoadError``, ``StorageError`` or a database error.
  public static func open(configuration: ServerConfiguration) async throws -> ServerState {
    // A static factory rather than an async initializer: Swift 6.3's optimizer crashes splitting
    // the coroutine of this class's async init in release builds.
    ServerState.sweepUploads()
    let store = try await configuration.storage.open()
    do {
      return try ServerState(configuration: configuration, store: store)
    } catch {
      await store.close()
      throw error
    }
  }

  /// Loads the law and opens the audit store around an open store of the server's tables.
  /// - Throws: ``LawLoadError`` or a database error.
  public init(configuration: ServerConfiguration, store: any ServerStorage) throws {
    self.configuration = configuration
    let (engine, files) = try configuration.loadLaw()
    self.engine = engine
    var texts: [String: String] = [:]
    for f in files { texts[f.path] = f.text }
    lawTexts = texts
    auditStore = try AuditStore(path: configuration.resolvedAuditDatabasePath)
    self.store = store
    log = DecisionLogWriter(store: store, commit: configuration.logCommit)
    agreements = AgreementsCache(directory: configuration.agreementsDirectory, engine: engine)
    simulation = SimulationService(
      directory: configuration.simulationDirectory, lawFiles: files, engine: engine)
    placeIDs = Set(engine.places.map(\.id))
    connections = ConnectionLimiter(limit: configuration.maxConnections)
  }

  /// Decides a case and appends it to the decision log; returns the decision and its JSON.
  /// - Throws: ``APIError`` (503) when the log cannot be written: no decision goes out unlogged
  ///   (with ``LogCommit/afterResponse``, from the request after a failed commit on).
  func decide(_ c: Case) async throws -> (Decision, [UInt8]) {
    let d = engine.decide(c)
    let json = d.jsonBytes()
    try await append([(c, json)], lawVersion: d.lawVersion)
    return (d, json)
  }

  /// Decides a case for a printed record: the decision is logged like any other, and the record
  /// names its committed log entry (with ``LogCommit/afterResponse``, once the queue is written).
  func decideForRecord(_ c: Case) async throws -> (Decision, RecordPage.Stamp) {
    let (d, json) = try await decide(c)
    if log.commit == .afterResponse { await log.drain() }
    let decisionHash = sha256Hex(json)
    let entry = try? await store.logEntry(decisionHash: decisionHash)
    return (d, RecordPage.Stamp(caseHash: sha256Hex(c.jsonBytes()), decisionHash: decisionHash, entry: entry))
  }

  /// Returns once every decision served so far is committed to the log (with
  /// ``LogCommit/afterResponse`` they may still be queued).
  public func flushLog() async { await log.drain() }

  /// Appends served decisions (case, decision JSON) to the log.
  func append(_ served: [(Case, [UInt8])], lawVersion: String) async throws {
    let inputs = served.map {
      LogInput(lawVersion: lawVersion, caseHash: sha256Hex($0.0.jsonBytes()), decisionHash: sha256Hex($0.1))
    }
    do {
      try await log.append(inputs)
    } catch {
      throw APIError(
        .serviceUnavailable, "the decision log could not be written, so no decision was served",
        help: "check the server's database (accord log verify --db PATH)")
    }
  }

  /// The role a request's bearer token grants.
  /// - Throws: ``APIError`` 401 without a valid token, 403 if its role is below `needed`.
  func authorize(_ request: Request, _ needed: Role) async throws -> Role {
    guard let header = request.headers[.authorization] else {
      throw APIError.unauthorized("this endpoint needs a bearer token")
    }
    let parts = header.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else {
      throw APIError.unauthorized("the Authorization header must be `Bearer TOKEN`")
    }
    let token = parts[1].trimmingCharacters(in: .whitespaces)
    guard token.utf8.count <= 256, let role = try? await store.role(ofToken: token) else {
      throw APIError.unauthorized("the token is not valid")
    }
    guard role >= needed else {
      throw APIError(
        .forbidden,
        "\(role == .viewer ? "a" : "an") \(role.rawValue) token cannot do this; it needs \(needed == .viewer ? "a" : "an") \(needed.rawValue) token or higher"
      )
    }
    return role
  }
}

/// Builds the server: the router with every API route and page, ready to run or to test without
/// a socket.
///
/// ```swift
/// let app = try await buildApplication(configuration: ServerConfiguration())
/// try await app.runService()
/// ```
/// - Throws: ``LawLoadError`` or a database error.
public func buildApplication(configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
  try await buildApplication(state: ServerState.open(configuration: configuration))
}

/// Builds the server around existing state (tests keep the state to look into its databases, and
/// may pass the logger every request logs to).
public func buildApplication(state: ServerState, logger: Logger? = nil) -> some ApplicationProtocol {
  Application(
    router: buildRouter(state),
    server: .http1(
      configuration: .init(
        additionalChannelHandlers: [state.connections.handler()],
        idleTimeout: .init(state.configuration.idleTimeout))),
    configuration: .init(
      address: .hostname(state.configuration.host, port: state.configuration.port), serverName: "accord"),
    logger: logger)
}

/// Runs the server until SIGINT or SIGTERM.
/// - Throws: ``LawLoadError``, a database error, or the server's error (e.g. the port is taken).
public func runServer(configuration: ServerConfiguration) async throws {
  let state = try await ServerState.open(configuration: configuration)
  do {
    try await buildApplication(state: state).runService()
  } catch {
    await state.log.drain()
    await state.store.close()
    throw error
  }
  await state.log.drain()
  await state.store.close()
}

/// Every route of the server.
public func buildRouter(_ state: ServerState) -> Router<BasicRequestContext> {
  let router = Router()
  let routes = RouteTable()
  router.add(middleware: AccordMiddleware(logRequests: state.configuration.logRequests, routes: routes))
  addAPIRoutes(router, state)
  addInterviewRoutes(router, state)
  addAuditRoutes(router, state)
  addPageRoutes(router, state)
  addLawRoutes(router, state)
  addSimulationRoutes(router, state)
  router.get("/openapi.json") { _, _ in Response.json(OpenAPI.document) }
  routes.set(router.routes.map { ($0.method, $0.path.description) })
  return router
}

/// The router's paths and their methods, so that a known path asked with another method gets
/// 405 and the methods it takes (`Allow`), not 404.
final class RouteTable: Sendable {
  private let routes = NIOLockedValueBox<[(method: HTTPRequest.Method, components: [Substring])]>([])

  func set(_ list: [(HTTPRequest.Method, String)]) {
    routes.withLockedValue { $0 = list.map { ($0.0, $0.1.split(separator: "/")) } }
  }

  /// The methods a path takes (empty when no route has the path).
  func methods(for path: String) -> [HTTPRequest.Method] {
    let parts = path.split(separator: "/")
    return routes.withLockedValue { list in
      var out: [HTTPRequest.Method] = []
      for r in list where Self.matches(r.components, parts) && !out.contains(r.method) {
        out.append(r.method)
      }
      return out
    }
  }

  static func matches(_ pattern: [Substring], _ parts: [Substring]) -> Bool {
    var i = 0
    for (k, p) in pattern.enumerated() {
      if p == "**" { return parts.count > k }
      guard i < parts.count else { return false }
      if !(p.hasPrefix(":") || p == "*" || p.hasPrefix("{")) && p != parts[i] { return false }
      i += 1
    }
    return i == parts.count
  }
}

/// One line per request (method, path without its query, status, duration: no body, no query, no
/// header, so no personal data); every error becomes a JSON error (API) or an HTML page; security
/// headers on every response.
struct AccordMiddleware<Context: RequestContext>: RouterMiddleware {
  let logRequests: Bool
  let routes: RouteTable

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
    async throws -> Response
  {
    let started = ContinuousClock.now
    let path = request.uri.path
    let api = path.hasPrefix("/v1") || path == "/openapi.json"
    var response: Response
    do {
      response = try await next(request, context)
    } catch let e as APIError {
      response = api ? Response.json(e.json, status: e.status) : Pages.errorPage(e)
      response.headers.append(contentsOf: e.headers)
    } catch let e as any HTTPResponseError {
      let message: String
      switch e.status {
      case .contentTooLarge: message = "the request body is larger than this endpoint accepts"
      case .notFound: message = "no such page or endpoint: \(request.method.rawValue) \(path)"
      default: message = (e as? HTTPError)?.body ?? e.status.reasonPhrase.lowercased()
      }
      let allowed = e.status == .notFound ? routes.methods(for: path) : []
      // A handler's own 404 (no such audit, no such law file) stays a 404.
      if !allowed.isEmpty && !allowed.contains(request.method) {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        let error = APIError(
          .methodNotAllowed, "\(path) does not take \(request.method.rawValue)", help: "it takes \(list)")
        response = api ? Response.json(error.json, status: error.status) : Pages.errorPage(error)
        response.headers[.allow] = list
      } else {
        let error = APIError(e.status, message)
        response = api ? Response.json(error.json, status: e.status) : Pages.errorPage(error)
      }
    } catch {
      // Never the error's text: it could carry data from the request.
      context.logger.error("internal error of type \(String(describing: type(of: error)))")
      let error = APIError(.internalServerError, "internal error")
      response = api ? Response.json(error.json, status: error.status) : Pages.errorPage(error)
    }
    response.headers[.xContentTypeOptions] = "nosniff"
    if response.headers[.contentType]?.hasPrefix("text/html") == true {
      response.headers[.contentSecurityPolicy] =
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }
    if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    if logRequests {
      let elapsed = (ContinuousClock.now - started).components
      let ms = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
      context.logger.info(
        "\(request.method.rawValue) \(path) \(response.status.code) \(String(format: "%.2f", ms)) ms")
    }
    return response
  }
}
