import AccordCore
import Foundation

extension Simulator {
  /// The day whose parameters a year takes.
  static func parameterDate(_ year: Int) -> CivilDate { CivilDate(year: year, month: 7, day: 1)! }

  /// The places whose parameters `place` takes, most specific first, ending at `US`.
  static func paramChain(_ place: String, _ engine: Engine) -> [String] {
    var chain = [place]
    for p in engine.chain(for: place).reversed() where !chain.contains(p) { chain.append(p) }
    var implied = Case.impliedParent(of: place)
    while let p = implied {
      if !chain.contains(p) { chain.append(p) }
      implied = Case.impliedParent(of: p)
    }
    return chain
  }

  /// Resolves which places to simulate and each one's parameters for every run.
  static func plan(_ o: SimulationOptions, _ s: Scenario) throws(SimulationInputError) -> Plan {
    let date = parameterDate(o.year)
    let params = s.params
    func under(_ q: String) -> Bool { o.place == "US" || q == o.place || q.hasPrefix(o.place + "/") }
    func givesBookings(_ q: String) -> Bool {
      params.definitions.contains {
        $0.place == q && ($0.name == "bookings" || $0.name == "bookings-share") && $0.inForce(on: date)
      }
    }
    let places = params.places.filter { under($0) && givesBookings($0) }
    guard places.contains(o.place) else {
      throw input(
        "no `bookings` or `bookings-share` for \(o.place) in force on \(date)",
        help:
          "add a params file with `place \(o.place)` and its bookings, or simulate a place that has one (US, US-NJ, …)"
      )
    }
    var warnings: [String] = []
    // The nearest simulated place above each one: its bookings include this one's.
    var parent: [String: String] = [:]
    for q in places where q != o.place {
      parent[q] = paramChain(q, s.engine).dropFirst().first { places.contains($0) }
    }
    var populations = [[Population]](repeating: [], count: places.count)
    var used: [UsedParameter] = []
    var warnedChanges = Set<String>()
    for r in 0..<o.runs {
      var bookings: [String: Int] = [:]
      for q in places {
        if let d = params.lookup("bookings", chain: [q], on: date) {
          bookings[q] = Int(value(d, o, r).rounded())
          if r == 0 { used.append(UsedParameter(place: q, definition: d, kind: .count)) }
        } else if let d = params.lookup("bookings-share", chain: [q], on: date) {
          guard let national = params.lookup("bookings", chain: ["US"], on: date) else {
            throw input(
              "\(q) gives a `bookings-share` but US has no `bookings` in force on \(date)",
              help: "give the national bookings in a params file with `place US`")
          }
          bookings[q] = Int((value(d, o, r) * value(national, o, r)).rounded())
          if r == 0 {
            used.append(UsedParameter(place: q, definition: d, kind: .share))
            used.append(UsedParameter(place: q, definition: national, kind: .count))
          }
        }
      }
      if let target = o.bookings, let top = bookings[o.place], top > 0 {
        let factor = Double(target) / Double(top)
        for q in places { bookings[q] = Int((Double(bookings[q]!) * factor).rounded()) }
        bookings[o.place] = target
        if r == 0 {
          warnings.append(
            "bookings scaled to \(SimulationReport.group(target)) for \(o.place) (from \(SimulationReport.group(top))) for benchmarking: every place in proportion"
          )
        }
      }
      for (i, q) in places.enumerated() {
        let children = places.filter { parent[$0] == q }
        let own = bookings[q]! - children.reduce(0) { $0 + bookings[$1]! }
        guard own >= 0 else {
          throw input(
            "the places inside \(q) have more bookings (\(children.reduce(0) { $0 + bookings[$1]! })) than \(q) itself (\(bookings[q]!))",
            help: "check the `bookings` and `bookings-share` of \(children.joined(separator: ", "))")
        }
        var (pop, defs) = try population(q, s, o, run: r, date: date)
        pop.bookings = own
        if r == 0 { used += defs }
        populations[i].append(pop)
        if r == 0 {
          if !children.isEmpty {
            warnings.append(
              "\(q): its own bookings exclude those of \(children.joined(separator: ", ")), simulated separately"
            )
          }
          if q == "US" {
            warnings.append(
              s.engine.hasLedger
                ? "US: \(SimulationReport.group(own)) bookings a year fall outside every place with parameters; the law of the states they are in is not known to the simulation, so they are decided as in a state whose law is not researched (undetermined wherever state law could change the answer), not under federal law alone"
                : "US: \(SimulationReport.group(own)) bookings a year fall outside every place with parameters; they are decided under federal law alone (this run has no coverage ledger), so the law of states and places the library does not encode (or has no parameters for) is not applied to them"
            )
          }
          // A place whose own law files are none of them in force this year.
          let first = CivilDate(year: o.year, month: 1, day: 1)!
          let last = CivilDate(year: o.year, month: 12, day: 31)!
          let own = s.engine.files.filter { $0.place == q }
          if !own.isEmpty,
            !own.contains(where: { $0.effective <= last && ($0.until.map { $0 >= first } ?? true) })
          {
            let earliest = own.map(\.effective).min()!
            warnings.append(
              "\(q): none of its \(own.count) law files is in force in \(o.year) (the earliest takes effect on \(earliest)); the year is decided by the law of the places above it, which may not be the whole of the law then in force"
            )
          }
          if s.engine.chain(for: q).last != q {
            warnings.append(
              "\(q) is not declared in the law library; the engine applies the law of \(s.engine.chain(for: q).reversed().joined(separator: ", "))"
            )
          }
        }
      }
    }
    for u in used where !warnedChanges.contains(u.definition.place + u.definition.name) {
      let d = u.definition
      let first = CivilDate(year: o.year, month: 1, day: 1)!
      let last = CivilDate(year: o.year, month: 12, day: 31)!
      if let e = d.effective, e > first, e <= last {
        warnings.append(
          "parameter `\(d.name)` at \(d.place) takes effect on \(e); the simulator takes the value in force on \(date) for the whole year"
        )
        warnedChanges.insert(d.place + d.name)
      } else if let u = d.until, u >= first, u < last {
        warnings.append(
          "parameter `\(d.name)` at \(d.place) ends on \(u); the simulator takes the value in force on \(date) for the whole year"
        )
        warnedChanges.insert(d.place + d.name)
      }
    }
    // A place's law periods come from the files of the places whose law applies there.
    let periods = places.map { q in
      let chain = Set(s.engine.chain(for: q))
      let paths = Set(s.engine.files.filter { chain.contains($0.place) }.map(\.path))
      return LawPeriods(year: o.year, files: s.files.filter { paths.contains($0.path) })
    }
    return Plan(
      scenario: s, places: places, populations: populations, periods: periods, used: used, warnings: warnings)
  }

  /// The value a run takes: the central value, or with `range` a uniform draw fixed by the seed,
  /// the run and the parameter (so a reform that keeps the parameter keeps the draw).
  static func value(_ d: ParamDefinition, _ o: SimulationOptions, _ run: Int) -> Double {
    guard case .number(let x) = d.value else { return 0 }
    guard let range = d.range else { return x }
    var g = SplitMix64(
      seed: SplitMix64.derive(o.seed, [0x5EED, UInt64(run), placeKey(d.place + "\u{0}" + d.name)]))
    let u = Double(g.next() >> 11) * 0x1p-53
    let v = range.lowerBound + u * (range.upperBound - range.lowerBound)
    return ParamSpec.byName[d.name]?.kind == .count ? v.rounded() : v
  }

  static func population(
    _ place: String, _ s: Scenario, _ o: SimulationOptions, run: Int, date: CivilDate
  ) throws(SimulationInputError) -> (Population, [UsedParameter]) {
    let chain = paramChain(place, s.engine)
    var used: [UsedParameter] = []
    func def(_ name: String) throws(SimulationInputError) -> ParamDefinition {
      guard let d = s.params.lookup(name, chain: chain, on: date) else {
        throw input(
          "no value of `\(name)` in force on \(date) for \(place) or the places above it",
          help: "add `\(name) = …` to a params file (sim/params/us.md holds the national values)")
      }
      used.append(UsedParameter(place: place, definition: d, kind: ParamSpec.byName[name]!.kind))
      return d
    }
    func number(_ name: String) throws(SimulationInputError) -> Double { value(try def(name), o, run) }
    func list(_ name: String) throws(SimulationInputError) -> [Double] {
      if case .list(let xs) = try def(name).value { return xs }
      return []
    }
    func word(_ name: String) throws(SimulationInputError) -> String {
      if case .word(let w) = try def(name).value { return w }
      return ""
    }
    func strings(_ name: String) throws(SimulationInputError) -> [String] {
      if case .strings(let xs) = try def(name).value { return xs }
      return []
    }
    let match = try number("match-share")
    let noRecord = try number("no-record-share")
    let convicted = try list("convicted-mix")
    let ages = try list("conviction-age-mix")
    let listed = try number("listed-share")
    let listedTags = try strings("listed-tags")
    let violentTags = try strings("violent-serious-tags")
    let charges = try list("charge-mix")
    let cause = try number("probable-cause-share")
    let detainer = try list("detainer-share")
    let judicial = try number("judicial-warrant-share")
    let order = try number("final-order-share")
    let agreements = try list("agreement-mix")
    let model = try word("required-287g-model")
    let factor = try number("detainer-factor-287g")
    let holdNeeded = try number("hold-needed-share")
    let honor = try number("honor-permitted")
    let practice = try number("practice")
    let practiceRequired = try number("practice-required")
    let custody = try number("ice-custody-share")
    let felonyGrade = try word("felony-grade")
    let misdemeanorGrade = try word("misdemeanor-grade")
    let agency = try word("agency")
    let pop = Population(
      place: place, bookings: 0, match: Threshold(match),
      history: Categorical([noRecord] + convicted.map { (1 - noRecord) * $0 }), age: Categorical(ages),
      listed: Threshold(listed), charge: Categorical(charges), probableCause: Threshold(cause),
      judicial: Threshold(judicial), finalOrder: Threshold(order), agreement: Categorical(agreements),
      requiredModel: ParamSpec.agreementLabels.firstIndex(of: model) ?? 1,
      detainer: [detainer.map { Threshold($0) }, detainer.map { Threshold(min(1, $0 * factor)) }],
      holdNeeded: Threshold(holdNeeded), honorPermitted: Threshold(honor), practice: Threshold(practice),
      practiceRequired: Threshold(practiceRequired),
      custody: Threshold(custody),
      facts: CaseFacts(
        felonyGrade: Grade(rawValue: felonyGrade) ?? .felony,
        misdemeanorGrade: Grade(rawValue: misdemeanorGrade) ?? .misdemeanor, listedTags: listedTags,
        violentSeriousTags: violentTags, agency: agency))
    return (pop, used)
  }
}
