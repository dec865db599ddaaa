/// Builds a concrete case that realises a class, or finds that none exists.
///
/// Scalars, 287(g) models and registries are set directly. A list must contain, for each
/// exists-atom that is *yes*, an item satisfying its condition, and for each that is *unknown*,
/// an item on which it is unknown — while every item keeps the *no* atoms false and the
/// *unknown* atoms not true. Items are found by backtracking over the features the conditions
/// read: grade, date (as days before the case date, so one witness serves every side's date),
/// offense citation, each category's tag (asserted, denied or left open), probable cause.
struct WitnessSearch {
  /// Search results by list and constraint signature.
  var cache: [String: [Offense]?] = [:]

  /// Item dates are stored as days before the case date until a side fixes the date.
  static func shifted(_ o: Offense, to date: CivilDate) -> Offense {
    var o = o
    o.date = o.date.map { date.adding(days: -Int($0.days)) }
    return o
  }

  mutating func witness(_ a: Assignment, atoms: AtomTable, sides: [CaseSpace.Side]) -> Case? {
    var c = Case(date: sides[0].date, place: sides[0].place)
    var registries: [String] = []
    var registriesGiven = false
    var lists: [Int: Bool] = [:]
    for (i, atom) in atoms.atoms.enumerated() {
      guard let v = a[i] else { continue }
      switch atom {
      case .scalar(let lane): c.setScalar(lane: lane, value: v)
      case .agreement(let bit): if v == 1 { c.agreements287g.append(Case.models287g[bit]) }
      case .registriesGiven: registriesGiven = v == 1
      case .registry(let name): if v == 1 { registries.append(name) }
      case .listGiven(let list): lists[list] = v == 1
      case .exists: break
      }
    }
    if registriesGiven { c.registries = registries }
    for (list, given) in lists where given {
      var constraints: [(cond: ItemCond, side: Int, value: Int)] = []
      var key = "\(list)"
      for (i, atom) in atoms.atoms.enumerated() {
        guard case .exists(let l, let side, _, let cond) = atom, l == list, let v = a[i] else { continue }
        constraints.append((cond, side, v))
        key += "|\(i)=\(v)"
      }
      let items: [Offense]?
      if let cached = cache[key] {
        items = cached
      } else {
        items = Self.items(constraints, sides: sides)
        cache[key] = items
      }
      guard let items else { return nil }
      if list == 0 { c.charges = items } else { c.convictions = items }
    }
    return c
  }

  /// The items a list needs, or `nil` if no list satisfies the constraints.
  static func items(_ constraints: [(cond: ItemCond, side: Int, value: Int)], sides: [CaseSpace.Side])
    -> [Offense]?
  {
    var out: [Offense] = []
    for (k, target) in constraints.enumerated() where target.value != 0 {
      let want: Tri = target.value == 1 ? .yes : .unknown
      guard let item = search(constraints, focus: k, want: want, sides: sides) else { return nil }
      out.append(item)
    }
    return out
  }

  /// The features an item condition reads.
  struct Features {
    var grade = false
    var date = false
    var offense = false
    var probableCause = false
    var categories: [String] = []
  }

  static func features(_ c: ItemCond, _ lib: CompiledLibrary, into f: inout Features) {
    switch c {
    case .constant: break
    case .gradeIn: f.grade = true
    case .window, .dated: f.date = true
    case .offenseIs: f.offense = true
    case .probableCause: f.probableCause = true
    case .category(let id):
      f.offense = true
      let q = lib.categories[id].qualified
      if !f.categories.contains(q) { f.categories.append(q) }
    case .not(let x): features(x, lib, into: &f)
    case .and(let xs), .or(let xs): for x in xs { features(x, lib, into: &f) }
    }
  }

  /// Offsets (days before the case date) at which some window or date test changes value.
  static func offsets(_ c: ItemCond, _ side: CaseSpace.Side, into out: inout Set<Int>) {
    let lib = side.engine.library
    switch c {
    case .window(_, let d):
      if let t = lib.threshold(d, side.date) {
        let o = Int(side.date.days - t.days)
        out.formUnion([o - 1, o, o + 1])
      }
    case .dated(_, let d):
      let o = Int(side.date.days - d.days)
      out.formUnion([o - 1, o, o + 1])
    case .not(let x): offsets(x, side, into: &out)
    case .and(let xs), .or(let xs): for x in xs { offsets(x, side, into: &out) }
    default: break
    }
  }

  static func offenses(_ c: ItemCond, into out: inout [String]) {
    switch c {
    case .offenseIs(let s): if !out.contains(s) { out.append(s) }
    case .not(let x): offenses(x, into: &out)
    case .and(let xs), .or(let xs): for x in xs { offenses(x, into: &out) }
    default: break
    }
  }

  /// An item on which constraint `focus` has the value `want` and every other keeps within its
  /// class's value.
  static func search(
    _ constraints: [(cond: ItemCond, side: Int, value: Int)], focus: Int, want: Tri, sides: [CaseSpace.Side]
  ) -> Offense? {
    var f = Features()
    var offsets: Set<Int> = [0, 40_000]
    var citations: [String] = []
    for c in constraints {
      features(c.cond, sides[c.side].engine.library, into: &f)
      Self.offsets(c.cond, sides[c.side], into: &offsets)
      Self.offenses(c.cond, into: &citations)
    }
    // Each feature's choices; index 0 is the default used while a feature is not yet chosen.
    let grades: [Grade?] = f.grade ? [nil] + Grade.allCases : [nil]
    let dates: [Int?] = f.date ? [nil] + offsets.filter { $0 >= 0 }.sorted() : [nil]
    // An unlisted citation leaves every category open unless a tag decides it.
    let offenseChoices: [String?] = f.offense ? [nil, "ZZ WITNESS 0"] + citations : [nil]
    let pcs: [Bool?] = f.probableCause ? [nil, true, false] : [nil]
    let tagChoices = f.categories.count
    // The constraint checked first is the one most likely to fail: the focus.
    let order = [focus] + constraints.indices.filter { $0 != focus }
    func accept(_ item: Offense) -> Bool {
      // Each side prepares the candidate once, however many constraints it has.
      var prepared = [PreparedItem?](repeating: nil, count: sides.count)
      for k in order {
        let c = constraints[k]
        let lib = sides[c.side].engine.library
        let date = sides[c.side].date
        if prepared[c.side] == nil { prepared[c.side] = lib.prepare(shifted(item, to: date)) }
        let v = lib.evaluate(c.cond, prepared[c.side]!, date)
        if k == focus {
          if v != want { return false }
        } else if c.value == 0 {
          if v != .no { return false }
        } else if c.value == 2 {
          if v == .yes { return false }
        }
      }
      return true
    }
    // Tags: 0 open, 1 asserted, 2 denied, for each category; enumerated as a base-3 counter.
    var tagCombos = 1
    for _ in 0..<tagChoices where tagCombos < 59_049 { tagCombos *= 3 }
    for g in grades {
      for d in dates {
        for o in offenseChoices {
          for pc in pcs {
            for combo in 0..<tagCombos {
              var tags: [String] = []
              var rest = combo
              for name in f.categories {
                switch rest % 3 {
                case 1: tags.append(name)
                case 2: tags.append("!" + name)
                default: break
                }
                rest /= 3
              }
              // With no citation, an empty tag list means "nothing else"; no tags at all, unknown.
              let item = Offense(
                offense: o, grade: g, date: d.map { CivilDate(days: Int32($0)) },
                tags: (o == nil && combo == 0) ? nil : tags, probableCause: pc)
              if accept(item) { return item }
              if o == nil && combo == 0 {
                let closed = Offense(
                  offense: nil, grade: g, date: d.map { CivilDate(days: Int32($0)) }, tags: [],
                  probableCause: pc)
                if accept(closed) { return closed }
              }
            }
          }
        }
      }
    }
    return nil
  }
}

extension Case {
  /// Sets a scalar fact by its lane (-1 leaves it unknown).
  mutating func setScalar(lane: Int, value v: Int) {
    guard v >= 0 else { return }
    lanes[lane] = Int8(v)
  }
}
