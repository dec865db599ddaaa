import AccordCore
import Foundation

/// What to simulate and how.
///
/// ```swift
/// var o = SimulationOptions(place: "US-NJ", year: 2020)
/// o.runs = 20
/// let result = try Simulator.run(o, baseline: scenario)
/// ```
public struct SimulationOptions: Sendable {
  /// `US` (every place with parameters), a state, or a place below one.
  public var place: String
  /// The calendar year; parameters are those in force on 1 July, the law on each day.
  public var year: Int
  /// Independent runs: uncertainty bands are taken over them.
  public var runs: Int = 10
  /// The root of every random stream.
  public var seed: UInt64 = 1
  /// Worker threads. Results do not depend on it: work is cut into fixed chunks, each with its own
  /// generator derived from the seed, and combined in order.
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  /// Ask the engine for every person on their own day instead of once per fact class and law
  /// period (for checking the memo, and for measuring what it saves).
  public var decideEach: Bool = false
  /// Bookings per chunk.
  public var chunkSize: Int = 1 << 18
  /// For benchmarks: scale every place's bookings so that the simulated place has this many.
  public var bookings: Int?

  /// Options with the defaults: 10 runs, seed 1, every core.
  public init(place: String, year: Int) {
    self.place = place
    self.year = year
  }
}

/// A parameter as a simulation used it.
public struct UsedParameter: Sendable {
  /// The place simulated.
  public var place: String
  /// The definition in force, with its provenance.
  public var definition: ParamDefinition
  var kind: ParamKind

  /// The value as written.
  public var valueText: String { definition.value.text(kind) }
}

/// One scenario's counts: per place, per run.
public struct ScenarioResult: Sendable {
  /// `baseline`, or the reform's title.
  public var name: String
  /// The law library's fingerprint (a reform's patched library has its own).
  public var lawVersion: String
  /// The parameter files' fingerprint.
  public var paramsVersion: String
  /// The places simulated, each with its own bookings (a parent's bookings exclude its children's).
  public var places: [String]
  /// `tallies[place][run]`.
  var tallies: [[Tally]]
  /// Every parameter definition used, per place.
  public var parameters: [UsedParameter]
  /// Warnings of the engine's decisions that matter to the four actions the simulator reads.
  public var lawWarnings: [String]
  /// The reform, for the reform's scenario.
  public var reform: Reform?
}

/// Measurements of one simulation (not part of its deterministic output).
public struct SimulationStats: Sendable {
  /// Bookings simulated, over every scenario, place and run.
  public var bookings = 0
  /// People whose case the simulator looked up (detainer decisions and 287(g) lookups).
  public var lookups = 0
  /// Engine decisions actually made.
  public var decisions = 0
  /// Wall time inside `Engine.decide`, summed over threads.
  public var decideSeconds = 0.0
  /// Wall time of the simulation (without loading and output).
  public var seconds = 0.0
  public var threads = 1
}

/// A finished simulation: baseline, optional reform, and what it took.
public struct SimulationResult: Sendable {
  public var options: SimulationOptions
  public var baseline: ScenarioResult
  public var reform: ScenarioResult?
  /// Measurements; not part of the deterministic output.
  public var stats: SimulationStats
  /// What the plan found worth saying: the national remainder, places without law that year, …
  public var warnings: [String]
}

/// The microsimulation: booking → fingerprint match → detainer → the agency's choice under the
/// law in force on the day, decided by the engine.
public enum Simulator {
  /// Simulates the baseline and, if given, the reform with the same random numbers.
  /// - Throws: ``SimulationInputError`` when a place lacks a parameter it needs.
  public static func run(_ options: SimulationOptions, baseline: Scenario, reform: Scenario? = nil)
    throws(SimulationInputError) -> SimulationResult
  {
    guard Case.isPlaceID(options.place) else {
      throw input("`\(options.place)` is not a place ID", help: "write US, US-XX or US-XX/lowercase-slug")
    }
    guard (1900...2100).contains(options.year) else {
      throw input("year \(options.year) is out of range", help: "give a year such as 2020")
    }
    guard options.runs >= 1 else { throw input("--runs must be 1 or more", help: "e.g. --runs 20") }
    let scenarios = [baseline] + (reform.map { [$0] } ?? [])
    var plans: [Plan] = []
    for s in scenarios { plans.append(try plan(options, s)) }

    // Work: every (scenario, place, run) cut into fixed chunks.
    var jobs: [Job] = []
    for (s, plan) in plans.enumerated() {
      for p in plan.places.indices {
        for r in 0..<options.runs {
          let n = plan.populations[p][r].bookings
          let size = max(1, options.chunkSize)
          for k in 0..<max(1, (n + size - 1) / size) {
            jobs.append(Job(scenario: s, place: p, run: r, chunk: k, count: min(size, n - k * size)))
          }
        }
      }
    }
    let threads = max(1, min(options.threads, jobs.count))
    let slots = Slots<Tally>(count: jobs.count, initial: Tally())
    let workerStats = Slots<WorkerStats>(count: threads, initial: WorkerStats())
    let clock = ContinuousClock()
    let started = clock.now
    let plansCopy = plans
    let jobsCopy = jobs
    DispatchQueue.concurrentPerform(iterations: threads) { w in
      var tables: [Int: DecisionTable] = [:]
      var stats = WorkerStats()
      // Each worker takes a contiguous block of jobs (mostly one place and scenario), so that
      // few decisions are made by both workers; which worker runs a job does not change its result.
      var j = w * jobsCopy.count / threads
      let end = (w + 1) * jobsCopy.count / threads
      while j < end {
        let job = jobsCopy[j]
        let plan = plansCopy[job.scenario]
        let key = job.scenario * 1_000_000 + job.place
        let table =
          tables[key]
          ?? DecisionTable(
            engine: plan.scenario.engine,
            // The national remainder lies in states the simulation does not name: with a coverage
            // ledger their law is unknown, never federal law alone.
            place: plan.places[job.place] == "US" && plan.scenario.engine.hasLedger
              ? Engine.unnamedState : plan.places[job.place],
            facts: plan.populations[job.place][0].facts, periods: plan.periods[job.place])
        tables[key] = table
        let pop = plan.populations[job.place][job.run]
        let seed = SplitMix64.derive(
          options.seed, [placeKey(plan.places[job.place]), UInt64(job.run), UInt64(job.chunk)])
        var lookups = 0
        slots[j] = simulate(
          job.count, pop, plan.periods[job.place], table, seed: seed, decideEach: options.decideEach,
          lookups: &lookups)
        stats.lookups += lookups
        j += 1
      }
      for (key, t) in tables {
        stats.decisions += t.decisions
        stats.decideSeconds += t.decideSeconds
        stats.warnings[key / 1_000_000, default: []].formUnion(t.warnings)
      }
      workerStats[w] = stats
    }
    let elapsed = clock.now - started

    var results: [ScenarioResult] = []
    var stats = SimulationStats()
    stats.threads = threads
    stats.seconds = seconds(elapsed)
    var lawWarnings = [Set<String>](repeating: [], count: plans.count)
    for w in 0..<threads {
      stats.lookups += workerStats[w].lookups
      stats.decisions += workerStats[w].decisions
      stats.decideSeconds += workerStats[w].decideSeconds
    }
    // Warnings per scenario: gathered per worker, keyed by scenario through the tables.
    for w in 0..<threads {
      for (s, set) in workerStats[w].warnings { lawWarnings[s].formUnion(set) }
    }
    for (s, plan) in plans.enumerated() {
      var tallies = [[Tally]](
        repeating: [Tally](repeating: Tally(), count: options.runs), count: plan.places.count)
      for (j, job) in jobs.enumerated() where job.scenario == s {
        tallies[job.place][job.run].add(slots[j])
        stats.bookings += job.count
      }
      results.append(
        ScenarioResult(
          name: plan.scenario.name, lawVersion: plan.scenario.engine.version,
          paramsVersion: plan.scenario.params.version, places: plan.places, tallies: tallies,
          parameters: plan.used, lawWarnings: lawWarnings[s].sorted(), reform: plan.scenario.reform))
    }
    // Warnings that hold for one scenario only say which.
    var warnings = plans[0].warnings
    if plans.count > 1 {
      let other = plans[1].warnings
      warnings = warnings.map { other.contains($0) ? $0 : "baseline: " + $0 }
      warnings += other.filter { !plans[0].warnings.contains($0) }.map { "reform: " + $0 }
    }
    return SimulationResult(
      options: options, baseline: results[0], reform: results.count > 1 ? results[1] : nil, stats: stats,
      warnings: warnings)
  }

  static func input(_ message: String, help: String) -> SimulationInputError {
    SimulationInputError(diagnostics: [
      Diagnostic(file: "accord simulate", line: 0, column: 0, message: message, help: help)
    ])
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }

  /// A stable key for a place's random streams: adding a place does not move another's numbers.
  static func placeKey(_ place: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in place.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01B3
    }
    return h
  }

  struct Job: Sendable {
    var scenario: Int
    var place: Int
    var run: Int
    var chunk: Int
    var count: Int
  }

  struct WorkerStats: Sendable {
    var lookups = 0
    var decisions = 0
    var decideSeconds = 0.0
    /// Scenario → warnings.
    var warnings: [Int: Set<String>] = [:]
  }

  /// Everything a scenario's workers need: places, their populations per run, the law's periods.
  struct Plan: Sendable {
    var scenario: Scenario
    var places: [String]
    var populations: [[Population]]
    /// Per place: the periods of the law that applies there.
    var periods: [LawPeriods]
    var used: [UsedParameter]
    var warnings: [String]
  }

  // MARK: The people

  /// Simulates `n` bookings with one generator. Every matched person draws the same count of
  /// random numbers whatever happens to them, so a reform that changes only the law meets the
  /// very same people as the baseline.
  static func simulate(
    _ n: Int, _ pop: Population, _ periods: LawPeriods, _ table: DecisionTable, seed: UInt64,
    decideEach: Bool,
    lookups: inout Int
  ) -> Tally {
    var rng = Xoshiro256(seed: seed)
    var t = Tally()
    var notMatched = 0
    let match = pop.match
    for _ in 0..<n {
      if !match.fires(rng.next53()) {
        notMatched += 1
        continue
      }
      let kind = pop.history.pick(rng.next53())
      let bucket = pop.age.pick(rng.next53())
      let within = rng.below(5)
      let listedDraw = rng.next53()
      let charge = pop.charge.pick(rng.next53())
      let causeDraw = rng.next53()
      let judicialDraw = rng.next53()
      let orderDraw = rng.next53()
      let agreement = pop.agreement.pick(rng.next53())
      let day = rng.below(periods.days)
      let u287 = rng.next53()
      let uDetainer = rng.next53()
      let uAgency = rng.next53()
      let uNeed = rng.next53()
      let uCustody = rng.next53()

      let age = bucket < 3 ? bucket * 5 + within : 15
      let listed = kind == 3 ? 1 : (kind > 0 && pop.listed.fires(listedDraw) ? 1 : 0)
      let history = ClassSpace.history(kind: kind, age: age, listed: listed)
      let chargeClass = charge * 2 + (pop.probableCause.fires(causeDraw) ? 1 : 0)
      let judicial = pop.judicial.fires(judicialDraw) ? 1 : 0
      let order = pop.finalOrder.fires(orderDraw) ? 1 : 0
      let period = Int(periods.periodOfDay[day])

      func code(_ a: Int) -> UInt16 {
        lookups += 1
        if decideEach {
          return table.decide(
            date: periods.firstDay.adding(days: day), history: history, charge: chargeClass,
            judicial: judicial,
            finalOrder: order, agreement: a)
        }
        return table.code(
          history: history, charge: chargeClass, judicial: judicial, finalOrder: order, agreement: a,
          period: period)
      }

      // The agency's 287(g) agreement, as the law in force lets it stand (or makes it enter one).
      let first = code(agreement)
      var effective = agreement
      let enter = Code.enter287g(first)
      if agreement != 0 {
        if enter == Code.prohibited, pop.practice.fires(u287) { effective = 0 }
      } else if enter == Code.required, pop.practiceRequired.fires(u287) {
        effective = pop.requiredModel
      }
      if !pop.detainer[effective == 0 ? 0 : 1][kind].fires(uDetainer) {
        t.counts[Tally.slot(kind, judicial, Outcome.noDetainer.rawValue)] += 1
        continue
      }
      let c = effective == agreement ? first : code(effective)
      let outcome: Outcome
      var notified = false
      let statuses = (Code.transfer(c), Code.hold(c), Code.notify(c))
      if statuses.0 == Code.undetermined || statuses.1 == Code.undetermined || statuses.2 == Code.undetermined
      {
        outcome = .undetermined
      } else {
        func does(_ status: UInt16) -> Bool {
          switch status {
          case Code.required: pop.practiceRequired.fires(uAgency)
          case Code.permitted: pop.honorPermitted.fires(uAgency)
          default: !pop.practice.fires(uAgency)
          }
        }
        let transfer = does(statuses.0)
        let hold = does(statuses.1)
        notified = does(statuses.2)
        let taken = pop.custody.fires(uCustody)
        if transfer {
          if pop.holdNeeded.fires(uNeed) {
            if hold {
              outcome = taken ? .transferredAfterHold : .heldNotTaken
            } else {
              outcome = notified ? .notifiedNotTaken : .releasedNotTaken
            }
          } else {
            outcome = taken ? .transferred : (notified ? .notifiedNotTaken : .releasedNotTaken)
          }
        } else {
          outcome = notified ? .notifiedNotTaken : .declined
        }
      }
      t.counts[Tally.slot(kind, judicial, outcome.rawValue)] += 1
      if notified { t.counts[Tally.slot(kind, judicial, Tally.notifiedSlot)] += 1 }
      if outcome == .transferred || outcome == .transferredAfterHold, Code.transfer(c) == Code.prohibited {
        t.counts[Tally.slot(kind, judicial, Tally.breachSlot)] += 1
      }
    }
    t.counts[0] = notMatched
    return t
  }
}

/// Fixed slots that worker threads fill, each slot by exactly one worker.
///
/// `@unchecked Sendable`: the buffer is shared by the workers of one `concurrentPerform`, but no
/// two workers ever touch the same slot, and it is read only after they have all returned.
final class Slots<T>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<T>

  init(count: Int, initial: T) {
    buffer = .allocate(capacity: count)
    buffer.initialize(repeating: initial)
  }

  deinit {
    buffer.deinitialize()
    buffer.deallocate()
  }

  subscript(i: Int) -> T {
    get { buffer[i] }
    set { buffer[i] = newValue }
  }
}
