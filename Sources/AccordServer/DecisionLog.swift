import Foundation

/// One decision the server gave, as the log records it: hashes only, never the case's facts.
public struct LogInput: Sendable {
  public var lawVersion: String
  /// SHA-256 of the case as Accord writes it back (`Case.json()`), so equal cases hash equally.
  public var caseHash: String
  /// SHA-256 of the decision JSON served.
  public var decisionHash: String

  public init(lawVersion: String, caseHash: String, decisionHash: String) {
    self.lawVersion = lawVersion
    self.caseHash = caseHash
    self.decisionHash = decisionHash
  }
}

/// A verified or failed decision log.
public struct LogVerification: Sendable, Equatable {
  /// Entries read.
  public var entries: Int
  /// The sequence number of the first entry found edited or missing, if any.
  public var firstBadEntry: Int64?
  /// What is wrong there, in a sentence.
  public var problem: String?

  public init(entries: Int, firstBadEntry: Int64? = nil, problem: String? = nil) {
    self.entries = entries
    self.firstBadEntry = firstBadEntry
    self.problem = problem
  }

  public var isIntact: Bool { problem == nil }

  /// `decision log intact: 42 entries` or `decision log broken at entry 7: …`.
  public var summary: String {
    guard let problem, let firstBadEntry else {
      return "decision log intact: \(entries) \(entries == 1 ? "entry" : "entries")"
    }
    return "decision log broken at entry \(firstBadEntry): \(problem)"
  }
}

/// When a served decision's log entry is committed.
public enum LogCommit: String, Sendable, CaseIterable {
  /// Before the decision goes out: the request waits for the transaction holding its entry.
  /// Nothing served is missing from the log, even after a crash.
  case beforeResponse = "before-response"
  /// Right after it goes out: entries are queued in the order served and committed by the log's
  /// writer in the next transaction (within milliseconds under load). A crash of the process can
  /// lose the entries of the decisions served in its last moments; the chain of what was
  /// committed stays whole. If a commit fails, the server stops deciding (503) until restarted.
  case afterResponse = "after-response"
}

/// Appends decisions to the log with group commit: entries that arrive while a transaction is
/// being written go into the next one, so a busy server writes one transaction per batch of
/// requests rather than one per decision.
///
/// On SQLite the transactions are written by a thread of the writer's own, started on demand and
/// ended after a second with nothing to write: one wake-up per batch, and no hop through Swift's
/// cooperative threads or GRDB's queue. On PostgreSQL a task writes them (postgres-nio is async).
final class DecisionLogWriter: @unchecked Sendable {
  // @unchecked: `pending`, `running` and `failure` are only touched with `condition` locked.
  private let store: any ServerStorage
  private let sqlite: SQLiteStore?
  let commit: LogCommit
  private let condition = NSCondition()
  private var pending: [Pending] = []
  private var running = false
  /// A batch taken from `pending` is being written.
  private var writingBatch = false
  private var waitingForWork = false
  /// The first failed commit in ``LogCommit/afterResponse`` mode.
  private var failure: (any Error)?

  private struct Pending {
    var inputs: [LogInput]
    var continuation: CheckedContinuation<Void, any Error>?
  }

  init(store: any ServerStorage, commit: LogCommit = .beforeResponse) {
    self.store = store
    self.commit = commit
    sqlite = store as? SQLiteStore
  }

  /// Appends the entries: returns once they are committed (``LogCommit/beforeResponse``) or
  /// queued (``LogCommit/afterResponse``).
  /// - Throws: the database's error if the transaction failed (or, queued, if an earlier one did).
  func append(_ inputs: [LogInput]) async throws {
    switch commit {
    case .beforeResponse:
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        enqueue(Pending(inputs: inputs, continuation: continuation))
      }
    case .afterResponse:
      if let failed = firstFailure() { throw failed }
      enqueue(Pending(inputs: inputs, continuation: nil))
    }
  }

  private func enqueue(_ p: Pending) {
    condition.lock()
    pending.append(p)
    let start = !running
    running = true
    if !start, waitingForWork { condition.signal() }
    condition.unlock()
    guard start else { return }
    if let sqlite {
      let thread = Thread { self.writeOnThread(sqlite) }
      thread.name = "accord-decision-log"
      thread.start()
    } else {
      Task { await self.writeInTask() }
    }
  }

  /// Waits until every queued entry is committed (a server stopping, a test reading the log).
  func drain() async {
    while !isIdle() {
      try? await Task.sleep(for: .milliseconds(2))
    }
  }

  private func firstFailure() -> (any Error)? {
    condition.lock()
    defer { condition.unlock() }
    return failure
  }

  private func isIdle() -> Bool {
    condition.lock()
    defer { condition.unlock() }
    return pending.isEmpty && !writingBatch
  }

  /// Takes what is pending; clears `running` and returns nothing when there is none.
  private func take(waiting: Bool) -> [Pending] {
    condition.lock()
    defer { condition.unlock() }
    if waiting, pending.isEmpty {
      waitingForWork = true
      _ = condition.wait(until: Date(timeIntervalSinceNow: 1))
      waitingForWork = false
    }
    let batch = pending
    pending.removeAll(keepingCapacity: true)
    if batch.isEmpty { running = false } else { writingBatch = true }
    return batch
  }

  private func finish(_ batch: [Pending], _ error: (any Error)?) {
    condition.lock()
    if let error, commit == .afterResponse, failure == nil { failure = error }
    writingBatch = false
    condition.unlock()
    for p in batch {
      guard let c = p.continuation else { continue }
      if let error { c.resume(throwing: error) } else { c.resume() }
    }
  }

  /// In ``LogCommit/afterResponse`` mode, how long the writer gathers entries after a commit
  /// before it writes the next transaction: a few large transactions cost far less than many
  /// small ones, and nobody waits for them.
  static let gatherInterval: TimeInterval = 0.005

  private func writeOnThread(_ sqlite: SQLiteStore) {
    while true {
      let batch = take(waiting: true)
      if batch.isEmpty { return }
      do {
        try sqlite.appendLogNow(batch.flatMap(\.inputs), at: Date())
        finish(batch, nil)
      } catch {
        finish(batch, error)
      }
      if commit == .afterResponse { Thread.sleep(forTimeInterval: Self.gatherInterval) }
    }
  }

  private func writeInTask() async {
    while true {
      let batch = take(waiting: false)
      if batch.isEmpty { return }
      do {
        try await store.appendLog(batch.flatMap(\.inputs), at: Date())
        finish(batch, nil)
      } catch {
        finish(batch, error)
      }
      if commit == .afterResponse { try? await Task.sleep(for: .seconds(Self.gatherInterval)) }
    }
  }
}
