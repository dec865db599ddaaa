/// A charge or conviction with its categories resolved against the library.
struct PreparedItem: Sendable {
  var grade: Int8
  var date: CivilDate?
  var offense: String?
  /// -1 unknown, 0 no, 1 yes.
  var probableCause: Int8
  var yes: CategorySet
  var unknown: CategorySet
}

/// A case turned into the compact form the evaluator reads.
struct PreparedCase: Sendable {
  var date: CivilDate
  var scalars: FactLanes
  var agreements: UInt8
  var registries: [String]?
  var charges: [PreparedItem]?
  var convictions: [PreparedItem]?

  @inline(__always) func list(_ i: Int) -> [PreparedItem]? { i == 0 ? charges : convictions }
}

extension CompiledLibrary {
  func prepare(_ c: Case) -> PreparedCase {
    let s = c.lanes
    var agreements: UInt8 = 0
    for m in c.agreements287g {
      if let i = Case.models287g.firstIndex(of: m) { agreements |= 1 << UInt8(i) }
    }
    return PreparedCase(
      date: c.date, scalars: s, agreements: agreements, registries: c.registries,
      charges: c.charges.map { $0.map(prepare) }, convictions: c.convictions.map { $0.map(prepare) })
  }

  func prepare(_ o: Offense) -> PreparedItem {
    // A tag asserts a category; a tag written `!name` denies it.
    var yes = CategorySet()
    var denied = CategorySet()
    for t in o.tags ?? [] {
      if t.hasPrefix("!") {
        if let s = tags[String(t.dropFirst())] { denied = denied | s }
      } else if let s = tags[t] {
        yes = yes | s
      }
    }
    var unknown = CategorySet()
    var normalized: String?
    if let offense = o.offense {
      let n = normalizeCitation(offense)
      normalized = n
      if let s = exactOffenses[n] { yes = yes | s }
      for p in prefixOffenses where n.hasPrefix(p.prefix) { yes = yes | p.categories }
      var knownNo = denied
      for (i, c) in categories.enumerated() where c.complete && c.codes.contains(where: { n.hasPrefix($0) }) {
        knownNo.insert(i)
      }
      unknown = allCategories & ~yes & ~knownNo
    } else if o.tags == nil {
      unknown = allCategories & ~yes
    }
    let grade = o.grade.flatMap { g in Grade.allCases.firstIndex(of: g) }.map { Int8($0) } ?? -1
    return PreparedItem(
      grade: grade, date: o.date, offense: normalized,
      probableCause: o.probableCause.map { $0 ? 1 : 0 } ?? -1,
      yes: yes, unknown: unknown)
  }

  // MARK: Conditions

  func evaluate(_ c: Cond, _ k: PreparedCase) -> Tri {
    switch c {
    case .constant(let t): return t
    case .scalarIn(let lane, let mask):
      let v = k.scalars[lane]
      if v < 0 { return .unknown }
      return mask & (1 << UInt32(v)) != 0 ? .yes : .no
    case .agreementHas(let bit, let negated):
      return ((k.agreements & (1 << UInt8(bit)) != 0) != negated) ? .yes : .no
    case .registryHas(let name):
      guard let r = k.registries else { return .unknown }
      return r.contains(name) ? .yes : .no
    case .not(let x): return evaluate(x, k).negated
    case .and(let xs):
      var r = Tri.yes
      for x in xs {
        r = Tri.and(r, evaluate(x, k))
        if r == .no { return .no }
      }
      return r
    case .or(let xs):
      var r = Tri.no
      for x in xs {
        r = Tri.or(r, evaluate(x, k))
        if r == .yes { return .yes }
      }
      return r
    case .quantifier(let q, let list, let item):
      guard let items = k.list(list) else { return .unknown }
      var any = Tri.no
      var every = Tri.yes
      for it in items {
        let v = item.map { evaluate($0, it, k.date) } ?? .yes
        any = Tri.or(any, v)
        every = Tri.and(every, v)
      }
      return q.combine(any: any, every: every)
    }
  }

  func threshold(_ d: DurationRef, _ date: CivilDate) -> CivilDate? {
    switch d {
    case .literal(let n, let unit): return shift(date, by: -n, unit)
    case .parameter(let i):
      guard let v = parameters[i].version(on: date), let unit = v.unit else { return nil }
      return shift(date, by: -v.amount, unit)
    }
  }

  func shift(_ date: CivilDate, by n: Int, _ unit: DurationUnit) -> CivilDate {
    switch unit {
    case .years: date.adding(years: n)
    case .months: date.adding(months: n)
    case .days: date.adding(days: n)
    case .hours: date.adding(days: n / 24)
    }
  }

  func evaluate(_ c: ItemCond, _ it: PreparedItem, _ date: CivilDate) -> Tri {
    switch c {
    case .constant(let b): return b ? .yes : .no
    case .gradeIn(let mask):
      if it.grade < 0 { return .unknown }
      return mask & (1 << UInt32(it.grade)) != 0 ? .yes : .no
    case .category(let id):
      if it.yes.contains(id) { return .yes }
      return it.unknown.contains(id) ? .unknown : .no
    case .window(let older, let d):
      guard let itemDate = it.date, let t = threshold(d, date) else { return .unknown }
      return (older ? itemDate < t : itemDate >= t) ? .yes : .no
    case .dated(let before, let d):
      guard let itemDate = it.date else { return .unknown }
      return (before ? itemDate < d : itemDate > d) ? .yes : .no
    case .offenseIs(let s):
      guard let o = it.offense else { return .unknown }
      return o == s ? .yes : .no
    case .probableCause: return it.probableCause < 0 ? .unknown : (it.probableCause == 1 ? .yes : .no)
    case .not(let x): return evaluate(x, it, date).negated
    case .and(let xs):
      var r = Tri.yes
      for x in xs {
        r = Tri.and(r, evaluate(x, it, date))
        if r == .no { return .no }
      }
      return r
    case .or(let xs):
      var r = Tri.no
      for x in xs {
        r = Tri.or(r, evaluate(x, it, date))
        if r == .yes { return .yes }
      }
      return r
    }
  }
}

/// The possible results of a rule tree: a set over none, the three statuses and conflict.
struct Outcomes: Sendable, Equatable {
  var bits: UInt8
  static let none = Outcomes(bits: 1)
  static let conflict = Outcomes(bits: 1 << 4)

  static func of(_ s: Status) -> Outcomes {
    switch s {
    case .required: Outcomes(bits: 1 << 1)
    case .permitted: Outcomes(bits: 1 << 2)
    case .prohibited: Outcomes(bits: 1 << 3)
    case .undetermined: conflict
    }
  }

  var isSingle: Bool { bits != 0 && bits & (bits - 1) == 0 }
  var hasNone: Bool { bits & 1 != 0 }
  var members: [Outcomes] { (0..<5).compactMap { bits & (1 << $0) != 0 ? Outcomes(bits: 1 << $0) : nil } }
  /// The status of a single outcome (`nil` for none or conflict).
  var status: Status? {
    switch bits {
    case 1 << 1: .required
    case 1 << 2: .permitted
    case 1 << 3: .prohibited
    default: nil
    }
  }

  static func | (a: Outcomes, b: Outcomes) -> Outcomes { Outcomes(bits: a.bits | b.bits) }

  /// Two rules of equal rank: none yields to the other; equal statuses agree; different ones conflict.
  static func equalRank(_ a: Outcomes, _ b: Outcomes) -> Outcomes {
    if a.isSingle, b.isSingle {
      if a.hasNone { return b }
      if b.hasNone || a == b { return a }
      return .conflict
    }
    var out = Outcomes(bits: 0)
    for x in a.members { for y in b.members { out = out | equalRank(x, y) } }
    return out
  }
}

/// The result of one rule tree or one level: what may come out, and which rule decided it
/// when exactly one status can come out.
struct TreeResult: Sendable {
  var outcomes: Outcomes
  var decider: Int
  /// Outcome bits the coverage ledger added to the encoded law's (a law not researched or not
  /// encoded could also give them); the rest of `outcomes` is what the encoded rules give.
  var added: UInt8 = 0

  /// The rule that gives outcome `o` at this level, if the encoded law gives exactly `o` by one
  /// rule (in a combination where the unknown law adds nothing, that rule decides, and a rule
  /// that pre-empts lower levels still does).
  func rule(giving o: Outcomes) -> Int {
    let encoded = Outcomes(bits: outcomes.bits & ~added)
    return decider >= 0 && encoded.isSingle && encoded == o ? decider : -1
  }
}

extension CompiledLibrary {
  /// Fills the evaluator's compact rule table and the citations decisions copy.
  mutating func finishHotPath() {
    var programs = Programs()
    hot = rules.map { r in
      var program: [Op] = []
      programs.compile(r.condition, into: &program)
      return HotRule(
        outcome: .ofRule(r.status), effective: r.effective.days, until: r.until?.days ?? .max,
        exceptions: r.exceptions, program: program)
    }
    self.programs = programs
    references = RuleTable(
      rules.map {
        RuleReference(
          rule: $0.label, cite: $0.cite, source: $0.source, place: $0.place, completeness: $0.completeness)
      })
  }

  func evaluateTree(_ r: Int, _ k: PreparedCase) -> TreeResult {
    let rule = hot[r]
    var exceptions = TreeResult(outcomes: .none, decider: -1)
    var definite = false
    for e in rule.exceptions where hot[e].inForce(on: k.date) {
      let sub = evaluateTree(e, k)
      if sub.outcomes == .none { continue }
      // Cite an exception that surely applies before one that only may.
      if exceptions.decider < 0 || (sub.outcomes.isSingle && !definite) {
        exceptions.decider = sub.decider
        definite = sub.outcomes.isSingle
      }
      exceptions.outcomes = Outcomes.equalRank(exceptions.outcomes, sub.outcomes)
    }
    // An exception that surely applies decides; the rule's own condition does not matter.
    if !exceptions.outcomes.hasNone { return exceptions }
    let own: Outcomes
    switch run(rule.program, k) {
    case .yes: own = rule.outcome
    case .no: own = .none
    case .unknown: own = rule.outcome | .none
    }
    let result = Outcomes(bits: exceptions.outcomes.bits & ~1) | own
    let ownDecides = own.bits & rule.outcome.bits != 0
    return TreeResult(outcomes: result, decider: ownDecides ? r : exceptions.decider)
  }

  /// The outcome of one action at one place's level, given that place's root rules for it.
  func evaluateLevel(_ roots: [Int], _ k: PreparedCase) -> TreeResult {
    var result = TreeResult(outcomes: .none, decider: -1)
    var definite = false
    for r in roots where hot[r].inForce(on: k.date) {
      let sub = evaluateTree(r, k)
      if sub.outcomes == .none { continue }
      if result.decider < 0 || (sub.outcomes.isSingle && !definite) {
        result.decider = sub.decider
        definite = sub.outcomes.isSingle
      }
      result.outcomes = Outcomes.equalRank(result.outcomes, sub.outcomes)
    }
    return result
  }
}
