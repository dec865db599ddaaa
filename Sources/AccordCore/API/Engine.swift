import Foundation

/// Loads, checks and compiles a law library once, then decides cases against it.
///
/// ```swift
/// let engine = try Engine(directory: "law")
/// let decision = engine.decide(try Case(json: text))
/// ```
public struct Engine: Sendable {
  let library: CompiledLibrary
  /// Warnings the checker found (the library loaded, but they deserve attention).
  public let warnings: [Diagnostic]
  /// For each declared place: the chain from `US` down and, per level, the root rules per action.
  let chains: [String: ResolvedChain]
  /// Per law file: the warning a decision carries when it rests on a partial or summary source.
  let fileWarnings: [String]
  /// The coverage ledger's effect, per place, agency and date (built once each).
  let ledgerCache = LedgerCache()

  struct ResolvedChain: Sendable {
    var places: [String]
    /// Level → action index → root rule indices.
    var roots: [[[Int]]]
  }

  /// Checks and compiles a library given as files (path relative to the library root, text).
  /// - Throws: ``LawLoadError`` with every error the checker found.
  public init(files: [(path: String, text: String)]) throws(LawLoadError) {
    let (library, diagnostics) = Checker.check(files: files)
    if diagnostics.contains(where: { $0.severity == .error }) { throw LawLoadError(diagnostics: diagnostics) }
    self.library = library
    self.warnings = diagnostics
    var chains: [String: ResolvedChain] = [:]
    for id in library.places.keys { chains[id] = Engine.resolve(id, library) }
    self.chains = chains
    self.fileWarnings = library.files.map { file in
      "\(file.place) law \"\(file.title)\" is encoded from a \(file.completeness.rawValue.uppercased()) source (law/sources/\(file.source)); decisions that rest on it must be checked against the official text"
    }
  }

  static func resolve(_ place: String, _ library: CompiledLibrary) -> ResolvedChain {
    var start: String? = place
    while let p = start, library.places[p] == nil { start = Case.impliedParent(of: p) }
    var chain: [String] = []
    var current = start
    while let p = current, chain.count < 16 {
      chain.append(p)
      current = library.places[p]?.parent
    }
    chain.reverse()
    let empty = [[Int]](repeating: [], count: Action.allCases.count)
    // A file with `scope this-place` binds its own place's agencies only, not those beneath.
    let roots = chain.map { p in
      (library.roots[p] ?? empty).map { rules in
        rules.filter { p == place || !library.files[library.rules[$0].file].thisPlaceOnly }
      }
    }
    return ResolvedChain(places: chain, roots: roots)
  }

  /// Checks and compiles the library in a directory.
  /// - Throws: ``LawLoadError`` for law errors, or a file-system error.
  public init(directory: String) throws {
    try self.init(files: try Engine.readDirectory(directory))
  }

  /// Checks a library without keeping it: every diagnostic, errors and warnings.
  public static func check(files: [(path: String, text: String)]) -> [Diagnostic] {
    Checker.check(files: files).1
  }

  /// Reads every `.md` file under `directory`, with paths relative to it.
  /// - Throws: if the directory cannot be read, or with every file that is not UTF-8 (each located
  ///   at its first bad byte).
  public static func readDirectory(_ directory: String) throws -> [(path: String, text: String)] {
    let (files, problems) = try readDirectoryReporting(directory)
    if !problems.isEmpty { throw LawLoadError(diagnostics: problems) }
    return files
  }

  /// Like ``readDirectory(_:)``, but a file that is not UTF-8 becomes a located error and the other
  /// files are still read, so `accord check` reports everything at once.
  public static func readDirectoryReporting(_ directory: String) throws -> (
    files: [(path: String, text: String)], problems: [Diagnostic]
  ) {
    let root = URL(fileURLWithPath: directory).standardizedFileURL
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw LawLoadError(diagnostics: [
        Diagnostic(
          file: directory, line: 0, column: 0, message: "no law directory at `\(directory)`",
          help: "pass --law DIR with a folder of law files, or leave it out for the bundled library")
      ])
    }
    var files: [(String, String)] = []
    var problems: [Diagnostic] = []
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
      return ([], [])
    }
    for case let url as URL in walker where url.pathExtension == "md" {
      let path = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
      let data = try Data(contentsOf: url)
      guard let text = String(data: data, encoding: .utf8) else {
        let (line, column) = Engine.firstBadByte(data)
        problems.append(
          Diagnostic(
            file: path, line: line, column: column, message: "file is not valid UTF-8 (from this byte on)",
            help: "save it as UTF-8"))
        continue
      }
      files.append((path, text))
    }
    return (files.sorted { $0.0 < $1.0 }, problems.sorted { $0.file < $1.file })
  }

  /// Line and column (in bytes, 1-based) of the first byte where `data` stops being UTF-8.
  static func firstBadByte(_ data: Data) -> (Int, Int) {
    let bytes = [UInt8](data)
    var line = 1
    var lineStart = 0
    var i = 0
    while i < bytes.count {
      // Find the longest valid prefix by decoding one scalar at a time.
      let c = bytes[i]
      let n =
        c < 0x80
        ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1
      if n < 0 || i + n >= bytes.count || (n > 0 && !(1...n).allSatisfy({ bytes[i + $0] & 0xC0 == 0x80 })) {
        return (line, i - lineStart + 1)
      }
      if c == 0x0A {
        line += 1
        lineStart = i + 1
      }
      i += n + 1
    }
    return (line, i - lineStart + 1)
  }

  /// A fingerprint of the library text: every output names it.
  public var version: String { library.version }
  /// The law files with their provenance.
  public var files: [LawFile] { library.files }
  /// Every declared place, sorted by ID.
  public var places: [PlaceInfo] { library.places.values.sorted { $0.id < $1.id } }
  /// Number of rules.
  public var ruleCount: Int { library.rules.count }

  /// The places whose law applies to `place`, from `US` down to the most specific declared one.
  public func chain(for place: String) -> [String] {
    (chains[place] ?? Engine.resolve(place, library)).places
  }

  func reference(_ r: Int) -> RuleReference { library.references.references[r] }

  /// Decides every action for a case.
  public func decide(_ c: Case) -> Decision {
    let k = library.prepare(c)
    let resolved = chains[c.place] ?? Engine.resolve(c.place, library)
    var chain = resolved.places
    var actions: [ActionDecision] = []
    actions.reserveCapacity(Action.allCases.count)
    var conflicts: [Conflict] = []
    var warnings: [String] = []
    if chain.last != c.place {
      warnings.append(
        "no law is encoded for \(c.place) itself; applying \(chain.reversed().joined(separator: ", "))")
    }
    let coverageView = ledger(c, chain)
    if coverageView == nil {
      warnings.append(
        "this law library has no coverage ledger: a level without encoded law reads as silent, so the answer may rest on federal law alone"
      )
    }
    if let undeclared = coverageView?.undeclaredLocal { chain.append(undeclared) }
    var seenFiles = SeenFiles()
    var levels = [TreeResult](repeating: TreeResult(outcomes: .none, decider: -1), count: chain.count)
    for action in Action.allCases {
      for i in 0..<resolved.places.count {
        levels[i] = library.evaluateLevel(resolved.roots[i][action.index], k)
      }
      if let ledger = coverageView {
        for i in 0..<chain.count {
          let extra = ledger.extra[i][action.index]
          levels[i].added = extra & ~levels[i].outcomes.bits
          levels[i].outcomes.bits |= extra
        }
      }
      var d = compose(action, chain, levels, k, &conflicts, &warnings, &seenFiles)
      if d.status == .undetermined, let missing = coverageView?.needs[action.index], !missing.isEmpty {
        d.needs = missing + d.needs
      }
      actions.append(d)
    }
    if let ledger = coverageView { warnings += ledger.warnings }
    // A 287(g) agreement the law in force forbids.
    if !c.agreements287g.isEmpty, actions[Action.enter287g.index].status == .prohibited {
      let by = actions[Action.enter287g.index].because.first
      conflicts.append(
        Conflict(
          action: .enter287g, prevailingPlace: by?.place ?? c.place, prevailingStatus: .prohibited,
          prevailingRule: by,
          overriddenPlace: "US", overriddenStatus: .permitted, overriddenRule: nil,
          reason:
            "the agency has a 287(g) agreement (\(c.agreements287g.joined(separator: ", "))) that the law in force forbids; powers it would confer under 8 U.S.C. § 1357(g) are reported as the federal rules give them, but the agreement itself is unlawful here"
        ))
    }
    seenFiles.forEach { warnings.append(fileWarnings[$0]) }
    return Decision(
      place: c.place, date: c.date, actions: actions, conflicts: conflicts, warnings: warnings,
      lawVersion: library.version)
  }

  /// Composes the levels' outcomes for one action (federal first).
  func compose(
    _ action: Action, _ chain: [String], _ levels: [TreeResult], _ k: PreparedCase,
    _ conflicts: inout [Conflict], _ warnings: inout [String], _ seenFiles: inout SeenFiles
  ) -> ActionDecision {
    if levels.allSatisfy({ $0.outcomes.isSingle }) {
      let r = composeConcrete(action, chain, nil, levels)
      conflicts += r.conflicts
      return finish(action, r, levels, k, &warnings, &seenFiles)
    }
    // Some level depends on unknown facts: try every combination of what each level may give.
    var finals: UInt8 = 0
    var first: Composition?
    var outcomes = levels.map { Outcomes(bits: $0.outcomes.bits & (~$0.outcomes.bits &+ 1)) }
    while true {
      // Only the first combination's composition is kept, and none of its conflicts: skip them.
      let r = composeConcrete(action, chain, outcomes, levels, recordConflicts: false)
      finals |= r.final.status.map { Outcomes.of($0).bits } ?? (1 << 4)
      if first == nil { first = r }
      // Next combination: advance the lowest level to its next possible outcome.
      var i = 0
      while i < levels.count {
        let all = levels[i].outcomes.bits
        let above = all & ~((outcomes[i].bits << 1) &- 1)
        if above != 0 {
          outcomes[i] = Outcomes(bits: above & (~above &+ 1))
          break
        }
        outcomes[i] = Outcomes(bits: all & (~all &+ 1))
        i += 1
      }
      if i == levels.count { break }
    }
    let possible = Outcomes(bits: finals)
    if possible.isSingle, let only = possible.status, var r = first {
      r.final = .of(only)
      return finish(action, r, levels, k, &warnings, &seenFiles)
    }
    var needs: [String] = []
    // A rule that leaves the action open says why: its citation and note come first.
    for l in levels
    where !l.outcomes.isSingle && l.decider >= 0 && library.rules[l.decider].status == .undetermined {
      let rule = library.rules[l.decider]
      needs.append("open under \(rule.cite)\(rule.note.map { ": \($0)" } ?? "")")
    }
    for (i, l) in levels.enumerated() where !l.outcomes.isSingle {
      for root in library.roots[chain[i]]?[action.index] ?? [] { collectNeeds(root, k, &needs) }
    }
    // Keep the first mention of each need (linear: a case may list hundreds of offenses).
    if needs.count <= 16 {
      var unique: [String] = []
      unique.reserveCapacity(needs.count)
      for n in needs where !unique.contains(n) { unique.append(n) }
      needs = unique
    } else {
      var seen = Set<String>()
      needs = needs.filter { seen.insert($0).inserted }
    }
    let order: [Status] = [.required, .permitted, .prohibited]
    return ActionDecision(
      action: action, status: .undetermined, needs: needs,
      possible: order.filter { possible.bits & Outcomes.of($0).bits != 0 })
  }

  struct Composition {
    var final: Outcomes
    var prevailing: Int
    var conflicts: [Conflict]
  }

  /// Composes one concrete outcome per level (`outcomes`, or each level's own when it is nil).
  func composeConcrete(
    _ action: Action, _ chain: [String], _ outcomes: [Outcomes]?, _ levels: [TreeResult],
    recordConflicts: Bool = true
  ) -> Composition {
    var result = Composition(final: .none, prevailing: -1, conflicts: [])
    for i in 0..<levels.count {
      let o = outcomes?[i] ?? levels[i].outcomes
      if o == .conflict {
        // A clash between a lower level's own rules changes nothing where a higher level requires
        // or prohibits, or pre-empts lower law on this action.
        if let upper = result.final.status {
          let p = result.prevailing
          let rule = levels[p].rule(giving: outcomes?[p] ?? levels[p].outcomes)
          if upper != .permitted || (rule >= 0 && library.rules[rule].preempts) { continue }
        }
        result.final = .conflict
        result.prevailing = i
        return result
      }
      guard let lower = o.status else { continue }
      guard let upper = result.final.status else {
        result.final = o
        result.prevailing = i
        continue
      }
      if upper == lower {
        // The same status, but a lower level's rule that pre-empts what lies below it takes over
        // as the level that prevails (a state's pre-empting permission under a federal permission).
        let rule = levels[i].rule(giving: o)
        if rule >= 0, library.rules[rule].preempts { result.prevailing = i }
        continue
      }
      let p = result.prevailing
      let upperRule = levels[p].rule(giving: outcomes?[p] ?? levels[p].outcomes)
      let lowerRule = levels[i].rule(giving: o)
      func conflict(_ reason: @autoclosure () -> String) {
        guard recordConflicts else { return }
        result.conflicts.append(
          Conflict(
            action: action, prevailingPlace: chain[p], prevailingStatus: upper,
            prevailingRule: upperRule >= 0 ? reference(upperRule) : nil, overriddenPlace: chain[i],
            overriddenStatus: lower, overriddenRule: lowerRule >= 0 ? reference(lowerRule) : nil,
            reason: reason()))
      }
      if upperRule >= 0, library.rules[upperRule].preempts {
        conflict("\(chain[p]) law pre-empts lower levels on this action (\(library.rules[upperRule].cite))")
        continue
      }
      switch (upper, lower) {
      case (.permitted, _):
        result.final = o
        result.prevailing = i
      case (.required, .prohibited), (.prohibited, .required):
        let why =
          chain[p] == "US"
          ? "federal law prevails over conflicting state and local law (U.S. Const. art. VI, Supremacy Clause)"
          : "the higher level's law prevails over a conflicting lower level's"
        conflict(why)
      default:
        continue  // A lower permission adds nothing to a higher requirement or prohibition.
      }
    }
    return result
  }

  func finish(
    _ action: Action, _ r: Composition, _ levels: [TreeResult], _ k: PreparedCase, _ warnings: inout [String],
    _ seenFiles: inout SeenFiles
  ) -> ActionDecision {
    if r.final == .conflict {
      warnings.append(
        "rules of equal rank at \(r.prevailing >= 0 ? "level \(r.prevailing)" : "one level") both apply to \(action.rawValue) with different statuses; the library must make one an exception of the other"
      )
      return ActionDecision(action: action, status: .undetermined)
    }
    guard let status = r.final.status else {
      warnings.append(
        "no encoded rule at any level decides \(action.rawValue) for this case: the library is silent, so the status is undetermined (not a finding that the law permits it)"
      )
      return ActionDecision(action: action, status: .undetermined)
    }
    var decision = ActionDecision(action: action, status: status)
    decision.table = library.references
    for l in levels.reversed() where l.outcomes.isSingle && l.outcomes.status == status && l.decider >= 0 {
      decision.deciders.append(l.decider)
      let rule = l.decider
      if library.rules[rule].completeness != .verbatim { seenFiles.insert(library.rules[rule].file) }
    }
    return decision
  }

  // MARK: Needs

  static let chargePaths = (0..<32).map { "person.charges[\($0)]" }
  static let convictionPaths = (0..<32).map { "person.convictions[\($0)]" }

  func collectNeeds(_ r: Int, _ k: PreparedCase, _ out: inout [String]) {
    let rule = library.rules[r]
    guard rule.inForce(on: k.date) else { return }
    if library.evaluate(rule.condition, k) == .unknown { unknownFacts(rule.condition, k, &out) }
    for e in rule.exceptions { collectNeeds(e, k, &out) }
  }

  func unknownFacts(_ c: Cond, _ k: PreparedCase, _ out: inout [String]) {
    func add(_ s: String) { out.append(s) }
    guard library.evaluate(c, k) == .unknown else { return }
    switch c {
    case .scalarIn(let lane, _): add(Facts.scalars[lane].path)
    case .registryHas: add("person.registries")
    case .not(let x): unknownFacts(x, k, &out)
    case .and(let xs), .or(let xs): for x in xs { unknownFacts(x, k, &out) }
    case .quantifier(_, let list, let item):
      let name = list == 0 ? "person.charges" : "person.convictions"
      guard let items = k.list(list), let item else {
        add(name)
        return
      }
      for (i, it) in items.enumerated() {
        let paths = list == 0 ? Engine.chargePaths : Engine.convictionPaths
        unknownItemFacts(item, it, i < paths.count ? paths[i] : "\(name)[\(i)]", k.date, &out)
      }
    default: break
    }
  }

  func unknownItemFacts(
    _ c: ItemCond, _ it: PreparedItem, _ path: String, _ date: CivilDate, _ out: inout [String]
  ) {
    func add(_ s: String) { out.append(s) }
    guard library.evaluate(c, it, date) == .unknown else { return }
    switch c {
    case .gradeIn: add("\(path).grade")
    case .window, .dated: add("\(path).date")
    case .offenseIs: add("\(path).offense")
    case .probableCause: add("\(path).probableCause")
    case .category(let id): add("\(path).tags (\(library.categories[id].qualified))")
    case .not(let x): unknownItemFacts(x, it, path, date, &out)
    case .and(let xs), .or(let xs): for x in xs { unknownItemFacts(x, it, path, date, &out) }
    case .constant: break
    }
  }
}

/// The law files a decision rested on, in first-use order, without allocating for small libraries.
struct SeenFiles {
  var mask: UInt64 = 0
  var order: [Int] = []

  mutating func insert(_ f: Int) {
    if f < 64 {
      if mask & (1 << UInt64(f)) != 0 { return }
      mask |= 1 << UInt64(f)
    } else if order.contains(f) {
      return
    }
    order.append(f)
  }

  func forEach(_ body: (Int) -> Void) { order.forEach(body) }
}
