import AccordCore
import Foundation

/// A figure over runs: its mean and the 5th and 95th percentiles (nearest rank).
public struct Band: Sendable, Equatable {
  public var mean: Double
  /// The 5th percentile.
  public var low: Double
  /// The 95th percentile.
  public var high: Double

  init(_ values: [Double]) {
    let sorted = values.sorted()
    let n = sorted.count
    mean = n == 0 ? 0 : sorted.reduce(0, +) / Double(n)
    func rank(_ p: Double) -> Double {
      guard n > 0 else { return 0 }
      let i = Int((p * Double(n)).rounded(.up)) - 1
      return sorted[min(max(i, 0), n - 1)]
    }
    low = rank(0.05)
    high = rank(0.95)
  }

  init(_ values: [Int]) { self.init(values.map(Double.init)) }
}

/// The figures of one scenario (or of the change between two), over runs.
public struct Summary: Sendable {
  public var bookings: Band
  /// One band per ``Outcome``.
  public var outcomes: [Band]
  public var detainers: Band
  public var transfers: Band
  /// Transfers the law in force prohibited (made because agencies do not always follow it).
  public var transfersInBreach: Band
  public var notifications: Band
  public var holds: Band
  /// Per ``HistoryClass``: detainers, transfers, notifications, holds.
  public var byClass: [[Band]]
  /// Transfers with an administrative, then a judicial warrant.
  public var transfersByWarrant: [Band]
  /// The mean bookings, rounded, and the mean outcomes rounded (largest remainder) so that they
  /// sum to it exactly.
  public var roundedBookings: Int
  public var roundedOutcomes: [Int]

  static let measures = ["detainers", "transfers", "notifications", "holds"]

  /// Figures of per-run tallies; with `minus`, of the per-run differences (paired runs).
  init(_ runs: [Tally], minus base: [Tally]? = nil) {
    func series(_ f: (Tally) -> Int) -> [Double] {
      runs.indices.map { r in Double(f(runs[r]) - (base.map { f($0[r]) } ?? 0)) }
    }
    bookings = Band(series { $0.bookings })
    outcomes = Outcome.allCases.map { o in Band(series { $0.outcome(o) }) }
    detainers = Band(series { $0.sum(Tally.detainerSlots) })
    transfers = Band(series { $0.sum(Tally.transferSlots) })
    transfersInBreach = Band(series { $0.sum([Tally.breachSlot]) })
    notifications = Band(series { $0.sum([Tally.notifiedSlot]) })
    holds = Band(series { $0.sum(Tally.holdSlots) })
    byClass = HistoryClass.allCases.map { h in
      [Tally.detainerSlots, Tally.transferSlots, [Tally.notifiedSlot], Tally.holdSlots].map { slots in
        Band(series { $0.sum(history: h.rawValue, slots) })
      }
    }
    transfersByWarrant = (0..<2).map { w in Band(series { $0.sum(judicial: w, Tally.transferSlots) }) }
    roundedBookings = Int(bookings.mean.rounded())
    roundedOutcomes = Summary.largestRemainder(outcomes.map(\.mean), total: roundedBookings)
  }

  /// Rounds `values` to integers that sum to `total` (Hamilton's method; ties to the earlier).
  static func largestRemainder(_ values: [Double], total: Int) -> [Int] {
    var out = values.map { Int($0.rounded(.down)) }
    var left = total - out.reduce(0, +)
    let order = values.indices.sorted {
      let a = values[$0] - values[$0].rounded(.down)
      let b = values[$1] - values[$1].rounded(.down)
      return a != b ? a > b : $0 < $1
    }
    var k = 0
    while left > 0, !order.isEmpty {
      out[order[k % order.count]] += 1
      left -= 1
      k += 1
    }
    while left < 0, let i = out.indices.max(by: { out[$0] < out[$1] }) {
      out[i] -= 1
      left += 1
    }
    return out
  }
}

extension ScenarioResult {
  /// Per-run tallies summed over every place.
  var totals: [Tally] {
    guard let first = tallies.first else { return [] }
    return first.indices.map { r in
      var t = Tally()
      for p in tallies { t.add(p[r]) }
      return t
    }
  }
}

/// The rendered simulation: text, JSON and HTML.
///
/// ```swift
/// let report = SimulationReport(result)
/// print(report.text())
/// ```
public struct SimulationReport: Sendable {
  public var result: SimulationResult
  public var baseline: Summary
  public var reform: Summary?
  /// Reform minus baseline, run by run (the same simulated people).
  public var change: Summary?

  /// Summarises a result over its runs.
  public init(_ result: SimulationResult) {
    self.result = result
    let base = result.baseline.totals
    baseline = Summary(base)
    if let r = result.reform {
      reform = Summary(r.totals)
      change = Summary(r.totals, minus: base)
    }
  }

  /// Every warning: the plan's, the law's and one per parameter that is not plainly sourced.
  public var warnings: [String] {
    var out = result.warnings
    var seen = Set<String>()
    for s in [result.baseline] + (result.reform.map { [$0] } ?? []) {
      for u in s.parameters {
        let d = u.definition
        let key = "\(d.file):\(d.line)"
        guard seen.insert(key).inserted else { continue }
        let at = "`\(d.name)` = \(u.valueText) at \(d.place) (\(key))"
        switch d.provenance.kind {
        case .sourced: break
        case .derived: out.append("\(at) is DERIVED: \(d.provenance.explanation ?? "")")
        case .calibrated: out.append("\(at) is CALIBRATED: \(d.provenance.explanation ?? "")")
        case .unsourced: out.append("\(at) has NO SOURCE: \(d.provenance.explanation ?? "")")
        }
        if let c = d.caveat { out.append("\(at): caveat: \(c)") }
      }
    }
    for s in [result.baseline] + (result.reform.map { [$0] } ?? []) {
      for w in s.lawWarnings where !out.contains(w) { out.append(w) }
    }
    for (name, s) in [("baseline", baseline)] + (reform.map { [("reform", $0)] } ?? []) {
      let undetermined = s.outcomes[Outcome.undetermined.rawValue].mean
      if undetermined > 0 {
        out.append(
          "\(name): \(SimulationReport.figure(undetermined)) people a year (mean) have cases the law in force does not decide; they are counted as `undetermined`, not guessed"
        )
      }
    }
    out += SimulationReport.assumptions
    return out
  }

  /// What every simulated case assumes (facts the parameters do not cover).
  public static let assumptions = [
    "every generated case is a jail booking with an ICE detainer and every fact given: no terrorist-screening match, no registry, no federal felony warrant, no federal custody, no proof of status, no interview consent; one booking charge and at most one prior conviction (the most serious); offenses carry the place's category tags only as the parameters say",
    "conviction ages are whole years 0–14 (each taken at its midpoint) and one class for 15 years or more (taken as 22½): lookbacks are resolved to the year, and lookbacks above 15 years are not resolved",
    "bands are the 5th–95th percentiles over runs (nearest rank): they show the spread of chance and of the parameters given a `range`, not the error of unsourced parameters",
  ]

  // MARK: Text

  static func group(_ n: Int) -> String {
    let s = String(abs(n))
    var out = ""
    for (i, c) in s.enumerated() {
      if i > 0, (s.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (n < 0 ? "−" : "") + out
  }

  static func figure(_ x: Double) -> String {
    if abs(x) >= 100 || x == x.rounded() { return group(Int(x.rounded())) }
    return (x < 0 ? "−" : "") + String(format: "%.1f", abs(x))
  }

  static func band(_ b: Band, signed: Bool = false) -> String {
    let sign = signed && b.mean > 0 ? "+" : ""
    if b.low == b.high { return sign + figure(b.mean) }
    let lowSign = signed && b.low > 0 ? "+" : ""
    let highSign = signed && b.high > 0 ? "+" : ""
    return "\(sign)\(figure(b.mean)) [\(lowSign)\(figure(b.low))…\(highSign)\(figure(b.high))]"
  }

  var rows: [(String, (Summary) -> Band)] {
    var out: [(String, (Summary) -> Band)] = [
      ("bookings", { $0.bookings }), ("detainers lodged", { $0.detainers }),
    ]
    let titles = ["transfers to ICE", "notifications of release", "holds past release"]
    for (m, title) in titles.enumerated() {
      out.append((title, [{ $0.transfers }, { $0.notifications }, { $0.holds }][m]))
      for h in HistoryClass.allCases {
        out.append(("  " + h.label, { $0.byClass[h.rawValue][m + 1] }))
      }
      if m == 0 {
        out.append(("  with a judicial warrant", { $0.transfersByWarrant[1] }))
        out.append(("  that the law prohibited", { $0.transfersInBreach }))
      }
    }
    return out
  }

  /// The report a person reads.
  public func text() -> String {
    let o = result.options
    var out =
      "Simulation of \(o.place) in \(o.year): \(o.runs) run\(o.runs == 1 ? "" : "s"), seed \(o.seed)\n"
    out += "Law version \(result.baseline.lawVersion); parameters version \(result.baseline.paramsVersion)\n"
    if let r = result.reform, let reform = r.reform {
      out += "Reform: \"\(reform.title)\" (\(reform.path)); law version \(r.lawVersion)\n"
    }
    out += "Figures are a year's mean over runs, with the 5th–95th percentiles in brackets.\n\n"
    let width = 34
    let columns = reform == nil ? [baseline] : [baseline, reform!, change!]
    let heads = reform == nil ? ["baseline"] : ["baseline", "reform", "change"]
    var header = "".padding(toLength: width, withPad: " ", startingAt: 0)
    for h in heads { header += h.padding(toLength: 26, withPad: " ", startingAt: 0) }
    out += header.trimmingTrailing + "\n"
    for (label, f) in rows {
      var line = label.padding(toLength: width, withPad: " ", startingAt: 0)
      for (i, c) in columns.enumerated() {
        line += SimulationReport.band(f(c), signed: i == 2).padding(toLength: 26, withPad: " ", startingAt: 0)
      }
      out += line.trimmingTrailing + "\n"
    }
    out += "\nOutcomes (each booking ends in exactly one; means rounded to sum to the bookings):\n"
    for oc in Outcome.allCases {
      var line = "  \(oc.name)".padding(toLength: width, withPad: " ", startingAt: 0)
      line += SimulationReport.group(baseline.roundedOutcomes[oc.rawValue]).padding(
        toLength: 26, withPad: " ", startingAt: 0)
      if let reform { line += SimulationReport.group(reform.roundedOutcomes[oc.rawValue]) }
      out += line.trimmingTrailing + "  — \(oc.summary)\n"
    }
    out +=
      "  total".padding(toLength: width, withPad: " ", startingAt: 0)
      + SimulationReport.group(baseline.roundedBookings).padding(toLength: 26, withPad: " ", startingAt: 0)
    if let reform { out += SimulationReport.group(reform.roundedBookings) }
    out += "\n"
    if result.baseline.places.count > 1 {
      out += "\nBy place (transfers to ICE, mean):\n"
      for (i, p) in result.baseline.places.enumerated() {
        let b = Summary(result.baseline.tallies[i])
        var line = "  \(p)".padding(toLength: width, withPad: " ", startingAt: 0)
        line += "bookings \(SimulationReport.group(b.roundedBookings))".padding(
          toLength: 26, withPad: " ", startingAt: 0)
        line += "baseline \(SimulationReport.figure(b.transfers.mean))"
        if let r = result.reform, let j = r.places.firstIndex(of: p) {
          line += "   reform \(SimulationReport.figure(Summary(r.tallies[j]).transfers.mean))"
        }
        out += line + "\n"
      }
    }
    out += "\nParameters (value, provenance, where):\n"
    for (d, places, valueText) in parameterRows {
      out += "  \(d.place) \(d.name) = \(valueText)"
      if let r = d.range { out += " (range \(formatNumber(r.lowerBound))…\(formatNumber(r.upperBound)))" }
      out += "  [\(d.provenance.kind.rawValue.uppercased())] \(d.file):\(d.line)"
      if places != [d.place] { out += "  (for \(places.joined(separator: ", ")))" }
      out += "\n"
      if let s = d.provenance.source { out += "      source: \(s)\n" }
      if let c = d.provenance.cite { out += "      cite: \(c)\n" }
      if let e = d.provenance.explanation { out += "      \(d.provenance.kind.rawValue): \(e)\n" }
    }
    out += "\nWarnings:\n"
    for w in warnings { out += "  - \(w)\n" }
    out += "\n\(Decision.disclaimer)\n"
    return out
  }

  /// Each definition used once, with the places that used it.
  var parameterRows: [(ParamDefinition, [String], String)] {
    var order: [String] = []
    var rows: [String: (ParamDefinition, [String], String)] = [:]
    for s in [result.baseline] + (result.reform.map { [$0] } ?? []) {
      for u in s.parameters {
        let key = "\(u.definition.file):\(u.definition.line)"
        if rows[key] == nil {
          order.append(key)
          rows[key] = (u.definition, [u.place], u.valueText)
        } else if !rows[key]!.1.contains(u.place) {
          rows[key]!.1.append(u.place)
        }
      }
    }
    return order.map { rows[$0]! }
  }
}

extension String {
  var trimmingTrailing: String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
