/// Checks a law library and compiles it: names resolved, types checked, exceptions linked,
/// overlaps found. Every problem becomes a ``Diagnostic``; the library is usable only when
/// there are no errors.
struct Checker {
  var diagnostics: [Diagnostic] = []
  var library = CompiledLibrary()
  /// File names present under `sources/`.
  var sourceNames: Set<String> = []

  mutating func error(_ l: SourceLocation, _ message: String, help: String? = nil) {
    diagnostics.append(Diagnostic(file: l.file, line: l.line, column: l.column, message: message, help: help))
  }

  mutating func date(_ d: Located<String>?, what: String) -> CivilDate? {
    guard let d else { return nil }
    guard let value = CivilDate(parsing: d.value) else {
      error(d.location, "`\(d.value)` is not a valid date for `\(what)`", help: "write dates as YYYY-MM-DD")
      return nil
    }
    return value
  }

  /// Checks and compiles `files` (paths relative to the library root).
  static func check(files: [(path: String, text: String)]) -> (CompiledLibrary, [Diagnostic]) {
    var checker = Checker()
    var parsed: [ParsedFile] = []
    for f in files.sorted(by: { $0.path < $1.path }) {
      if f.path.hasPrefix("sources/") {
        checker.sourceNames.insert(String(f.path.dropFirst("sources/".count)))
        continue
      }
      let (p, d) = Parser.parse(path: f.path, text: f.text)
      checker.diagnostics += d
      parsed.append(p)
    }
    checker.library.version = LibraryVersion.make(files)
    if parsed.allSatisfy({ $0.rules.isEmpty }) {
      checker.diagnostics.append(
        Diagnostic(
          file: parsed.first?.path ?? ".", line: 1, column: 1, severity: .warning,
          message: "the library has no rules: every decision will be undetermined or federal-less",
          help: "point --law at a folder of law files (places.md and one folder per place)"))
    }
    for p in parsed where p.header != nil && p.rules.isEmpty && p.parameters.isEmpty && p.offenses.isEmpty {
      if p.header?.gaps.isEmpty ?? true {
        checker.diagnostics.append(
          Diagnostic(
            file: p.path, line: p.header?.location.line ?? 1, column: 1, severity: .warning,
            message: "law file has a `law` header but no rules",
            help:
              "if the law decides nothing, say why with a `gap` line; if rules were meant, check that their block opens with ```accord"
          ))
      }
    }
    checker.collectPlaces(parsed)
    checker.collectFiles(parsed)
    checker.collectCoverage(parsed)
    checker.collectCategories(parsed)
    checker.collectParameters(parsed)
    checker.collectRules(parsed)
    checker.linkExceptions()
    checker.checkOverlaps()
    checker.library.finishHotPath()
    return (checker.library, checker.diagnostics)
  }

  // MARK: Places

  mutating func collectPlaces(_ parsed: [ParsedFile]) {
    var decls: [PlaceDecl] = []
    for f in parsed { decls += f.places }
    for d in decls {
      let id = d.id.value
      guard Case.isPlaceID(id) else {
        error(d.id.location, "`\(id)` is not a place ID", help: "write US, US-XX or US-XX/lowercase-slug")
        continue
      }
      guard library.places[id] == nil else {
        error(d.id.location, "place `\(id)` is declared twice", help: "keep one declaration")
        continue
      }
      guard let levelText = d.level else {
        error(d.location, "place `\(id)` has no `level`", help: "add `level federal|state|county|city`")
        continue
      }
      guard let level = Level(rawValue: levelText.value) else {
        error(
          levelText.location, "unknown level `\(levelText.value)`",
          help: "levels are federal, state, county, city")
        continue
      }
      if id != "US", d.parent == nil {
        error(
          d.location, "place `\(id)` has no `parent`",
          help: "add `parent US` or the state or county it lies in")
      }
      library.places[id] = PlaceInfo(
        id: id, name: d.name ?? id, level: level, parent: d.parent?.value, files: [])
    }
    for d in decls {
      guard let parent = d.parent, library.places[d.id.value] != nil else { continue }
      if library.places[parent.value] == nil {
        error(
          parent.location, "unknown parent place `\(parent.value)`",
          help: "declare it with `place \(parent.value)`")
        library.places[d.id.value]?.parent = nil
      }
    }
    // Cycles.
    for id in library.places.keys.sorted() {
      var seen: Set<String> = [id]
      var current = library.places[id]?.parent
      while let p = current {
        if !seen.insert(p).inserted {
          let l = decls.first { $0.id.value == id }!.id.location
          error(l, "place `\(id)` is its own ancestor", help: "fix the `parent` chain")
          library.places[id]?.parent = nil
          break
        }
        current = library.places[p]?.parent
      }
    }
  }

  // MARK: Files

  /// Index of each parsed file in `library.files`, or nil when it gives no law.
  var fileIndex: [String: Int] = [:]

  mutating func collectFiles(_ parsed: [ParsedFile]) {
    for f in parsed {
      let hasLaw = !f.rules.isEmpty || !f.parameters.isEmpty || !f.offenses.isEmpty
      guard let h = f.header else {
        if hasLaw {
          error(
            SourceLocation(file: f.path, line: 1, column: 1), "law file has rules but no `law` header",
            help:
              "start the first accord block with `law PLACE` and its source, completeness, verified, effective"
          )
        }
        continue
      }
      let place = h.place.value
      if library.places[place] == nil {
        error(
          h.place.location, "unknown place `\(place)`", help: "declare it with a `place` block in places.md")
      }
      var ok = true
      if h.title == nil {
        error(
          h.location, "law file has no `title`", help: "add `title \"…\"` naming the law as its source does")
      }
      var source = ""
      if let s = h.source {
        source = s.value
        if !sourceNames.isEmpty, !sourceNames.contains(s.value) {
          error(
            s.location, "source file `\(s.value)` is not in law/sources/",
            help: "copy the source text there, or fix the file name")
        }
      } else {
        error(
          h.location, "law file has no `source`",
          help: "add `source \"file.md\"` naming its text under law/sources/")
        ok = false
      }
      var completeness = Completeness.summary
      if let c = h.completeness {
        if let v = Completeness(rawValue: c.value) {
          completeness = v
        } else {
          error(c.location, "unknown completeness `\(c.value)`", help: "use verbatim, partial or summary")
          ok = false
        }
      } else {
        error(
          h.location, "law file has no `completeness`", help: "add `completeness verbatim|partial|summary`")
        ok = false
      }
      let verified = date(h.verified, what: "verified")
      if h.verified == nil {
        error(
          h.location, "law file has no `verified` date",
          help: "add `verified YYYY-MM-DD`: when the encoding was checked")
      }
      let effective = date(h.effective, what: "effective")
      if h.effective == nil {
        error(
          h.location, "law file has no `effective` date",
          help: "add `effective YYYY-MM-DD`: the first day in force")
      }
      let until = date(h.until, what: "until")
      if let e = effective, let u = until, u < e {
        error(
          h.until!.location, "`until` \(u) is before `effective` \(e)", help: "until is the last day in force"
        )
      }
      var thisPlaceOnly = false
      if let s = h.scope {
        switch s.value {
        case "this-place": thisPlaceOnly = true
        case "and-below": break
        default:
          error(
            s.location, "unknown scope `\(s.value)`",
            help: "use `scope this-place` (the place's own agencies only) or `scope and-below` (the default)")
        }
      }
      guard ok, let effective else { continue }
      fileIndex[f.path] = library.files.count
      library.places[place]?.files.append(library.files.count)
      library.files.append(
        LawFile(
          path: f.path, place: place, title: h.title ?? f.path, source: source, completeness: completeness,
          verified: verified ?? effective, effective: effective, until: until, gaps: h.gaps,
          ruleCount: f.rules.count, thisPlaceOnly: thisPlaceOnly))
    }
  }

  /// The validity of a declaration: its own dates inside its file's.
  mutating func validity(
    file: Int, effective: Located<String>?, until: Located<String>?
  ) -> (CivilDate, CivilDate?) {
    let f = library.files[file]
    var e = f.effective
    var u = f.until
    if let own = date(effective, what: "effective") {
      if own < f.effective {
        error(
          effective!.location, "`effective` \(own) is before the file's \(f.effective)",
          help: "a rule cannot be in force before the law that holds it")
      }
      e = max(own, f.effective)
    }
    if let own = date(until, what: "until") {
      if let fu = f.until, own > fu {
        error(
          until!.location, "`until` \(own) is after the file's \(fu)", help: "a rule cannot outlive its law")
      }
      u = min(own, f.until ?? own)
    }
    // The file's own inverted dates are reported at its header; a rule's, at the rule.
    if let u, u < e, let until, f.until.map({ u < $0 }) ?? true {
      error(until.location, "`until` \(u) is before `effective` \(e)", help: "until is the last day in force")
    }
    return (e, u)
  }

  // MARK: Categories

  /// Place → name → category index.
  var categoryByPlace: [String: [String: Int]] = [:]

  mutating func collectCategories(_ parsed: [ParsedFile]) {
    for f in parsed {
      guard let fi = fileIndex[f.path] else { continue }
      let place = library.files[fi].place
      for o in f.offenses {
        let name = o.name.value
        guard categoryByPlace[place]?[name] == nil else {
          error(o.name.location, "offense list `\(place):\(name)` is declared twice", help: "merge the lists")
          continue
        }
        guard library.categories.count < CategorySet.capacity else {
          error(o.name.location, "too many offense lists (at most \(CategorySet.capacity))")
          continue
        }
        var complete = false
        if let c = o.complete {
          switch c.value {
          case "yes": complete = true
          case "no": complete = false
          default: error(c.location, "`complete` must be yes or no, not `\(c.value)`")
          }
        }
        if complete, o.codes.isEmpty {
          error(
            o.location, "complete list `\(name)` has no `codes`",
            help:
              "add codes \"…\": the citation prefixes for which an unlisted offense is known not to be in it")
        }
        if o.cite == nil {
          error(
            o.location, "offense list `\(name)` has no `cite`",
            help: "add `cite \"…\"` naming the clause that lists them")
        }
        let id = library.categories.count
        categoryByPlace[place, default: [:]][name] = id
        library.categories.append(
          Category(
            place: place, name: name, complete: complete, codes: o.codes.map(normalizeCitation),
            cite: o.cite ?? "",
            entryCount: o.entries.count,
            profiles: o.profiles.compactMap { p in
              guard ReferenceProfile.categoryProfiles.contains(p.value) else {
                error(
                  p.location, "unknown reference profile `\(p.value)`",
                  help: "profiles are \(ReferenceProfile.categoryProfiles.joined(separator: ", "))")
                return nil
              }
              return p.value
            }))
        library.allCategories.insert(id)
        library.tags[name, default: CategorySet()].insert(id)
        library.tags["\(place):\(name)", default: CategorySet()].insert(id)
        for entry in o.entries {
          if entry.citation.hasSuffix("*") {
            let prefix = normalizeCitation(String(entry.citation.dropLast()))
            if let i = library.prefixOffenses.firstIndex(where: { $0.prefix == prefix }) {
              library.prefixOffenses[i].categories.insert(id)
            } else {
              var s = CategorySet()
              s.insert(id)
              library.prefixOffenses.append((prefix, s))
            }
          } else {
            library.exactOffenses[normalizeCitation(entry.citation), default: CategorySet()].insert(id)
          }
        }
      }
    }
  }

  /// Resolves a category name written at `place`: `PLACE:name`, or the nearest place up the
  /// chain that declares `name`.
  func resolveCategory(_ name: String, at place: String) -> Int? {
    if let colon = name.firstIndex(of: ":") {
      return categoryByPlace[String(name[..<colon])]?[String(name[name.index(after: colon)...])]
    }
    var current: String? = place
    while let p = current {
      if let id = categoryByPlace[p]?[name] { return id }
      current = library.places[p]?.parent
    }
    return nil
  }

  // MARK: Parameters

  var parameterByPlace: [String: [String: Int]] = [:]

  mutating func collectParameters(_ parsed: [ParsedFile]) {
    for f in parsed {
      guard let fi = fileIndex[f.path] else { continue }
      let place = library.files[fi].place
      for p in f.parameters {
        if p.cite == nil {
          error(p.location, "parameter `\(p.name.value)` has no `cite`", help: "add `cite \"…\"`")
        }
        let (e, u) = validity(file: fi, effective: p.effective, until: p.until)
        let version = ParameterVersion(
          amount: p.amount, unit: p.unit, cite: p.cite ?? "", effective: e, until: u)
        if let id = parameterByPlace[place]?[p.name.value] {
          let clash = library.parameters[id].versions.contains { v in
            v.effective <= (u ?? CivilDate(days: .max)) && e <= (v.until ?? CivilDate(days: .max))
          }
          if clash {
            error(
              p.name.location,
              "parameter `\(p.name.value)` already has a value in force during \(e)…\(u?.description ?? "")",
              help: "give the versions `effective` and `until` dates that do not overlap")
          }
          library.parameters[id].versions.append(version)
        } else {
          parameterByPlace[place, default: [:]][p.name.value] = library.parameters.count
          library.parameters.append(Parameter(name: p.name.value, place: place, versions: [version]))
        }
      }
    }
  }

  func resolveParameter(_ name: String, at place: String) -> Int? {
    var current: String? = place
    while let p = current {
      if let id = parameterByPlace[p]?[name] { return id }
      current = library.places[p]?.parent
    }
    return nil
  }

  // MARK: Rules

  var ruleDecls: [RuleDecl] = []

  mutating func collectRules(_ parsed: [ParsedFile]) {
    for f in parsed {
      guard let fi = fileIndex[f.path] else { continue }
      let lawFile = library.files[fi]
      for r in f.rules {
        let label = r.label.value
        if let existing = library.ruleIndex[label] {
          error(
            r.label.location,
            "rule label `\(label)` is already used at \(library.rules[existing].source.hasPrefix("law/") ? String(library.rules[existing].source.dropFirst(4)) : library.rules[existing].source) (in this library)",
            help: "labels are unique across the library: prefix them with the place and the law")
          continue
        }
        guard let action = Action(rawValue: r.action.value) else {
          error(
            r.action.location, "unknown action `\(r.action.value)`",
            help: "actions are \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
          continue
        }
        // `open`: the law leaves the action undetermined where the condition holds (text missing or
        // ambiguous); it is written as a rule so that it can be cited and dated.
        let written = r.status.value == "open" ? Status.undetermined : Status(rawValue: r.status.value)
        guard let status = written, r.status.value != "undetermined" else {
          error(
            r.status.location, "unknown status `\(r.status.value)`",
            help: "statuses are required, permitted, prohibited, and open (the text leaves it undetermined)")
          continue
        }
        if r.cite == nil || Substring(r.cite!).trimming(" ").isEmpty {
          error(
            r.location, "rule `\(label)` has no citation",
            help: "add `cite \"…\"` naming the clause it encodes, e.g. cite \"8 C.F.R. § 287.7(d)\"")
        }
        let (e, u) = validity(file: fi, effective: r.effective, until: r.until)
        var compiler = ConditionCompiler(checker: self, place: lawFile.place)
        let condition = r.condition.map { compiler.compile($0) } ?? .constant(.yes)
        diagnostics += compiler.diagnostics
        library.ruleIndex[label] = library.rules.count
        library.rules.append(
          Rule(
            label: label, action: action, status: status, cite: r.cite ?? "", note: r.note,
            source: "law/\(f.path):\(r.location.line)", place: lawFile.place,
            completeness: lawFile.completeness,
            preempts: r.preempts, effective: e, until: u, exceptionTo: r.exceptionTo?.value,
            condition: condition,
            file: fi))
        ruleDecls.append(r)
      }
    }
  }

  mutating func linkExceptions() {
    var roots: [String: [[Int]]] = [:]
    for (i, rule) in library.rules.enumerated() {
      let decl = ruleDecls[i]
      guard let target = decl.exceptionTo else {
        roots[rule.place, default: Array(repeating: [], count: Action.allCases.count)][rule.action.index]
          .append(i)
        continue
      }
      guard let parent = library.ruleIndex[target.value] else {
        error(
          target.location, "`exception to` names no rule: `\(target.value)`",
          help: "write the label of a rule of the same place and action")
        continue
      }
      let p = library.rules[parent]
      if p.action != rule.action {
        error(
          target.location,
          "rule `\(rule.label)` (\(rule.action.rawValue)) cannot be an exception to `\(p.label)` (\(p.action.rawValue))",
          help: "an exception decides the same action as the rule it overrides")
        continue
      }
      if p.place != rule.place {
        error(
          target.location,
          "rule `\(rule.label)` (\(rule.place)) cannot be an exception to `\(p.label)` (\(p.place))",
          help: "exceptions stay within one place; levels compose by themselves (see `preempts lower`)")
        continue
      }
      library.rules[parent].exceptions.append(i)
    }
    // Cycles: every rule must reach a root by following exceptionTo.
    for (i, rule) in library.rules.enumerated() where rule.exceptionTo != nil {
      var seen: Set<Int> = [i]
      var current = rule.exceptionTo.flatMap { library.ruleIndex[$0] }
      while let c = current {
        if !seen.insert(c).inserted {
          error(
            ruleDecls[i].exceptionTo!.location, "exception cycle through `\(rule.label)`",
            help: "exceptions must form a tree: one rule in the cycle must be a plain rule")
          library.rules[c].exceptions.removeAll()
          break
        }
        current = library.rules[c].exceptionTo.flatMap { library.ruleIndex[$0] }
      }
    }
    library.roots = roots
  }

  // MARK: Overlaps

  /// Reports rules of equal rank that can both apply with different statuses.
  mutating func checkOverlaps() {
    for (place, byAction) in library.roots.sorted(by: { $0.key < $1.key }) {
      for roots in byAction {
        // Between different trees: every node of one against every node of the other.
        let trees = roots.map { subtree($0) }
        for a in 0..<trees.count {
          for b in (a + 1)..<max(a + 1, trees.count) {
            for x in trees[a] { for y in trees[b] { checkPair(x, y, place: place) } }
          }
        }
        // Within a tree: sibling exceptions.
        for root in roots {
          for node in subtree(root) {
            let kids = library.rules[node].exceptions
            for a in 0..<kids.count {
              for b in (a + 1)..<max(a + 1, kids.count) { checkPair(kids[a], kids[b], place: place) }
            }
          }
        }
      }
    }
  }

  func subtree(_ i: Int) -> [Int] {
    var out = [i]
    var k = 0
    while k < out.count {
      out += library.rules[out[k]].exceptions
      k += 1
      if out.count > library.rules.count { break }
    }
    return out
  }

  mutating func checkPair(_ a: Int, _ b: Int, place: String) {
    let x = library.rules[a]
    let y = library.rules[b]
    guard x.status != y.status else { return }
    let far = CivilDate(days: .max)
    guard x.effective <= (y.until ?? far), y.effective <= (x.until ?? far) else { return }
    if Overlap.disjoint(x.condition, y.condition) { return }
    let l = ruleDecls[b].label.location
    error(
      l,
      "overlapping rules: `\(y.label)` (\(y.status.rawValue)) and `\(x.label)` (\(x.status.rawValue), \(x.source)) can both apply to `\(x.action.rawValue)`",
      help:
        "make one an exception to the other (`exception to \(x.label)`), or make their conditions exclusive")
  }
}

/// Syntactic disjointness of two conditions: some fact is constrained by both top-level
/// conjunctions to value sets that do not meet.
enum Overlap {
  static func constraints(_ c: Cond) -> [Int: UInt32] {
    var out: [Int: UInt32] = [:]
    func add(_ key: Int, _ mask: UInt32) { out[key] = (out[key] ?? .max) & mask }
    func walk(_ c: Cond) {
      switch c {
      case .scalarIn(let lane, let mask): add(lane, mask)
      case .agreementHas(let bit, let negated): add(100 + bit, negated ? 0b01 : 0b10)
      case .and(let xs): xs.forEach(walk)
      default: break
      }
    }
    walk(c)
    return out
  }

  static func disjoint(_ a: Cond, _ b: Cond) -> Bool {
    if case .constant(.no) = a { return true }
    if case .constant(.no) = b { return true }
    let ca = constraints(a)
    let cb = constraints(b)
    for (k, m) in ca where (cb[k] ?? .max) & m == 0 { return true }
    // A disjunction in one is disjoint if every branch is.
    if case .or(let xs) = a { return xs.allSatisfy { disjoint($0, b) } }
    if case .or(let ys) = b { return ys.allSatisfy { disjoint(a, $0) } }
    return false
  }
}

/// Resolves and type-checks one condition.
struct ConditionCompiler {
  let checker: Checker
  let place: String
  var diagnostics: [Diagnostic] = []

  init(checker: Checker, place: String) {
    self.checker = checker
    self.place = place
  }

  mutating func error(_ l: SourceLocation, _ message: String, help: String? = nil) {
    diagnostics.append(Diagnostic(file: l.file, line: l.line, column: l.column, message: message, help: help))
  }

  mutating func compile(_ e: Expr) -> Cond {
    switch e {
    case .constant(let b, _): return .constant(b ? .yes : .no)
    case .and(let xs): return .and(xs.map { compile($0) })
    case .or(let xs): return .or(xs.map { compile($0) })
    case .not(let x, _):
      let inner = compile(x)
      switch inner {
      case .scalarIn(let lane, let mask):
        let count = Facts.scalars[lane].values?.count ?? 2
        return .scalarIn(lane: lane, mask: ~mask & ((1 << UInt32(count)) - 1))
      case .agreementHas(let bit, let negated): return .agreementHas(bit, negated: !negated)
      case .constant(let t): return .constant(t.negated)
      default: return .not(inner)
      }
    case .fact(let f):
      guard let s = Facts.scalarByPath[f.value] else { return unknownFact(f) }
      guard s.values == nil else {
        error(
          f.location, "`\(f.value)` is not a true/false fact",
          help:
            "compare it: `\(f.value) = \(s.values!.first!)` or `\(f.value) in [\(s.values!.prefix(2).joined(separator: ", "))]`"
        )
        return .constant(.unknown)
      }
      return .scalarIn(lane: s.lane, mask: 0b10)
    case .compare(let f, let negated, let values):
      if f.value == "grade" || f.value == "offense" {
        error(
          f.location, "`\(f.value)` describes a charge or conviction, not the case",
          help: "use it inside a quantifier: `any charge where (\(f.value) …)`")
        return .constant(.unknown)
      }
      guard let s = Facts.scalarByPath[f.value] else { return unknownFact(f) }
      let domain = s.values ?? ["false", "true"]
      var mask: UInt32 = 0
      for v in values {
        guard let i = domain.firstIndex(of: v.value) else {
          error(
            v.location, "`\(v.value)` is not a value of `\(f.value)`",
            help: "values are \(domain.joined(separator: ", "))")
          continue
        }
        mask |= 1 << UInt32(i)
      }
      if negated { mask = ~mask & ((1 << UInt32(domain.count)) - 1) }
      return .scalarIn(lane: s.lane, mask: mask)
    case .has(let f, let v):
      switch f.value {
      case "agreements287g":
        guard let bit = Case.models287g.firstIndex(of: v.value) else {
          error(v.location, "unknown 287(g) model `\(v.value)`", help: "models are JEM, WSO, TFM")
          return .constant(.unknown)
        }
        return .agreementHas(bit, negated: false)
      case "person.registries":
        return .registryHas(v.value)
      default:
        if Facts.scalarByPath[f.value] != nil {
          error(f.location, "`\(f.value)` holds one value: compare it with `=`, not `has`")
          return .constant(.unknown)
        }
        return unknownFact(f)
      }
    case .quantifier(let q, let list, let item):
      guard let quantifier = Quantifier(rawValue: q.value) else { return .constant(.unknown) }
      guard let path = Facts.listFacts[list.value] else {
        error(list.location, "expected `charge` or `conviction` after `\(q.value)`, found `\(list.value)`")
        return .constant(.unknown)
      }
      return .quantifier(
        quantifier, list: path == "person.charges" ? 0 : 1, item: item.map { compileItem($0) })
    case .category(let n), .dated(_, let n):
      error(
        n.location, "`\(e.keyword)` describes a charge or conviction, not the case",
        help: "use it inside a quantifier: `any conviction where (\(e.keyword) …)`")
      return .constant(.unknown)
    case .window(_, _, let l):
      error(
        l, "`\(e.keyword)` describes a charge or conviction, not the case",
        help: "use it inside a quantifier: `any conviction where (\(e.keyword) …)`")
      return .constant(.unknown)
    }
  }

  mutating func unknownFact(_ f: Located<String>) -> Cond {
    error(
      f.location, "unknown fact `\(f.value)`", help: "facts are \(Facts.allPaths.joined(separator: ", "))")
    return .constant(.unknown)
  }

  mutating func compileItem(_ e: Expr) -> ItemCond {
    switch e {
    case .constant(let b, _): return .constant(b)
    case .and(let xs): return .and(xs.map { compileItem($0) })
    case .or(let xs): return .or(xs.map { compileItem($0) })
    case .not(let x, _): return .not(compileItem(x))
    case .compare(let f, let negated, let values) where f.value == "grade":
      var mask: UInt32 = 0
      for v in values {
        guard let i = Grade.allCases.firstIndex(where: { $0.rawValue == v.value }) else {
          error(
            v.location, "unknown grade `\(v.value)`",
            help: "grades are \(Grade.allCases.map(\.rawValue).joined(separator: ", "))")
          continue
        }
        mask |= 1 << UInt32(i)
      }
      let g = ItemCond.gradeIn(mask: mask)
      return negated ? .not(g) : g
    case .compare(let f, let negated, let values) where f.value == "offense":
      guard values.count == 1 else {
        error(
          f.location, "`offense` compares with one citation",
          help: "write offense = \"NJ 2C:11-3\", or use an offenses list")
        return .constant(false)
      }
      let o = ItemCond.offenseIs(normalizeCitation(values[0].value))
      return negated ? .not(o) : o
    case .category(let n):
      guard let id = checker.resolveCategory(n.value, at: place) else {
        error(
          n.location, "unknown category `\(n.value)`",
          help: "declare it with `offenses \(n.value)` at this place or above, or write PLACE:name")
        return .constant(false)
      }
      return .category(id)
    case .window(let older, let d, let l):
      switch d {
      case .literal(let n, let unit):
        if unit == .hours {
          error(l, "hours cannot measure a charge or conviction date", help: "use days, months or years")
        }
        return .window(older: older, .literal(n, unit))
      case .parameter(let name):
        guard let id = checker.resolveParameter(name, at: place) else {
          error(
            l, "unknown parameter `\(name)`",
            help: "declare it with `parameter \(name) = 5 years` at this place or above")
          return .constant(false)
        }
        if checker.library.parameters[id].versions.contains(where: { $0.unit == nil || $0.unit == .hours }) {
          error(l, "parameter `\(name)` is not a duration in days, months or years")
        }
        return .window(older: older, .parameter(id))
      }
    case .dated(let before, let d):
      guard let date = CivilDate(parsing: d.value) else {
        error(d.location, "`\(d.value)` is not a date", help: "write YYYY-MM-DD")
        return .constant(false)
      }
      return .dated(before: before, date)
    case .fact(let f) where f.value == "probable-cause":
      return .probableCause
    case .fact(let f), .compare(let f, _, _), .has(let f, _):
      error(
        f.location, "`\(f.value)` is not a property of a charge or conviction",
        help: "inside `where` use grade, category, within, older-than, dated, offense, probable-cause")
      return .constant(false)
    case .quantifier(let q, _, _):
      error(
        q.location, "quantifiers cannot nest",
        help: "write the inner condition beside the outer one with `and`")
      return .constant(false)
    }
  }
}

extension Expr {
  var keyword: String {
    switch self {
    case .category: "category"
    case .dated: "dated"
    case .window(let older, _, _): older ? "older-than" : "within"
    default: "condition"
    }
  }
}

/// A short fingerprint of the library's text (FNV-1a, 64 bits), so every output can name the
/// exact law version it used.
enum LibraryVersion {
  static func make(_ files: [(path: String, text: String)]) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for f in files.sorted(by: { $0.path < $1.path }) {
      for b in f.path.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
      h = (h ^ 0) &* 0x100_0000_01b3
      // Carriage returns are skipped: a file saved with CRLF line ends is the same law.
      for b in f.text.utf8 where b != 13 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
