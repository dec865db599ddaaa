import AccordCore
import AccordLaw
import ArgumentParser
import Foundation

/// A side of an analysis as written on the command line: `PLACE`, `PLACE@DATE`, `DIR`,
/// `DIR:PLACE` or `DIR:PLACE@DATE`.
struct SideSpec {
  var directory: String?
  var place: String?
  var date: CivilDate?

  init(_ text: String) throws {
    var rest = Substring(text)
    if let at = rest.lastIndex(of: "@") {
      let d = rest[rest.index(after: at)...]
      guard let date = CivilDate(parsing: d) else {
        throw ValidationError("`\(d)` in `\(text)` is not a date: write YYYY-MM-DD")
      }
      self.date = date
      rest = rest[..<at]
    }
    if let colon = rest.lastIndex(of: ":"), !Case.isPlaceID(String(rest)) {
      directory = String(rest[..<colon])
      let p = String(rest[rest.index(after: colon)...])
      guard Case.isPlaceID(p) else { throw ValidationError("`\(p)` in `\(text)` is not a place ID") }
      place = p
    } else if Case.isPlaceID(String(rest)) {
      place = String(rest)
    } else {
      directory = String(rest)
    }
  }

  func side(defaultPlace: String?, defaultDate: CivilDate, bundled: () throws -> Engine) throws
    -> CaseSpace.Side
  {
    let engine: Engine
    if let directory {
      do { engine = try Engine(directory: directory) } catch let e as LawLoadError {
        throw fail(e.description)
      }
    } else {
      engine = try bundled()
    }
    guard let p = place ?? defaultPlace else {
      throw ValidationError("say which place to examine in `\(directory ?? "")`: DIR:PLACE, or --place")
    }
    return CaseSpace.Side(engine: engine, place: p, date: date ?? defaultDate)
  }
}

/// The bundled library, loaded once per run.
func bundledEngine() throws -> Engine {
  do { return try BundledLaw.engine() } catch { throw fail(error.description) }
}

func today() -> CivilDate { CivilDate(days: Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down))) }

func parseActions(_ list: [String]) throws -> [Action] {
  if list.isEmpty { return Action.allCases }
  return try list.map { name in
    guard let a = Action(rawValue: name) else {
      throw ValidationError(
        "unknown action `\(name)`: use \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return a
  }
}

struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "What exactly differs between two laws, class by class over the whole case space.",
    discussion: """
      A and B are places (US-NJ), a place at a date (US-DC@2025-06-01), law directories with a
      place (law:US-NJ, /tmp/reform:US-NJ@2026-01-01), or a directory with --place. Every class of
      cases whose status differs for an action is listed with a concrete example and the deciding
      rules on both sides.
      """)

  @Argument(help: "The first law.") var a: String
  @Argument(help: "The second law.") var b: String
  @Option(help: "Place for sides given as a bare directory.") var place: String?
  @Option(help: "Date for sides without @DATE (default: today).") var date: String?
  @Option(name: .customLong("action"), help: "Limit to these actions (repeatable).") var actions: [String] =
    []
  @Option(help: "Output format: text or json.") var format: OutputFormat = .text
  @Option(help: "Show at most this many differences in text (all in JSON).") var limit = 40
  @Flag(help: "Only classes in which every fact the law reads is known.") var knownOnly = false

  func run() throws {
    let day =
      try date.map { d in
        guard let v = CivilDate(parsing: d) else { throw ValidationError("`\(d)` is not a date") }
        return v
      } ?? today()
    let bundled = { try bundledEngine() }
    let sa = try SideSpec(a).side(defaultPlace: place, defaultDate: day, bundled: bundled)
    let sb = try SideSpec(b).side(defaultPlace: place, defaultDate: day, bundled: bundled)
    let started = Date()
    var diff = LawDiff(sa, sb, actions: try parseActions(actions))
    let seconds = Date().timeIntervalSince(started)
    // The most telling classes first: those with the fewest unknown facts.
    func unknowns(_ d: LawDiff.Difference) -> Int { d.description.filter { $0.hasSuffix("unknown") }.count }
    diff.differences.sort { (unknowns($0), $0.action.index) < (unknowns($1), $1.action.index) }
    if knownOnly {
      diff.differences.removeAll { unknowns($0) > 0 }
      diff.ruleChanges.removeAll { unknowns($0) > 0 }
    }
    if format == .json {
      var w = JSONWriter(pretty: true)
      w.beginObject()
      for (key, s) in [("a", sa), ("b", sb)] {
        w.beginObject(key)
        w.string("place", s.place)
        w.string("date", s.date.description)
        w.string("lawVersion", s.engine.version)
        w.endObject()
      }
      w.beginObject("classes")
      for action in Action.allCases { if let n = diff.classes[action] { w.int(action.rawValue, n) } }
      w.endObject()
      w.int("totalClasses", diff.totalClasses)
      w.int("unrealisableAssignments", diff.unrealisable)
      w.double("seconds", seconds)
      for (key, list) in [("differences", diff.differences), ("sameStatusOtherRule", diff.ruleChanges)] {
        w.beginArray(key)
        for d in list {
          w.beginObject()
          w.string("action", d.action.rawValue)
          w.stringArray("class", d.description)
          for (key, x) in [("a", d.a), ("b", d.b)] {
            w.beginObject(key)
            w.string("status", x.status.rawValue)
            w.stringArray("because", x.because.map(\.rule))
            w.stringArray("cites", x.because.map(\.cite))
            w.endObject()
          }
          d.example.write(into: &w, key: "example")
          w.endObject()
        }
        w.endArray()
      }
      w.string("disclaimer", Decision.disclaimer)
      w.endObject()
      print(w.text)
      return
    }
    print(
      "Diff \(sa.place) on \(sa.date) (law \(sa.engine.version)) → \(sb.place) on \(sb.date) (law \(sb.engine.version))"
    )
    print(
      "\(diff.totalClasses) classes of cases (\(Action.allCases.compactMap { a in diff.classes[a].map { "\(a.rawValue) \($0)" } }.joined(separator: ", "))); \(diff.differences.count) differ; \(String(format: "%.2f", seconds)) s\n"
    )
    if diff.differences.isEmpty { print("No case is decided differently.") }
    if !diff.ruleChanges.isEmpty {
      let byAction = Dictionary(grouping: diff.ruleChanges, by: \.action)
      print(
        "Same status, another deciding rule: "
          + byAction.keys.sorted { $0.index < $1.index }.map { a in
            let d = byAction[a]!
            return
              "\(a.rawValue) in \(d.count) classes (\(d[0].a.because.first?.cite ?? "none") → \(d[0].b.because.first?.cite ?? "none"))"
          }.joined(separator: "; ") + "\n")
    }
    for d in diff.differences.prefix(limit) {
      func side(_ x: ActionDecision) -> String {
        x.status.rawValue.uppercased() + (x.because.first.map { " — \($0.cite)" } ?? "")
      }
      print("\(d.action.rawValue): \(side(d.a))  →  \(side(d.b))")
      for line in d.description { print("    \(line)") }
      print("    e.g. \(d.example.json())\n")
    }
    if diff.differences.count > limit {
      print("… \(diff.differences.count - limit) more (--limit, or --format json for all)")
    }
    print(Decision.disclaimer)
  }
}

struct Prove: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a property of a place's law over every class of cases.",
    discussion: """
      PROPERTY is built from actions (hold, hold is required, transfer != prohibited), scalar
      facts (ice.warrant == judicial, agency != police, person.finalOrderOfRemoval,
      ice.warrant is unknown), agreements287g has JEM, not/and/or, parentheses and =>.
      Exit 0 when it holds; exit 1 with a counterexample the engine confirms.
      """)

  @Argument(help: "The place (or DIR:PLACE, PLACE@DATE).") var place: String
  @Argument(help: "The property, e.g. 'hold => ice.warrant == judicial'.") var property: String
  @Option(help: "Date the law is taken at (default: today).") var date: String?
  @Option(help: "Output format: text or json.") var format: OutputFormat = .text
  @Option(help: "Write the counterexample as a golden-test fixture (JSON) to this file.") var emit: String?

  func run() throws {
    let p: Property
    do { p = try Property.parse(property) } catch { throw fail(error.description) }
    let day =
      try date.map { d in
        guard let v = CivilDate(parsing: d) else { throw ValidationError("`\(d)` is not a date") }
        return v
      } ?? today()
    let side = try SideSpec(place).side(defaultPlace: nil, defaultDate: day) { try bundledEngine() }
    let started = Date()
    let proof = Proof(p, side)
    let seconds = Date().timeIntervalSince(started)
    // The engine confirms the counterexample on its own.
    if let c = proof.counterexample {
      guard !p.holds(c.case, side.engine.decide(c.case)) else {
        throw fail("internal error: the counterexample does not break the property when decided again")
      }
    }
    if let emit, let c = proof.counterexample {
      var w = JSONWriter(pretty: true)
      w.beginArray()
      w.beginObject()
      w.string("name", "counterexample to `\(property)` at \(side.place) on \(side.date)")
      w.string("clause", c.decision[p.actions.first ?? .hold].because.first?.cite ?? "(no rule decides it)")
      c.case.write(into: &w, key: "case")
      w.beginObject("expect")
      for a in Set(p.actions).sorted(by: { $0.index < $1.index }) {
        let d = c.decision[a]
        w.beginObject(a.rawValue)
        w.string("status", d.status.rawValue)
        if let r = d.because.first { w.stringArray("because", [r.rule]) }
        w.endObject()
      }
      w.endObject()
      w.endObject()
      w.endArray()
      try (w.text + "\n").write(toFile: emit, atomically: true, encoding: .utf8)
    }
    if format == .json {
      var w = JSONWriter(pretty: true)
      w.beginObject()
      w.string("place", side.place)
      w.string("date", side.date.description)
      w.string("lawVersion", side.engine.version)
      w.string("property", p.description)
      w.bool("holds", proof.holds)
      w.int("classes", proof.classes)
      w.double("seconds", seconds)
      if let c = proof.counterexample {
        c.case.write(into: &w, key: "counterexample")
        w.stringArray("class", c.description)
        w.beginObject("decision")
        for a in Set(p.actions).sorted(by: { $0.index < $1.index }) {
          w.beginObject(a.rawValue)
          w.string("status", c.decision[a].status.rawValue)
          w.stringArray("because", c.decision[a].because.map(\.rule))
          w.endObject()
        }
        w.endObject()
      } else {
        w.null("counterexample")
      }
      w.string("disclaimer", Decision.disclaimer)
      w.endObject()
      print(w.text)
    } else {
      print(
        "\(p) at \(side.place) on \(side.date) (law \(side.engine.version)): checked \(proof.classes) classes in \(String(format: "%.2f", seconds)) s"
      )
      if let c = proof.counterexample {
        print("FAILS. Counterexample:\n  \(c.case.json())")
        for a in Set(p.actions).sorted(by: { $0.index < $1.index }) {
          let d = c.decision[a]
          print(
            "  \(a.rawValue): \(d.status.rawValue)\(d.because.first.map { " — \($0.cite) [\($0.source)]" } ?? "")"
          )
        }
        print("  class: " + c.description.joined(separator: "; "))
      } else {
        print("HOLDS for every case.")
      }
      print(Decision.disclaimer)
    }
    if !proof.holds { throw ExitCode(1) }
  }
}
