import Crypto
import Dispatch
import Foundation
import GRDB

/// One decision the server gave, as the log records it: hashes only, never the case's facts.
struct LogInput: Sendable {
  var lawVersion: String
  /// SHA-256 of the case as Accord writes it back (`Case.json()`), so equal cases hash equally.
  var caseHash: String
  /// SHA-256 of the decision JSON served.
  var decisionHash: String
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

extension ServerStore {
  /// The hash that stands before the first entry.
  static let genesis = String(repeating: "0", count: 64)

  /// `entry hash = SHA-256(seq, time, law version, case hash, decision hash, previous hash)`,
  /// fields joined by newlines.
  static func entryHash(
    seq: Int64, time: String, lawVersion: String, caseHash: String, decisionHash: String, prevHash: String
  ) -> String {
    sha256Hex([String(seq), time, lawVersion, caseHash, decisionHash, prevHash].joined(separator: "\n"))
  }

  /// Appends entries in one transaction, chaining each to the one before.
  func appendLog(_ inputs: [LogInput], at date: Date = Date()) throws {
    guard !inputs.isEmpty else { return }
    let time = timestamp(date)
    try db.write { db in
      var seq: Int64 = 0
      var prev = Self.genesis
      if let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM logHead WHERE id = 1") {
        seq = head["seq"]
        prev = head["hash"]
      }
      let insert = try db.cachedStatement(
        sql: """
          INSERT INTO decisionLog (seq, time, lawVersion, caseHash, decisionHash, prevHash, hash)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """)
      for i in inputs {
        seq += 1
        let hash = Self.entryHash(
          seq: seq, time: time, lawVersion: i.lawVersion, caseHash: i.caseHash, decisionHash: i.decisionHash,
          prevHash: prev)
        try insert.execute(arguments: [seq, time, i.lawVersion, i.caseHash, i.decisionHash, prev, hash])
        prev = hash
      }
      try db.execute(
        sql:
          "INSERT INTO logHead (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = ?, hash = ?",
        arguments: [seq, prev, seq, prev])
    }
  }

  /// Recomputes the chain and reports the first entry that was edited or deleted.
  ///
  /// An edited entry no longer hashes to its stored hash (or the next entry no longer points to
  /// it); a deleted entry leaves a gap in the sequence; entries deleted from the end leave the
  /// head (kept in its own table) pointing past the last one.
  /// - Throws: a GRDB error.
  public func verifyLog() throws -> LogVerification {
    try db.read { db in
      var count = 0
      var expectedSeq: Int64 = 1
      var prev = Self.genesis
      func broken(_ seq: Int64, _ problem: String) -> LogVerification {
        LogVerification(entries: count, firstBadEntry: seq, problem: problem)
      }
      let rows = try Row.fetchCursor(
        db,
        sql:
          "SELECT seq, time, lawVersion, caseHash, decisionHash, prevHash, hash FROM decisionLog ORDER BY seq"
      )
      while let r = try rows.next() {
        count += 1
        let seq: Int64 = r["seq"]
        if seq != expectedSeq {
          return broken(
            expectedSeq,
            seq - expectedSeq == 1
              ? "entry \(expectedSeq) was deleted" : "entries \(expectedSeq)–\(seq - 1) were deleted")
        }
        let stored: String = r["hash"]
        let prevHash: String = r["prevHash"]
        let computed = Self.entryHash(
          seq: seq, time: r["time"], lawVersion: r["lawVersion"], caseHash: r["caseHash"],
          decisionHash: r["decisionHash"], prevHash: prevHash)
        if computed != stored {
          return broken(seq, "entry \(seq) was edited: its fields no longer hash to its stored hash")
        }
        if prevHash != prev {
          return broken(
            seq - 1, "entry \(seq - 1) was edited: entry \(seq) was chained to a different hash")
        }
        prev = stored
        expectedSeq = seq + 1
      }
      let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM logHead WHERE id = 1")
      let headSeq: Int64 = head?["seq"] ?? 0
      if headSeq >= expectedSeq {
        return broken(
          expectedSeq,
          headSeq == expectedSeq
            ? "entry \(expectedSeq) (the last) was deleted"
            : "entries \(expectedSeq)–\(headSeq) (the last) were deleted")
      }
      if let head, (head["hash"] as String) != prev || headSeq != expectedSeq - 1 {
        return broken(expectedSeq - 1, "the log's head does not match its last entry")
      }
      return LogVerification(entries: count)
    }
  }
}

/// Appends decisions to the log with group commit: requests that arrive while a transaction is
/// being written wait for the next one, which writes all of them, so a busy server writes one
/// transaction per batch of requests rather than one per decision. The writes run on a serial
/// dispatch queue, off Swift's cooperative threads.
final class DecisionLogWriter: @unchecked Sendable {
  // @unchecked: `pending` and `flushing` are only touched with `lock` held.
  private let store: ServerStore
  private let queue = DispatchQueue(label: "accord.decision-log")
  private let lock = NSLock()
  private var pending: [([LogInput], CheckedContinuation<Void, any Error>)] = []
  private var flushing = false

  init(store: ServerStore) { self.store = store }

  /// Appends the entries and returns once they are committed.
  /// - Throws: the database's error if the transaction failed.
  func append(_ inputs: [LogInput]) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      lock.lock()
      pending.append((inputs, continuation))
      let start = !flushing
      flushing = true
      lock.unlock()
      if start { queue.async { self.flush() } }
    }
  }

  private func flush() {
    while true {
      lock.lock()
      let batch = pending
      pending.removeAll(keepingCapacity: true)
      if batch.isEmpty {
        flushing = false
        lock.unlock()
        return
      }
      lock.unlock()
      do {
        try store.appendLog(batch.flatMap(\.0))
        for (_, c) in batch { c.resume() }
      } catch {
        for (_, c) in batch { c.resume(throwing: error) }
      }
    }
  }
}
