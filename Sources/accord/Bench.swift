import AccordCore
import AccordLaw
import ArgumentParser
import Foundation

/// Measures the engine; figures go to the README (speed is measured here, never asserted in tests).
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Benchmark: library load + check, decisions per second, single-decision latency, batch JSON.")

  @Option(help: "Number of generated cases.")
  var cases: Int = 1_000_000

  @Option(help: "Place the cases name (a US → state → county chain by default).")
  var place: String = "US-NJ/essex-county"

  @Option(help: "Random seed.")
  var seed: UInt64 = 42

  @Option(help: "Share of facts left unknown in generated cases (0 = every fact given).")
  var unknownRate: Double = 0.25

  @Flag(
    help:
      "Instead of timing: decide --cases random cases over every place and date since 2014 with both the compiled path and the tree evaluator, and report every disagreement (exit 1 if any)."
  )
  var differential = false

  @Option(
    help:
      "Instead of timing decisions: run N interviews answered from random complete cases over every place, check each against decide on the whole case, and report questions asked and next-question time."
  )
  var interview: Int?

  func runDifferential() throws {
    let e = try BundledLaw.engine()
    let places =
      e.places.map(\.id) + ["US-OH/franklin-county", "US-CA/alameda-county", "US-TX/harris-county"]
    var rng = SplitMix(seed: seed)
    let clock = ContinuousClock()
    let t0 = clock.now
    var disagreements: [String] = []
    for i in 0..<cases {
      var c = randomCase(&rng)
      c.place = places[i % places.count]
      c.date = CivilDate(days: CivilDate(year: 2014, month: 1, day: 1)!.days + Int32(rng.next() % 4_718))
      c.federalFelonyWarrant = rng.unit() < unknownRate ? nil : rng.pick([true, false, false])
      c.proofOfStatus = rng.unit() < unknownRate ? nil : rng.pick([true, false, false])
      c.reentryAfterRemoval = rng.unit() < unknownRate ? nil : rng.pick([true, false, false])
      c.federalCriminalCustody = rng.unit() < unknownRate ? nil : rng.pick([true, false, false])
      c.terroristScreeningMatch = rng.unit() < unknownRate ? nil : rng.pick([true, false, false, false])
      if rng.next() % 4 == 0 { c.agreements287g = [rng.pick(Case.models287g)] }
      let found = e.differentialCheck(c)
      if !found.isEmpty, disagreements.count < 20 { disagreements += found.map { "\(json(c)): \($0)" } }
      if !found.isEmpty, disagreements.count >= 20 { break }
    }
    let total = clock.now - t0
    let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
    print(
      String(
        format:
          "differential: %d random cases over %d places and every date since 2014, every rule in force and every level's outcome per action; compiled vs tree: %d disagreements (%.1f s)",
        cases, places.count, disagreements.count, seconds))
    for d in disagreements { print("  " + d) }
    if !disagreements.isEmpty { throw ExitCode(1) }
  }

  func run() throws {
    if differential {
      try runDifferential()
      return
    }
    if let interview {
      try runInterview(interview)
      return
    }
    let clock = ContinuousClock()
    var loads: [Double] = []
    var engine: Engine?
    for _ in 0..<20 {
      let t = clock.now
      engine = try BundledLaw.engine()
      loads.append(ms(clock.now - t))
    }
    let e = engine!
    print("generated cases: \(place), unknown-fact rate \(unknownRate)")
    print("library: \(e.files.count) files, \(e.ruleCount) rules, law version \(e.version)")
    print(String(format: "load + check (bundled library): median %.2f ms over 20 runs", median(loads)))

    var rng = SplitMix(seed: seed)
    let generated = (0..<min(cases, 100_000)).map { _ in randomCase(&rng) }
    // Throughput over `cases` decisions (cycling the generated cases).
    var checksum = 0
    let t0 = clock.now
    for i in 0..<cases {
      let d = e.decide(generated[i % generated.count])
      checksum &+= d.actions[0].status.hashValue & 1
    }
    let total = clock.now - t0
    let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
    print(
      String(
        format: "%d decisions in %.2f s: %.0f decisions/s, %.2f µs mean (all ten actions each)",
        cases, seconds, Double(cases) / seconds, seconds / Double(cases) * 1e6))
    // Latency of single decisions.
    var samples: [Double] = []
    samples.reserveCapacity(100_000)
    for c in generated.prefix(100_000) {
      let t = clock.now
      let d = e.decide(c)
      let dt = clock.now - t
      checksum &+= d.actions[1].status.hashValue & 1
      samples.append(Double(dt.components.attoseconds) / 1e12 + Double(dt.components.seconds) * 1e6)
    }
    samples.sort()
    print(
      String(
        format: "single decision latency: p50 %.2f µs, p99 %.2f µs (%d samples)",
        samples[samples.count / 2], samples[samples.count * 99 / 100], samples.count))
    // Batch: JSON parse + decide + JSON write, then each phase alone.
    let lines = generated.prefix(100_000).map(json)
    func timed(_ body: () throws -> Void) rethrows -> Double {
      let t = clock.now
      try body()
      let d = clock.now - t
      return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
    var bytes = 0
    let bs = try timed {
      for l in lines { bytes += e.decide(try Case(json: l)).jsonBytes().count }
    }
    var parsed: [Case] = []
    parsed.reserveCapacity(lines.count)
    let ps = try timed { for l in lines { parsed.append(try Case(json: l)) } }
    var decisions: [Decision] = []
    decisions.reserveCapacity(parsed.count)
    let ds = timed { for c in parsed { decisions.append(e.decide(c)) } }
    let ws = timed { for d in decisions { bytes += d.jsonBytes().count } }
    let cs = timed { for c in parsed { bytes += c.jsonBytes().count } }
    let n = Double(lines.count)
    print(
      String(
        format:
          "batch (parse + decide + JSON out): %.0f cases/s, %.2f µs each: parse %.2f µs, decide %.2f µs, decision JSON %.2f µs (%.0f bytes mean); case written back %.2f µs",
        n / bs, bs / n * 1e6, ps / n * 1e6, ds / n * 1e6, ws / n * 1e6,
        Double(decisions.reduce(0) { $0 + $1.jsonBytes().count }) / n, cs / n * 1e6))
    print("checksum \(checksum) \(bytes)")
  }

  func ms(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
  }
  func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

  /// Interviews answered from complete random cases: questions asked, agreement with `decide` on the
  /// whole case, and the time to choose each next question (all places; then the largest place).
  func runInterview(_ n: Int) throws {
    let e = try BundledLaw.engine()
    let places = e.places.map(\.id)
    var rng = SplitMix(seed: seed)
    var questions: [Int] = []
    var timings: [Double] = []
    var disagreements = 0
    var factsGiven = 0
    var largest: (place: String, rules: Int) = ("US", 0)
    for p in places {
      let rules = e.chain(for: p).reduce(0) { $0 + (e.rulesAt($1)) }
      if rules > largest.rules { largest = (p, rules) }
    }
    var largestTimings: [Double] = []
    for i in 0..<n {
      var full = Case(
        date: CivilDate(days: CivilDate(year: 2014, month: 1, day: 1)!.days + Int32(rng.next() % 4_718)),
        place: places[i % places.count])
      if i % 4 == 3 { full.place = largest.place }
      for f in FactTable.scalars {
        let values: [String] = if case .bool = f.kind { ["true", "false"] } else { f.values ?? [] }
        full[fact: f.path] = rng.pick(values)
      }
      if rng.next() % 4 == 0 { full.agreements287g = [rng.pick(Case.models287g)] }
      func offenses() -> [Offense] {
        (0..<Int(rng.next() % 3)).map { _ in
          Offense(
            offense: nil, grade: rng.pick(Grade.allCases),
            date: full.date.adding(days: -Int(rng.next() % 5_000)),
            tags: rng.pick([["violent-or-serious"], []]))
        }
      }
      full.charges = offenses()
      full.convictions = offenses()
      full.registries = []
      factsGiven +=
        FactTable.scalars.count + 2 + 3 * ((full.charges?.count ?? 0) + (full.convictions?.count ?? 0))
      let expected = e.decide(full)
      let (q, step, t) = e.replayInterview(full)
      questions.append(q)
      let micros = t.map { Double($0.components.attoseconds) / 1e12 + Double($0.components.seconds) * 1e6 }
      timings += micros
      if full.place == largest.place { largestTimings += micros }
      for a in Action.allCases
      where step.decision[a].status != .undetermined && step.decision[a].status != expected[a].status {
        disagreements += 1
      }
    }
    func pct(_ xs: [Double], _ p: Double) -> Double {
      xs.isEmpty ? 0 : xs.sorted()[min(xs.count - 1, Int(Double(xs.count) * p))]
    }
    print(
      String(
        format:
          "interview: %d complete random cases over %d places; questions asked: mean %.2f, worst %d (a complete case states %.1f facts on average); decided actions that differ from decide on the whole case: %d",
        n, places.count, Double(questions.reduce(0, +)) / Double(max(n, 1)), questions.max() ?? 0,
        Double(factsGiven) / Double(max(n, 1)), disagreements))
    print(
      String(
        format:
          "next question, every place: p50 %.0f µs, p99 %.0f µs; largest place (%@, %d rules): p50 %.0f µs, p99 %.0f µs",
        pct(timings, 0.5), pct(timings, 0.99), largest.place, largest.rules, pct(largestTimings, 0.5),
        pct(largestTimings, 0.99)))
    if disagreements > 0 { throw ExitCode(1) }
  }

  func randomCase(_ rng: inout SplitMix) -> Case {
    let year = 2015 + Int(rng.next() % 11)
    var c = Case(
      date: CivilDate(year: year, month: 1 + Int(rng.next() % 12), day: 1 + Int(rng.next() % 28))!,
      place: place)
    func maybe<T>(_ value: T) -> T? { rng.unit() < unknownRate ? nil : value }
    c.agency = maybe(rng.pick(Case.agencies))
    c.detainer = maybe(rng.pick([true, true, false]))
    c.warrant = maybe(rng.pick(Case.warrants))
    c.finalOrderOfRemoval = maybe(rng.pick([true, false, false, false]))
    c.interviewConsent = maybe(rng.pick(Case.consents))
    c.counsel = maybe(rng.pick(Case.counsels))
    func offenses() -> [Offense]? {
      let n = Int(rng.next() % 3)
      return maybe(
        (0..<n).map { _ in
          Offense(
            offense: rng.pick(["NJ 2C:11-3", "NJ 2C:12-1b", "NJ 2C:20-3", "NJ 2C:35-10"]),
            grade: maybe(rng.pick([.indictable, .disorderlyPersons, .indictable])),
            date: maybe(c.date.adding(days: -Int(rng.next() % 4000))),
            tags: rng.pick([["violent-or-serious"], []]))
        })
    }
    c.charges = offenses()
    c.convictions = offenses()
    return c
  }

  func json(_ c: Case) -> String {
    var w = JSONWriter()
    w.beginObject()
    w.string("date", c.date.description)
    w.string("place", c.place)
    if let a = c.agency { w.string("agency", a) }
    w.beginObject("ice")
    if let d = c.detainer { w.bool("detainer", d) }
    if let v = c.warrant { w.string("warrant", v) }
    w.endObject()
    w.beginObject("person")
    for (key, list) in [("charges", c.charges), ("convictions", c.convictions)] {
      guard let list else { continue }
      w.beginArray(key)
      for o in list {
        w.beginObject()
        if let x = o.offense { w.string("offense", x) }
        if let g = o.grade { w.string("grade", g.rawValue) }
        if let d = o.date { w.string("date", d.description) }
        if let t = o.tags { w.stringArray("tags", t) }
        w.endObject()
      }
      w.endArray()
    }
    if let f = c.finalOrderOfRemoval { w.bool("finalOrderOfRemoval", f) }
    if let i = c.interviewConsent { w.string("interviewConsent", i) }
    if let k = c.counsel { w.string("counsel", k) }
    w.endObject()
    w.endObject()
    return w.text
  }
}

/// A small, fast, seedable generator (SplitMix64) so benchmark inputs are repeatable.
typealias SplitMix = SplitMix64
