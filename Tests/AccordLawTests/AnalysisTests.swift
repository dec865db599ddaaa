import AccordCore
import AccordLaw
import Testing

/// A small seeded generator (SplitMix64), so random cases are the same on every run.
typealias Rng = SplitMix64

extension SplitMix64 {
  /// The value, or unknown one time in three.
  mutating func maybe<T>(_ x: T) -> T? { below(3) == 0 ? nil : x }
}

enum RandomCases {
  static let offenses = [
    "CA PC 459", "CA PC 187", "CA PC 487", "NJ 2C:35-10", "NJ 2C:11-3", "NY PL 125.25", "NY PL 160.10",
    "ZZ 1",
  ]
  static let tags = [
    "violent-or-serious", "US-CA:serious-felony", "US-CA:wobbler", "!US-CA:prop47-reduced",
    "US-NY/new-york-city:violent-or-serious", "US-CA:state-prison-felony", "!violent-or-serious",
  ]

  static func make(_ g: inout Rng, place: String, date: CivilDate) -> Case {
    var c = Case(date: date, place: place)
    c.agency = g.maybe(g.pick(Case.agencies))
    c.detainer = g.maybe(g.below(2) == 0)
    c.warrant = g.maybe(g.pick(Case.warrants))
    if g.below(4) == 0 { c.agreements287g = [g.pick(Case.models287g)] }
    c.finalOrderOfRemoval = g.maybe(g.below(4) == 0)
    c.terroristScreeningMatch = g.maybe(g.below(6) == 0)
    c.requestedByPerson = g.maybe(g.below(4) == 0)
    c.interviewConsent = g.maybe(g.pick(Case.consents))
    c.counsel = g.maybe(g.pick(Case.counsels))
    c.federalFelonyWarrant = g.maybe(g.below(5) == 0)
    c.federalCriminalCustody = g.maybe(g.below(5) == 0)
    c.proofOfStatus = g.maybe(g.below(4) == 0)
    c.statusRelevantToInvestigation = g.maybe(g.below(4) == 0)
    c.reentryAfterRemoval = g.maybe(g.below(4) == 0)
    if g.below(3) > 0 { c.registries = g.below(3) == 0 ? ["US-CA:sex-and-arson"] : [] }
    func items() -> [Offense]? {
      guard g.below(4) > 0 else { return nil }
      return (0..<g.below(3)).map { _ in
        var o = Offense()
        if g.below(3) > 0 { o.offense = g.pick(offenses) }
        o.grade = g.maybe(g.pick(Grade.allCases))
        if g.below(4) > 0 { o.date = date.adding(days: -g.below(8_000)) }
        if g.below(2) == 0 { o.tags = (0..<g.below(3)).map { _ in g.pick(tags) } }
        o.probableCause = g.maybe(g.below(2) == 0)
        return o
      }
    }
    c.charges = items()
    c.convictions = items()
    return c
  }
}

@Suite struct PartitionTests {
  static let engine = Golden.engine!
  static let date = CivilDate(parsing: "2025-06-01")!

  /// Every random case falls into a class, and the engine decides it as it decides the class.
  @Test(arguments: [
    ("US-NJ/essex-county", Action.hold), ("US-NJ", .notifyRelease), ("US-NY/new-york-city", .hold),
    ("US-CA", .transfer), ("US-CA/los-angeles", .interviewAccess), ("US-TX/austin", .inquireStatus),
    ("US-DC", .transfer), ("US-MA/boston", .hold),
  ])
  func partitionIsExhaustiveAndExact(_ place: String, _ action: Action) throws {
    let side = CaseSpace.Side(engine: Self.engine, place: place, date: Self.date)
    let space = CaseSpace(sides: [side], actions: [action])
    #expect(space.classes.count > 1)
    var g = Rng(state: UInt64(place.count * 31 + action.index))
    for _ in 0..<1_500 {
      let c = RandomCases.make(&g, place: place, date: Self.date)
      let i = try #require(space.classIndex(of: c), "case \(c.json()) fell into no class")
      let expected = space.classes[i].decisions[0][action].status
      #expect(
        Self.engine.decide(c)[action].status == expected,
        "\(c.json()) vs class \(space.classes[i].description)")
    }
    // Every class's witness is in its own class (classes are disjoint and each is realised).
    for (i, k) in space.classes.enumerated() { #expect(space.classIndex(of: k.witness) == i) }
  }
}

@Suite struct DiffTests {
  static let engine = Golden.engine!
  static func side(_ place: String, _ date: String = "2025-06-01") -> CaseSpace.Side {
    CaseSpace.Side(engine: engine, place: place, date: CivilDate(parsing: date)!)
  }

  @Test func aLawDiffedWithItselfIsEmpty() {
    for place in ["US-NJ", "US-CA/los-angeles", "US-NY/new-york-city", "US-TX/travis-county"] {
      let d = LawDiff(Self.side(place), Self.side(place))
      #expect(d.differences.isEmpty && d.ruleChanges.isEmpty, "\(place)")
      #expect(d.totalClasses > 0)
    }
  }

  /// New Jersey lets a jail tell ICE of a release after an indictable conviction within five
  /// years; New York City's jails may not without a judicial warrant.
  @Test func newJerseyVersusNewYorkCity() {
    let d = LawDiff(Self.side("US-NJ"), Self.side("US-NY/new-york-city"), actions: [.notifyRelease])
    let found = d.differences.contains { diff in
      diff.a.status == .permitted && diff.b.status == .prohibited
        && diff.a.because.first?.rule == "us-nj.itd.notify.indictable-5y" && diff.example.agency == "jail"
        && diff.example.warrant != "judicial"
    }
    #expect(found)
    // Each difference's example really is decided differently.
    for diff in d.differences.prefix(200) {
      var b = diff.example
      b.place = "US-NY/new-york-city"
      #expect(Self.engine.decide(diff.example)[.notifyRelease].status == diff.a.status)
      #expect(Self.engine.decide(b)[.notifyRelease].status == diff.b.status)
    }
  }

  /// D.C.'s 2025 emergency subsection changes no status, only the rule that decides status sharing.
  @Test func dcBeforeAndDuringTheEmergency() {
    let d = LawDiff(Self.side("US-DC", "2025-06-01"), Self.side("US-DC", "2025-10-01"))
    #expect(d.differences.isEmpty)
    #expect(
      d.ruleChanges.contains {
        $0.action == .shareStatus && $0.b.because.first?.rule == "us-dc.211-07g.share-status"
      })
  }

  /// Texas before and after SB 4: holds become a duty.
  @Test func texasBeforeAndAfterSB4() throws {
    // Texas law before SB 4 is not researched (the coverage ledger): undetermined, then required.
    let d = LawDiff(Self.side("US-TX", "2017-06-01"), Self.side("US-TX", "2017-10-01"), actions: [.hold])
    #expect(d.differences.contains { $0.a.status == .undetermined && $0.b.status == .required })
    // On the encoded law alone, federal law's permission becomes SB 4's duty.
    let bare = try #require(Golden.encodedOnly)
    let e = LawDiff(
      CaseSpace.Side(engine: bare, place: "US-TX", date: CivilDate(parsing: "2017-06-01")!),
      CaseSpace.Side(engine: bare, place: "US-TX", date: CivilDate(parsing: "2017-10-01")!), actions: [.hold])
    #expect(e.differences.contains { $0.a.status == .permitted && $0.b.status == .required })
  }
}

@Suite struct ProveTests {
  static let engine = Golden.engine!
  static let date = CivilDate(parsing: "2025-06-01")!

  @Test func newYorkCityJailsHoldOnlyOnAJudicialWarrant() throws {
    let p = try Property.parse("hold and agency == jail => ice.warrant == judicial")
    let proof = Proof(p, CaseSpace.Side(engine: Self.engine, place: "US-NY/new-york-city", date: Self.date))
    #expect(proof.holds)
    #expect(proof.classes > 1)
  }

  /// A failing property yields a counterexample that the engine, deciding it afresh, confirms.
  @Test(arguments: ["US-TX", "US-FL", "US-NJ"])
  func failingPropertiesHaveConfirmedCounterexamples(_ place: String) throws {
    let p = try Property.parse("hold is required => ice.warrant == judicial")
    let side = CaseSpace.Side(engine: Self.engine, place: place, date: Self.date)
    let proof = Proof(p, side)
    if place == "US-NJ" {
      #expect(proof.holds)
      return
    }
    let c = try #require(proof.counterexample)
    let d = Self.engine.decide(c.case)
    #expect(d[.hold].status == .required)
    #expect(c.case.warrant != "judicial")
    #expect(!p.holds(c.case, d))
  }

  @Test func badPropertiesGiveClearErrors() {
    for (text, column) in [
      ("hold =>", 8), ("hold and ice.warrant == bogus", 25), ("teleport", 1), ("(hold", 6),
    ] {
      #expect(throws: PropertyError.self) { try Property.parse(text) }
      do { _ = try Property.parse(text) } catch { #expect(error.column == column, "\(text): \(error)") }
    }
  }
}

/// The compiled decision path agrees with the tree evaluator on random cases over every place
/// (20,000 here; `accord bench --differential --cases 1000000` runs the campaign).
@Suite struct DifferentialTests {
  @Test func compiledPathAgreesWithTheTreeEvaluator() throws {
    let engine = try #require(Golden.engine)
    let places = engine.places.map(\.id) + ["US-OH/franklin-county"]
    var g = Rng(state: 2026)
    var disagreements: [String] = []
    for i in 0..<20_000 {
      let date = CivilDate(days: CivilDate(parsing: "2014-01-01")!.days + Int32(g.below(4_718)))
      let c = RandomCases.make(&g, place: places[i % places.count], date: date)
      disagreements += engine.differentialCheck(c).prefix(3).map { "\(c.json()): \($0)" }
      if disagreements.count > 10 { break }
    }
    #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
  }
}
