import AccordCore
import AccordData
import Foundation

/// What one input row became.
public enum RowResult: Sendable {
  /// The row gave these events (a row of aggregate counts gives one event per outcome).
  case events([Event])
  /// The row is part of a record that spans several rows; its events come from ``RowFormat/finish()``.
  case merged
  /// The row could not be used: why, and how to fix it.
  case rejected(String)
}

/// A dataset layout Accord can read, recognised from its header.
public protocol RowFormat: Sendable {
  /// The format's name, as reports print it.
  static var name: String { get }
  /// Whether a header (column names, trimmed, as in the file) is this format's.
  static func matches(_ header: [String]) -> Bool
  init(header: [String], file: String, keys: PersonKeys)
  /// Reads one data row (`row` is 1-based, the header excluded).
  mutating func parse(_ fields: [String], row: Int) -> RowResult
  /// Events of records that span several rows, once every row is read.
  mutating func finish() -> [Event]
}

extension RowFormat {
  public mutating func finish() -> [Event] { [] }
}

/// Every format, in the order detection tries them.
public let allFormats: [any RowFormat.Type] = [
  AccordEventsJSON.self, AccordEventsCSV.self, DDPDetainers.self, DDPFacilityOutcomes.self, DDPCounts.self,
  NPRDetainers.self,
  NPRFacilityLiftReasons.self, NPRDeclinedByFacilityYear.self, PADetainers.self, PierceHolds.self,
  PierceHandcoded.self,
]

/// The format whose header this is, or `nil`.
public func detectFormat(_ header: [String]) -> (any RowFormat.Type)? {
  let h = header.map { $0.trimmingCharacters(in: .whitespaces) }
  return allFormats.first { $0.matches(h) }
}

/// Column access by name, for formats whose files may reorder columns.
struct Columns: Sendable {
  let index: [String: Int]
  /// Column names compare without case, and with spaces as underscores: ICE's own workbook says
  /// `Prepare Date` where NPR's CSV says `prepare_date`.
  static func key(_ name: String) -> String {
    name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
  }
  init(_ header: [String]) {
    var index: [String: Int] = [:]
    for (i, h) in header.enumerated() where index[Self.key(h)] == nil { index[Self.key(h)] = i }
    self.index = index
  }
  func has(_ names: String...) -> Bool { names.allSatisfy { index[Self.key($0)] != nil } }
  /// The trimmed value, `nil` for a missing column, a short row, an empty value or `NA`.
  func value(_ name: String, _ fields: [String]) -> String? {
    guard let i = index[Self.key(name)], i < fields.count else { return nil }
    let v = fields[i].trimmingCharacters(in: .whitespaces)
    return v.isEmpty || v == "NA" ? nil : v
  }
}

/// Dates as the files write them: `2015-05-08`, `2007-10-02 00:00:00`, `2017-04-21 11:43:00`,
/// `5/8/2015`.
func parseDate(_ s: String?) -> CivilDate? {
  guard let s else { return nil }
  // A spreadsheet's serial day number (ICE's workbooks store dates that way).
  if let serial = Double(s), serial > 0, serial < 2_958_466, let iso = XLSXReader.isoDate(fromSerial: serial)
  {
    return CivilDate(parsing: iso)
  }
  if s.count >= 10, let d = CivilDate(parsing: s.prefix(10)) { return d }
  let parts = s.split(separator: " ")[0].split(separator: "/")
  if parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), var y = Int(parts[2]) {
    if y < 100 { y += 2000 }
    return CivilDate(year: y, month: m, day: d)
  }
  return nil
}

/// U.S. state and territory names (upper case) → `US-XX`.
let stateCodes: [String: String] = [
  "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA", "COLORADO": "CO",
  "CONNECTICUT": "CT", "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC", "FLORIDA": "FL", "GEORGIA": "GA",
  "HAWAII": "HI", "IDAHO": "ID", "ILLINOIS": "IL", "INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS",
  "KENTUCKY": "KY", "LOUISIANA": "LA", "MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA",
  "MICHIGAN": "MI", "MINNESOTA": "MN", "MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT",
  "NEBRASKA": "NE", "NEVADA": "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM",
  "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK",
  "OREGON": "OR", "PENNSYLVANIA": "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD",
  "TENNESSEE": "TN", "TEXAS": "TX", "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA", "WASHINGTON": "WA",
  "WEST VIRGINIA": "WV", "WISCONSIN": "WI", "WYOMING": "WY", "PUERTO RICO": "PR", "GUAM": "GU",
  "VIRGIN ISLANDS": "VI", "NORTHERN MARIANA ISLANDS": "MP", "AMERICAN SAMOA": "AS",
]

/// `"CALIFORNIA"`, `"california"`, `"CA"` or `"US-CA"` → `"US-CA"`.
func stateID(_ s: String?) -> String? {
  guard let s = s?.trimmingCharacters(in: .whitespaces).uppercased(), !s.isEmpty else { return nil }
  if s.hasPrefix("US-"), s.count == 5 { return s }
  if s.count == 2, stateCodes.values.contains(s) { return "US-" + s }
  return stateCodes[s].map { "US-" + $0 }
}

/// ICE's lift reason (the detainer's outcome) → what the agency did.
///
/// Only two outcomes describe the agency's own step: "Booked into Detention" (the person went
/// from the agency to ICE) and "Detainer Declined by LEA". Every other reason is ICE's act or
/// says nothing of the agency, and a blank reason is an open detainer.
func kind(forLiftReason reason: String?) -> Event.Kind {
  switch reason?.lowercased() {
  case "booked into detention": .transferred
  case "detainer declined by lea": .declined
  default: .detainerReceived
  }
}

// MARK: - Accord's own event format

/// Accord's documented CSV event format (`docs/EVENTS.md`).
public struct AccordEventsCSV: RowFormat {
  public static let name = "accord-events-csv"
  public static func matches(_ header: [String]) -> Bool {
    Columns(header).has("date", "event", "facility")
  }
  let c: Columns
  let file: String
  let keys: PersonKeys
  public init(header: [String], file: String, keys: PersonKeys) {
    c = Columns(header)
    self.file = file
    self.keys = keys
  }

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let d = c.value("date", f) else { return .rejected("no `date`: write YYYY-MM-DD") }
    guard let date = parseDate(d) else { return .rejected("`date` `\(d)` is not a date: write YYYY-MM-DD") }
    guard let k = c.value("event", f) else { return .rejected("no `event`") }
    guard let kind = Event.Kind(rawValue: k) else {
      return .rejected(
        "unknown `event` `\(k)`: use \(Event.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    guard let facility = c.value("facility", f) else { return .rejected("no `facility`") }
    var e = Event(kind: kind, date: date, facility: facility, outcome: k, file: file, row: row)
    if let p = c.value("place", f) {
      guard Case.isPlaceID(p) else {
        return .rejected("`place` `\(p)` is not a place ID (US, US-XX, US-XX/slug)")
      }
      e.place = p
    }
    e.state = stateID(c.value("state", f)) ?? e.place.map { String($0.prefix(5)) }
    if let a = c.value("agency", f) {
      guard Case.agencies.contains(a) else {
        return .rejected("unknown `agency` `\(a)`: use \(Case.agencies.joined(separator: ", "))")
      }
      e.agency = a
    }
    if let w = c.value("warrant", f) {
      guard Case.warrants.contains(w) else {
        return .rejected("unknown `warrant` `\(w)`: use \(Case.warrants.joined(separator: ", "))")
      }
      e.warrant = w
    }
    if let h = c.value("held_hours", f) {
      guard let n = Int(h), n >= 0 else {
        return .rejected("`held_hours` `\(h)` is not a whole number of hours")
      }
      e.heldHours = n
    }
    e.personKey = c.value("person_id", f).map { keys.key($0) }
    do {
      e.charges = try c.value("charges", f).map(Self.offenses)
      e.convictions = try c.value("convictions", f).map(Self.offenses)
    } catch { return .rejected(error.message) }
    if let fo = c.value("final_order_of_removal", f) {
      guard let b = Bool(fo.lowercased()) else {
        return .rejected("`final_order_of_removal` must be true or false")
      }
      e.finalOrderOfRemoval = b
    }
    e.criminality = c.value("criminality", f)
    e.registries = c.value("registries", f).map {
      $0.lowercased() == "none" ? [] : $0.split(separator: ";").map(String.init)
    }
    e.agreements287g = c.value("agreements_287g", f).map {
      $0.lowercased() == "none" ? [] : $0.split(separator: ";").map(String.init)
    }
    if let bad = e.agreements287g?.first(where: { !Case.models287g.contains($0) }) {
      return .rejected("unknown 287(g) model `\(bad)`: use JEM, WSO, TFM")
    }
    for (column, path) in [
      ("federal_felony_warrant", \Event.federalFelonyWarrant),
      ("federal_criminal_custody", \Event.federalCriminalCustody),
      ("proof_of_status", \Event.proofOfStatus),
      ("terrorist_screening_match", \Event.terroristScreeningMatch),
    ] {
      guard let v = c.value(column, f) else { continue }
      guard let b = Bool(v.lowercased()) else {
        return .rejected("`\(column)` must be true or false, not `\(v)`")
      }
      e[keyPath: path] = b
    }
    return .events([e])
  }

  struct OffenseError: Error { var message: String }

  /// `NJ 2C:35-10|indictable|2022-03-14|tag+tag; …` (every part but the first optional; `none`
  /// for an empty list).
  static func offenses(_ s: String) throws(OffenseError) -> [Offense] {
    if s.lowercased() == "none" { return [] }
    return try s.split(separator: ";").map { item throws(OffenseError) in
      let p = item.split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      var o = Offense()
      if !p[0].isEmpty { o.offense = p[0] }
      if p.count > 1, !p[1].isEmpty {
        guard let g = Grade(rawValue: p[1]) else {
          throw OffenseError(message: "unknown grade `\(p[1])` in `\(item)`")
        }
        o.grade = g
      }
      if p.count > 2, !p[2].isEmpty {
        guard let d = CivilDate(parsing: p[2]) else {
          throw OffenseError(message: "bad date `\(p[2])` in `\(item)`")
        }
        o.date = d
      }
      if p.count > 3 { o.tags = p[3].split(separator: "+").map(String.init) }
      return o
    }
  }
}

/// Accord's JSON Lines event format (`docs/EVENTS.md`): one object per line, a case of
/// INTERFACE.md (its `place` optional) plus `event`, `facility` and optionally `state`, `outcome`,
/// `heldHours` and `personId`.
public struct AccordEventsJSON: RowFormat {
  public static let name = "accord-events-jsonl"
  /// The header the ingest gives a JSON Lines file (it has no header of its own).
  public static let syntheticHeader = ["(accord events, JSON Lines)"]
  public static func matches(_ header: [String]) -> Bool { header == syntheticHeader }
  let file: String
  let keys: PersonKeys
  public init(header: [String], file: String, keys: PersonKeys) {
    self.file = file
    self.keys = keys
  }

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    let node: JSONNode
    do { node = try JSONReader.parse(f[0]) } catch { return .rejected("not JSON: \(error)") }
    guard case .object(var members) = node.value else { return .rejected("each line must be a JSON object") }
    func string(_ k: String) -> String? {
      if case .string(let s)? = members.first(where: { $0.key == k })?.value.value { return s }
      return nil
    }
    guard let k = string("event") else { return .rejected("no `event`") }
    guard let kind = Event.Kind(rawValue: k) else {
      return .rejected(
        "unknown `event` `\(k)`: use \(Event.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    guard let facility = string("facility") else { return .rejected("no `facility`") }
    let explicitPlace = string("place")
    if explicitPlace == nil {
      members.append(
        (key: "place", value: JSONNode(value: .string("US"), line: node.line, column: node.column)))
    }
    let c: Case
    let caseMembers = members.filter {
      !["event", "facility", "state", "outcome", "heldHours", "personId"].contains($0.key)
    }
    do {
      c = try Case(node: JSONNode(value: .object(caseMembers), line: node.line, column: node.column))
    } catch {
      return .rejected(
        "\(error.path.isEmpty ? "" : "`\(error.path)`: ")\(error.message)\(error.help.map { " (\($0))" } ?? "")"
      )
    }
    var e = Event(
      kind: kind, date: c.date, facility: facility, outcome: string("outcome") ?? k, file: file, row: row)
    e.place = explicitPlace
    e.state = stateID(string("state")) ?? explicitPlace.map { String($0.prefix(5)) }
    e.agency = c.agency
    e.warrant = c.warrant
    if case .number(let h)? = members.first(where: { $0.key == "heldHours" })?.value.value {
      guard h >= 0, h == h.rounded() else { return .rejected("`heldHours` must be a whole number of hours") }
      e.heldHours = Int(h)
    }
    e.personKey = string("personId").map { keys.key($0) }
    e.charges = c.charges
    e.convictions = c.convictions
    e.finalOrderOfRemoval = c.finalOrderOfRemoval
    e.registries = c.registries
    e.federalFelonyWarrant = c.federalFelonyWarrant
    e.federalCriminalCustody = c.federalCriminalCustody
    e.proofOfStatus = c.proofOfStatus
    e.terroristScreeningMatch = c.terroristScreeningMatch
    if members.contains(where: { $0.key == "agreements287g" }) { e.agreements287g = c.agreements287g }
    return .events([e])
  }
}

// MARK: - Deportation Data Project

/// DDP's record-level detainer layout (ICE ERO LESA releases, 2023 onward).
public struct DDPDetainers: RowFormat {
  public static let name = "ddp-detainers"
  public static func matches(_ header: [String]) -> Bool {
    Columns(header).has("detainer_prepare_date", "detention_facility", "detainer_lift_reason")
  }
  let c: Columns
  let file: String
  let keys: PersonKeys
  public init(header: [String], file: String, keys: PersonKeys) {
    c = Columns(header)
    self.file = file
    self.keys = keys
  }

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let date = parseDate(c.value("detainer_prepare_date", f)) else {
      return .rejected("`detainer_prepare_date` is missing or not a date")
    }
    let reason = c.value("detainer_lift_reason", f)
    var e = Event(
      kind: kind(forLiftReason: reason), date: date,
      facility: c.value("detention_facility", f) ?? "(no facility)",
      outcome: reason ?? "(open)", file: file, row: row)
    e.state = stateID(c.value("facility_state", f))
    e.criminality = c.value("detainer_prepared_criminality", f)
    e.personKey = c.value("unique_identifier", f).map { keys.key($0) }
    if let fo = c.value("final_order_yes_no", f) { e.finalOrderOfRemoval = fo.uppercased() == "YES" }
    if let d = parseDate(c.value("msc_conviction_date", f)) {
      // The most serious conviction: its date is known, its grade only if `felon` says so.
      var o = Offense(date: d)
      if let felon = c.value("felon", f)?.lowercased(), felon.contains("aggravated felon"),
        !felon.contains("not")
      {
        o.grade = .felony
      }
      e.convictions = [o]
    }
    return .events([e])
  }
}

/// DDP facility × outcome counts (`detention_facility, Booked into Detention, Detainer Declined by
/// LEA, …, total`): each count becomes one weighted event over the release's period.
public struct DDPFacilityOutcomes: RowFormat {
  public static let name = "ddp-facility-outcomes"
  public static func matches(_ header: [String]) -> Bool {
    Columns(header).has("detention_facility", "Booked into Detention", "Detainer Declined by LEA", "total")
  }
  let header: [String]
  let c: Columns
  let file: String
  public init(header: [String], file: String, keys: PersonKeys) {
    self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
    c = Columns(header)
    self.file = file
  }

  /// The period these aggregates cover (the Dec 2025 – Mar 2026 "Metro Surge" release).
  static let period = (CivilDate(parsing: "2025-12-01")!, CivilDate(parsing: "2026-03-31")!)

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let facility = c.value("detention_facility", f) else { return .rejected("no `detention_facility`") }
    guard let total = c.value("total", f).flatMap({ Int($0) }) else {
      return .rejected("`total` is not a count")
    }
    var events: [Event] = []
    var sum = 0
    for (i, h) in header.enumerated() where !["", "detention_facility", "total"].contains(h) {
      guard i < f.count else {
        return .rejected("the row has \(f.count) fields; the header has \(header.count)")
      }
      let v = f[i].trimmingCharacters(in: .whitespaces)
      // R's table writes NA where a facility had no detainer with that outcome; the row's total
      // (checked below) confirms the reading.
      guard let n = v == "NA" ? 0 : Int(v) else { return .rejected("`\(h)` = `\(v)` is not a count") }
      sum += n
      guard n > 0 else { continue }
      var e = Event(
        kind: kind(forLiftReason: h == "NA" ? nil : h), date: Self.period.0, facility: facility,
        outcome: h == "NA" ? "(open)" : h, file: file, row: row)
      e.weight = n
      e.until = Self.period.1
      e.state = "US-MN"
      events.append(e)
    }
    guard sum == total else {
      return .rejected("the outcome counts sum to \(sum), not the row's total \(total)")
    }
    return .events(events)
  }
}

/// DDP count series (`month_year, count` or `detainer_prepare_date, count`): detainers issued, no
/// facility and no outcome.
public struct DDPCounts: RowFormat {
  public static let name = "ddp-detainer-counts"
  public static func matches(_ header: [String]) -> Bool {
    // R writes its row names as a first, unnamed column.
    let named = header.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    let c = Columns(named)
    return named.count == 2 && c.has("count") && (c.has("month_year") || c.has("detainer_prepare_date"))
  }
  let c: Columns
  let file: String
  public init(header: [String], file: String, keys: PersonKeys) {
    c = Columns(header)
    self.file = file
  }

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let n = c.value("count", f).flatMap({ Int($0) }), n >= 0 else {
      return .rejected("`count` is not a count")
    }
    let start: CivilDate
    let end: CivilDate
    if let d = c.value("detainer_prepare_date", f) {
      guard let day = parseDate(d) else { return .rejected("`\(d)` is not a date") }
      (start, end) = (day, day)
    } else if let m = c.value("month_year", f), let day = CivilDate(parsing: m.prefix(7) + "-01") {
      (start, end) = (day, day.adding(months: 1).adding(days: -1))
    } else {
      return .rejected("no date: expected `detainer_prepare_date` or `month_year` (YYYY-MM)")
    }
    var e = Event(
      kind: .detainerReceived, date: start, facility: "(all Minnesota facilities)", outcome: "issued",
      file: file, row: row)
    e.weight = n
    e.until = end
    e.state = "US-MN"
    return .events(n > 0 ? [e] : [])
  }
}

// MARK: - NPR (ICE FOIA 15-87693, FY2008-2015)

/// NPR's national record-level file (and ICE's FY2015 workbook): `prepare_date, detainer_type,
/// detainer_detention_facility, state, city, detainer_lift_reason`.
public struct NPRDetainers: RowFormat {
  public static let name = "npr-detainers"
  public static func matches(_ header: [String]) -> Bool {
    Columns(header).has("prepare_date", "detainer_detention_facility", "detainer_lift_reason")
  }
  let c: Columns
  let file: String
  public init(header: [String], file: String, keys: PersonKeys) {
    c = Columns(header)
    self.file = file
  }

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let date = parseDate(c.value("prepare_date", f)) else {
      return .rejected("`prepare_date` is missing or not a date")
    }
    let reason = c.value("detainer_lift_reason", f)
    var e = Event(
      kind: kind(forLiftReason: reason), date: date,
      facility: c.value("detainer_detention_facility", f) ?? "(no facility recorded)",
      outcome: reason ?? "(open)",
      file: file, row: row)
    e.state = stateID(c.value("state", f))
    e.city = c.value("city", f)
    e.detainerType = c.value("detainer_type", f)
    return .events([e])
  }
}

/// NPR's facility × lift-reason counts over FY2008–FY2015.
public struct NPRFacilityLiftReasons: RowFormat {
  public static let name = "npr-facility-lift-reasons"
  public static func matches(_ header: [String]) -> Bool {
    Columns(header).has("det_facility", "lift_reason", "n")
  }
  let c: Columns
  let file: String
  public init(header: [String], file: String, keys: PersonKeys) {
    c = Columns(header)
    self.file = file
  }
  static let period = (CivilDate(parsing: "2007-10-01")!, CivilDate(parsing: "2015-07-26")!)

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let n = c.value("n", f).flatMap({ Int($0) }), n >= 0 else { return .rejected("`n` is not a count") }
    let reason = c.value("lift_reason", f)
    var e = Event(
      kind: kind(forLiftReason: reason), date: Self.period.0,
      facility: c.value("det_facility", f) ?? "(no facility recorded)",
      outcome: reason ?? "(open)", file: file, row: row)
    e.weight = n
    e.until = Self.period.1
    return .events(n > 0 ? [e] : [])
  }
}

/// NPR's declines per facility and calendar year (`year, det_facility, city, state, declined,
/// not_declined_nonnull`).
public struct NPRDeclinedByFacilityYear: RowFormat {
  public static let name = "npr-declined-by-facility-year"
  public static func matches(_ header: [String]) -> Bool {
    Columns(header).has("year", "det_facility", "declined", "not_declined_nonnull")
  }
  let c: Columns
  let file: String
  public init(header: [String], file: String, keys: PersonKeys) {
    c = Columns(header)
    self.file = file
  }

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let y = c.value("year", f).flatMap({ Int($0) }), let start = CivilDate(year: y, month: 1, day: 1)
    else {
      return .rejected("`year` is not a year")
    }
    guard let declined = c.value("declined", f).flatMap({ Int($0) }),
      let other = c.value("not_declined_nonnull", f).flatMap({ Int($0) })
    else { return .rejected("`declined` and `not_declined_nonnull` must be counts") }
    let end = CivilDate(year: y, month: 12, day: 31)!
    let facility = c.value("det_facility", f) ?? "(no facility recorded)"
    var events: [Event] = []
    for (n, k, outcome) in [
      (declined, Event.Kind.declined, "Detainer Declined by LEA"),
      (other, .detainerReceived, "other recorded outcomes"),
    ]
    where n > 0 {
      var e = Event(kind: k, date: start, facility: facility, outcome: outcome, file: file, row: row)
      e.weight = n
      e.until = end
      e.state = stateID(c.value("state", f))
      e.city = c.value("city", f)
      events.append(e)
    }
    return .events(events)
  }
}

// MARK: - Pennsylvania

/// Pennsylvania's record-level extract (`date, lift_reason, det_facility, city, state, detainer_type`).
public struct PADetainers: RowFormat {
  public static let name = "pa-detainers"
  public static func matches(_ header: [String]) -> Bool {
    Columns(header).has("date", "lift_reason", "det_facility", "state")
  }
  let c: Columns
  let file: String
  public init(header: [String], file: String, keys: PersonKeys) {
    c = Columns(header)
    self.file = file
  }

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let date = parseDate(c.value("date", f)) else {
      return .rejected("`date` is missing or not a date")
    }
    let reason = c.value("lift_reason", f)
    var e = Event(
      kind: kind(forLiftReason: reason), date: date,
      facility: c.value("det_facility", f) ?? "(no facility recorded)",
      outcome: reason ?? "(open)", file: file, row: row)
    e.state = stateID(c.value("state", f))
    e.city = c.value("city", f)
    e.detainerType = c.value("detainer_type", f)
    return .events([e])
  }
}

// MARK: - Pierce County (UWCHR)

/// UWCHR's Pierce County charge-level file: one row per charge of a booking with an ICE hold; the
/// rows of a booking make one event.
public struct PierceHolds: RowFormat {
  public static let name = "pierce-county-holds"
  public static func matches(_ header: [String]) -> Bool {
    Columns(header).has("booking_id", "booking_dt", "release_dt", "release_to_imm", "imm_hold")
  }
  let c: Columns
  let file: String
  let keys: PersonKeys
  var bookings: [String: Event] = [:]
  var order: [String] = []
  public init(header: [String], file: String, keys: PersonKeys) {
    c = Columns(header)
    self.file = file
    self.keys = keys
  }

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let id = c.value("booking_id", f) else { return .rejected("no `booking_id`") }
    guard let booked = parseDate(c.value("booking_dt", f)) else {
      return .rejected("`booking_dt` is not a date")
    }
    let released = parseDate(c.value("release_dt", f))
    let toICE = c.value("release_to_imm", f) == "1"
    let felony = c.value("felony", f) == "1"
    let misdemeanor = c.value("misdemeanor", f) == "1"
    var charge = Offense(offense: c.value("booking_charge_desc", f), date: booked)
    charge.grade = felony ? .felony : (misdemeanor ? .misdemeanor : nil)
    if var e = bookings[id] {
      e.charges = (e.charges ?? []) + [charge]
      bookings[id] = e
      return .merged
    }
    var e = Event(
      kind: toICE ? .transferred : .released, date: released ?? booked, facility: "PIERCE COUNTY JAIL",
      outcome: c.value("final_release_disp", f) ?? (toICE ? "released to immigration" : "released"),
      file: file,
      row: row)
    e.state = "US-WA"
    e.agency = "jail"
    e.personKey = keys.key(id)
    e.charges = [charge]
    bookings[id] = e
    order.append(id)
    return .merged
  }

  public mutating func finish() -> [Event] { order.compactMap { bookings[$0] } }
}

/// UWCHR's hand-coded Pierce County bookings with a hold (from detainer paperwork): `Date of
/// Booking, Date of Release, …, Released to Immigration authorities?, …`.
public struct PierceHandcoded: RowFormat {
  public static let name = "pierce-county-handcoded"
  public static func matches(_ header: [String]) -> Bool {
    Columns(header).has("Date of Booking", "Date of Release", "Released to Immigration authorities?")
  }
  let c: Columns
  let file: String
  public init(header: [String], file: String, keys: PersonKeys) {
    c = Columns(header)
    self.file = file
  }

  public mutating func parse(_ f: [String], row: Int) -> RowResult {
    guard let booked = parseDate(c.value("Date of Booking", f)) else {
      return .rejected("`Date of Booking` is not a date")
    }
    let released = parseDate(c.value("Date of Release", f))
    let answer = c.value("Released to Immigration authorities?", f)
    let k: Event.Kind =
      switch answer?.lowercased() {
      case "yes": .transferred
      case "no": .released
      default: .detainerReceived
      }
    var e = Event(
      kind: k, date: released ?? booked, facility: "PIERCE COUNTY JAIL", outcome: answer ?? "(not coded)",
      file: file,
      row: row)
    e.state = "US-WA"
    e.agency = "jail"
    if let charge = c.value("Charge", f) { e.charges = [Offense(offense: charge, date: booked)] }
    return .events([e])
  }
}
