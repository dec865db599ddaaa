public import AccordCore
import Foundation

// MARK: - Where an agreement's agency sits in the law

/// The case an agreement is decided as: the place whose law governs its agency, and the kind of
/// agency it is (`jail`, `police`, `state-prison`, or unknown).
public struct AgreementPlace: Sendable, Equatable {
  /// A place ID: the state's `US-XX`, or a county or city the library declares when the agency
  /// is clearly that place's.
  public var place: String
  /// The agency as the law language names it; `nil` when the sheet does not say.
  public var agency: String?
  /// How the place was chosen, for the report.
  public var basis: String
}

/// Places agreements in the law library.
///
/// The state is the sheet's STATE. A county or city the library declares is used only when the
/// agency is clearly its own: a county agency (not a municipal one) whose name starts with the
/// county's name ("Essex County Sheriff's Office"), a sheriff whose COUNTY is that county, or a
/// police department or correction department named after a declared city ("Boston Police
/// Department", "City of Austin Police Department", "New York City Department of Correction").
/// Everything else takes the state's law.
public struct AgreementPlacer: Sendable {
  struct Local: Sendable {
    var id: String
    var name: String
    var level: Level
  }

  /// Declared counties and cities by state ID, longest name first.
  let locals: [String: [Local]]

  public init(engine: Engine) {
    var locals: [String: [Local]] = [:]
    for p in engine.places where p.level == .county || p.level == .city {
      guard let slash = p.id.firstIndex(of: "/") else { continue }
      locals[String(p.id[..<slash]), default: []].append(
        Local(id: p.id, name: Self.normal(p.name), level: p.level))
    }
    self.locals = locals.mapValues { $0.sorted { $0.name.count > $1.name.count } }
  }

  /// Lower case, apostrophes and full stops dropped, whitespace collapsed.
  static func normal(_ s: String) -> String {
    s.lowercased().filter { $0 != "'" && $0 != "’" && $0 != "." }.split(whereSeparator: \.isWhitespace)
      .joined(separator: " ")
  }

  /// The kind of agency, from ICE's TYPE and the agency's name: a sheriff or a county agency runs
  /// a jail; a municipal agency, or any police department, polices; a state corrections
  /// department runs prisons; any other state agency (highway patrol, attorney general) is none of
  /// the law's kinds.
  public static func agencyKind(name: String, type: String?) -> String? {
    let n = normal(name)
    let t = type.map(normal) ?? ""
    let corrections = n.contains("correction") || n.contains("prison") || n.contains("criminal justice")
    if t == "state agency" || t == "state" { return corrections ? "state-prison" : nil }
    if n.contains("sheriff") || n.contains("jail") || n.contains("detention") { return "jail" }
    if n.contains("police") { return "police" }
    if t == "county" { return "jail" }
    if t == "municipality" { return "police" }
    // No TYPE (sheets before 2025): the name alone.
    if n.contains("state patrol") || n.contains("highway patrol") { return nil }
    if n.contains("marshal") { return "police" }
    if corrections { return "state-prison" }
    if n.contains("county") || n.contains("parish") { return "jail" }
    return nil
  }

  /// The place and agency kind an agreement is decided as.
  public func place(_ a: Agreement) -> AgreementPlace {
    let kind = Self.agencyKind(name: a.agency, type: a.agencyType)
    let n = Self.normal(a.agency)
    let type = a.agencyType.map(Self.normal) ?? ""
    if type != "state agency" && type != "state" {
      for local in locals[a.stateID] ?? [] {
        switch local.level {
        case .county where type != "municipality":
          if n.hasPrefix(local.name + " ") {
            return AgreementPlace(
              place: local.id, agency: kind, basis: "a county agency named after \(local.id)")
          }
          if n.contains("sheriff"), let county = a.county, Self.normal(county) == local.name {
            return AgreementPlace(place: local.id, agency: kind, basis: "the sheriff of \(local.id) (COUNTY)")
          }
        case .city where type != "county":
          let city =
            local.name.hasSuffix(" city") ? [local.name, String(local.name.dropLast(5))] : [local.name]
          for c in city {
            for prefix in [c + " ", "city of " + c + " "] where n.hasPrefix(prefix) {
              let rest = n.dropFirst(prefix.count)
              if ["police", "city police", "metropolitan police", "department of correction", "sheriff"]
                .contains(
                  where: { rest.hasPrefix($0) })
              {
                let k = rest.contains("correction") || rest.hasPrefix("sheriff") ? "jail" : kind
                return AgreementPlace(
                  place: local.id, agency: k, basis: "an agency of \(local.id) (its name)")
              }
            }
          }
        default: continue
        }
      }
    }
    return AgreementPlace(place: a.stateID, agency: kind, basis: "the state (STATE)")
  }
}

// MARK: - The report

/// 287(g) agreements in force on a date, counted by state and model, over time, and held against
/// the law in force: an agreement in a place whose law bars it is a finding.
///
/// The law is never restated here: each agreement becomes a ``Case`` (the date, the place its
/// agency answers to, the agency's kind, its model) and the engine decides `enter-287g`. Where
/// the law requires an agreement (Florida's § 908.11 for sheriffs running jails), an agreement on
/// the sheet complies; whether a sheriff with none is in breach cannot be told from a list of
/// those who have one, so no such finding is made.
///
/// ```swift
/// let file = try AgreementSheets.read(path: "participatingAgencies05182026am.csv")
/// let report = AgreementsReport(files: [file], engine: try BundledLaw.engine())
/// report.total  // 1843
/// ```
public struct AgreementsReport: Sendable {
  /// One input file: its layout and its rows accounted for.
  public struct FileLine: Sendable {
    public var path: String
    public var layout: SheetLayout
    public var detectedFormat: String
    /// The sheet's own date (raw ICE sheets), and how it is known.
    public var sheetDate: CivilDate?
    public var sheetDateBasis: String?
    /// Snapshots (months) the file holds, episodes, pending agreements.
    public var snapshots: Int
    public var episodes: Int
    public var pending: Int
    public var read: Int
    public var processed: Int
    public var rejected: Int
    public var blankRows: Int
    public var seconds: Double
  }

  /// Agreements of one STATE value.
  public struct StateLine: Sendable {
    /// The STATE value as the sheet writes it.
    public var state: String
    public var place: String
    public var byModel: [Model287g: Int]
    public var total: Int { byModel.values.reduce(0, +) }
  }

  /// ICE's list in one month: the sheet used for the month and its agreements per model.
  public struct TimelinePoint: Sendable {
    /// `YYYY-MM`.
    public var month: String
    /// The day the counts are of.
    public var date: CivilDate
    public var source: String
    public var byModel: [Model287g: Int]
    public var total: Int { byModel.values.reduce(0, +) }
  }

  /// An agreement in force in a place whose law prohibits it, with the rules that say so.
  public struct Finding: Sendable {
    public var agreement: Agreement
    public var place: AgreementPlace
    public var date: CivilDate
    /// The deciding rules, most specific first (rule ID, citation, `law/<file>:<line>`,
    /// completeness of the source).
    public var rules: [RuleReference]
  }

  /// An agreement found in a barred place on one or more of the timeline's sheets.
  public struct FindingOverTime: Sendable {
    public var state: String
    public var agency: String
    public var model: Model287g
    public var place: AgreementPlace
    public var first: CivilDate
    public var last: CivilDate
    /// Timeline sheets (months) on which it was listed and barred.
    public var sheets: Int
    public var rules: [RuleReference]
  }

  /// The date examined.
  public var date: CivilDate
  /// Why that date: `--date`, the sheet's own date, or the latest snapshot.
  public var dateBasis: String
  /// Which list gave the agreements in force on ``date``.
  public var inForceFrom: String
  public var files: [FileLine]
  public var rejectedRows: [RejectedRow]
  /// Every agreement in force on ``date``.
  public var inForce: [Agreement]
  public var byModel: [Model287g: Int]
  /// The distinct STATE values of the agreements in force, sorted.
  public var states: [String]
  public var byState: [StateLine]
  /// What the law says of `enter-287g` for the agreements in force: agreements per status.
  public var statuses: [Status: Int]
  /// For undetermined decisions: the facts the sheet did not give, with how many agreements need each.
  public var undeterminedNeeds: [String: Int]
  public var findings: [Finding]
  public var findingsOverTime: [FindingOverTime]
  public var timeline: [TimelinePoint]
  /// Agreements of pending-agencies sheets: asked for, not in force.
  public var pending: [Agreement]
  /// What the reader should know about how the figures were made.
  public var warnings: [String]
  public var lawVersion: String

  /// Agreements in force on ``date``.
  public var total: Int { inForce.count }
  public var read: Int { files.reduce(0) { $0 + $1.read } }
  public var processed: Int { files.reduce(0) { $0 + $1.processed } }
  public var rejected: Int { files.reduce(0) { $0 + $1.rejected } }
  /// The formats detected, one per distinct layout and container, in file order.
  public var detectedFormat: String {
    var seen: [String] = []
    for f in files where !seen.contains(f.detectedFormat) { seen.append(f.detectedFormat) }
    return seen.joined(separator: "; ")
  }

  /// Builds the report.
  /// - Parameters:
  ///   - files: the files read, in the order given.
  ///   - date: the date to examine; by default the latest date the files describe (a sheet's own
  ///     date, the latest snapshot, or the episodes' last day).
  ///   - engine: the law the agreements are held against.
  public init(files: [AgreementFile], date: CivilDate? = nil, engine: Engine) {
    self.files = files.map { f in
      let sheet = f.layout == .ice2025 || f.layout == .iceEarlier ? f.snapshots.first : nil
      return FileLine(
        path: f.path, layout: f.layout, detectedFormat: f.detectedFormat, sheetDate: sheet?.date,
        sheetDateBasis: sheet?.dateBasis, snapshots: f.snapshots.count, episodes: f.episodes.count,
        pending: f.pending.count, read: f.read, processed: f.processed, rejected: f.rejected,
        blankRows: f.blankRows, seconds: f.seconds)
    }
    rejectedRows = files.flatMap(\.rejectedRows)
    pending = files.flatMap(\.pending)
    lawVersion = engine.version
    var warnings: [String] = files.flatMap(\.notes)

    let snapshots = files.flatMap(\.snapshots)
    let dated = snapshots.filter { $0.date != nil }
    let episodes = files.flatMap(\.episodes)
    let episodeRange =
      episodes.isEmpty
      ? nil : (episodes.map(\.firstSeen).min()!, episodes.map(\.lastSeen).max()!)

    // The date examined.
    let day: CivilDate
    if let date {
      day = date
      dateBasis = "the date asked for (--date)"
    } else {
      let latestSnapshot = dated.max { $0.date! < $1.date! }
      if let s = latestSnapshot, episodeRange.map({ s.date! >= $0.1 }) ?? true {
        day = s.date!
        let sheet = files.contains {
          $0.path == s.file && ($0.layout == .ice2025 || $0.layout == .iceEarlier)
        }
        dateBasis = sheet ? "the sheet's own date (\(s.dateBasis))" : "the latest snapshot (\(s.dateBasis))"
      } else if let r = episodeRange {
        day = r.1
        dateBasis = "the last day the episodes list (last_seen)"
      } else {
        day = CivilDate(days: Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
        dateBasis = "today: no input says what date its list is of"
        if !snapshots.isEmpty { warnings.append("no date is known for the sheets given; give --date") }
      }
    }
    self.date = day

    // The agreements in force on it.
    let inForce: [Agreement]
    if let s = dated.first(where: { $0.date == day }) {
      inForce = s.agreements
      inForceFrom =
        s.file == s.source ? "\(s.file) (the list of \(day))" : "\(s.file): \(s.source) (the list of \(day))"
      for other in dated where other.date == day && other.source != s.source {
        warnings.append("\(other.source) is also of \(day); its agreements are not counted a second time")
      }
    } else if let r = episodeRange, r.0 <= day, day <= r.1 {
      inForce = episodes.filter { $0.firstSeen <= day && day <= $0.lastSeen }.map(\.agreement)
      inForceFrom = "the episodes listed on \(day) (first_seen ≤ \(day) ≤ last_seen)"
    } else if let s = dated.filter({ $0.date! < day }).max(by: { $0.date! < $1.date! }) {
      inForce = s.agreements
      inForceFrom = "\(s.source) (the list of \(s.date!), the latest on or before \(day))"
      warnings.append(
        "the latest list on or before \(day) is of \(s.date!): agreements signed or ended since then are not known"
      )
    } else if let s = dated.min(by: { $0.date! < $1.date! }) {
      let unknown = s.agreements.filter { $0.signed == nil }.count
      inForce = s.agreements.filter { ($0.signed ?? s.date!) <= day && $0.signed != nil }
      inForceFrom = "\(s.source) (the list of \(s.date!), agreements signed on or before \(day))"
      warnings.append(
        "no list is of \(day) or earlier: the earliest, of \(s.date!), is used with the agreements signed by \(day); agreements that ended before \(s.date!) are not listed"
          + (unknown > 0 ? ", and \(unknown) without a SIGNED date are left out" : ""))
    } else if let r = episodeRange {
      if day > r.1 {
        inForce = episodes.filter { $0.lastSeen == r.1 }.map(\.agreement)
        inForceFrom = "the episodes listed on \(r.1), the last day the file covers"
        warnings.append(
          "the episodes end on \(r.1), before \(day): agreements signed or ended since are not known")
      } else {
        inForce = []
        inForceFrom = "the episodes, which begin on \(r.0)"
        warnings.append("the episodes begin on \(r.0), after \(day): no agreement is known to be in force")
      }
    } else if let s = snapshots.first {
      inForce = s.agreements
      inForceFrom = "\(s.source) (a list of unknown date)"
      warnings.append("\(s.source) has no date: its agreements are counted as in force on \(day)")
    } else {
      inForce = []
      inForceFrom = "no participating-agency list was given"
      if !pending.isEmpty {
        warnings.append("only pending-agencies sheets were given: none of their agreements is in force")
      }
    }
    self.inForce = inForce

    var byModel = Dictionary(uniqueKeysWithValues: Model287g.allCases.map { ($0, 0) })
    var byState: [String: StateLine] = [:]
    for a in inForce {
      byModel[a.model, default: 0] += 1
      byState[a.state, default: StateLine(state: a.state, place: a.stateID, byModel: [:])].byModel[
        a.model, default: 0] += 1
    }
    self.byModel = byModel
    self.byState = byState.values.sorted { $0.state < $1.state }
    states = byState.keys.sorted()

    // The law on each agreement in force.
    let placer = AgreementPlacer(engine: engine)
    var decider = Decider(engine: engine)
    var statuses = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0, 0) })
    var needs: [String: Int] = [:]
    var findings: [Finding] = []
    for a in inForce {
      let p = placer.place(a)
      let d = decider.decide(a, p, day)
      statuses[d.status, default: 0] += 1
      if d.status == .undetermined { for n in d.needs { needs[n, default: 0] += 1 } }
      if d.status == .prohibited {
        findings.append(Finding(agreement: a, place: p, date: day, rules: d.because))
      }
    }
    self.statuses = statuses
    undeterminedNeeds = needs
    self.findings = findings

    // The timeline: one list per month (the latest sheet of the month; for months no sheet
    // covers, the episodes at the month's end), and the agreements barred on each.
    var months: [String: (date: CivilDate, source: String, agreements: [Agreement])] = [:]
    for s in dated {
      let month = String(s.date!.description.prefix(7))
      if let m = months[month], m.date >= s.date! { continue }
      months[month] = (s.date!, s.source, s.agreements)
    }
    if let r = episodeRange {
      var (y, m, _) = r.0.parts
      while let start = CivilDate(year: y, month: m, day: 1), start <= r.1 {
        let end = min(start.adding(months: 1).adding(days: -1), r.1)
        let month = String(start.description.prefix(7))
        if months[month] == nil {
          months[month] = (
            end, "episodes listed on \(end)",
            episodes.filter { $0.firstSeen <= end && end <= $0.lastSeen }.map(\.agreement)
          )
        }
        (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
      }
    }
    var over: [String: FindingOverTime] = [:]
    var overOrder: [String] = []
    timeline = months.keys.sorted().map { month in
      let m = months[month]!
      var counts = Dictionary(uniqueKeysWithValues: Model287g.allCases.map { ($0, 0) })
      for a in m.agreements {
        counts[a.model, default: 0] += 1
        let p = placer.place(a)
        let d = decider.decide(a, p, m.date)
        guard d.status == .prohibited else { continue }
        let key = "\(a.stateID)|\(AgreementPlacer.normal(a.agency))|\(a.model.rawValue)"
        if over[key] == nil {
          over[key] = FindingOverTime(
            state: a.state, agency: a.agency, model: a.model, place: p, first: m.date, last: m.date,
            sheets: 0,
            rules: d.because)
          overOrder.append(key)
        }
        over[key]!.last = m.date
        over[key]!.sheets += 1
      }
      return TimelinePoint(month: month, date: m.date, source: m.source, byModel: counts)
    }
    findingsOverTime = overOrder.map { over[$0]! }
    let required = statuses[.required] ?? 0
    if required > 0 {
      warnings.append(
        "\(required) agreements are in places whose law requires one (e.g. Fla. Stat. § 908.11 for sheriffs running jails); a sheet lists agencies that have an agreement, so an agency that lacks a required one cannot be found from it"
      )
    }
    self.warnings = warnings
  }
}

/// Decides `enter-287g` for agreements, once per distinct case.
struct Decider {
  let engine: Engine
  var cache: [String: ActionDecision] = [:]

  init(engine: Engine) { self.engine = engine }

  mutating func decide(_ a: Agreement, _ p: AgreementPlace, _ date: CivilDate) -> ActionDecision {
    let key = "\(p.place)|\(p.agency ?? "")|\(a.model.rawValue)|\(date.days)"
    if let d = cache[key] { return d }
    var c = Case(date: date, place: p.place)
    c.agency = p.agency
    c.agreements287g = [a.model.rawValue]
    let d = engine.decide(c)[.enter287g]
    cache[key] = d
    return d
  }
}
