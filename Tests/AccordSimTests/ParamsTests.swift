import AccordCore
import Testing

@testable import AccordSim

/// Parameter files that must not load, with the error each gives: `file:line:column`, message.
@Test(arguments: [
  (
    "match-share = 1.5\n  unsourced \"x\"",
    "p.md:5:15: error: `1.5` is not a share: `match-share` lies between 0 and 1"
  ),
  (
    "bookings = -5\n  unsourced \"x\"",
    "p.md:5:12: error: `-5` is not a count: `bookings` is a whole number, 0 or more"
  ),
  ("bookings = 2.5\n  unsourced \"x\"", "p.md:5:12: error: `2.5` is not a count"),
  ("fingerprint-share = 0.2\n  unsourced \"x\"", "p.md:5:1: error: unknown parameter `fingerprint-share`"),
  (
    "match-share = 0.2\n  effective 2019-02-30\n  unsourced \"x\"",
    "p.md:6:13: error: `2019-02-30` is not a date"
  ),
  ("match-share = 0.2\n  until 19-03-15\n  unsourced \"x\"", "p.md:6:9: error: `19-03-15` is not a date"),
  ("match-share = 0.2", "p.md:5:1: error: parameter `match-share` names no source"),
  (
    "match-share = 0.2\n  source \"Data/x.csv\"",
    "p.md:5:1: error: parameter `match-share` has a `source` but no `cite`"
  ),
  (
    "convicted-mix = misdemeanor 0.5, felony 0.6\n  unsourced \"x\"",
    "p.md:5:17: error: the shares of `convicted-mix` sum to 1.1, not 1"
  ),
  (
    "convicted-mix = misdemeanor 0.5, arson 0.5\n  unsourced \"x\"",
    "p.md:5:34: error: unknown label `arson` in `convicted-mix`"
  ),
  (
    "detainer-share = no-record 0.5\n  unsourced \"x\"",
    "p.md:5:18: error: `detainer-share` gives no share for `misdemeanor`"
  ),
  ("practice = 0.5\n  colour \"red\"\n  unsourced \"x\"", "p.md:6:3: error: unknown property `colour`"),
  (
    "practice = 0.5\n  range 0.6 0.9\n  unsourced \"x\"",
    "p.md:6:3: error: the value 0.5 of `practice` lies outside its range"
  ),
  (
    "practice = 0.5\n  effective 2020-01-01\n  until 2019-01-01\n  unsourced \"x\"",
    "p.md:7:9: error: `until 2019-01-01` is before `effective 2020-01-01`"
  ),
  (
    "agency = prison\n  unsourced \"x\"",
    "p.md:5:10: error: `agency` is one of jail, police, state-prison, probation"
  ),
  (
    "practice = 0.5\n  unsourced \"x\"\n\npractice = 0.6\n  unsourced \"y\"",
    "p.md:8:1: error: parameter `practice` at US-NJ is already defined for these dates at p.md:5"
  ),
])
func badParameterFilesGiveLocatedErrors(body: String, expected: String) {
  let text = "# Test\n\n```params\nplace US-NJ\n" + body + "\n```\n"
  let diagnostics = ParamLibrary.check(files: [("p.md", text)])
  let shown = diagnostics.map(\.description)
  #expect(shown.contains { $0.hasPrefix(expected) }, "\(shown)")
  #expect(diagnostics.allSatisfy { $0.help != nil })
  // One mistake, one error: the lines under a bad parameter are not reported again.
  #expect(diagnostics.count == 1, "\(shown)")
}

@Test func aParameterBeforeAnyPlaceIsAnError() {
  let shown = ParamLibrary.check(files: [("q.md", "```params\nmatch-share = 0.2\n  unsourced \"x\"\n```\n")])
    .map(\.description)
  #expect(
    shown.contains { $0.hasPrefix("q.md:2:1: error: parameter `match-share` comes before any `place`") })
}

@Test func aMissingDataFileIsAnError() {
  let text = "```params\nplace US\nmatch-share = 0.2\n  source \"Data/no-such-file.csv\"\n  cite \"x\"\n```\n"
  let shown = ParamLibrary.check(files: [("d.md", text)], root: Fixture.root).map(\.description)
  #expect(
    shown.contains { $0.hasPrefix("d.md:4:10: error: source file `Data/no-such-file.csv` does not exist") })
}

@Test func theRepositoryParameterFilesCheckAndNameTheirProvenance() throws {
  let library = Fixture.params
  #expect(library.warnings.isEmpty)
  #expect(library.places == ["US", "US-CA", "US-FL", "US-IL", "US-NJ", "US-NY/new-york-city", "US-TX"])
  // Every parameter the model knows has a national value for every year it simulates.
  for name in ParamSpec.all.map(\.name) where name != "bookings-share" {
    for year in [2008, 2012, 2018, 2019, 2020, 2025] {
      #expect(
        library.lookup(name, chain: ["US"], on: Simulator.parameterDate(year)) != nil, "\(name) \(year)")
    }
  }
  // Sourced and derived numbers cite; the rest say why they have no source.
  for d in library.definitions {
    switch d.provenance.kind {
    case .sourced, .derived: #expect(d.provenance.source != nil && d.provenance.cite != nil)
    case .calibrated, .unsourced: #expect(!(d.provenance.explanation ?? "").isEmpty)
    }
  }
}

@Test func valuesAreReadAsWritten() throws {
  let text = """
    ```params
    place US-TX
    bookings = 1_250_000
      unsourced "x"
    agreement-mix = none 0.5, TFM+WSO 0.5
      effective 2025-01-01
      unsourced "x"
    detainer-share = 0.8
      unsourced "x"
    violent-serious-tags = "a", "b"
      unsourced "x"
    practice = 0.9
      range 0.8 1
      unsourced "x"
    ```
    """
  let library = try ParamLibrary(files: [("t.md", text)])
  let date = Simulator.parameterDate(2025)
  #expect(library.lookup("bookings", chain: ["US-TX"], on: date)?.value == .number(1_250_000))
  #expect(
    library.lookup("agreement-mix", chain: ["US-TX"], on: date)?.value == .list([0.5, 0, 0, 0, 0, 0, 0.5, 0]))
  #expect(library.lookup("agreement-mix", chain: ["US-TX"], on: Simulator.parameterDate(2024)) == nil)
  #expect(library.lookup("detainer-share", chain: ["US-TX"], on: date)?.value == .list([0.8, 0.8, 0.8, 0.8]))
  #expect(library.lookup("violent-serious-tags", chain: ["US-TX"], on: date)?.value == .strings(["a", "b"]))
  #expect(library.lookup("practice", chain: ["US-TX"], on: date)?.range == 0.8...1)
  // `bookings` is not inherited by the places below.
  #expect(library.lookup("bookings", chain: ["US-TX/travis-county", "US-TX"], on: date) == nil)
  #expect(library.lookup("practice", chain: ["US-TX/travis-county", "US-TX"], on: date) != nil)
}
