import AccordCore
import AccordLaw
import Testing

/// The interview, answered from a complete case, must end where `decide` on that case ends for
/// every action it calls decided, and must never ask for a fact that cannot change anything.
@Suite struct InterviewTests {
  typealias Rng = SplitMix64

  /// A case with every fact given, from the fact table.
  static func complete(_ rng: inout Rng, place: String) -> Case {
    let start = CivilDate(year: 2014, month: 1, day: 1)!.days
    var c = Case(date: CivilDate(days: start + Int32(rng.next() % 4_718)), place: place)
    for f in FactTable.scalars {
      let values: [String] = if case .bool = f.kind { ["true", "false"] } else { f.values ?? [] }
      c[fact: f.path] = rng.pick(values)
    }
    if rng.next() % 4 == 0 { c.agreements287g = [rng.pick(Case.models287g)] }
    func offenses() -> [Offense] {
      (0..<Int(rng.next() % 3)).map { _ in
        var o = Offense()
        o.grade = rng.pick(Grade.allCases)
        o.date = CivilDate(days: c.date.days - Int32(rng.next() % 5_000))
        o.probableCause = rng.next() % 2 == 0
        o.tags = rng.next() % 3 == 0 ? ["violent-or-serious"] : []
        return o
      }
    }
    c.charges = offenses()
    c.convictions = offenses()
    c.registries = rng.next() % 5 == 0 ? ["US-CA:sex-and-arson"] : []
    return c
  }

  @Test func interviewEndsWhereDecideEnds() throws {
    let engine = try BundledLaw.engine()
    let places = engine.places.map(\.id) + ["US-OH/franklin-county"]
    var rng = Rng(state: 7)
    var total = 0
    var worst = 0
    let cases = 400
    for i in 0..<cases {
      let full = Self.complete(&rng, place: places[i % places.count])
      let expected = engine.decide(full)
      let (questions, step, _) = engine.replayInterview(full)
      total += questions
      worst = max(worst, questions)
      for a in Action.allCases where step.decision[a].status != .undetermined {
        #expect(
          step.decision[a].status == expected[a].status,
          "\(full.json()): \(a.rawValue) is \(step.decision[a].status) after the interview, \(expected[a].status) on the whole case"
        )
      }
      // Done means no fact could decide more: the whole case decides no more actions than the
      // interview left open for reasons other than facts the case gave.
      #expect(step.done)
    }
    // A complete case states 20-odd facts; the interview asks only those that matter.
    #expect(Double(total) / Double(cases) < Double(FactTable.scalars.count))
    #expect(worst > 0)
  }

  @Test func questionsSayWhyAndAnswersAreChecked() throws {
    let engine = try BundledLaw.engine()
    let c = Case(date: CivilDate(parsing: "2025-06-01")!, place: "US-CA")
    let step = engine.interview(c, actions: [.hold])
    let q = try #require(step.next)
    #expect(q.path == "agency")
    #expect(q.decides.contains { $0.action == .hold })
    #expect(!q.clauses.isEmpty)
    #expect(!q.text(.es).isEmpty && q.text(.es) != q.text(.en))
    #expect(throws: InterviewAnswerError.self) { try engine.answering(c, q, "sheriff") }
    let jail = try engine.answering(c, q, "jail")
    let after = engine.interview(jail, actions: [.hold])
    #expect(after.done)
    #expect(after.decision[.hold].status == .prohibited)
  }

  @Test func openActionsSayWhy() throws {
    let engine = try BundledLaw.engine()
    // An undeclared county of a state whose law is not researched: no fact can decide the hold.
    var c = Case(date: CivilDate(parsing: "2024-06-01")!, place: "US-OH/franklin-county")
    c.agency = "jail"
    c.detainer = true
    c.warrant = "administrative"
    let step = engine.interview(c, actions: [.hold])
    #expect(step.done)
    let open = try #require(step.open.first { $0.action == .hold })
    #expect(open.because.contains { $0.contains("not researched") || $0.contains("not encoded") })
  }

  @Test func citationsResolveOnlyThroughTheLibrary() throws {
    let engine = try BundledLaw.engine()
    #expect(engine.categories(ofCitation: "no such statute 123") == nil)
    let suggestions = engine.offenseSuggestions("PC 1")
    for s in suggestions { #expect(s.citation.hasPrefix("PC 1")) }
  }
}
