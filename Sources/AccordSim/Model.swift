public import AccordCore
import Foundation

/// The law a simulation decides under: the files (for the scan of dates), the checked engine, and
/// the parameters.
public struct Scenario: Sendable {
  /// `baseline`, or the reform's title.
  public var name: String
  /// The law files (path relative to the library root, text).
  public var files: [(path: String, text: String)]
  /// The engine compiled from `files`.
  public var engine: Engine
  /// The parameters (with a reform's overrides).
  public var params: ParamLibrary
  /// The reform applied, if any.
  public var reform: Reform?

  /// The law in force and the parameters as given.
  public init(
    name: String = "baseline", files: [(path: String, text: String)], engine: Engine, params: ParamLibrary
  ) {
    self.name = name
    self.files = files
    self.engine = engine
    self.params = params
  }

  /// The same law and parameters with a reform applied: its law goes through the real checker.
  /// - Throws: ``SimulationInputError`` for a directive that matches nothing or law that does not
  ///   check (diagnostics on the reform's own law name the reform file).
  public func applying(_ reform: Reform) throws(SimulationInputError) -> Scenario {
    let patched = try reform.apply(to: files)
    let engine: Engine
    do {
      engine = try Engine(files: patched)
    } catch {
      throw SimulationInputError(
        diagnostics: error.diagnostics.map { d in
          var shown = d
          shown.file = d.file == "reform/" + reform.baseName ? reform.path : "law/" + d.file
          return shown
        })
    }
    var s = Scenario(
      name: reform.title, files: patched, engine: engine, params: params.overridden(by: reform.parameters))
    s.reform = reform
    return s
  }
}

/// The outcomes every booking ends in: exactly one each.
public enum Outcome: Int, CaseIterable, Sendable {
  case notMatched, noDetainer, transferredAfterHold, transferred, heldNotTaken, notifiedNotTaken
  case releasedNotTaken, declined, undetermined

  /// The name in outputs.
  public var name: String {
    switch self {
    case .notMatched: "not-matched"
    case .noDetainer: "no-detainer"
    case .transferredAfterHold: "transferred-after-hold"
    case .transferred: "transferred"
    case .heldNotTaken: "held-not-taken"
    case .notifiedNotTaken: "notified-not-taken"
    case .releasedNotTaken: "released-not-taken"
    case .declined: "declined"
    case .undetermined: "undetermined"
    }
  }

  /// What happened, in plain words.
  public var summary: String {
    switch self {
    case .notMatched: "fingerprints sent; no referral to ICE"
    case .noDetainer: "referred to ICE; no detainer lodged"
    case .transferredAfterHold: "held past release, then handed to ICE"
    case .transferred: "handed to ICE at release"
    case .heldNotTaken: "held past release; ICE did not come"
    case .notifiedNotTaken: "ICE told of the release; not taken into ICE custody at the jail"
    case .releasedNotTaken: "the agency would have handed the person over; ICE was not there"
    case .declined: "detainer declined: no notice, no transfer"
    case .undetermined: "the law in force does not decide the case; the simulator does not guess"
    }
  }
}

/// Counters of one simulated slice: slot 0 counts bookings not matched; then, for each
/// criminal-history class and warrant (administrative, judicial), the outcomes, the notices and
/// the transfers the law prohibited.
struct Tally: Sendable, Equatable {
  static let perGroup = Outcome.allCases.count + 2
  /// People the agency told of a release (whatever happened next).
  static let notifiedSlot = Outcome.allCases.count
  /// People transferred although the law in force prohibited the transfer.
  static let breachSlot = Outcome.allCases.count + 1
  static let size = 1 + HistoryClass.allCases.count * 2 * perGroup

  var counts = [Int](repeating: 0, count: Tally.size)

  @inline(__always)
  static func slot(_ history: Int, _ judicial: Int, _ k: Int) -> Int {
    1 + (history * 2 + judicial) * perGroup + k
  }

  mutating func add(_ other: Tally) {
    for i in counts.indices { counts[i] += other.counts[i] }
  }

  func outcome(_ o: Outcome) -> Int {
    if o == .notMatched { return counts[0] }
    var n = 0
    for h in 0..<HistoryClass.allCases.count {
      for w in 0..<2 { n += counts[Tally.slot(h, w, o.rawValue)] }
    }
    return n
  }

  func sum(history: Int? = nil, judicial: Int? = nil, _ slots: [Int]) -> Int {
    var n = 0
    for h in 0..<HistoryClass.allCases.count where history == nil || history == h {
      for w in 0..<2 where judicial == nil || judicial == w {
        for k in slots { n += counts[Tally.slot(h, w, k)] }
      }
    }
    return n
  }

  var bookings: Int { counts.reduce(0, +) - sum([Tally.notifiedSlot, Tally.breachSlot]) }

  static let transferSlots = [Outcome.transferredAfterHold.rawValue, Outcome.transferred.rawValue]
  static let holdSlots = [Outcome.transferredAfterHold.rawValue, Outcome.heldNotTaken.rawValue]
  static let detainerSlots = (Outcome.transferredAfterHold.rawValue...Outcome.undetermined.rawValue).map {
    $0
  }
}

/// One place's parameters for one run of one year, resolved and ready to draw from.
struct Population: Sendable {
  var place: String
  var bookings: Int
  var match: Threshold
  /// No record, then each conviction class.
  var history: Categorical
  var age: Categorical
  var listed: Threshold
  var charge: Categorical
  var probableCause: Threshold
  var judicial: Threshold
  var finalOrder: Threshold
  var agreement: Categorical
  var requiredModel: Int
  /// By history class, without and with a 287(g) agreement in force.
  var detainer: [[Threshold]]
  var holdNeeded: Threshold
  var honorPermitted: Threshold
  /// Where the law prohibits: how often the agency refrains.
  var practice: Threshold
  /// Where the law requires: how often the agency acts.
  var practiceRequired: Threshold
  var custody: Threshold
  var facts: CaseFacts
}

/// The facts a generated case carries besides the drawn ones: the place's grade words, the tags of
/// listed and of violent or serious offenses, the agency.
struct CaseFacts: Sendable, Hashable {
  var felonyGrade: Grade
  var misdemeanorGrade: Grade
  var listedTags: [String]
  var violentSeriousTags: [String]
  var agency: String
}

/// The distinct fact classes the engine decides, and how a class becomes a case.
enum ClassSpace {
  /// Conviction ages: 0…14 whole years (each taken at its midpoint), and 15 or more (taken as 22½).
  static let ages = 16
  /// No record, then 3 conviction kinds × ages × listed.
  static let histories = 1 + 3 * ages * 2
  /// Booking charge: 3 kinds × probable cause.
  static let charges = 6
  static let agreements = ParamSpec.agreementLabels.count
  static let perPeriod = histories * charges * 2 * 2 * agreements

  @inline(__always)
  static func history(kind: Int, age: Int, listed: Int) -> Int {
    kind == 0 ? 0 : 1 + ((kind - 1) * ages + age) * 2 + listed
  }

  @inline(__always)
  static func index(
    history: Int, charge: Int, judicial: Int, finalOrder: Int, agreement: Int, period: Int
  ) -> Int {
    ((((period * histories + history) * charges + charge) * 2 + judicial) * 2 + finalOrder) * agreements
      + agreement
  }

  static func models(_ agreement: Int) -> [String] {
    let label = ParamSpec.agreementLabels[agreement]
    return label == "none" ? [] : label.split(separator: "+").map(String.init).sorted()
  }

  /// The case of a class on `date`: every fact given, so the engine can decide without guessing.
  static func makeCase(
    place: String, date: CivilDate, facts: CaseFacts, history: Int, charge: Int, judicial: Int,
    finalOrder: Int, agreement: Int
  ) -> Case {
    var c = Case(date: date, place: place)
    c.agency = facts.agency
    c.agreements287g = models(agreement)
    c.detainer = true
    c.warrant = judicial == 1 ? "judicial" : "administrative"
    c.federalFelonyWarrant = false
    let chargeKind = charge / 2
    c.charges = [
      Offense(
        grade: chargeKind == 0 ? facts.misdemeanorGrade : facts.felonyGrade, date: date.adding(days: -7),
        tags: chargeKind == 2 ? facts.violentSeriousTags + facts.listedTags : [],
        probableCause: charge % 2 == 1)
    ]
    if history == 0 {
      c.convictions = []
    } else {
      let k = history - 1
      let listed = k % 2 == 1
      let age = (k / 2) % ages
      let kind = k / 2 / ages  // 0 misdemeanor, 1 felony, 2 violent or serious
      let months = age < 15 ? age * 12 + 6 : 22 * 12 + 6
      var tags: [String] = []
      if kind == 2 {
        tags = facts.violentSeriousTags + facts.listedTags
      } else if listed {
        tags = facts.listedTags
      }
      c.convictions = [
        Offense(
          grade: kind == 0 ? facts.misdemeanorGrade : facts.felonyGrade, date: date.adding(months: -months),
          tags: tags)
      ]
    }
    c.finalOrderOfRemoval = finalOrder == 1
    c.terroristScreeningMatch = false
    c.registries = []
    c.interviewConsent = "none"
    c.counsel = "none"
    c.requestedByPerson = false
    c.federalCriminalCustody = false
    c.proofOfStatus = false
    c.statusRelevantToInvestigation = false
    c.reentryAfterRemoval = false
    // A booking: the person is in the jail's custody, and a county runs the jail (as most do).
    c[fact: "person.inCustody"] = "true"
    if facts.agency == "jail" { c[fact: "agencyGovernment"] = "county" }
    return c
  }
}

/// The days of a year on which the law in force may change, so that one decision per period
/// stands for every day of it.
///
/// The engine's answer depends on the date only through what is in force (files, rules and
/// parameters with `effective` / `until`) and through `dated before/after` conditions; every
/// such date is written in an `accord` block, so a period starts on each such date and on the
/// day after it. (Conviction dates are drawn relative to the case date, so `within` windows do not
/// move with it.) The test `memoised decisions equal deciding every person on their own day`
/// checks this against deciding each person on their own date.
struct LawPeriods: Sendable {
  var year: Int
  var firstDay: CivilDate
  var days: Int
  var starts: [CivilDate]
  /// Day of the year → period.
  var periodOfDay: [UInt16]

  init(year: Int, files: [(path: String, text: String)]) {
    self.year = year
    firstDay = CivilDate(year: year, month: 1, day: 1)!
    let next = CivilDate(year: year + 1, month: 1, day: 1)!
    days = Int(next.days - firstDay.days)
    var candidates: Set<Int32> = [firstDay.days]
    for f in files where !f.path.hasPrefix("sources/") {
      let dated = f.text.contains("dated before") || f.text.contains("dated after")
      for d in LawPeriods.dates(inAccordBlocks: f.text) {
        var shifted = [d, d.adding(days: 1)]
        if dated {
          // A `dated` condition on a conviction drawn `age` before the case date flips when the
          // case date passes the date plus that age.
          for months in (0..<ClassSpace.ages).map({ $0 < 15 ? $0 * 12 + 6 : 22 * 12 + 6 }) {
            let m = d.adding(months: months)
            shifted += [m.adding(days: -1), m, m.adding(days: 1)]
          }
          shifted.append(d.adding(days: 8))  // the charge, a week before the case date
        }
        for s in shifted where s.days > firstDay.days && s.days < next.days { candidates.insert(s.days) }
      }
    }
    let sorted = candidates.sorted()
    starts = sorted.map { CivilDate(days: $0) }
    var map = [UInt16](repeating: 0, count: days)
    var p = 0
    for d in 0..<days {
      while p + 1 < sorted.count, sorted[p + 1] <= firstDay.days + Int32(d) { p += 1 }
      map[d] = UInt16(p)
    }
    periodOfDay = map
  }

  /// Every `YYYY-MM-DD` inside the file's `accord` blocks.
  static func dates(inAccordBlocks text: String) -> [CivilDate] {
    var out: [CivilDate] = []
    var inside = false
    for line in text.textLines() {
      if line.hasPrefix("```") {
        inside = inside ? false : line.hasPrefix("```accord")
        continue
      }
      guard inside else { continue }
      let u = Array(line.utf8)
      var i = 0
      while i + 10 <= u.count {
        if u[i] >= 48, u[i] <= 57, u[i + 4] == 45, u[i + 7] == 45,
          let d = CivilDate(parsing: String(decoding: u[i..<i + 10], as: UTF8.self))
        {
          out.append(d)
          i += 10
        } else {
          i += 1
        }
      }
    }
    return out
  }
}

/// Status codes of the four actions the simulator reads, two bits each.
enum Code {
  static let required: UInt16 = 0
  static let permitted: UInt16 = 1
  static let prohibited: UInt16 = 2
  static let undetermined: UInt16 = 3
  static let known: UInt16 = 0x8000

  static func of(_ s: Status) -> UInt16 {
    switch s {
    case .required: required
    case .permitted: permitted
    case .prohibited: prohibited
    case .undetermined: undetermined
    }
  }

  /// hold, notify-release, transfer, enter-287g.
  static func pack(_ d: Decision) -> UInt16 {
    known | of(d[.hold].status) | of(d[.notifyRelease].status) << 2 | of(d[.transfer].status) << 4
      | of(d[.enter287g].status) << 6
  }

  @inline(__always) static func hold(_ c: UInt16) -> UInt16 { c & 3 }
  @inline(__always) static func notify(_ c: UInt16) -> UInt16 { (c >> 2) & 3 }
  @inline(__always) static func transfer(_ c: UInt16) -> UInt16 { (c >> 4) & 3 }
  @inline(__always) static func enter287g(_ c: UInt16) -> UInt16 { (c >> 6) & 3 }
}

/// The engine's decisions for one place under one law, memoised by fact class and law period.
/// Each worker thread keeps its own (the engine is shared; the tables are not).
final class DecisionTable {
  let engine: Engine
  let place: String
  let facts: CaseFacts
  let periods: LawPeriods
  var codes: [UInt16]
  /// Decisions made (for the measurements).
  var decisions = 0
  var decideSeconds = 0.0
  var warnings = Set<String>()

  init(engine: Engine, place: String, facts: CaseFacts, periods: LawPeriods) {
    self.engine = engine
    self.place = place
    self.facts = facts
    self.periods = periods
    codes = [UInt16](repeating: 0, count: ClassSpace.perPeriod * periods.starts.count)
  }

  @inline(__always)
  func code(history: Int, charge: Int, judicial: Int, finalOrder: Int, agreement: Int, period: Int) -> UInt16
  {
    let i = ClassSpace.index(
      history: history, charge: charge, judicial: judicial, finalOrder: finalOrder, agreement: agreement,
      period: period)
    let c = codes[i]
    if c & Code.known != 0 { return c }
    let made = decide(
      date: periods.starts[period], history: history, charge: charge, judicial: judicial,
      finalOrder: finalOrder,
      agreement: agreement)
    codes[i] = made
    return made
  }

  /// Decides one case with the engine (no memo): the path every memoised entry comes from, and the
  /// path `decide-each` takes for every person.
  func decide(date: CivilDate, history: Int, charge: Int, judicial: Int, finalOrder: Int, agreement: Int)
    -> UInt16
  {
    let c = ClassSpace.makeCase(
      place: place, date: date, facts: facts, history: history, charge: charge, judicial: judicial,
      finalOrder: finalOrder, agreement: agreement)
    let started = ContinuousClock.now
    let d = engine.decide(c)
    decideSeconds += Simulator.seconds(ContinuousClock.now - started)
    decisions += 1
    for w in d.warnings where DecisionTable.relevant(w) { warnings.insert(w) }
    return Code.pack(d)
  }

  /// Warnings about actions the simulator does not read ("no encoded rule … decides
  /// civil-arrest") are left out of its output.
  static func relevant(_ warning: String) -> Bool {
    guard warning.hasPrefix("no encoded rule at any level decides ") else { return true }
    let rest = warning.dropFirst("no encoded rule at any level decides ".count)
    return ["hold ", "notify-release ", "transfer ", "enter-287g "].contains { rest.hasPrefix($0) }
  }
}
