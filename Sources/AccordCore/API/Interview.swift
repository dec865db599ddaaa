/// The interview: ask only for the facts still needed, one question at a time, and say why.
///
/// Given a partial case (and optionally the actions the user cares about), ``Engine/interview(_:actions:)``
/// decides it, then tries every answer of every fact that an undetermined action's `needs` names,
/// and asks for the one whose answers decide the most of those actions (on average over its
/// answers; ties go to the fact more rules need, then to the fact table's order). It stops when every
/// asked action is decided, or when no answer to any fact can decide more — then it says what is
/// still open and why (law not encoded, a level not researched, a rule the text leaves open).
public struct InterviewQuestion: Sendable {
  /// The fact asked about (its declaration: wording, kind and allowed answers).
  public var fact: FactDeclaration
  /// Where the answer goes in the case: `person.proofOfStatus`, `person.convictions[0].grade`.
  public var path: String
  /// For an offense's category: the category (`US-CA:serious-felony`) the question asks about.
  public var category: String?
  /// The answers allowed (`true`/`false`, a choice's values, a count for a list of offenses).
  public var answers: [String]
  /// The actions some answer would decide, with the answers that decide each.
  public var decides: [(action: Action, by: [String])]
  /// The clauses the decided actions would rest on (citations), in first-use order.
  public var clauses: [String]
  /// Expected number of asked actions decided by the answer (averaged over the answers).
  public var score: Double

  /// What identifies the question (to skip it): its path, and its category if any.
  public var key: String { category.map { "\(path) (\($0))" } ?? path }

  /// The question in a language: the fact's own, or for an offense's category the category's.
  public func text(_ language: Language) -> String {
    if let category, path == "person.registries" {
      return language == .es
        ? "¿Está la persona en el registro \(category)?" : "Is the person on the registry \(category)?"
    }
    if let category {
      return language == .es
        ? "¿Pertenece este delito a la categoría \(category)?"
        : "Is this offense in the category \(category)?"
    }
    return fact.question[language]
  }
}

/// One step of an interview: the decision so far, and the next question or the reason it is done.
public struct InterviewStep: Sendable {
  public var decision: Decision
  /// The actions the interview is about (asked, or all ten).
  public var actions: [Action]
  public var next: InterviewQuestion?
  /// Undetermined actions no fact can decide, each with what keeps it open.
  public var open: [(action: Action, because: [String])]
  public var done: Bool { next == nil }
}

/// An answer the interview cannot use: what was wrong and what is allowed.
public struct InterviewAnswerError: Error, Sendable, CustomStringConvertible {
  public var path: String
  public var message: String
  public var allowed: [String]
  public var description: String { "`\(path)`: \(message); answer one of \(allowed.joined(separator: ", "))" }
}

extension Engine {
  /// The most offenses the interview builds a list of (a user may list more in the JSON).
  public static let interviewMaxItems = 20

  /// Decides `c` and picks the next question for the still undetermined `actions` (all ten when nil).
  /// `skipping` lists questions the user declined to answer (``InterviewQuestion/key``): they are not
  /// asked again.
  public func interview(_ c: Case, actions asked: [Action]? = nil, skipping: Set<String> = [])
    -> InterviewStep
  {
    let actions = asked ?? Action.allCases
    let d = decide(c)
    let targets = actions.filter { d[$0].status == .undetermined }
    var step = InterviewStep(decision: d, actions: actions, next: nil, open: [])
    guard !targets.isEmpty else { return step }
    var best: InterviewQuestion?
    var bestMentions = 0
    for (candidate, mentions) in candidates(c, d, targets) where !skipping.contains(candidate.key) {
      var decided: [Action: [String]] = [:]
      var clauses: [String] = []
      var total = 0
      for answer in candidate.answers {
        guard let answered = try? answering(c, candidate, answer) else { continue }
        let d2 = decide(answered)
        for a in targets where d2[a].status != .undetermined {
          decided[a, default: []].append(answer)
          total += 1
          for b in d2[a].because where !clauses.contains(b.cite) { clauses.append(b.cite) }
        }
      }
      guard total > 0 else { continue }
      var q = candidate
      q.score = Double(total) / Double(max(candidate.answers.count, 1))
      q.decides = targets.compactMap { a in decided[a].map { (a, $0) } }
      q.clauses = clauses
      if best == nil || q.score > best!.score || (q.score == best!.score && mentions > bestMentions) {
        best = q
        bestMentions = mentions
      }
    }
    step.next = best
    if best == nil {
      step.open = targets.map { a in
        let needs = d[a].needs
        return (a, needs.isEmpty ? ["no encoded rule decides it, whatever the facts"] : needs)
      }
    }
    return step
  }

  /// The case with one more answer, as a question put it (`count` for a list of offenses).
  /// - Throws: ``InterviewAnswerError`` when the answer is not one the question allows.
  public func answering(_ c: Case, _ q: InterviewQuestion, _ answer: String) throws(InterviewAnswerError)
    -> Case
  {
    try Engine.answer(c, path: q.path, category: q.category, answer)
  }

  /// Sets the fact at `path` (`person.proofOfStatus`, `person.convictions` with a count,
  /// `person.convictions[0].grade`, `…[0].tags` with `category`) to `answer`.
  /// - Throws: ``InterviewAnswerError`` naming the fact and the allowed answers.
  public static func answer(_ c: Case, path: String, category: String? = nil, _ answer: String)
    throws(InterviewAnswerError) -> Case
  {
    var c = c
    if let lane = FactTable.laneByPath[path] {
      let fact = FactTable.scalars[lane]
      let allowed = fact.values ?? []
      guard allowed.contains(answer) else {
        throw InterviewAnswerError(path: path, message: "`\(answer)` is not an answer", allowed: allowed)
      }
      c[fact: path] = answer
      return c
    }
    if path == "person.charges" || path == "person.convictions" {
      guard let n = Int(answer), n >= 0, n <= interviewMaxItems else {
        throw InterviewAnswerError(
          path: path, message: "`\(answer)` is not a count", allowed: ["0 to \(interviewMaxItems)"])
      }
      let list = [Offense](repeating: Offense(), count: n)
      if path == "person.charges" { c.charges = list } else { c.convictions = list }
      return c
    }
    if path == "person.registries" {
      // Answered per registry: yes adds it; no leaves the list known without it.
      guard let category, ["true", "false"].contains(answer) else {
        throw InterviewAnswerError(
          path: path, message: "`\(answer)` is not an answer", allowed: ["true", "false"])
      }
      var r = c.registries ?? []
      if answer == "true", !r.contains(category) { r.append(category) }
      c.registries = r
      return c
    }
    // An offense's fact: person.charges[i].key
    guard let (list, i, key) = offenseFact(path), let fact = FactTable.byPath["offense.\(key)"] else {
      throw InterviewAnswerError(path: path, message: "no such fact", allowed: FactTable.all.map(\.path))
    }
    var items = (list == "person.charges" ? c.charges : c.convictions) ?? []
    guard items.indices.contains(i) else {
      throw InterviewAnswerError(path: path, message: "no such fact", allowed: FactTable.all.map(\.path))
    }
    var o = items[i]
    switch key {
    case "grade":
      guard let g = Grade(rawValue: answer) else {
        throw InterviewAnswerError(
          path: path, message: "`\(answer)` is not a grade", allowed: fact.values ?? [])
      }
      o.grade = g
    case "probableCause":
      guard let b = Bool(answer) else {
        throw InterviewAnswerError(
          path: path, message: "`\(answer)` is not an answer", allowed: ["true", "false"])
      }
      o.probableCause = b
    case "date":
      guard let d = CivilDate(parsing: answer) else {
        throw InterviewAnswerError(path: path, message: "`\(answer)` is not a date", allowed: ["YYYY-MM-DD"])
      }
      o.date = d
    case "offense": o.offense = answer
    case "tags":
      guard let category, let b = Bool(answer) else {
        throw InterviewAnswerError(
          path: path, message: "`\(answer)` is not an answer", allowed: ["true", "false"])
      }
      var tags = o.tags ?? []
      tags.removeAll { $0 == category || $0 == "!" + category }
      tags.append(b ? category : "!" + category)
      o.tags = tags
    default:
      throw InterviewAnswerError(path: path, message: "no such fact", allowed: FactTable.all.map(\.path))
    }
    items[i] = o
    if list == "person.charges" { c.charges = items } else { c.convictions = items }
    return c
  }

  /// An offense fact's path split into its list, item index and key: `person.convictions[0].grade`
  /// → (`person.convictions`, 0, `grade`); `nil` for any other path.
  static func offenseFact(_ path: String) -> (list: String, index: Int, key: String)? {
    guard let open = path.firstIndex(of: "["), let close = path.firstIndex(of: "]"), open < close,
      let i = Int(path[path.index(after: open)..<close])
    else { return nil }
    let list = String(path[..<open])
    let rest = path[path.index(after: close)...]
    guard list == "person.charges" || list == "person.convictions", rest.hasPrefix(".") else { return nil }
    return (list, i, String(rest.dropFirst()))
  }

  /// The facts worth asking: those the undetermined actions' needs name, each with how many needs
  /// name it. An offense's date is asked as a date (its answers for scoring: a day within the last
  /// year, and one ten years before the case).
  func candidates(_ c: Case, _ d: Decision, _ targets: [Action]) -> [(InterviewQuestion, Int)] {
    var mentions: [String: Int] = [:]
    var order: [String] = []
    for a in targets {
      for n in d[a].needs {
        // A need is a fact path, optionally followed by ` (CATEGORY)` for an offense's tags.
        let key = String(n.split(separator: " ", maxSplits: 1).first ?? "")
        let full = n.hasPrefix(key + " (") ? n : key
        guard
          key.hasPrefix("person.") || key.hasPrefix("ice.") || key.hasPrefix("agency")
            || key == "agreements287g"
        else { continue }
        if mentions[full] == nil { order.append(full) }
        mentions[full, default: 0] += 1
      }
    }
    var out: [(InterviewQuestion, Int)] = []
    for need in order {
      let path = String(need.split(separator: " ", maxSplits: 1).first ?? "")
      var category: String?
      if let open = need.range(of: " ("), need.hasSuffix(")") {
        category = String(need[open.upperBound..<need.index(before: need.endIndex)])
      }
      let fact: FactDeclaration?
      var answers: [String]
      if let lane = FactTable.laneByPath[path] {
        guard c.lanes[lane] < 0 else { continue }
        fact = FactTable.scalars[lane]
        answers = fact?.values ?? []
      } else if path == "person.charges" || path == "person.convictions" {
        fact = FactTable.byPath[path]
        answers = ["0", "1"]
      } else if path == "person.registries" {
        guard c.registries == nil else { continue }
        fact = FactTable.byPath[path]
        answers = ["true", "false"]
        // The need does not name the registry; ask about every one the library's rules name.
        category = category ?? registryNames().first
        if category == nil { continue }
      } else if let (_, _, key) = Engine.offenseFact(path) {
        fact = FactTable.byPath["offense.\(key)"]
        switch key {
        case "grade": answers = fact?.values ?? []
        case "probableCause": answers = ["true", "false"]
        case "tags": answers = ["true", "false"]
        case "date":
          let recent = CivilDate(days: c.date.days - 200)
          let old = CivilDate(days: c.date.days - 3_700)
          answers = [recent.description, old.description]
        case "offense": continue  // a citation is typed, not chosen; the category question stands in
        default: continue
        }
      } else {
        continue
      }
      guard let fact, !answers.isEmpty else { continue }
      out.append(
        (
          InterviewQuestion(
            fact: fact, path: path, category: category, answers: answers, decides: [], clauses: [], score: 0),
          mentions[need] ?? 0
        ))
    }
    return out
  }

  /// Registry names (`PLACE:name`) the library's conditions test.
  func registryNames() -> [String] {
    var names: [String] = []
    func walk(_ c: Cond) {
      switch c {
      case .registryHas(let name): if !names.contains(name) { names.append(name) }
      case .not(let x): walk(x)
      case .and(let xs), .or(let xs): xs.forEach(walk)
      default: break
      }
    }
    for r in library.rules { walk(r.condition) }
    return names
  }

  /// Citations the library's offense lists know that start like `prefix` (normalised), with the
  /// categories each belongs to, for suggestions as a user types. A citation no list names is
  /// not guessed: it stays unknown.
  public func offenseSuggestions(_ prefix: String, limit: Int = 10) -> [(
    citation: String, categories: [String]
  )] {
    let p = normalizeCitation(prefix)
    guard !p.isEmpty else { return [] }
    var out: [(String, [String])] = []
    for (citation, set) in library.exactOffenses where citation.hasPrefix(p) {
      out.append(
        (
          citation,
          library.categories.indices.filter { set.contains($0) }.map { library.categories[$0].qualified }
        ))
    }
    out.sort { $0.0 < $1.0 }
    return Array(out.prefix(limit))
  }

  /// The categories a citation belongs to under the library's offense lists (`nil` when no list
  /// names it, exactly or by prefix).
  public func categories(ofCitation citation: String) -> [String]? {
    let n = normalizeCitation(citation)
    var set = library.exactOffenses[n] ?? CategorySet()
    var known = library.exactOffenses[n] != nil
    for p in library.prefixOffenses where n.hasPrefix(p.prefix) {
      set = set | p.categories
      known = true
    }
    guard known else { return nil }
    return library.categories.indices.filter { set.contains($0) }.map { library.categories[$0].qualified }
  }
}

extension InterviewStep {
  /// The step as JSON (`POST /v1/interview`'s answer): the decision so far, the next question with
  /// its wording in English and Spanish and why it is asked, or what stays open.
  public func write(into w: inout JSONWriter) {
    w.beginObject()
    w.bool("done", done)
    w.stringArray("actions", actions.map(\.rawValue))
    if let q = next {
      w.beginObject("next")
      w.string("key", q.key)
      w.string("path", q.path)
      if let c = q.category { w.string("category", c) }
      w.string("kind", q.fact.kindName)
      for (name, words) in [("question", Wording(q.text(.en), es: q.text(.es))), ("help", q.fact.help)] {
        w.beginObject(name)
        for l in Language.allCases { w.string(l.rawValue, words[l]) }
        w.endObject()
      }
      w.beginArray("answers")
      for a in q.answers {
        w.beginObject()
        w.string("value", a)
        for l in Language.allCases { w.string(l.rawValue, q.fact.words(for: a, l)) }
        w.endObject()
      }
      w.endArray()
      w.beginArray("decides")
      for (a, by) in q.decides {
        w.beginObject()
        w.string("action", a.rawValue)
        w.stringArray("by", by)
        w.endObject()
      }
      w.endArray()
      w.stringArray("clauses", q.clauses)
      w.endObject()
    }
    w.beginArray("open")
    for (a, because) in open {
      w.beginObject()
      w.string("action", a.rawValue)
      w.stringArray("because", because)
      w.endObject()
    }
    w.endArray()
    w.rawJSON("decision", decision.jsonBytes(pretty: false))
    w.endObject()
  }

  public func json(pretty: Bool = true) -> String {
    var w = JSONWriter(pretty: pretty)
    write(into: &w)
    return w.text
  }
}

extension Engine {
  /// Runs an interview whose answers come from `complete` (a case with every fact given): what a
  /// user who knows the whole case would answer. Starts from the date, place and 287(g)
  /// agreements (absent in a case means none, so they are given, not asked). Returns the number of
  /// questions asked, the last step, and the time each choice of next question took.
  public func replayInterview(_ complete: Case, actions: [Action]? = nil, limit: Int = 200) -> (
    questions: Int, step: InterviewStep, timings: [Duration]
  ) {
    var c = Case(date: complete.date, place: complete.place)
    c.agreements287g = complete.agreements287g
    var timings: [Duration] = []
    let clock = ContinuousClock()
    var asked = 0
    var skipped = Set<String>()
    while true {
      let t0 = clock.now
      let step = interview(c, actions: actions, skipping: skipped)
      timings.append(clock.now - t0)
      guard let q = step.next, asked < limit else { return (asked, step, timings) }
      asked += 1
      guard let answer = Engine.answer(from: complete, q), let next = try? answering(c, q, answer) else {
        skipped.insert(q.key)  // the complete case does not know it either
        continue
      }
      c = next
    }
  }

  /// What `complete` answers to `q` (`nil` when it does not say).
  static func answer(from complete: Case, _ q: InterviewQuestion) -> String? {
    if FactTable.laneByPath[q.path] != nil { return complete[fact: q.path] }
    switch q.path {
    case "person.charges": return complete.charges.map { String(min($0.count, interviewMaxItems)) }
    case "person.convictions": return complete.convictions.map { String(min($0.count, interviewMaxItems)) }
    case "person.registries":
      guard let r = complete.registries, let category = q.category else { return nil }
      return String(r.contains(category))
    default: break
    }
    guard let (list, i, key) = offenseFact(q.path) else { return nil }
    let items = (list == "person.charges" ? complete.charges : complete.convictions) ?? []
    guard items.indices.contains(i) else { return nil }
    let o = items[i]
    switch key {
    case "grade": return o.grade?.rawValue
    case "date": return o.date?.description
    case "probableCause": return o.probableCause.map(String.init)
    case "offense": return o.offense
    case "tags":
      guard let tags = o.tags, let category = q.category else { return nil }
      if tags.contains(category) { return "true" }
      if tags.contains("!" + category) || o.offense == nil { return "false" }
      return nil
    default: return nil
    }
  }
}

extension Engine {
  /// How many rules a place's own law files hold (every version).
  public func rulesAt(_ place: String) -> Int {
    library.roots[place].map { Set($0.joined()).count } ?? 0
  }
}
