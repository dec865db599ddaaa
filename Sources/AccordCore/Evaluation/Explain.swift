/// How one rule fared on a case.
public struct RuleTrace: Sendable {
  public var rule: RuleReference
  /// 0 for a rule that is not an exception, 1 for its exceptions, and so on.
  public var depth: Int
  public var status: Status
  public var inForce: Bool
  /// `yes`, `no` or `unknown`: whether the rule's own condition holds.
  public var condition: String
  /// The condition as written, each fact followed by what the case says of it.
  public var reading: String
  public var note: String?
}

/// The rules of one level for one action.
public struct LevelTrace: Sendable {
  public var place: String
  public var name: String
  public var rules: [RuleTrace]
  /// What the coverage ledger says of this level's law on the case's date, when it leaves the
  /// level open (not researched, or a known law not encoded).
  public var coverage: [String] = []
}

/// Why an action got its status: every level's rules, applied or not, and why.
public struct Explanation: Sendable {
  public var action: Action
  public var decision: ActionDecision
  public var levels: [LevelTrace]
  public var conflicts: [Conflict]
  public var warnings: [String]

  /// Plain words a clerk can read.
  public func text(place: String, date: CivilDate) -> String {
    var out = "Can the agency \(action.summary)? (\(action.rawValue), \(place), \(date))\n\n"
    out += "Answer: \(decision.status.rawValue.uppercased())"
    if let b = decision.because.first { out += ", under \(b.cite)." } else { out += "." }
    out += "\n"
    if decision.status == .undetermined {
      out +=
        "It could be \(decision.possible.map(\.rawValue).joined(separator: " or ")) depending on what is not known: \(decision.needs.joined(separator: "; ")).\n"
    }
    for level in levels {
      out += "\n\(level.name) (\(level.place)):\n"
      for c in level.coverage { out += "  coverage: \(c)\n" }
      if level.rules.isEmpty { out += "  no rule of this place speaks to this action.\n" }
      for r in level.rules {
        let pad = String(repeating: "  ", count: r.depth + 1)
        let kind = r.depth == 0 ? "Rule" : "Exception"
        out += "\(pad)\(kind) \(r.rule.rule) (\(r.rule.cite)) makes it \(r.status.rawValue) "
        if !r.inForce {
          out += "— not in force on this date.\n"
          continue
        }
        switch r.condition {
        case "yes": out += "— APPLIES: "
        case "no": out += "— does not apply: "
        default: out += "— may apply, facts missing: "
        }
        out += r.reading + "\n"
        if let n = r.note { out += "\(pad)  note: \(n)\n" }
        out += "\(pad)  source: \(r.rule.source) (\(r.rule.completeness.rawValue) text)\n"
      }
    }
    return out + Decision.footer(conflicts: conflicts, warnings: warnings, naming: false)
  }
}

extension Engine {
  /// The full trace for one action: every rule of every level, applied or not, and why.
  public func explain(_ c: Case, action: Action) -> Explanation {
    let decision = decide(c)
    let k = library.prepare(c)
    var levels: [LevelTrace] = []
    var places = chain(for: c.place)
    let coverageView = ledger(c, places)
    if let extra = coverageView?.undeclaredLocal { places.append(extra) }
    for (i, p) in places.enumerated() {
      var rules: [RuleTrace] = []
      func walk(_ r: Int, _ depth: Int) {
        let rule = library.rules[r]
        let t = library.evaluate(rule.condition, k)
        rules.append(
          RuleTrace(
            rule: reference(r), depth: depth, status: rule.status, inForce: rule.inForce(on: c.date),
            condition: t == .yes ? "yes" : t == .no ? "no" : "unknown", reading: read(rule.condition, k),
            note: rule.note))
        for e in rule.exceptions { walk(e, depth + 1) }
      }
      for root in library.roots[p]?[action.index] ?? [] { walk(root, 0) }
      var coverage: [String] = []
      if let ledger = coverageView, ledger.extra[i][action.index] != 0 {
        let entry = library.coverage[p]
        let status = entry?.period(on: c.date)?.status(for: action) ?? .unresearched
        if status == .unresearched {
          coverage.append(
            "this level's law is not researched on \(c.date)\(entry == nil ? " (no ledger entry)" : ""): it could give any status"
          )
        }
        for law in entry?.known ?? []
        where !law.encoded && law.inForce(on: c.date) && law.actions.contains(action)
          && law.binds(
            c.agency,
            government: c.choice(Case.laneAgencyGovernment) ?? (c.agency == "state-prison" ? "state" : nil))
        {
          coverage.append(
            "\(law.citation) (\(law.direction.rawValue) cooperation, in force since \(law.from)) is known but not encoded: law/sources/\(law.source)"
          )
        }
      }
      levels.append(
        LevelTrace(place: p, name: library.places[p]?.name ?? p, rules: rules, coverage: coverage))
    }
    return Explanation(
      action: action, decision: decision[action], levels: levels,
      conflicts: decision.conflicts.filter { $0.action == action }, warnings: decision.warnings)
  }

  func mark(_ t: Tri) -> String { t == .yes ? "yes" : t == .no ? "no" : "unknown" }

  /// The condition in law syntax, each atom followed by `[yes]`, `[no]` or `[unknown]`.
  func read(_ c: Cond, _ k: PreparedCase) -> String {
    let t = mark(library.evaluate(c, k))
    switch c {
    case .constant(let v): return v == .yes ? "always" : v == .no ? "never" : "unknown"
    case .scalarIn(let lane, let mask):
      let fact = Facts.scalars[lane]
      let v = k.scalars[lane]
      let said = v < 0 ? "not given" : (fact.values?[Int(v)] ?? (v == 1 ? "true" : "false"))
      let domain = fact.values ?? ["false", "true"]
      let chosen = domain.indices.filter { mask & (1 << UInt32($0)) != 0 }.map { domain[$0] }
      let test =
        fact.values == nil
        ? (chosen == ["true"] ? fact.path : "not \(fact.path)")
        : chosen.count == 1
          ? "\(fact.path) = \(chosen[0])" : "\(fact.path) in [\(chosen.joined(separator: ", "))]"
      return "\(test) [\(t): the case says \(said)]"
    case .agreementHas(let bit, let negated):
      return "\(negated ? "not " : "")agreements287g has \(Case.models287g[bit]) [\(t)]"
    case .registryHas(let name): return "person.registries has \"\(name)\" [\(t)]"
    case .not(let x): return "not (\(read(x, k)))"
    case .and(let xs): return xs.map { read($0, k) }.joined(separator: " and ")
    case .or(let xs): return "(" + xs.map { read($0, k) }.joined(separator: " or ") + ")"
    case .quantifier(let q, let list, let item):
      let name = list == 0 ? "charge" : "conviction"
      let given = k.list(list).map { "\($0.count) given" } ?? "none listed: unknown"
      return "\(q.rawValue) \(name)\(item.map { " where (\(readItem($0)))" } ?? "") [\(t); \(given)]"
    }
  }

  func readItem(_ c: ItemCond) -> String {
    switch c {
    case .constant(let b): return b ? "true" : "false"
    case .gradeIn(let mask):
      let g = Grade.allCases.indices.filter { mask & (1 << UInt32($0)) != 0 }.map {
        Grade.allCases[$0].rawValue
      }
      return g.count == 1 ? "grade = \(g[0])" : "grade in [\(g.joined(separator: ", "))]"
    case .category(let id): return "category \(library.categories[id].qualified)"
    case .window(let older, let d):
      let what: String
      switch d {
      case .literal(let n, let u): what = "\(n) \(u.rawValue)"
      case .parameter(let i): what = library.parameters[i].name
      }
      return "\(older ? "older-than" : "within") \(what)"
    case .dated(let before, let d): return "dated \(before ? "before" : "after") \(d)"
    case .offenseIs(let s): return "offense = \"\(s)\""
    case .probableCause: return "probable-cause"
    case .not(let x): return "not \(readItem(x))"
    case .and(let xs): return xs.map(readItem).joined(separator: " and ")
    case .or(let xs): return "(" + xs.map(readItem).joined(separator: " or ") + ")"
    }
  }
}
