/// The case space as finite classes: every case falls into exactly one class, and no rule of the
/// law examined can tell two cases of one class apart.
///
/// A class is an assignment to the *atoms* the rules test — each scalar fact (with *unknown* as a
/// value), each 287(g) model, each registry, and, for the charges and the convictions, whether
/// some item satisfies each condition a quantifier puts on them (yes, no, or unknown). Atoms no
/// rule needs under the others' values stay unassigned. The classes are the leaves of a tree that
/// splits only on atoms some undetermined condition still depends on. A class is kept only if a
/// concrete case realises it: its *witness*, built from items found by search, is what the engine
/// decides.
public struct CaseSpace: Sendable {
  /// One side of an analysis: a library, a place and a date.
  public struct Side: Sendable {
    public let engine: Engine
    public let place: String
    public let date: CivilDate
    public init(engine: Engine, place: String, date: CivilDate) {
      self.engine = engine
      self.place = place
      self.date = date
    }
  }

  /// A class: its atoms' values, a concrete case that realises it, and the engine's decision of
  /// that case on every side.
  public struct Class: Sendable {
    /// Assigned atoms, in plain words (`ice.warrant = judicial`, `any conviction where (…): yes`).
    public var description: [String]
    public var witness: Case
    public var decisions: [Decision]
  }

  public let sides: [Side]
  public let actions: [Action]
  public private(set) var classes: [Class] = []
  /// Assignments the tree reached that no concrete case realises (dropped).
  public private(set) var unrealisable = 0
  let atoms: AtomTable
  let tree: Node

  /// Builds the partition for `actions` over the rules of every side.
  /// - Parameter extraFacts: fact paths a property mentions, split on even where no rule needs them.
  public init(sides: [Side], actions: [Action], extraFacts: [String] = []) {
    self.sides = sides
    self.actions = actions
    var table = AtomTable()
    var conditions: [(side: Int, cond: Cond)] = []
    var levels: [(side: Int, roots: [Int])] = []
    for (s, side) in sides.enumerated() {
      let lib = side.engine.library
      let chain = side.engine.chains[side.place] ?? Engine.resolve(side.place, lib)
      var seen = Set<Int>()
      func add(_ r: Int) {
        guard seen.insert(r).inserted else { return }
        let rule = lib.rules[r]
        if rule.inForce(on: side.date) { conditions.append((s, rule.condition)) }
        for e in rule.exceptions { add(e) }
      }
      for level in chain.roots {
        for action in actions {
          for r in level[action.index] { add(r) }
          levels.append((s, level[action.index]))
        }
      }
    }
    for (s, c) in conditions { table.register(c, side: s, sides: sides) }
    // The coverage ledger's county and city levels bind some agencies and not others (a state
    // prison, a city's police): where a side has such a level, the agency splits the classes.
    let ledgerFacts =
      sides.contains { side in
        !side.engine.library.coverage.isEmpty && side.place.contains("/")
      } ? ["agency"] : []
    let forcedFacts = extraFacts + ledgerFacts.filter { !extraFacts.contains($0) }
    for f in forcedFacts { table.registerFact(f) }
    atoms = table
    var builder = Builder(atoms: table, sides: sides, levels: levels)
    builder.forced = forcedFacts.flatMap { table.atomsForFact($0) }
    tree = builder.split(Assignment(count: table.atoms.count))
    classes = builder.classes
    unrealisable = builder.unrealisable
  }

  /// The class a case falls into (its index in ``classes``), or `nil` if its class was
  /// unrealisable (impossible for a real case) — used to check that the partition is exhaustive.
  public func classIndex(of c: Case) -> Int? {
    let prepared = sides.map { $0.engine.library.prepare(c) }
    var node = tree
    while true {
      switch node {
      case .leaf(let i): return i
      case .dropped: return nil
      case .split(let atom, let children):
        let v = atoms.value(atom, of: c, prepared: prepared, sides: sides)
        guard let next = children.first(where: { $0.value == v }) else { return nil }
        node = next.node
      }
    }
  }

  indirect enum Node: Sendable {
    case leaf(Int)
    case dropped
    case split(Int, [(value: Int, node: Node)])
  }
}

// MARK: - Atoms

/// What a class assigns values to.
enum Atom: Sendable {
  /// A scalar lane: values 0..<n, and -1 for unknown.
  case scalar(lane: Int)
  /// A 287(g) model: 0 no, 1 yes.
  case agreement(bit: Int)
  /// Whether the case gives its registries at all: 0 absent (every registry unknown), 1 given.
  case registriesGiven
  /// A registry (given registries only): 0 not listed, 1 listed.
  case registry(String)
  /// Whether a list (0 charges, 1 convictions) is given: 0 absent, 1 given.
  case listGiven(Int)
  /// Whether some item of a given list satisfies a condition, on one side: 0 no, 1 yes, 2 unknown.
  case exists(list: Int, side: Int, key: String, cond: ItemCond)
}

/// A partial assignment: -2 unassigned, else the atom's value.
struct Assignment: Sendable {
  var values: [Int]
  init(count: Int) { values = Array(repeating: -2, count: count) }
  subscript(_ i: Int) -> Int? { values[i] == -2 ? nil : values[i] }
}

struct AtomTable: Sendable {
  var atoms: [Atom] = []
  var index: [String: Int] = [:]

  mutating func intern(_ key: String, _ atom: Atom) -> Int {
    if let i = index[key] { return i }
    atoms.append(atom)
    index[key] = atoms.count - 1
    return atoms.count - 1
  }

  /// The key of an exists-atom: the list, the side's date (conditions read dates against it)
  /// and library, and the item condition's text.
  static func existsKey(list: Int, side: Int, sides: [CaseSpace.Side], cond: ItemCond) -> String {
    let s = sides[side]
    let lib = s.engine.library
    let owner = sides.firstIndex { $0.engine.library.version == lib.version && $0.date == s.date } ?? side
    return "exists|\(list)|\(owner)|\(s.engine.readItem(cond))"
  }

  mutating func register(_ c: Cond, side: Int, sides: [CaseSpace.Side]) {
    switch c {
    case .constant: break
    case .scalarIn(let lane, _): _ = intern("scalar|\(lane)", .scalar(lane: lane))
    case .agreementHas(let bit, _): _ = intern("agreement|\(bit)", .agreement(bit: bit))
    case .registryHas(let name):
      _ = intern("registriesGiven", .registriesGiven)
      _ = intern("registry|\(name)", .registry(name))
    case .not(let x): register(x, side: side, sides: sides)
    case .and(let xs), .or(let xs): for x in xs { register(x, side: side, sides: sides) }
    case .quantifier(let q, let list, let item):
      _ = intern("listGiven|\(list)", .listGiven(list))
      let cond = item ?? .constant(true)
      let target: ItemCond = q == .every ? .not(cond) : cond
      let key = Self.existsKey(list: list, side: side, sides: sides, cond: target)
      _ = intern(key, .exists(list: list, side: side, key: key, cond: target))
    }
  }

  /// The atoms a property's fact reads.
  func atomsForFact(_ path: String) -> [Int] {
    if let s = Facts.scalarByPath[path] { return index["scalar|\(s.lane)"].map { [$0] } ?? [] }
    if path == "agreements287g" { return (0..<Case.models287g.count).compactMap { index["agreement|\($0)"] } }
    return []
  }

  mutating func registerFact(_ path: String) {
    if let s = Facts.scalarByPath[path] { _ = intern("scalar|\(s.lane)", .scalar(lane: s.lane)) }
    if path == "agreements287g" {
      for bit in 0..<Case.models287g.count { _ = intern("agreement|\(bit)", .agreement(bit: bit)) }
    }
  }

  /// Every value an atom can take, under the values of the atoms it depends on.
  func domain(_ i: Int, _ a: Assignment) -> [Int] {
    switch atoms[i] {
    case .scalar(let lane): return [-1] + Array(0..<(Facts.scalars[lane].values?.count ?? 2))
    case .agreement, .registriesGiven, .listGiven: return [0, 1]
    case .registry: return [0, 1]
    case .exists: return [0, 1, 2]
    }
  }

  /// The atom an exists-atom or registry atom depends on first.
  func prerequisite(_ i: Int) -> Int? {
    switch atoms[i] {
    case .registry: return index["registriesGiven"]
    case .exists(let list, _, _, _): return index["listGiven|\(list)"]
    default: return nil
    }
  }

  /// The atom's value for a concrete case (for finding a case's class).
  func value(_ i: Int, of c: Case, prepared: [PreparedCase], sides: [CaseSpace.Side]) -> Int {
    switch atoms[i] {
    case .scalar(let lane): return Int(prepared[0].scalars[lane])
    case .agreement(let bit): return prepared[0].agreements & (1 << UInt8(bit)) != 0 ? 1 : 0
    case .registriesGiven: return c.registries == nil ? 0 : 1
    case .registry(let name): return c.registries?.contains(name) == true ? 1 : 0
    case .listGiven(let list): return (list == 0 ? c.charges : c.convictions) == nil ? 0 : 1
    case .exists(let list, let side, _, let cond):
      let k = prepared[side]
      guard let items = k.list(list) else { return 2 }
      var any = Tri.no
      for it in items { any = Tri.or(any, sides[side].engine.library.evaluate(cond, it, k.date)) }
      return any == .yes ? 1 : (any == .no ? 0 : 2)
    }
  }

  /// A readable statement of an assigned atom.
  func describe(_ i: Int, _ v: Int, _ sides: [CaseSpace.Side]) -> String? {
    switch atoms[i] {
    case .scalar(let lane):
      let f = Facts.scalars[lane]
      if v < 0 { return "\(f.path) unknown" }
      return "\(f.path) = \(f.values.map { $0[v] } ?? (v == 1 ? "true" : "false"))"
    case .agreement(let bit): return "agreements287g \(v == 1 ? "has" : "lacks") \(Case.models287g[bit])"
    case .registriesGiven: return v == 0 ? "person.registries unknown" : nil
    case .registry(let name): return "person.registries \(v == 1 ? "has" : "lacks") \(name)"
    case .listGiven(let list):
      return v == 0 ? "\(list == 0 ? "person.charges" : "person.convictions") unknown" : nil
    case .exists(let list, let side, _, let cond):
      let what = list == 0 ? "charge" : "conviction"
      let value = v == 1 ? "yes" : (v == 0 ? "no" : "unknown")
      return "some \(what) where \(sides[side].engine.readItem(cond)): \(value)"
    }
  }
}

/// A rule condition with its atoms resolved to indices, so the tree's inner loop does no lookups.
indirect enum ACond: Sendable {
  case constant(Tri)
  case scalar(Int, mask: UInt32)
  case agreement(Int, negated: Bool)
  case registry(given: Int, Int)
  case not(ACond)
  case and([ACond])
  case or([ACond])
  /// `any` tests E(c); `no` is ¬E(c); `every` is ¬E(¬c).
  case quantifier(any: Bool, given: Int, exists: Int)
}

extension AtomTable {
  func compile(_ c: Cond, side: Int, sides: [CaseSpace.Side]) -> ACond {
    switch c {
    case .constant(let t): return .constant(t)
    case .scalarIn(let lane, let mask): return .scalar(index["scalar|\(lane)"]!, mask: mask)
    case .agreementHas(let bit, let negated): return .agreement(index["agreement|\(bit)"]!, negated: negated)
    case .registryHas(let name):
      return .registry(given: index["registriesGiven"]!, index["registry|\(name)"]!)
    case .not(let x): return .not(compile(x, side: side, sides: sides))
    case .and(let xs): return .and(xs.map { compile($0, side: side, sides: sides) })
    case .or(let xs): return .or(xs.map { compile($0, side: side, sides: sides) })
    case .quantifier(let q, let list, let item):
      let cond = item ?? .constant(true)
      let target: ItemCond = q == .every ? .not(cond) : cond
      let e = index[Self.existsKey(list: list, side: side, sides: sides, cond: target)]!
      return .quantifier(any: q == .any, given: index["listGiven|\(list)"]!, exists: e)
    }
  }
}

// MARK: - Building the tree

/// Sets of three-valued outcomes: bit 0 no, bit 1 yes, bit 2 unknown.
struct TriSet: Sendable, Equatable {
  var bits: UInt8
  static let all = TriSet(bits: 7)
  static func of(_ t: Tri) -> TriSet { TriSet(bits: 1 << t.rawValue) }
  var isSingle: Bool { bits.nonzeroBitCount == 1 }
  func map(_ f: (Tri) -> Tri) -> TriSet {
    var out: UInt8 = 0
    for t in [Tri.no, .yes, .unknown] where bits & (1 << t.rawValue) != 0 { out |= 1 << f(t).rawValue }
    return TriSet(bits: out)
  }
  func combine(_ o: TriSet, _ f: (Tri, Tri) -> Tri) -> TriSet {
    var out: UInt8 = 0
    for a in [Tri.no, .yes, .unknown] where bits & (1 << a.rawValue) != 0 {
      for b in [Tri.no, .yes, .unknown] where o.bits & (1 << b.rawValue) != 0 { out |= 1 << f(a, b).rawValue }
    }
    return TriSet(bits: out)
  }
}

struct Builder {
  let atoms: AtomTable
  let sides: [CaseSpace.Side]
  /// Every level (a place's root rules for one action) of every side.
  let levels: [(side: Int, roots: [Int])]
  /// Each side's rule conditions, compiled against the atom table (by rule index).
  let conds: [[Int: ACond]]
  var classes: [CaseSpace.Class] = []
  var unrealisable = 0
  var witnesses = WitnessSearch()
  /// Atoms every class must assign (the facts a property reads).
  var forced: [Int] = []

  init(atoms: AtomTable, sides: [CaseSpace.Side], levels: [(side: Int, roots: [Int])]) {
    self.atoms = atoms
    self.sides = sides
    self.levels = levels
    var conds = [[Int: ACond]](repeating: [:], count: sides.count)
    for (side, roots) in levels {
      let lib = sides[side].engine.library
      var seen = Set<Int>()
      func add(_ r: Int) {
        guard seen.insert(r).inserted else { return }
        // Rules out of force on the side's date are never evaluated (and their atoms never registered).
        if lib.rules[r].inForce(on: sides[side].date) {
          conds[side][r] = atoms.compile(lib.rules[r].condition, side: side, sides: sides)
        }
        for e in lib.rules[r].exceptions { add(e) }
      }
      for r in roots { add(r) }
    }
    self.conds = conds
  }

  /// The outcomes a condition can still have under a partial assignment; and the first
  /// unassigned atom it depends on.
  func possible(_ c: ACond, _ a: Assignment) -> (TriSet, Int?) {
    switch c {
    case .constant(let t): return (.of(t), nil)
    case .scalar(let i, let mask):
      guard let v = a[i] else { return (.all, i) }
      if v < 0 { return (.of(.unknown), nil) }
      return (.of(mask & (1 << UInt32(v)) != 0 ? .yes : .no), nil)
    case .agreement(let i, let negated):
      guard let v = a[i] else { return (TriSet(bits: 3), i) }
      return (.of(((v == 1) != negated) ? .yes : .no), nil)
    case .registry(let g, let i):
      guard let given = a[g] else { return (.all, g) }
      if given == 0 { return (.of(.unknown), nil) }
      guard let v = a[i] else { return (TriSet(bits: 3), i) }
      return (.of(v == 1 ? .yes : .no), nil)
    case .not(let x):
      let (s, n) = possible(x, a)
      return (s.map { $0.negated }, n)
    case .and(let xs), .or(let xs):
      let isAnd = if case .and = c { true } else { false }
      var acc = TriSet.of(isAnd ? .yes : .no)
      var next: Int?
      for x in xs {
        let (s, n) = possible(x, a)
        acc = acc.combine(s, isAnd ? Tri.and : Tri.or)
        if next == nil { next = n }
      }
      return (acc, acc.isSingle ? nil : next)
    case .quantifier(let any, let g, let i):
      guard let given = a[g] else { return (.all, g) }
      if given == 0 { return (.of(.unknown), nil) }
      guard let v = a[i] else { return (.all, i) }
      let e: Tri = v == 1 ? .yes : (v == 0 ? .no : .unknown)
      return (.of(any ? e : e.negated), nil)
    }
  }

  /// The values a rule's tree (the rule and its exceptions, as the engine evaluates them) can
  /// still take — an over-approximation, since it ignores atoms shared between conditions — and
  /// an unassigned atom to split on if there is more than one. A set of values is a bitmask over
  /// the 32 possible outcome bitsets.
  func treeValues(_ r: Int, _ side: Int, _ a: Assignment) -> (UInt32, Int?) {
    let lib = sides[side].engine.library
    let date = sides[side].date
    let rule = lib.hot[r]
    var next: Int?
    var exceptions: UInt32 = 1 << UInt32(Outcomes.none.bits)
    for e in rule.exceptions where lib.hot[e].inForce(on: date) {
      let (sub, n) = treeValues(e, side, a)
      if next == nil { next = n }
      exceptions = Self.combine(exceptions, sub)
    }
    let (p, n) = possible(conds[side][r]!, a)
    var own: UInt32 = 0
    if p.bits & TriSet.of(.yes).bits != 0 { own |= 1 << UInt32(rule.outcome.bits) }
    if p.bits & TriSet.of(.no).bits != 0 { own |= 1 << UInt32(Outcomes.none.bits) }
    if p.bits & TriSet.of(.unknown).bits != 0 { own |= 1 << UInt32(rule.outcome.bits | Outcomes.none.bits) }
    var out: UInt32 = 0
    var ownMatters = false
    for x in Self.members(exceptions) {
      if x & 1 == 0 {
        out |= 1 << UInt32(x)
        continue
      }
      ownMatters = true
      for o in Self.members(own) { out |= 1 << UInt32((x & ~1) | o) }
    }
    // The rule's own condition matters only where some exception may not apply.
    if next == nil && ownMatters && !p.isSingle { next = n }
    return (out, out.nonzeroBitCount > 1 ? (next ?? n) : nil)
  }

  /// The values in a bitmask of outcome bitsets.
  static func members(_ m: UInt32) -> [UInt8] {
    var out: [UInt8] = []
    var rest = m
    while rest != 0 {
      out.append(UInt8(rest.trailingZeroBitCount))
      rest &= rest - 1
    }
    return out
  }

  /// Every combination of two equal-rank values.
  static func combine(_ a: UInt32, _ b: UInt32) -> UInt32 {
    var out: UInt32 = 0
    for x in members(a) {
      for y in members(b) {
        out |= 1 << UInt32(Outcomes.equalRank(Outcomes(bits: x), Outcomes(bits: y)).bits)
      }
    }
    return out
  }

  /// The values a level can still take, and an atom to split on.
  func levelValues(_ roots: [Int], _ side: Int, _ a: Assignment) -> (UInt32, Int?) {
    let lib = sides[side].engine.library
    var values: UInt32 = 1 << UInt32(Outcomes.none.bits)
    var next: Int?
    for r in roots where lib.hot[r].inForce(on: sides[side].date) {
      let (sub, n) = treeValues(r, side, a)
      if next == nil { next = n }
      values = Self.combine(values, sub)
    }
    return (values, values.nonzeroBitCount > 1 ? next : nil)
  }

  mutating func split(_ a: Assignment) -> CaseSpace.Node {
    for (side, roots) in levels {
      let (values, next) = levelValues(roots, side, a)
      guard values.nonzeroBitCount > 1, var atom = next else { continue }
      if let p = atoms.prerequisite(atom), a[p] == nil { atom = p }
      var children: [(value: Int, node: CaseSpace.Node)] = []
      for v in atoms.domain(atom, a) {
        var b = a
        b.values[atom] = v
        children.append((v, split(b)))
      }
      return .split(atom, children)
    }
    if let atom = forced.first(where: { a[$0] == nil }) {
      var children: [(value: Int, node: CaseSpace.Node)] = []
      for v in atoms.domain(atom, a) {
        var b = a
        b.values[atom] = v
        children.append((v, split(b)))
      }
      return .split(atom, children)
    }
    return leaf(a)
  }

  mutating func leaf(_ a: Assignment) -> CaseSpace.Node {
    guard let witness = witnesses.witness(a, atoms: atoms, sides: sides) else {
      unrealisable += 1
      return .dropped
    }
    let description = a.values.indices.compactMap { i in a[i].flatMap { atoms.describe(i, $0, sides) } }
    let decisions = sides.map { side -> Decision in
      var c = witness
      c.date = side.date
      c.place = side.place
      c.charges = c.charges?.map { WitnessSearch.shifted($0, to: side.date) }
      c.convictions = c.convictions?.map { WitnessSearch.shifted($0, to: side.date) }
      return side.engine.decide(c)
    }
    var shown = witness
    shown.place = sides[0].place
    shown.date = sides[0].date
    shown.charges = shown.charges?.map { WitnessSearch.shifted($0, to: sides[0].date) }
    shown.convictions = shown.convictions?.map { WitnessSearch.shifted($0, to: sides[0].date) }
    classes.append(CaseSpace.Class(description: description, witness: shown, decisions: decisions))
    return .leaf(classes.count - 1)
  }
}
