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

/// Appends decisions to the log with group commit: requests that arrive while a transaction is
/// being written wait for the next one, which writes all of them, so a busy server writes one
/// transaction per batch of requests rather than one per decision. Either back end's append
/// suspends rather than blocks (GRDB's async write, postgres-nio).
final class DecisionLogWriter: @unchecked Sendable {
  // @unchecked: `pending` and `flushing` are only touched with `lock` held.
  private let store: any ServerStorage
  private let lock = NSLock()
  private var pending: [([LogInput], CheckedContinuation<Void, any Error>)] = []
  private var flushing = false

  init(store: any ServerStorage) { self.store = store }

  /// Appends the entries and returns once they are committed.
  /// - Throws: the database's error if the transaction failed.
  func append(_ inputs: [LogInput]) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      let start = lock.withLock {
        pending.append((inputs, continuation))
        defer { flushing = true }
        return !flushing
      }
      if start { Task { await self.flush() } }
    }
  }

  private func flush() async {
    while true {
      let batch = lock.withLock {
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        if batch.isEmpty { flushing = false }
        return batch
      }
      if batch.isEmpty { return }
      do {
        try await store.appendLog(batch.flatMap(\.0), at: Date())
        for (_, c) in batch { c.resume() }
      } catch {
        for (_, c) in batch { c.resume(throwing: error) }
      }
    }
  }
}
