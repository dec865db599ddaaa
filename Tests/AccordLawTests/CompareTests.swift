import AccordCore
import AccordLaw
import Testing

@Suite struct CompareTests {
  static let date = CivilDate(parsing: "2025-06-01")!

  @Test func everyPlaceGetsEveryProfile() throws {
    let engine = try #require(Golden.engine)
    let ids = engine.places.map(\.id)
    let c = engine.compare(places: ids, date: Self.date)
    #expect(c.places.map(\.id) == ids)
    for p in c.places {
      #expect(p.decisions.count == ReferenceProfile.all.count)
      #expect(p.summary.hasPrefix(p.name + ": ") && p.summary.hasSuffix("."))
    }
  }

  /// The spectrum: Texas requires what California forbids; New Jersey opens holds by record.
  @Test func summariesTellThePlacesApart() throws {
    let engine = try #require(Golden.engine)
    let c = engine.compare(places: ["US-TX", "US-CA", "US-NJ"], date: Self.date)
    let summary = Dictionary(uniqueKeysWithValues: c.places.map { ($0.id, $0.summary) })
    #expect(
      summary["US-TX"]?.contains("must hold people past release on a detainer whenever ICE asks") == true)
    #expect(summary["US-CA"]?.contains("may not hold people past release") == true)
    #expect(summary["US-CA"]?.contains("287(g) agreements are banned") == true)
    #expect(summary["US-NJ"]?.contains("on an ICE warrant only for") == true)
    // A violent or serious felony opens notification in California; no record does not.
    let ca = try #require(c.places.first { $0.id == "US-CA" })
    let profiles = ReferenceProfile.all
    let vs = try #require(
      profiles.firstIndex { $0.record == .violentOrSerious && $0.warrant == "administrative" })
    let none = try #require(profiles.firstIndex { $0.record == .noRecord && $0.warrant == "administrative" })
    #expect(ca.decisions[vs][.notifyRelease].status == .permitted)
    #expect(ca.decisions[none][.notifyRelease].status == .prohibited)
  }

  @Test func conflictsAndJSON() throws {
    let engine = try #require(Golden.engine)
    // SB 4 in force, the Sheriff's 2017 detainer policy not yet withdrawn (it ended 2017-09-24).
    let c = engine.compare(places: ["US-TX/travis-county"], date: CivilDate(parsing: "2017-09-10")!)
    let text = c.text()
    #expect(text.contains("conflict (hold): US-TX required over US-TX/travis-county prohibited"))
    let root = try JSONReader.parse(c.json())
    guard case .array(let places)? = root["places"]?.value, let first = places.first else {
      Issue.record("no places in the JSON")
      return
    }
    guard case .array(let conflicts)? = first["conflicts"]?.value else {
      Issue.record("no conflicts array")
      return
    }
    #expect(conflicts.count >= 2)
    guard case .string(let status)? = first["actions"]?["hold"]?["no-record/administrative"]?["status"]?.value
    else {
      Issue.record("no hold status")
      return
    }
    #expect(status == "required")
  }
}
