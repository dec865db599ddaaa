import Testing

@testable import AccordCore

/// The synthetic library with a coverage ledger: silence is not permission.
enum Ledgered {
  static let ledger = """
    # Coverage (synthetic)
    ```accord
    coverage US
      period encoded from 2000-01-01
    coverage US-ZZ
      period unresearched from 2014-01-01 until 2019-03-14
      period encoded from 2019-03-15
      known "Zedland 287(g) Mandate Act"
        requires from 2024-01-01 not-encoded
        source "synthetic.md"
        actions enter-287g
    coverage US-ZZ/alpha-county
      period unresearched from 2014-01-01 until 2019-12-31
      period encoded from 2020-01-01
    coverage US-ZZ/delta-county
      period unresearched from 2014-01-01
    coverage US-ZZ/epsilon
      period none from 2014-01-01 source "synthetic.md" verified 2026-11-30
    coverage US-ZZ/beta
      period unresearched from 2014-01-01 until 2019-12-31
      period encoded from 2020-01-01
    coverage US-QQ
      period none from 2014-01-01 source "synthetic.md" verified 2026-11-30
    ```
    """

  static let quebec = """
    ```accord
    place US-QQ
      name "Queenland"
      level state
      parent US
    place US-ZZ/delta-county
      name "Delta County"
      level county
      parent US-ZZ
    place US-ZZ/epsilon
      name "Epsilon City"
      level city
      parent US-ZZ/delta-county
    ```
    """

  static var files: [(path: String, text: String)] {
    Synthetic.files + [("coverage.md", ledger), ("places-qq.md", quebec)]
  }

  static let engine: Engine = try! Engine(files: files)

  static func decide(_ json: String) throws -> Decision { engine.decide(try Case(json: json)) }

  static func check(replacing old: String, with new: String) -> [Diagnostic] {
    var files = Ledgered.files
    files[files.count - 2].text = ledger.replacingOccurrences(of: old, with: new)
    return Engine.check(files: files).filter { $0.severity == .error }
  }
}

@Suite struct CoverageEngineTests {
  @Test func theLedgeredLibraryIsClean() {
    #expect(Engine.check(files: Ledgered.files).isEmpty)
  }

  /// A known law confined to the agencies a state runs (a state police order) leaves a city's
  /// police alone, binds the state's, and may bind an agency whose government the case leaves unsaid.
  @Test func aKnownLawForStateAgenciesBindsNoCitysPolice() throws {
    var files = Ledgered.files
    files[files.count - 2].text = Ledgered.ledger.replacingOccurrences(
      of: "    actions enter-287g\n",
      with: """
            actions enter-287g
          known "Zedland State Police Order"
            mixed from 2024-01-01 not-encoded
            source "synthetic.md"
            actions hold
            agencies police governments state

        """)
    let engine = try Engine(files: files)
    func needsTheOrder(_ government: String?) throws -> Bool {
      let g = government.map { #","agencyGovernment":"\#($0)""# } ?? ""
      let d = engine.decide(
        try Case(
          json:
            #"{"date":"2025-06-01","place":"US-ZZ","agency":"police"\#(g),"ice":{"detainer":true,"warrant":"administrative"}}"#
        ))
      return d[.hold].needs.contains { $0.contains("Zedland State Police Order") }
    }
    #expect(try needsTheOrder("state"))
    #expect(try !needsTheOrder("city"))
    #expect(try !needsTheOrder("county"))
    #expect(try needsTheOrder(nil))
    let prison = engine.decide(
      try Case(
        json: #"{"date":"2025-06-01","place":"US-ZZ","agency":"state-prison","ice":{"detainer":true}}"#))
    #expect(!prison[.hold].needs.contains { $0.contains("Zedland State Police Order") })
  }

  @Test func anUnresearchedStateDateIsUndeterminedNotTheFederalAnswer() throws {
    // Before Zedland's law is encoded the federal rule would permit the hold.
    let d = try Ledgered.decide(
      #"{"date":"2018-06-01","place":"US-ZZ","ice":{"detainer":true,"warrant":"administrative"}}"#)
    #expect(d[.hold].status == .undetermined)
    #expect(
      d[.hold].needs.first?.contains("Zedland (US-ZZ): its law is not researched for 2018-06-01") == true)
    #expect(d[.hold].possible == [.required, .permitted, .prohibited])
    #expect(d.warnings.contains { $0.contains("never the answer of the levels above") })
  }

  @Test func aFederalPreemptionStandsOverAnUnresearchedLevel() throws {
    let d = try Ledgered.decide(#"{"date":"2018-06-01","place":"US-ZZ"}"#)
    #expect(d[.shareStatus].status == .permitted)
    #expect(d[.shareStatus].because.map(\.rule) == ["us.share"])
  }

  @Test func aHigherProhibitionStandsOverAnUnresearchedCounty() throws {
    let admin = try Ledgered.decide(
      #"{"date":"2021-06-01","place":"US-ZZ/delta-county","agency":"jail","ice":{"detainer":true,"warrant":"administrative"}}"#
    )
    #expect(admin[.hold].status == .prohibited)
    #expect(admin[.hold].because.map(\.rule) == ["us-zz.hold.default"])
    // With a judicial warrant Zedland permits the hold; the county's own law could still forbid it.
    let judicial = try Ledgered.decide(
      #"{"date":"2021-06-01","place":"US-ZZ/delta-county","agency":"jail","ice":{"detainer":true,"warrant":"judicial"}}"#
    )
    #expect(judicial[.hold].status == .undetermined)
    #expect(
      judicial[.hold].needs == ["Delta County (US-ZZ/delta-county): its law is not researched for 2021-06-01"]
    )
  }

  @Test func aStatePrisonIsNotBoundByCountyLaw() throws {
    let d = try Ledgered.decide(
      #"{"date":"2021-06-01","place":"US-ZZ/delta-county","agency":"state-prison","ice":{"detainer":true,"warrant":"judicial"}}"#
    )
    #expect(d[.hold].status == .permitted)
  }

  @Test func cityPoliceAreNotBoundByTheirCountysLaw() throws {
    let police = try Ledgered.decide(
      #"{"date":"2021-06-01","place":"US-ZZ/epsilon","agency":"police","ice":{"detainer":true,"warrant":"judicial"}}"#
    )
    #expect(police[.hold].status == .permitted)
    let jail = try Ledgered.decide(
      #"{"date":"2021-06-01","place":"US-ZZ/epsilon","agency":"jail","ice":{"detainer":true,"warrant":"judicial"}}"#
    )
    #expect(jail[.hold].status == .undetermined)
  }

  @Test func aKnownLawNotEncodedOpensOnlyItsActionsAndDirection() throws {
    let d = try Ledgered.decide(#"{"date":"2024-06-01","place":"US-ZZ","agency":"jail"}"#)
    #expect(d[.enter287g].status == .undetermined)
    // Federal law (synthetic) has no 287(g) rule: the mandate could require it, or nothing decides.
    #expect(d[.enter287g].possible == [.required])
    #expect(
      d[.enter287g].needs == [
        "Zedland law (Zedland 287(g) Mandate Act, in force since 2024-01-01) is not encoded (requires cooperation; law/sources/synthetic.md)"
      ])
    // Before it took effect, and for other actions, nothing changes.
    let before = try Ledgered.decide(#"{"date":"2023-12-31","place":"US-ZZ","agency":"jail"}"#)
    #expect(before[.enter287g].needs.isEmpty)
    #expect(d[.transfer].needs.allSatisfy { !$0.contains("Mandate") })
  }

  @Test func aVerifiedAbsenceLetsTheFederalAnswerStandWithItsSource() throws {
    let d = try Ledgered.decide(
      #"{"date":"2025-06-01","place":"US-QQ","ice":{"detainer":true,"warrant":"administrative"}}"#)
    #expect(d[.hold].status == .permitted)
    #expect(
      d.warnings.contains {
        $0.contains(
          "Queenland (US-QQ): no law limiting or requiring cooperation, per law/sources/synthetic.md (verified 2026-11-30)"
        )
      })
  }

  @Test func anUndeclaredLocalPlaceIsUnresearched() throws {
    let d = try Ledgered.decide(
      #"{"date":"2025-06-01","place":"US-QQ/gamma-county","agency":"jail","ice":{"detainer":true,"warrant":"administrative"}}"#
    )
    #expect(d[.hold].status == .undetermined)
    #expect(d[.hold].needs.contains { $0.contains("US-QQ/gamma-county is not in the coverage ledger") })
  }

  @Test func aDateBeforeEveryPeriodIsUnresearched() throws {
    let d = try Ledgered.decide(
      #"{"date":"2010-06-01","place":"US-QQ","ice":{"detainer":true,"warrant":"administrative"}}"#)
    #expect(d[.hold].status == .undetermined)
  }

  @Test func explainNamesTheLedgerPerLevel() throws {
    let c = try Case(json: #"{"date":"2024-06-01","place":"US-ZZ/delta-county","agency":"jail"}"#)
    let text = Ledgered.engine.explain(c, action: .enter287g).text(place: c.place, date: c.date)
    #expect(
      text.contains(
        "coverage: Zedland 287(g) Mandate Act (requires cooperation, in force since 2024-01-01) is known but not encoded"
      ))
    #expect(text.contains("coverage: this level's law is not researched on 2024-06-01"))
  }

  @Test func theReportCountsEveryStatus() {
    let r = Ledgered.engine.coverageReport(on: CivilDate(parsing: "2024-06-01")!)
    #expect(r.count(.encoded, stateLevel: true) == 1)
    #expect(r.count(.none, stateLevel: true) == 1)
    #expect(r.count(.unresearched, stateLevel: false) == 1)
    #expect(r.count(.encoded, stateLevel: false) == 2)
    #expect(r.count(.none, stateLevel: false) == 1)
    #expect(r.absent.count == CoverageReport.stateLevel.count)  // US-ZZ and US-QQ are not real states
    let json = r.json()
    #expect(json.contains("\"withKnownLawNotEncoded\": 1"))
    #expect(r.text().contains("NOT ENCODED: Zedland 287(g) Mandate Act"))
  }
}

@Suite struct CoverageCheckTests {
  func expectError(_ old: String, _ new: String, _ message: String, line: Int? = nil) {
    let errors = Ledgered.check(replacing: old, with: new)
    let hit = errors.first { $0.message.contains(message) }
    #expect(hit != nil, "no error containing “\(message)”; got \(errors.map(\.description))")
    #expect(hit?.help != nil)
    if let line { #expect(hit?.line == line, "at \(hit?.description ?? "")") }
  }

  @Test func unknownPlace() {
    expectError(
      "coverage US-QQ\n", "coverage US-XQ\n", "unknown place `US-XQ` in the coverage ledger", line: 22)
  }

  @Test func unknownStatus() {
    expectError("period none from", "period nothing from", "unknown coverage status `nothing`", line: 18)
  }

  @Test func invertedPeriod() {
    expectError("until 2019-03-14", "until 2013-03-14", "`until` 2013-03-14 is before `from` 2014-01-01")
  }

  @Test func overlappingPeriods() {
    expectError(
      "until 2019-03-14", "until 2019-06-01", "overlaps the period 2014-01-01 to 2019-06-01", line: 7)
  }

  @Test func overlapWithAnOpenPeriod() {
    expectError(
      "period unresearched from 2014-01-01 until 2019-03-14", "period unresearched from 2014-01-01",
      "overlaps the open-ended period")
  }

  @Test func aNonePeriodNeedsItsSource() {
    expectError(
      #"period none from 2014-01-01 source "synthetic.md" verified 2026-11-30"#,
      "period none from 2014-01-01",
      "a `none` period needs the `source`")
  }

  @Test func anEncodedPeriodNeedsLawFiles() {
    expectError(
      "period unresearched from 2014-01-01 until 2019-12-31\n  period encoded from 2020-01-01",
      "period encoded from 2014-01-01", "no law file of US-ZZ/beta is in force on 2014-01-01")
  }

  @Test func aLawFileOutsideEveryEncodedPeriod() {
    expectError(
      "period encoded from 2019-03-15", "period unresearched from 2019-03-15",
      "law file `us-zz/trust.md` is in force on 2019-03-15, outside every encoded period of US-ZZ")
  }

  @Test func aDeclaredPlaceWithoutAnEntry() {
    expectError(
      "coverage US-ZZ/delta-county\n  period unresearched from 2014-01-01\n", "",
      "place `US-ZZ/delta-county` has no entry in the coverage ledger")
  }

  @Test func aKnownLawWithAnUnknownGovernment() {
    expectError(
      "actions enter-287g", "actions enter-287g governments province", "unknown government `province`",
      line: 11)
  }

  @Test func aKnownLawWithAnUnknownAction() {
    expectError(
      "actions enter-287g", "actions enter-287g hold-forever", "unknown action `hold-forever`", line: 11)
  }

  @Test func aKnownLawWithoutDirection() {
    expectError("requires from 2024-01-01", "from 2024-01-01", "needs a direction: limits, requires or mixed")
  }

  @Test func aBadDate() {
    expectError(
      "from 2024-01-01 not-encoded", "from 2024-13-01 not-encoded", "`2024-13-01` is not a valid date")
  }

  @Test func aSourceThatIsNotThere() {
    expectError(
      "source \"synthetic.md\"\n    actions", "source \"absent.md\"\n    actions",
      "`absent.md` is not in law/sources/")
  }

  @Test func aDuplicateEntry() {
    expectError(
      "coverage US-QQ\n",
      "coverage US-ZZ\n  period unresearched from 1990-01-01 until 1990-01-02\ncoverage US-QQ\n",
      "has a second coverage entry")
  }
}
