import Dispatch
import Foundation

/// What differs between two laws — two places, two law directories, or one place at two dates —
/// class by class over the whole case space, action by action.
public struct LawDiff: Sendable {
  public struct Difference: Sendable {
    public var action: Action
    /// The class, in plain words.
    public var description: [String]
    /// A concrete case of the class (dated as side A; side B decides it at its own date).
    public var example: Case
    public var a: ActionDecision
    public var b: ActionDecision
  }

  public let a: CaseSpace.Side
  public let b: CaseSpace.Side
  /// Classes per action (each action's rules partition the space on their own).
  public private(set) var classes: [Action: Int] = [:]
  public private(set) var unrealisable = 0
  public var differences: [Difference] = []
  /// Classes decided with the same status but by a different rule (e.g. a new law that affirms
  /// what federal law already allowed).
  public var ruleChanges: [Difference] = []

  public init(_ a: CaseSpace.Side, _ b: CaseSpace.Side, actions: [Action] = Action.allCases) {
    self.a = a
    self.b = b
    // Each action partitions the space on its own: the partitions are built in parallel and
    // read back in action order, so the output does not depend on scheduling.
    let spaces = Self.parallelMap(actions) { CaseSpace(sides: [a, b], actions: [$0]) }
    for (action, space) in zip(actions, spaces) {
      classes[action] = space.classes.count
      unrealisable += space.unrealisable
      for c in space.classes {
        let (x, y) = (c.decisions[0][action], c.decisions[1][action])
        let d = Difference(action: action, description: c.description, example: c.witness, a: x, b: y)
        if x.status != y.status {
          differences.append(d)
        } else if x.because.first?.rule != y.because.first?.rule {
          ruleChanges.append(d)
        }
      }
    }
  }

  public var totalClasses: Int { classes.values.reduce(0, +) }

  /// `transform` applied to every element on all cores, results in input order.
  static func parallelMap<T: Sendable, U: Sendable>(_ xs: [T], _ transform: @Sendable (T) -> U) -> [U] {
    let results = ResultBox<U>(count: xs.count)
    DispatchQueue.concurrentPerform(iterations: xs.count) { i in results.set(i, transform(xs[i])) }
    return results.values()
  }
}

/// Slots written by concurrent workers, one slot each.
final class ResultBox<U: Sendable>: @unchecked Sendable {
  private var slots: [U?]
  private let lock = NSLock()
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ v: U) {
    lock.lock()
    slots[i] = v
    lock.unlock()
  }
  func values() -> [U] { slots.map { $0! } }
}
