/// A rule as a decision cites it.
public struct RuleReference: Sendable, Hashable {
  public var rule: String
  public var cite: String
  /// `law/<file>:<line>`.
  public var source: String
  public var place: String
  public var completeness: Completeness

  /// The reference as one JSON object (rule, cite, source, place, completeness): the shape every
  /// document that cites a rule uses.
  public func write(_ w: inout JSONWriter) {
    w.beginObject()
    w.string("rule", rule)
    w.string("cite", cite)
    w.string("source", source)
    w.string("place", place)
    w.string("completeness", completeness.rawValue)
    w.endObject()
  }
}

/// The citations of a library, shared by every decision made with it.
final class RuleTable: Sendable {
  let references: [RuleReference]
  /// Each reference as compact JSON, written once: decisions copy these bytes.
  let compactJSON: [[UInt8]]

  init(_ references: [RuleReference]) {
    self.references = references
    compactJSON = references.map { r in
      var w = JSONWriter()
      Decision.write(r, &w)
      return w.utf8
    }
  }
}

/// Up to four deciding rules (one per level of a city → county → state → US chain), stored
/// inline so a decision allocates nothing per action.
struct Deciders: Sendable {
  var count: UInt8 = 0
  var rules: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)

  mutating func append(_ r: Int) {
    switch count {
    case 0: rules.0 = Int32(r)
    case 1: rules.1 = Int32(r)
    case 2: rules.2 = Int32(r)
    case 3: rules.3 = Int32(r)
    default: return
    }
    count += 1
  }

  func rule(_ i: Int) -> Int {
    switch i {
    case 0: Int(rules.0)
    case 1: Int(rules.1)
    case 2: Int(rules.2)
    default: Int(rules.3)
    }
  }
}

/// What the law in force says of one action.
public struct ActionDecision: Sendable {
  public var action: Action
  public var status: Status
  var deciders = Deciders()
  var table: RuleTable?
  /// Facts the case does not give that the status depends on.
  public var needs: [String]
  /// For `undetermined`: the statuses the missing facts could lead to.
  public var possible: [Status]

  init(action: Action, status: Status, needs: [String] = [], possible: [Status] = []) {
    self.action = action
    self.status = status
    self.needs = needs
    self.possible = possible
  }

  /// The rules that decided it, most specific first.
  public var because: [RuleReference] {
    guard let table else { return [] }
    return (0..<Int(deciders.count)).map { table.references[deciders.rule($0)] }
  }
}

/// Two levels of law that disagree, and which prevails.
public struct Conflict: Sendable {
  public var action: Action
  public var prevailingPlace: String
  public var prevailingStatus: Status
  public var prevailingRule: RuleReference?
  public var overriddenPlace: String
  public var overriddenStatus: Status
  public var overriddenRule: RuleReference?
  public var reason: String
}

/// The engine's answer for one case: every action, its reasons, conflicts and warnings.
///
/// ```swift
/// let d = engine.decide(c)
/// d[.hold].status      // .prohibited
/// print(d.json(pretty: true))
/// ```
public struct Decision: Sendable {
  public var place: String
  public var date: CivilDate
  /// One entry per action, in ``Action/allCases`` order.
  public var actions: [ActionDecision]
  public var conflicts: [Conflict]
  public var warnings: [String]
  /// The law library version the decision used.
  public var lawVersion: String

  public subscript(action: Action) -> ActionDecision { actions[action.index] }

  /// The statement every output carries.
  public static let disclaimer =
    "Accord encodes law for research and compliance checking; it is not legal advice. Verify against the cited sources."

  /// The decision as INTERFACE.md's JSON, extended with `lawVersion`, `disclaimer` and `possible`.
  public func json(pretty: Bool = false) -> String {
    String(decoding: jsonBytes(pretty: pretty), as: UTF8.self)
  }

  /// ``json(pretty:)`` as UTF-8 bytes: what a server sends and hashes, without a String between.
  public func jsonBytes(pretty: Bool = false) -> [UInt8] {
    var w = JSONWriter(pretty: pretty)
    w.beginObject()
    w.string("place", place)
    w.string("date", date.description)
    w.beginObject("actions")
    for a in actions {
      w.beginObject(a.action.rawValue)
      w.string("status", a.status.rawValue)
      w.beginArray("because")
      if let table = a.table, !pretty {
        for i in 0..<Int(a.deciders.count) { w.rawJSON(nil, table.compactJSON[a.deciders.rule(i)]) }
      } else {
        for r in a.because { Decision.write(r, &w) }
      }
      w.endArray()
      w.stringArray("needs", a.needs)
      if a.status == .undetermined { w.stringArray("possible", a.possible.map(\.rawValue)) }
      w.endObject()
    }
    w.endObject()
    w.beginArray("conflicts")
    for c in conflicts {
      w.beginObject()
      w.string("action", c.action.rawValue)
      w.beginObject("prevailing")
      w.string("place", c.prevailingPlace)
      w.string("status", c.prevailingStatus.rawValue)
      if let r = c.prevailingRule {
        w.string("rule", r.rule); w.string("cite", r.cite); w.string("source", r.source)
      }
      w.endObject()
      w.beginObject("overridden")
      w.string("place", c.overriddenPlace)
      w.string("status", c.overriddenStatus.rawValue)
      if let r = c.overriddenRule {
        w.string("rule", r.rule); w.string("cite", r.cite); w.string("source", r.source)
      }
      w.endObject()
      w.string("reason", c.reason)
      w.endObject()
    }
    w.endArray()
    w.stringArray("warnings", warnings)
    w.string("lawVersion", lawVersion)
    w.string("disclaimer", Decision.disclaimer)
    w.endObject()
    return w.utf8
  }

  static func write(_ r: RuleReference, _ w: inout JSONWriter) { r.write(&w) }

  /// A table a person can read.
  public func text() -> String {
    var out = "Decision for \(place) on \(date) (law version \(lawVersion))\n\n"
    let width = Action.allCases.map(\.rawValue.count).max()!
    for a in actions {
      let name = a.action.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
      var line = "  \(name)  \(a.status.rawValue.uppercased())"
      if let first = a.because.first { line += "  — \(first.cite) [\(first.source)]" }
      if a.status == .undetermined, a.possible.isEmpty {
        line += "  — no encoded rule decides it"
      } else if a.status == .undetermined {
        line +=
          "  — could be \(a.possible.map(\.rawValue).joined(separator: " or ")); needs: \(a.needs.joined(separator: ", "))"
      }
      out += line + "\n"
    }
    out += Decision.footer(conflicts: conflicts, warnings: warnings, naming: true)
    return out
  }

  /// The conflicts, warnings and disclaimer that close every text rendering.
  static func footer(conflicts: [Conflict], warnings: [String], naming actions: Bool) -> String {
    var out = ""
    if !conflicts.isEmpty {
      out += "\nConflicts between levels:\n"
      for c in conflicts {
        let action = actions ? "\(c.action.rawValue): " : ""
        out +=
          "  \(action)\(c.prevailingPlace) (\(c.prevailingStatus.rawValue)) prevails over \(c.overriddenPlace) (\(c.overriddenStatus.rawValue)): \(c.reason)\n"
      }
    }
    if !warnings.isEmpty {
      out += "\nWarnings:\n"
      for w in warnings { out += "  - \(w)\n" }
    }
    return out + "\n\(Decision.disclaimer)\n"
  }
}
