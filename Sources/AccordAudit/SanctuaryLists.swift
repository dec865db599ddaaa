public import AccordCore
public import AccordData
import Foundation

/// The federal "sanctuary jurisdiction" lists of 2025 beside the law: for each listed state,
/// county and city, what its law lets and makes its agencies do on the list's date, the 287(g)
/// agreements ICE listed for it then, and a sentence; and the unlisted states whose law limits
/// cooperation as much as a listed state's.
///
/// The lists are political designations, not legal findings (DOJ's of 2025-08-05, complete as
/// published; DHS's of 2025-05-29, withdrawn and only partly transcribed). Accord says what the
/// law in force that day makes of each place: a listed place whose law is not researched says so,
/// never a guess.
public struct SanctuaryListReport: Sendable {
  /// One row of a list.
  public struct Entry: Sendable {
    public var list: String
    public var date: CivilDate
    /// `state`, `county` or `city`.
    public var level: String
    public var name: String
    public var stateAbbr: String
    public var file: String
    public var row: Int
  }

  /// A listed place and what its law says.
  public struct Line: Sendable {
    public var entry: Entry
    /// The place decided: a state, or a county or city the library declares, or an undeclared
    /// `US-XX/slug` (whose own law is not researched).
    public var place: String
    public var placeBasis: String
    /// The agency kind the profiles use: a county jail for states and counties, police for cities.
    public var agency: String
    public var coverage: CoverageStatus
    /// The first reference profile's decision (no criminal record, administrative warrant).
    public var decision: Decision
    /// Actions the law lets or makes the agency do for ICE on that profile.
    public var cooperationAllowed: [Action]
    /// Actions it bars.
    public var barred: [Action]
    public var summary: String
    /// 287(g) agreements ICE listed for the place on the latest sheet on or before the list's date.
    public var agreements: [Agreement]
    /// How the agreements were matched to the place.
    public var agreementsBasis: String
  }

  /// A state not on the list whose law bars at least as many actions as a listed state's.
  public struct Unlisted: Sendable {
    public var place: String
    public var name: String
    public var barred: [Action]
  }

  public var lines: [Line]
  public var unlisted: [Unlisted]
  /// The fewest actions a listed state's law bars (the bar the unlisted states are held to).
  public var fewestBarredByAListedState: Int?
  public var read: Int
  public var rejectedRows: [RejectedRow]
  public var agreementsSource: String?
  public var warnings: [String]
  public var lawVersion: String

  public var processed: Int { read - rejectedRows.count }

  /// Reads a list (CSV: `list, list_date, level, name, state_abbr, …`). Every row is processed
  /// or rejected with its row and reason.
  /// - Throws: ``DataError`` when the file cannot be read or its header is not a list's.
  public static func read(path: String) throws(DataError) -> ([Entry], read: Int, rejected: [RejectedRow]) {
    var csv = try CSVReader(path: path)
    guard let header = try csv.next() else {
      throw DataError(file: path, line: 1, column: 1, message: "the file is empty", help: "give a list's CSV")
    }
    let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    func column(_ n: String) -> Int? { names.firstIndex(of: n) }
    guard let cl = column("list"), let cd = column("list_date"), let cv = column("level"),
      let cn = column("name"), let cs = column("state_abbr")
    else {
      throw DataError(
        file: path, line: 1, column: 1,
        message: "the header `\(header.fields.joined(separator: ","))` is not a sanctuary list's",
        help: "a list starts list,list_date,level,name,state_abbr")
    }
    var entries: [Entry] = []
    var rejected: [RejectedRow] = []
    var read = 0
    while true {
      let record: CSVReader.Record
      do {
        guard let r = try csv.next() else { break }
        record = r
      } catch {
        read += 1
        rejected.append(RejectedRow(file: path, row: error.line, reason: error.message))
        continue
      }
      if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
      read += 1
      func field(_ i: Int) -> String {
        i < record.fields.count ? record.fields[i].trimmingCharacters(in: .whitespaces) : ""
      }
      guard let date = CivilDate(parsing: field(cd)) else {
        rejected.append(
          RejectedRow(
            file: path, row: record.line, reason: "list_date `\(field(cd))` is not a date (YYYY-MM-DD)"))
        continue
      }
      let level = field(cv).lowercased()
      guard ["state", "county", "city"].contains(level) else {
        rejected.append(
          RejectedRow(
            file: path, row: record.line, reason: "level `\(field(cv))` is not state, county or city"))
        continue
      }
      let abbr = field(cs).uppercased()
      guard abbr.count == 2, abbr.allSatisfy({ $0.isASCII && $0.isLetter }) else {
        rejected.append(
          RejectedRow(file: path, row: record.line, reason: "state_abbr `\(field(cs))` is not a postal code"))
        continue
      }
      guard !field(cn).isEmpty else {
        rejected.append(RejectedRow(file: path, row: record.line, reason: "the name is empty"))
        continue
      }
      entries.append(
        Entry(
          list: field(cl), date: date, level: level, name: field(cn), stateAbbr: abbr, file: path,
          row: record.line))
    }
    return (entries, read, rejected)
  }

  static func normal(_ s: String) -> String {
    var n = AgreementPlacer.normal(s)
    for prefix in ["city and county of ", "city of ", "county of "] where n.hasPrefix(prefix) {
      n = String(n.dropFirst(prefix.count))
    }
    for suffix in [" county", " city"] where n.hasSuffix(suffix) { n = String(n.dropLast(suffix.count)) }
    return n
  }

  /// The place a row stands for, and how it was found.
  static func place(_ e: Entry, _ engine: Engine) -> (String, String) {
    let state = "US-\(e.stateAbbr)"
    if e.level == "state" { return (state, "the state") }
    let want = normal(e.name)
    let locals = engine.places.filter { $0.id.hasPrefix(state + "/") }
    if let p = locals.first(where: { normal($0.name) == want }) {
      return (p.id, "declared in the library as \(p.name)")
    }
    let slug = AgreementPlacer.normal(e.name).split(separator: " ").joined(separator: "-")
    return ("\(state)/\(slug)", "not declared in the library: its own law is not researched")
  }

  /// Builds the report.
  /// - Parameters:
  ///   - entries: the list's rows.
  ///   - agreements: ICE's lists (a sheet, or the monthly snapshots), to find the agreements in
  ///     force on the list's date.
  public init(
    entries: [Entry], read: Int, rejected: [RejectedRow], agreements: [AgreementFile], engine: Engine
  ) {
    self.read = read
    rejectedRows = rejected
    lawVersion = engine.version
    var warnings: [String] = []
    let snapshots = agreements.flatMap(\.snapshots).filter { $0.date != nil }
    let placer = AgreementPlacer(engine: engine)
    var lines: [Line] = []
    var listedStates = Set<String>()
    var latestSource: String?
    for e in entries {
      let (place, basis) = Self.place(e, engine)
      if e.level == "state" { listedStates.insert(place) }
      let agency = e.level == "city" ? "police" : "jail"
      let c = engine.compare(places: [place], date: e.date, agency: agency)
      let p = c.places[0]
      let d = p.decisions[0]
      let allowed = Action.allCases.filter { [.permitted, .required].contains(d[$0].status) }
      let barred = Action.allCases.filter { d[$0].status == .prohibited }
      let coverage = engine.coverage(of: place, on: e.date)?.status ?? .unresearched
      // The agreements: the latest sheet on or before the list's date.
      var inForce: [Agreement] = []
      var agreementsBasis = "no 287(g) sheet given"
      if let s = snapshots.filter({ $0.date! <= e.date }).max(by: { $0.date! < $1.date! }) {
        latestSource = "\(s.source) (\(s.date!))"
        let inState = s.agreements.filter { $0.stateID == "US-\(e.stateAbbr)" }
        if e.level == "state" {
          inForce = inState
          agreementsBasis = "every agreement ICE listed in the state on \(s.date!)"
        } else if !place.contains("/") || engine.places.contains(where: { $0.id == place }) {
          inForce = inState.filter { placer.place($0).place == place }
          agreementsBasis = "agreements of agencies placed in \(place) on the sheet of \(s.date!)"
        } else {
          let want = Self.normal(e.name)
          inForce = inState.filter { AgreementPlacer.normal($0.agency).hasPrefix(want + " ") }
          agreementsBasis =
            "agreements of agencies whose name starts with \(e.name) on the sheet of \(s.date!)"
        }
      } else if !snapshots.isEmpty {
        agreementsBasis = "no 287(g) sheet on or before \(e.date)"
      }
      lines.append(
        Line(
          entry: e, place: place, placeBasis: basis, agency: agency, coverage: coverage, decision: d,
          cooperationAllowed: allowed, barred: barred, summary: p.summary, agreements: inForce,
          agreementsBasis: agreementsBasis))
    }
    self.lines = lines
    agreementsSource = latestSource
    // Unlisted states that bar at least as much as the listed state that bars least.
    let stateLines = lines.filter { $0.entry.level == "state" }
    fewestBarredByAListedState = stateLines.map(\.barred.count).min()
    var unlisted: [Unlisted] = []
    if let bar = fewestBarredByAListedState, let date = stateLines.first?.entry.date {
      let others = engine.places.filter { $0.level == .state && !listedStates.contains($0.id) }
      let c = engine.compare(places: others.map(\.id), date: date, agency: "jail")
      for p in c.places {
        let barred = Action.allCases.filter { p.decisions[0][$0].status == .prohibited }
        if barred.count >= max(bar, 1) {
          unlisted.append(Unlisted(place: p.id, name: p.name, barred: barred))
        }
      }
      if Set(stateLines.map(\.entry.date)).count > 1 {
        warnings.append("the list's rows carry several dates; unlisted states are decided on \(date)")
      }
    }
    self.unlisted = unlisted
    if agreements.isEmpty { warnings.append("no 287(g) sheet was given: agreements are not counted") }
    self.warnings = warnings
  }

  // MARK: Output

  public func text() -> String {
    var out = "Federal sanctuary lists beside the law; law version \(lawVersion)\n"
    out += "read \(read) = processed \(processed) + rejected \(rejectedRows.count)\n"
    if let s = agreementsSource { out += "287(g) agreements: \(s)\n" }
    for l in lines {
      let e = l.entry
      out +=
        "\n\(e.list) \(e.date) \(e.level): \(e.name), \(e.stateAbbr) → \(l.place) (\(l.placeBasis)); law \(l.coverage.rawValue); \(l.agency), no record, administrative warrant\n"
      out +=
        "  allows: \(l.cooperationAllowed.isEmpty ? "none decided" : l.cooperationAllowed.map(\.rawValue).joined(separator: ", "))\n"
      out +=
        "  bars: \(l.barred.isEmpty ? "none decided" : l.barred.map(\.rawValue).joined(separator: ", "))\n"
      var byModel: [Model287g: Int] = [:]
      for a in l.agreements { byModel[a.model, default: 0] += 1 }
      out +=
        "  287(g): \(l.agreements.count)\(l.agreements.isEmpty ? "" : " (\(AgreementsReport.models(byModel)))") — \(l.agreementsBasis)\n"
      out += "  \(l.summary)\n"
    }
    if let bar = fewestBarredByAListedState {
      out +=
        "\nUnlisted states whose law bars at least \(max(bar, 1)) of the ten actions for a county jail (no record, administrative warrant) — as many as the listed state that bars fewest\(bar == 0 ? " (which bars none the law decides)" : ""):\n"
      if unlisted.isEmpty { out += "  none\n" }
      for u in unlisted {
        out += "  \(u.place) \(u.name): bars \(u.barred.map(\.rawValue).joined(separator: ", "))\n"
      }
    }
    for r in rejectedRows { out += "\n\(r.file):\(r.row): \(r.reason)" }
    for w in warnings { out += "\nwarning: \(w)" }
    out += "\n\nThe lists are political designations, not legal findings. \(Decision.disclaimer)\n"
    return out
  }

  public func json(pretty: Bool = true) -> String {
    var w = JSONWriter(pretty: pretty)
    w.beginObject()
    w.int("read", read)
    w.int("processed", processed)
    w.int("rejected", rejectedRows.count)
    if let s = agreementsSource { w.string("agreementsSource", s) } else { w.null("agreementsSource") }
    w.beginArray("lines")
    for l in lines {
      w.beginObject()
      w.string("list", l.entry.list)
      w.string("date", l.entry.date.description)
      w.string("level", l.entry.level)
      w.string("name", l.entry.name)
      w.string("state", l.entry.stateAbbr)
      w.int("row", l.entry.row)
      w.string("place", l.place)
      w.string("placeBasis", l.placeBasis)
      w.string("agency", l.agency)
      w.string("coverage", l.coverage.rawValue)
      w.beginObject("statuses")
      for a in Action.allCases { w.string(a.rawValue, l.decision[a].status.rawValue) }
      w.endObject()
      w.stringArray("allows", l.cooperationAllowed.map(\.rawValue))
      w.stringArray("bars", l.barred.map(\.rawValue))
      w.int("agreements287g", l.agreements.count)
      w.string("agreementsBasis", l.agreementsBasis)
      w.string("summary", l.summary)
      w.endObject()
    }
    w.endArray()
    w.beginArray("unlistedLimitingAsMuch")
    for u in unlisted {
      w.beginObject()
      w.string("place", u.place)
      w.string("name", u.name)
      w.stringArray("bars", u.barred.map(\.rawValue))
      w.endObject()
    }
    w.endArray()
    w.beginArray("rejectedRows")
    for r in rejectedRows {
      w.beginObject()
      w.int("row", r.row)
      w.string("reason", r.reason)
      w.endObject()
    }
    w.endArray()
    w.stringArray("warnings", warnings)
    w.string("lawVersion", lawVersion)
    w.string("disclaimer", Decision.disclaimer)
    w.endObject()
    return w.text
  }
}
