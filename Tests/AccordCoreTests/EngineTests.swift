import Testing

@testable import AccordCore

/// A small synthetic library (places US-ZZ and below) that exercises the engine's semantics.
/// It encodes no real law.
enum Synthetic {
  static let places = """
    ```accord
    place US
      name "United States"
      level federal
    place US-ZZ
      name "Zedland"
      level state
      parent US
    place US-ZZ/alpha-county
      name "Alpha County"
      level county
      parent US-ZZ
    place US-ZZ/beta
      name "Beta City"
      level city
      parent US-ZZ/alpha-county
    ```
    """

  static let federal = """
    # Federal baseline (synthetic)
    ```accord
    law US
      title "Synthetic federal law"
      source "synthetic.md"
      completeness verbatim
      verified 2026-11-24
      effective 2000-01-01

    rule us.hold: hold is permitted
      cite "Synthetic § 1"
      when ice.detainer

    rule us.share: share-status is permitted
      cite "Synthetic § 2"
      preempts lower

    rule us.notify: notify-release is permitted
      cite "Synthetic § 3"
    ```
    """

  static let state = """
    # Zedland trust act (synthetic)
    ```accord
    law US-ZZ
      title "Zedland Trust Act"
      source "synthetic.md"
      completeness summary
      verified 2026-11-24
      effective 2019-03-15

    parameter lookback = 5 years
      cite "Trust Act § 1(b)"

    offenses serious
      cite "Trust Act App. A"
      complete yes
      codes "ZZ 2C"
      "ZZ 2C:11-3" "Murder"
      "ZZ 2C:14-*" "Sexual offenses"

    rule us-zz.notify.default: notify-release is prohibited
      cite "Trust Act § 5"

    rule us-zz.notify.serious: notify-release is permitted
      exception to us-zz.notify.default
      cite "Trust Act § 5(a)"
      when any charge where (category serious) or any conviction where (category serious)

    rule us-zz.notify.recent: notify-release is permitted
      exception to us-zz.notify.default
      cite "Trust Act § 5(b)"
      when any conviction where (grade = indictable and within lookback)

    rule us-zz.hold.default: hold is prohibited
      cite "Trust Act § 6"

    rule us-zz.hold.judicial: hold is permitted
      exception to us-zz.hold.default
      cite "Trust Act § 6(a)"
      when ice.warrant = judicial

    rule us-zz.share: share-status is prohibited
      cite "Trust Act § 7"

    rule us-zz.transfer: transfer is required
      cite "Trust Act § 8"
      when ice.warrant = judicial
    ```
    """

  static let city = """
    ```accord
    law US-ZZ/beta
      title "Beta City Ordinance"
      source "synthetic.md"
      completeness verbatim
      verified 2026-11-24
      effective 2020-01-01

    rule us-zz-beta.transfer: transfer is prohibited
      cite "Beta Ord. § 1"
    ```
    """

  /// A sheriff's policy: it binds the county's own agencies, not Beta City's.
  static let sheriff = """
    ```accord
    law US-ZZ/alpha-county
      title "Alpha County Sheriff's policy"
      source "synthetic.md"
      completeness summary
      verified 2026-11-24
      effective 2020-01-01
      scope this-place

    rule us-zz-alpha.inquire: inquire-status is prohibited
      cite "Sheriff's policy § 2"
    ```
    """

  static var files: [(path: String, text: String)] {
    [
      ("places.md", places), ("us/federal.md", federal), ("us-zz/trust.md", state), ("us-zz/beta.md", city),
      ("us-zz/alpha-sheriff.md", sheriff), ("sources/synthetic.md", "# synthetic source\n"),
    ]
  }

  static let engine: Engine = try! Engine(files: files)

  static func decide(_ json: String) throws -> Decision { engine.decide(try Case(json: json)) }
}

@Suite struct ScopeTests {
  /// `scope this-place` binds the county's own cases, not those of the city inside it.
  @Test func thisPlaceScopeStopsAtThePlace() throws {
    let county = try Synthetic.decide(#"{"date":"2024-01-01","place":"US-ZZ/alpha-county"}"#)
    #expect(county[.inquireStatus].status == .prohibited)
    #expect(county[.inquireStatus].because.map(\.rule) == ["us-zz-alpha.inquire"])
    let city = try Synthetic.decide(#"{"date":"2024-01-01","place":"US-ZZ/beta"}"#)
    #expect(!city[.inquireStatus].because.map(\.rule).contains("us-zz-alpha.inquire"))
    // An undeclared city falls back to the state: the county policy is not in its chain.
    let other = try Synthetic.decide(#"{"date":"2024-01-01","place":"US-ZZ/gamma"}"#)
    #expect(!other[.inquireStatus].because.map(\.rule).contains("us-zz-alpha.inquire"))
  }
}

@Suite struct DefaultLogicTests {
  @Test func baseRuleAppliesWhenNoExceptionDoes() throws {
    let d = try Synthetic.decide(
      #"{"date":"2024-01-01","place":"US-ZZ","person":{"charges":[],"convictions":[]}}"#)
    #expect(d[.notifyRelease].status == .prohibited)
    #expect(d[.notifyRelease].because.map(\.rule) == ["us-zz.notify.default"])
  }

  @Test(arguments: [
    // (conviction date, expected status) for a case dated 2024-06-01 with a 5-year lookback.
    ("2019-06-01", Status.permitted),  // exactly five calendar years: inside
    ("2019-05-31", Status.prohibited),  // one day older: outside
    ("2023-01-01", Status.permitted),
  ])
  func lookbackBoundary(date: String, expected: Status) throws {
    let d = try Synthetic.decide(
      #"{"date":"2024-06-01","place":"US-ZZ","person":{"charges":[],"convictions":[{"offense":"ZZ 2C:20-3","grade":"indictable","date":"\#(date)"}]}}"#
    )
    #expect(d[.notifyRelease].status == expected)
  }

  @Test func exceptionDecidesWithItsCitation() throws {
    let d = try Synthetic.decide(
      #"{"date":"2024-06-01","place":"US-ZZ","person":{"charges":[{"offense":"ZZ 2C:14-2","grade":"indictable"}]}}"#
    )
    #expect(d[.notifyRelease].status == .permitted)
    #expect(d[.notifyRelease].because.first?.rule == "us-zz.notify.serious")
    #expect(d[.notifyRelease].because.first?.source == "law/us-zz/trust.md:23")
  }

  @Test func satisfiedConditionDecidesDespiteUnknowns() throws {
    // The charge is on the list; convictions are unknown, but that cannot change the answer.
    let d = try Synthetic.decide(
      #"{"date":"2024-06-01","place":"US-ZZ","person":{"charges":[{"tags":["serious"]}]}}"#)
    #expect(d[.notifyRelease].status == .permitted)
    #expect(d[.notifyRelease].needs.isEmpty)
  }

  @Test func unknownFactsGiveUndeterminedWithNeeds() throws {
    let d = try Synthetic.decide(#"{"date":"2024-06-01","place":"US-ZZ"}"#)
    #expect(d[.notifyRelease].status == .undetermined)
    #expect(d[.notifyRelease].needs.contains("person.charges"))
    #expect(d[.notifyRelease].needs.contains("person.convictions"))
    #expect(d[.notifyRelease].possible == [.permitted, .prohibited])
    #expect(d[.hold].status == .undetermined)
    #expect(d[.hold].needs.contains("ice.warrant"))
  }

  @Test func unlistedOffenseOfACompleteListIsKnownNotSerious() throws {
    let d = try Synthetic.decide(
      #"{"date":"2024-06-01","place":"US-ZZ","person":{"charges":[{"offense":"ZZ 2C:20-3"}],"convictions":[]}}"#
    )
    #expect(d[.notifyRelease].status == .prohibited)
  }

  @Test func offenseOutsideTheListsCodesIsUnknown() throws {
    let d = try Synthetic.decide(
      #"{"date":"2024-06-01","place":"US-ZZ","person":{"charges":[{"offense":"CA PC 187"}],"convictions":[]}}"#
    )
    #expect(d[.notifyRelease].status == .undetermined)
    #expect(d[.notifyRelease].needs == ["person.charges[0].tags (US-ZZ:serious)"])
  }

  @Test func lawNotYetInForceLeavesTheFederalBaseline() throws {
    let d = try Synthetic.decide(#"{"date":"2019-03-14","place":"US-ZZ","ice":{"detainer":true}}"#)
    #expect(d[.hold].status == .permitted)
    #expect(d[.hold].because.map(\.rule) == ["us.hold"])
    let after = try Synthetic.decide(
      #"{"date":"2019-03-15","place":"US-ZZ","ice":{"detainer":true,"warrant":"administrative"}}"#)
    #expect(after[.hold].status == .prohibited)
  }
}

@Suite struct CompositionTests {
  @Test func preemptingFederalRulePrevailsAndIsReported() throws {
    let d = try Synthetic.decide(#"{"date":"2024-06-01","place":"US-ZZ"}"#)
    #expect(d[.shareStatus].status == .permitted)
    let c = try #require(d.conflicts.first { $0.action == .shareStatus })
    #expect(c.prevailingPlace == "US")
    #expect(c.overriddenPlace == "US-ZZ")
    #expect(c.overriddenRule?.rule == "us-zz.share")
  }

  @Test func stateRequirementPrevailsOverCityProhibition() throws {
    let d = try Synthetic.decide(#"{"date":"2024-06-01","place":"US-ZZ/beta","ice":{"warrant":"judicial"}}"#)
    #expect(d[.transfer].status == .required)
    let c = try #require(d.conflicts.first { $0.action == .transfer })
    #expect(c.prevailingPlace == "US-ZZ")
    #expect(c.overriddenPlace == "US-ZZ/beta")
    #expect(c.overriddenStatus == .prohibited)
  }

  @Test func cityRestrictsWhatTheStateLeavesOpen() throws {
    let d = try Synthetic.decide(
      #"{"date":"2024-06-01","place":"US-ZZ/beta","ice":{"warrant":"administrative"}}"#)
    #expect(d[.transfer].status == .prohibited)
    #expect(d[.transfer].because.map(\.rule) == ["us-zz-beta.transfer"])
    #expect(d.conflicts.allSatisfy { $0.action != .transfer })
  }

  @Test func undeclaredPlaceWalksUpItsID() throws {
    let d = try Synthetic.decide(
      #"{"date":"2024-06-01","place":"US-ZZ/gamma-county","ice":{"warrant":"judicial"}}"#)
    #expect(d[.hold].status == .permitted)
    #expect(d.warnings.contains { $0.contains("no law is encoded for US-ZZ/gamma-county") })
  }

  @Test func summarySourceIsWarned() throws {
    let d = try Synthetic.decide(#"{"date":"2024-06-01","place":"US-ZZ","ice":{"warrant":"administrative"}}"#)
    #expect(d.warnings.contains { $0.contains("SUMMARY source") })
  }

  @Test func decisionJSONFollowsTheContract() throws {
    let d = try Synthetic.decide(#"{"date":"2024-06-01","place":"US-ZZ","ice":{"warrant":"judicial"}}"#)
    let node = try JSONReader.parse(d.json())
    #expect(node["place"].map { if case .string(let s) = $0.value { s } else { "" } } == "US-ZZ")
    guard case .object(let actions) = node["actions"]?.value else {
      Issue.record("no actions object")
      return
    }
    #expect(actions.map(\.key) == Action.allCases.map(\.rawValue))
    #expect(node["conflicts"] != nil && node["warnings"] != nil && node["lawVersion"] != nil)
  }

  @Test func explanationNamesRulesThatDidNotApply() throws {
    let c = try Case(
      json: #"{"date":"2024-06-01","place":"US-ZZ","ice":{"detainer":true,"warrant":"administrative"}}"#)
    let e = Synthetic.engine.explain(c, action: .hold)
    let state = try #require(e.levels.first { $0.place == "US-ZZ" })
    let judicial = try #require(state.rules.first { $0.rule.rule == "us-zz.hold.judicial" })
    #expect(judicial.condition == "no")
    #expect(judicial.reading.contains("the case says administrative"))
    #expect(e.text(place: c.place, date: c.date).contains("does not apply"))
  }
}

@Suite struct CaseInputTests {
  @Test(arguments: [
    (#"{"date":"2024-13-01","place":"US-ZZ"}"#, 1, 9, "date"),
    (#"{"date":"2024-01-01","place":"US-ZZ","agency":"jial"}"#, 1, 47, "agency"),
    (
      "{\"date\":\"2024-01-01\",\n \"place\":\"US-ZZ\",\n \"person\":{\"convictions\":[{\"grade\":\"fellony\"}]}}",
      3, 36,
      "person.convictions[0].grade"
    ),
    (#"{"date":"2024-01-01","place":"US-ZZ","ice":{"detainr":true}}"#, 1, 55, "ice.detainr"),
    (#"{"date":"2024-01-01","place":"nowhere"}"#, 1, 30, "place"),
    (#"{"date":"2024-01-01","place":"US-ZZ""#, 1, 37, ""),
  ])
  func badCasesNameLineColumnAndField(json: String, line: Int, column: Int, path: String) {
    #expect(throws: CaseError.self) { try Case(json: json) }
    do {
      _ = try Case(json: json)
    } catch {
      #expect(error.line == line)
      #expect(error.column == column)
      #expect(error.path == path)
    }
  }
}

@Suite struct CivilDateTests {
  @Test(arguments: [
    ("2024-02-29", -1, "2023-02-28"), ("2024-02-29", 4, "2028-02-29"), ("2020-06-01", -5, "2015-06-01"),
    ("1970-01-01", 0, "1970-01-01"),
  ])
  func calendarYears(from: String, years: Int, expected: String) throws {
    let d = try #require(CivilDate(parsing: from))
    #expect(d.adding(years: years).description == expected)
  }

  @Test func rejectsImpossibleDays() {
    #expect(CivilDate(parsing: "2023-02-29") == nil)
    #expect(CivilDate(parsing: "2024-04-31") == nil)
    #expect(CivilDate(parsing: "24-04-01") == nil)
  }
}

@Suite struct JSONWriterTests {
  @Test(arguments: [
    "plain", "quote \" and backslash \\", "line\nbreak\ttab", "control \u{01}", "§ 287.7 — “curly”",
  ])
  func stringsRoundTrip(_ s: String) throws {
    var w = JSONWriter()
    w.beginObject()
    w.string("k", s)
    w.endObject()
    let node = try JSONReader.parse(w.text)
    guard case .string(let back)? = node["k"]?.value else {
      Issue.record("not a string: \(w.text)")
      return
    }
    #expect(back == s)
  }
}

@Suite struct ProgramTests {
  /// The flat programs the hot path runs agree with the condition trees explanations read.
  @Test func programsAgreeWithTrees() throws {
    var g = FuzzTests.Generator(state: 11)
    let library = Synthetic.engine.library
    let grades = ["indictable", "felony", "disorderly-persons"]
    for _ in 0..<3000 {
      func pick(_ xs: [String]) -> String { xs[g.below(xs.count)] }
      var fields: [String] = [#""date":"2024-06-01""#, #""place":"US-ZZ/beta""#]
      if g.below(3) > 0 { fields.append(#""agency":"\#(pick(Case.agencies))""#) }
      var ice: [String] = []
      if g.below(3) > 0 { ice.append(#""warrant":"\#(pick(Case.warrants))""#) }
      if g.below(3) > 0 { ice.append(#""detainer":\#(g.below(2) == 0)"#) }
      fields.append(#""ice":{\#(ice.joined(separator: ","))}"#)
      var person: [String] = []
      for list in ["charges", "convictions"] where g.below(3) > 0 {
        let items = (0..<g.below(3)).map { _ in
          var f: [String] = []
          if g.below(2) == 0 {
            f.append(#""offense":"\#(pick(["ZZ 2C:11-3", "ZZ 2C:14-2", "ZZ 2C:20-3", "CA PC 187"]))""#)
          }
          if g.below(2) == 0 { f.append(#""grade":"\#(pick(grades))""#) }
          if g.below(2) == 0 {
            f.append(#""date":"20\#(10 + g.below(15))-0\#(1 + g.below(9))-1\#(g.below(9))""#)
          }
          if g.below(2) == 0 { f.append(#""tags":[\#(g.below(2) == 0 ? #""serious""# : "")]"#) }
          return "{\(f.joined(separator: ","))}"
        }
        person.append(#""\#(list)":[\#(items.joined(separator: ","))]"#)
      }
      fields.append(#""person":{\#(person.joined(separator: ","))}"#)
      let c = try Case(json: "{\(fields.joined(separator: ","))}")
      let k = library.prepare(c)
      for (i, rule) in library.rules.enumerated() {
        #expect(
          library.run(library.hot[i].program, k) == library.evaluate(rule.condition, k), "\(rule.label)")
      }
    }
  }
}
