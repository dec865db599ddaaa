import AccordCore
import AccordServer
import ArgumentParser
import Dispatch
import Foundation

/// `accord serve`: the JSON API and the web pages (the logic is ``buildApplication(configuration:)``
/// in AccordServer).
struct Serve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the JSON API (/v1, /openapi.json) and the web pages on Hummingbird.",
    discussion: """
      Opens at http://127.0.0.1:8080 with the bundled law and SQLite (--db; audits go to a second \
      file beside it). Audit endpoints and pages need a token from `accord token create`. Every \
      decision served is appended to a hash-chained log (`accord log verify`). Stops on SIGINT or \
      SIGTERM.
      """)

  @Option(help: "Port to listen on.")
  var port = 8080

  @Option(help: "Address to listen on (loopback by default).")
  var host = "127.0.0.1"

  @Option(help: "SQLite database for tokens, the decision log and the audit index.")
  var db = "accord.sqlite"

  @Option(
    help: ArgumentHelp(
      "PostgreSQL for tokens, the decision log and the audit index instead of --db (without a password in the URL, PGPASSWORD is used).",
      valueName: "postgres://USER:PASSWORD@HOST:PORT/DATABASE"))
  var postgres: String?

  @Option(help: "SQLite database for audited datasets (default: beside --db, NAME-audits.sqlite).")
  var auditDb: String?

  @Option(help: "ICE's 287(g) sheets archive, for the timeline page.")
  var agreements = "Data/ice-287g-sheets-archive"

  @Option(help: "The simulation's folder (params/ and reforms/), for the simulation page.")
  var sim = "sim"

  @Option(help: "Most connections held open at once; one past it is closed when accepted.")
  var maxConnections = 1024

  @Flag(help: "Do not log a line per request.")
  var quiet = false

  @Option(
    help: ArgumentHelp(
      "When a decision's log entry is committed: before-response (nothing served is ever missing from the log) or after-response (faster; a crash may lose the last moments' entries).",
      valueName: "before-response|after-response"))
  var logCommit = "before-response"

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    var c = ServerConfiguration()
    c.port = port
    c.host = host
    c.databasePath = db
    c.postgresURL = postgres
    c.auditDatabasePath = auditDb
    c.agreementsDirectory = agreements
    c.simulationDirectory = sim
    c.lawDirectory = lawOptions.law
    c.logRequests = !quiet
    guard maxConnections > 0 else { throw ValidationError("--max-connections must be at least 1") }
    c.maxConnections = maxConnections
    guard let commit = LogCommit(rawValue: logCommit) else {
      throw ValidationError("unknown --log-commit `\(logCommit)`: use before-response or after-response")
    }
    c.logCommit = commit
    FileHandle.standardError.write(
      Data(
        "Accord on http://\(host):\(port)/ (\(c.storage.description), audits \(c.resolvedAuditDatabasePath)); Ctrl-C stops it\n"
          .utf8))
    let configuration = c
    do {
      try blockOn { try await runServer(configuration: configuration) }
    } catch let e as LawLoadError {
      FileHandle.standardError.write(Data((e.description + "\n").utf8))
      throw ExitCode(2)
    } catch let e as StorageError {
      throw fail("accord serve: \(e.description)")
    } catch {
      throw fail("accord serve: \(error)")
    }
  }
}

/// `accord token create`: API tokens, stored as their SHA-256 only.
struct Token: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Create bearer tokens for the server's private endpoints (audits).", subcommands: [Create.self])

  struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a new random token once; the database keeps only its SHA-256.",
      discussion: """
        viewer: read audits and their reports; auditor: also upload; admin: everything, including \
        GET /v1/log/verify.
        """)

    @Option(help: "viewer, auditor or admin.")
    var role: String

    @Option(help: "The server's SQLite database.")
    var db = "accord.sqlite"

    @Option(help: ArgumentHelp("The server's PostgreSQL database instead of --db.", valueName: "URL"))
    var postgres: String?

    @Option(help: "A note kept with the token (whose it is).")
    var label: String?

    func run() throws {
      guard let r = Role(rawValue: role) else {
        throw ValidationError("unknown role `\(role)`: use viewer, auditor or admin")
      }
      let location: StorageLocation = postgres.map { .postgres(url: $0) } ?? .sqlite(path: db)
      let token: String
      do {
        if let postgres {
          let label = label
          token = try blockOnResult {
            try await StorageLocation.postgres(url: postgres).withStore {
              try await $0.createToken(role: r, label: label)
            }
          }
        } else {
          token = try SQLiteStore(path: db).createTokenNow(role: r, label: label)
        }
      } catch let e as StorageError {
        throw fail(e.description)
      } catch {
        throw fail("\(location.description): cannot store the token: \(error)")
      }
      print(token)
      FileHandle.standardError.write(
        Data(
          "created \(r == .viewer ? "a" : "an") \(r.rawValue) token in \(location.description); it is shown only this once\n"
            .utf8))
    }
  }
}

/// `accord log verify`: recompute the decision log's hash chain.
struct Log: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "The server's hash-chained log of every decision served.", subcommands: [Verify.self])

  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Recompute the chain; report the first edited or deleted entry (exit 1).")

    @Option(help: "The server's SQLite database.")
    var db = "accord.sqlite"

    @Option(help: ArgumentHelp("The server's PostgreSQL database instead of --db.", valueName: "URL"))
    var postgres: String?

    func run() throws {
      let location: StorageLocation = postgres.map { .postgres(url: $0) } ?? .sqlite(path: db)
      let v: LogVerification
      do {
        if let postgres {
          v = try blockOnResult {
            try await StorageLocation.postgres(url: postgres).withStore { try await $0.verifyLog() }
          }
        } else {
          guard FileManager.default.fileExists(atPath: db) else { throw fail("\(db): no such database") }
          v = try SQLiteStore(path: db).verifyLogNow()
        }
      } catch let e as StorageError {
        throw fail(e.description)
      } catch let e as ExitCode {
        throw e
      } catch {
        throw fail("\(location.description): cannot read the decision log: \(error)")
      }
      print(v.summary)
      if !v.isIntact { throw ExitCode(1) }
    }
  }
}

/// ``blockOn(_:)`` for work with a result.
func blockOnResult<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
  let box = ResultBox<T>()
  try blockOn { box.value = try await work() }
  return box.value!
}

/// A value handed from a task to the thread that waits for it.
// @unchecked: `value` is written once by the task before it signals, and read only after the wait.
private final class ResultBox<T>: @unchecked Sendable { var value: T? }

/// Runs async work from a synchronous command (the root command is synchronous) and waits for it.
func blockOn(_ work: @escaping @Sendable () async throws -> Void) throws {
  // @unchecked: `error` is written once by the task before it signals, and read only after the wait.
  final class Outcome: @unchecked Sendable { var error: (any Error)? }
  let outcome = Outcome()
  let done = DispatchSemaphore(value: 0)
  Task {
    do { try await work() } catch { outcome.error = error }
    done.signal()
  }
  done.wait()
  if let error = outcome.error { throw error }
}
