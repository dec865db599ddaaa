public import AccordCore
public import AccordData
import Foundation

// MARK: - The agreements a sheet lists

/// The three 287(g) models (INA § 287(g), 8 U.S.C. § 1357(g)): what ICE's sheets call the
/// SUPPORT TYPE.
public enum Model287g: String, CaseIterable, Sendable, Hashable, Comparable {
  /// Jail Enforcement Model: status interviews and detainers in the jail.
  case jem = "JEM"
  /// Task Force Model: immigration arrests in daily policing.
  case tfm = "TFM"
  /// Warrant Service Officer: serving ICE's warrants in the jail.
  case wso = "WSO"

  /// The model's name as ICE prints it.
  public var name: String {
    switch self {
    case .jem: "Jail Enforcement Model"
    case .tfm: "Task Force Model"
    case .wso: "Warrant Service Officer"
    }
  }

  public static func < (a: Model287g, b: Model287g) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }

  /// The model a sheet's SUPPORT TYPE names, or `nil` for text that names none: only the
  /// spellings below are read, never a guess.
  ///
  /// ```swift
  /// Model287g(printed: "Warrant Services Officer ")  // .wso (an ICE typo)
  /// Model287g(printed: "Task Force")                  // .tfm
  /// Model287g(printed: "Jail Model")                  // nil
  /// ```
  public init?(printed: String) {
    let key = printed.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    guard let model = Self.spellings[key] else { return nil }
    self = model
  }

  /// Every spelling read: the names, the abbreviations, and ICE's typos. SOURCE.md of the sheets
  /// archive names "Warrant Services Officer" and "Task Force Officer"; "Warrant Service Office"
  /// is printed for Pope County, Ark. (2025-12 to 2026-05), which the archive's derived files also
  /// map to WSO.
  static let spellings: [String: Model287g] = [
    "JAIL ENFORCEMENT MODEL": .jem, "JAIL ENFORCEMENT MODEL (JEM)": .jem, "JAIL ENFORCEMENT": .jem,
    "JEM": .jem,
    "TASK FORCE MODEL": .tfm, "TASK FORCE MODEL (TFM)": .tfm, "TASK FORCE": .tfm, "TFM": .tfm,
    "WARRANT SERVICE OFFICER": .wso, "WARRANT SERVICE OFFICER (WSO)": .wso, "WARRANT SERVICE OFFICERS": .wso,
    "WSO": .wso,
    "TASK FORCE OFFICER": .tfm, "WARRANT SERVICES OFFICER": .wso, "WARRANT SERVICE OFFICE": .wso,
  ]
}

/// One 287(g) agreement as a sheet lists it: one row.
public struct Agreement: Sendable, Equatable {
  /// Where the row is: the file, and its line (CSV) or spreadsheet row (XLSX), the header being 1.
  public var file: String
  public var row: Int
  /// The STATE column as written (trimmed), e.g. `NEW YORK`.
  public var state: String
  /// The state or territory's place ID, e.g. `US-NY`.
  public var stateID: String
  /// The agency's name, trimmed.
  public var agency: String
  /// ICE's jurisdiction level (TYPE: County, Municipality, State Agency), when the sheet has it.
  public var agencyType: String?
  public var county: String?
  /// SUPPORT TYPE as printed.
  public var supportType: String
  public var model: Model287g
  /// The date the agreement was signed, when the sheet gives one.
  public var signed: CivilDate?

  /// An agreement with every field given.
  public init(
    file: String, row: Int, state: String, stateID: String, agency: String, agencyType: String? = nil,
    county: String? = nil, supportType: String, model: Model287g, signed: CivilDate? = nil
  ) {
    self.file = file
    self.row = row
    self.state = state
    self.stateID = stateID
    self.agency = agency
    self.agencyType = agencyType
    self.county = county
    self.supportType = supportType
    self.model = model
    self.signed = signed
  }
}

/// A row that was read and not used: where it is and why.
public struct RejectedRow: Sendable, Equatable {
  public var file: String
  public var row: Int
  public var reason: String

  /// A rejected row: where, and why.
  public init(file: String, row: Int, reason: String) {
    self.file = file
    self.row = row
    self.reason = reason
  }
}

/// The layouts of 287(g) sheets Accord reads, recognised from the header.
public enum SheetLayout: String, Sendable, CaseIterable {
  /// ICE's sheet since 2025: STATE, LAW ENFORCEMENT AGENCY, TYPE, COUNTY, SUPPORT TYPE, SIGNED,
  /// MOA, ADDENDUM.
  case ice2025 = "ice-287g-sheet-2025"
  /// ICE's sheet before 2025 (and the Wayback tables of it): STATE, LAW ENFORCEMENT AGENCY,
  /// SUPPORT TYPE, SIGNED, MOA.
  case iceEarlier = "ice-287g-sheet-2021"
  /// ICE's "pending agencies" sheet: agreements asked for, not signed (no SIGNED column).
  case icePending = "ice-287g-pending-sheet"
  /// The archive's derived monthly snapshots: one ICE sheet per month, stacked.
  case snapshots = "ice-287g-monthly-snapshots"
  /// The archive's derived episodes: one row per agreement with the first and last day ICE listed it.
  case episodes = "ice-287g-agreement-episodes"

  /// What the layout is, in words.
  public var label: String {
    switch self {
    case .ice2025:
      "ICE participating-agency sheet, 2025–26 layout (STATE, LAW ENFORCEMENT AGENCY, TYPE, COUNTY, SUPPORT TYPE, SIGNED, MOA, ADDENDUM)"
    case .iceEarlier:
      "ICE participating-agency sheet, 2021–25 layout (STATE, LAW ENFORCEMENT AGENCY, SUPPORT TYPE, SIGNED, MOA)"
    case .icePending: "ICE pending-agencies sheet (agreements not yet signed, not counted as in force)"
    case .snapshots:
      "derived monthly snapshots of ICE's sheets (snapshot_date, state, agency, support_type, model, signed)"
    case .episodes: "derived agreement episodes (state, agency, model, signed, first_seen, last_seen)"
    }
  }
}

/// ICE's list as it stood on one date: a sheet, or one month of the snapshots file.
public struct AgreementSnapshot: Sendable {
  /// The date the list was in force; `nil` when nothing says (a sheet without a date in its name
  /// or a signing date).
  public var date: CivilDate?
  /// How the date was known.
  public var dateBasis: String
  /// The file it was read from.
  public var file: String
  /// The sheet it stands for: the file itself, or the snapshot's source file.
  public var source: String
  public var agreements: [Agreement]
}

/// An agreement over the days ICE listed it (the derived episodes file).
public struct AgreementEpisode: Sendable {
  public var agreement: Agreement
  public var firstSeen: CivilDate
  public var lastSeen: CivilDate
}

/// One file of 287(g) agreements, read: what it held, and every row accounted for.
public struct AgreementFile: Sendable {
  public var path: String
  public var layout: SheetLayout
  /// The layout and the container, e.g. `ICE participating-agency sheet, … [XLSX, sheet `Sheet1`]`.
  public var detectedFormat: String
  /// Data rows read (blank rows are not rows: they are counted in ``blankRows``).
  public var read: Int
  public var rejectedRows: [RejectedRow]
  /// Rows with no value at all, skipped.
  public var blankRows: Int
  /// ICE's lists the file holds: one for a sheet, one per month for the snapshots file.
  public var snapshots: [AgreementSnapshot]
  public var episodes: [AgreementEpisode]
  /// Agreements of a pending-agencies sheet (asked for, not in force).
  public var pending: [Agreement]
  /// Seconds spent reading the file.
  public var seconds: Double
  /// What a reader of the figures should know about the file (e.g. a date in its name that
  /// cannot be right).
  public var notes: [String] = []

  public var rejected: Int { rejectedRows.count }
  public var processed: Int { read - rejected }
}

// MARK: - Reading

/// Reads ICE's 287(g) participating-agency sheets (CSV or XLSX, every layout since 2021) and the
/// archive's derived snapshots and episodes files, detecting the layout from the header.
///
/// ```swift
/// let file = try AgreementSheets.read(path: "Data/ice-287g-sheets-archive/participatingAgencies05182026am.xlsx")
/// file.detectedFormat        // "ICE participating-agency sheet, 2025–26 layout (…) [XLSX, sheet `Sheet1`]"
/// file.snapshots[0].agreements.count  // 1843
/// ```
public enum AgreementSheets {
  /// Reads one file. Every data row is processed or rejected with its row and reason.
  /// - Throws: ``DataError`` when the file as a whole cannot be read: missing, empty, not UTF-8
  ///   text nor an XLSX workbook, a damaged workbook, or a header that is none of the layouts.
  public static func read(path: String) throws(DataError) -> AgreementFile {
    let started = Date()
    let table = try SheetTable.read(path)
    let columns = SheetColumns(table.header)
    let layout = try detect(columns, path: path, header: table.header, row: table.headerRow)
    var parser = SheetRowParser(
      file: path, columns: columns, headerCount: table.header.count, isXLSX: table.isXLSX, layout: layout)
    var read = 0
    var blank = 0
    var rejected: [RejectedRow] = []
    for row in table.rows {
      switch row.content {
      case .unreadable(let reason):
        read += 1
        rejected.append(RejectedRow(file: path, row: row.number, reason: reason))
      case .cells(let cells):
        if cells.allSatisfy({ $0.allSatisfy { $0.isWhitespace } }) {
          blank += 1
          continue
        }
        read += 1
        if let reason = parser.parse(cells, row: row.number) {
          rejected.append(RejectedRow(file: path, row: row.number, reason: reason))
        }
      }
    }
    var snapshots: [AgreementSnapshot] = []
    var pending: [Agreement] = []
    var notes: [String] = []
    switch layout {
    case .ice2025, .iceEarlier:
      let (date, basis) = sheetDate(path: path, agreements: parser.agreements)
      if let date, let latest = parser.agreements.compactMap(\.signed).max(), latest > date {
        notes.append(
          "\(path): the file name says \(date) but the sheet lists an agreement signed on \(latest): the name's date cannot be right (ICE misnamed three January 2026 files as 2025); give --date"
        )
      }
      snapshots = [
        AgreementSnapshot(
          date: date, dateBasis: basis, file: path, source: path, agreements: parser.agreements)
      ]
    case .icePending:
      pending = parser.agreements
    case .snapshots:
      snapshots = parser.snapshotOrder.map { key in
        let s = parser.snapshotsByKey[key]!
        return AgreementSnapshot(
          date: s.date, dateBasis: s.basis, file: path, source: s.source, agreements: s.agreements)
      }
    case .episodes:
      break
    }
    let format = "\(layout.label) [\(table.container)]"
    return AgreementFile(
      path: path, layout: layout, detectedFormat: format, read: read, rejectedRows: rejected,
      blankRows: blank,
      snapshots: snapshots, episodes: parser.episodes, pending: pending,
      seconds: Date().timeIntervalSince(started), notes: notes)
  }

  /// The layout a header names.
  static func detect(_ c: SheetColumns, path: String, header: [String], row: Int) throws(DataError)
    -> SheetLayout
  {
    if c.has("SNAPSHOT_DATE", "STATE", "AGENCY"), c.has("SUPPORT_TYPE") || c.has("MODEL") {
      return .snapshots
    }
    if c.has("FIRST_SEEN", "LAST_SEEN", "STATE", "AGENCY"), c.has("MODEL") || c.has("SUPPORT_TYPE_RAW") {
      return .episodes
    }
    if c.has("STATE", "SUPPORT TYPE"), c.has("LAW ENFORCEMENT AGENCY") || c.has("AGENCY") {
      let name = (path as NSString).lastPathComponent.lowercased()
      if !c.has("SIGNED") && name.hasPrefix("pending") { return .icePending }
      return c.has("TYPE") || c.has("COUNTY") ? .ice2025 : .iceEarlier
    }
    let shown = header.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
    throw DataError(
      file: path, line: row, column: 0,
      message:
        "the header `\(shown)` is not a 287(g) sheet's: it lacks STATE, LAW ENFORCEMENT AGENCY or SUPPORT TYPE",
      help:
        "ICE's sheets start STATE, LAW ENFORCEMENT AGENCY, (TYPE, COUNTY,) SUPPORT TYPE, SIGNED, MOA; the archive's derived files start snapshot_date or state, agency, agency_key"
    )
  }

  /// The date a sheet was in force: from its file name (ICE's `participatingAgencies05182026am`,
  /// the Wayback captures' `ParticipatingEntities-20210113002027`), else its latest signing date.
  static func sheetDate(path: String, agreements: [Agreement]) -> (CivilDate?, String) {
    if let d = dateInFileName(path) { return (d, "the date in the file name") }
    if let latest = agreements.compactMap(\.signed).max() {
      return (latest, "the latest SIGNED date on the sheet (no date in the file name)")
    }
    return (nil, "unknown: no date in the file name and no SIGNED date")
  }

  /// `…05182026am.xlsx` (month, day, year) or `…-20210113002027…` (year, month, day, time).
  static func dateInFileName(_ path: String) -> CivilDate? {
    let name = (path as NSString).lastPathComponent
    var runs: [[Int]] = []
    var current: [Int] = []
    for u in name.utf8 {
      if u >= 48 && u <= 57 {
        current.append(Int(u - 48))
      } else if !current.isEmpty {
        runs.append(current)
        current = []
      }
    }
    if !current.isEmpty { runs.append(current) }
    func number(_ digits: ArraySlice<Int>) -> Int { digits.reduce(0) { $0 * 10 + $1 } }
    for run in runs where run.count >= 8 {
      let y = number(run[0..<4])
      if (2000...2100).contains(y),
        let d = CivilDate(year: y, month: number(run[4..<6]), day: number(run[6..<8]))
      {
        return d
      }
      if run.count == 8,
        let d = CivilDate(year: number(run[4..<8]), month: number(run[0..<2]), day: number(run[2..<4]))
      {
        return d
      }
    }
    return nil
  }
}

/// A date as the sheets write it: `2025-09-22` (optionally with a time), `9/22/2025`, or in a
/// workbook an Excel serial day number. Anything else is not read as a date.
func agreementDate(_ s: String, serial: Bool) -> CivilDate? {
  if s.utf8.count >= 10 {
    let head = s.prefix(10)
    if let d = CivilDate(parsing: head) {
      let rest = s.dropFirst(10)
      if rest.isEmpty || rest.first == " " || rest.first == "T" { return d }
    }
  }
  let parts = s.split(separator: "/", omittingEmptySubsequences: false)
  if parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count),
    (1...2).contains(parts[1].count),
    let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2])
  {
    return CivilDate(year: y, month: m, day: d)
  }
  if serial, let n = Double(s), let iso = XLSXReader.isoDate(fromSerial: n) { return CivilDate(parsing: iso) }
  return nil
}

/// A file's rows, CSV or XLSX alike: the header, then each data row with its cells or why it
/// could not be read.
struct SheetTable {
  struct Row {
    enum Content {
      case cells([String])
      /// Why the row could not be read.
      case unreadable(String)
    }
    var number: Int
    var content: Content
  }

  var header: [String]
  var headerRow: Int
  var rows: [Row]
  var isXLSX: Bool
  /// `CSV` or `XLSX, sheet `Sheet1``.
  var container: String

  static func read(_ path: String) throws(DataError) -> SheetTable {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataError(file: path, line: 0, column: 0, message: "cannot read the file", help: "check the path")
    }
    let bytes = [UInt8](data)
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || path.lowercased().hasSuffix(".xlsx") {
      return try xlsx(path)
    }
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
      throw DataError(
        file: path, line: 0, column: 0, message: "the file is empty",
        help: "a 287(g) sheet has a header row and one row per agreement")
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      throw DataError(
        file: path, line: 0, column: 0, message: "the file is UTF-16 text, not UTF-8",
        help: "convert it to UTF-8 (e.g. iconv -f utf-16 -t utf-8)")
    }
    var reader = CSVReader(bytes: bytes, name: path)
    let first: CSVReader.Record?
    do {
      first = try reader.next()
    } catch {
      throw DataError(
        file: path, line: error.line, column: error.column,
        message: "the header cannot be read: \(error.message)",
        help: error.help)
    }
    guard let header = first else {
      throw DataError(file: path, line: 0, column: 0, message: "the file is empty")
    }
    var rows: [Row] = []
    // After a field that is not UTF-8, `CSVReader` resumes in the middle of the same line: what
    // follows on that line belongs to the row already rejected.
    var rejectedLine = 0
    while true {
      do {
        guard let r = try reader.next() else { break }
        if r.line == rejectedLine { continue }
        if r.fields.count != header.fields.count && !r.fields.allSatisfy(\.isEmpty) {
          let what =
            r.fields.count < header.fields.count
            ? "\(r.fields.count) fields where the header has \(header.fields.count): a truncated row?"
            : "\(r.fields.count) fields where the header has \(header.fields.count): an unquoted comma?"
          rows.append(Row(number: r.line, content: .unreadable(what)))
        } else {
          rows.append(Row(number: r.line, content: .cells(r.fields)))
        }
      } catch {
        rows.append(
          Row(number: error.line, content: .unreadable("\(error.message) (column \(error.column))")))
        rejectedLine = error.line
      }
    }
    return SheetTable(
      header: header.fields, headerRow: header.line, rows: rows, isXLSX: false, container: "CSV")
  }

  static func xlsx(_ path: String) throws(DataError) -> SheetTable {
    let book = try XLSXReader(path: path)
    let all = try book.rows()
    guard let header = all.first else {
      throw DataError(
        file: path, line: 0, column: 0,
        message: "the workbook's first sheet `\(book.sheetNames[0])` is empty",
        help: "a 287(g) sheet has a header row and one row per agreement")
    }
    let width = header.cells.count
    let rows = all.dropFirst().map { r -> Row in
      if r.cells.count > width {
        let column = XLSXColumn.name(width + 1)
        return Row(
          number: r.number,
          content: .unreadable("a value in column \(column), beyond the header's \(width) columns"))
      }
      return Row(
        number: r.number, content: .cells(r.cells + Array(repeating: "", count: width - r.cells.count)))
    }
    return SheetTable(
      header: header.cells, headerRow: header.number, rows: Array(rows), isXLSX: true,
      container: "XLSX, sheet `\(book.sheetNames[0])`")
  }
}

/// Spreadsheet column letters.
enum XLSXColumn {
  /// 1 → `A`, 27 → `AA`.
  static func name(_ n: Int) -> String {
    var n = n
    var s = ""
    while n > 0 {
      let r = (n - 1) % 26
      s = String(UnicodeScalar(UInt8(65 + r))) + s
      n = (n - 1) / 26
    }
    return s
  }
}

/// Column access by header name (trimmed, whitespace collapsed, upper case).
struct SheetColumns {
  let index: [String: Int]

  init(_ header: [String]) {
    var index: [String: Int] = [:]
    for (i, h) in header.enumerated() {
      let key = SheetColumns.key(h)
      if index[key] == nil { index[key] = i }
    }
    self.index = index
  }

  static func key(_ s: String) -> String {
    s.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  func has(_ names: String...) -> Bool { names.allSatisfy { index[$0] != nil } }

  /// The value, trimmed and with runs of whitespace made one space; `nil` if missing or blank.
  func value(_ name: String, _ cells: [String]) -> String? {
    guard let i = index[name], i < cells.count else { return nil }
    let v = cells[i].split(whereSeparator: \.isWhitespace).joined(separator: " ")
    return v.isEmpty ? nil : v
  }
}

/// Turns rows into agreements (or reasons), for every layout.
struct SheetRowParser {
  let file: String
  let columns: SheetColumns
  let headerCount: Int
  let isXLSX: Bool
  let layout: SheetLayout

  var agreements: [Agreement] = []
  var episodes: [AgreementEpisode] = []
  var snapshotsByKey: [String: (date: CivilDate, basis: String, source: String, agreements: [Agreement])] =
    [:]
  var snapshotOrder: [String] = []

  init(file: String, columns: SheetColumns, headerCount: Int, isXLSX: Bool, layout: SheetLayout) {
    self.file = file
    self.columns = columns
    self.headerCount = headerCount
    self.isXLSX = isXLSX
    self.layout = layout
  }

  /// Markers ICE writes for an unknown county: Excel's `#N/A` error, or the text `#NA` or `N/A`.
  static let notAvailable: Set<String> = ["#N/A", "#NA", "N/A", "NA"]

  /// Reads one row; returns why it was rejected, or `nil` if it was used.
  mutating func parse(_ cells: [String], row: Int) -> String? {
    switch layout {
    case .ice2025, .iceEarlier, .icePending:
      switch agreement(
        cells, row: row, state: "STATE", agency: ["LAW ENFORCEMENT AGENCY", "AGENCY"],
        type: "TYPE", county: "COUNTY", support: "SUPPORT TYPE", model: nil, signed: "SIGNED")
      {
      case .failure(let reason): return reason.text
      case .success(let a): agreements.append(a)
      }
    case .snapshots:
      guard let raw = columns.value("SNAPSHOT_DATE", cells) else { return "snapshot_date is blank" }
      guard let date = agreementDate(raw, serial: isXLSX) else {
        return "snapshot_date `\(raw)` is not a date"
      }
      switch agreement(
        cells, row: row, state: "STATE", agency: ["AGENCY"], type: "AGENCY_TYPE", county: "COUNTY",
        support: "SUPPORT_TYPE", model: "MODEL", signed: "SIGNED")
      {
      case .failure(let reason): return reason.text
      case .success(let a):
        let source = columns.value("SOURCE_FILE", cells) ?? file
        let key = "\(date)|\(source)"
        if snapshotsByKey[key] == nil {
          let basis = columns.value("DATE_BASIS", cells).map { "snapshot_date (\($0))" } ?? "snapshot_date"
          snapshotsByKey[key] = (date, basis, source, [])
          snapshotOrder.append(key)
        }
        snapshotsByKey[key]!.agreements.append(a)
      }
    case .episodes:
      guard let first = columns.value("FIRST_SEEN", cells) else { return "first_seen is blank" }
      guard let firstSeen = agreementDate(first, serial: isXLSX) else {
        return "first_seen `\(first)` is not a date"
      }
      guard let last = columns.value("LAST_SEEN", cells) else { return "last_seen is blank" }
      guard let lastSeen = agreementDate(last, serial: isXLSX) else {
        return "last_seen `\(last)` is not a date"
      }
      guard firstSeen <= lastSeen else { return "last_seen \(lastSeen) is before first_seen \(firstSeen)" }
      switch agreement(
        cells, row: row, state: "STATE", agency: ["AGENCY"], type: "AGENCY_TYPE", county: "COUNTY",
        support: "SUPPORT_TYPE_RAW", model: "MODEL", signed: "SIGNED")
      {
      case .failure(let reason): return reason.text
      case .success(let a):
        episodes.append(AgreementEpisode(agreement: a, firstSeen: firstSeen, lastSeen: lastSeen))
      }
    }
    return nil
  }

  struct Reason: Error {
    var text: String
  }

  /// The agreement a row describes, from the named columns.
  func agreement(
    _ cells: [String], row: Int, state: String, agency: [String], type: String, county: String,
    support: String, model: String?, signed: String
  ) -> Result<Agreement, Reason> {
    let derived = layout == .snapshots || layout == .episodes
    /// A column's name as the file writes it.
    func shown(_ key: String) -> String { derived ? key.lowercased() : key }
    guard let s = columns.value(state, cells) else {
      return .failure(Reason(text: "\(shown(state)) is blank"))
    }
    guard let id = stateID(s) else {
      return .failure(Reason(text: "\(shown(state)) `\(s)` is not a U.S. state or territory"))
    }
    guard let name = agency.lazy.compactMap({ columns.value($0, cells) }).first else {
      return .failure(Reason(text: "\(shown(agency[0])) is blank"))
    }
    let supportName = shown(support)
    let printed = columns.value(support, cells)
    let named = model.flatMap { columns.value($0, cells) }
    let m: Model287g
    if let printed {
      guard let p = Model287g(printed: printed) else {
        return .failure(
          Reason(
            text:
              "unknown 287(g) model `\(printed)` in \(supportName): expected Jail Enforcement Model (JEM), Task Force Model (TFM) or Warrant Service Officer (WSO)"
          ))
      }
      if let named, Model287g(rawValue: named.uppercased()) != p {
        return .failure(
          Reason(text: "\(supportName) `\(printed)` is \(p.rawValue) but model says `\(named)`"))
      }
      m = p
    } else if let named {
      guard let p = Model287g(rawValue: named.uppercased()) else {
        return .failure(Reason(text: "unknown 287(g) model `\(named)` in model: expected JEM, TFM or WSO"))
      }
      m = p
    } else {
      return .failure(Reason(text: "\(supportName) is blank: the 287(g) model is unknown"))
    }
    var date: CivilDate?
    if let raw = columns.value(signed, cells) {
      guard let d = agreementDate(raw, serial: isXLSX) else {
        return .failure(
          Reason(
            text:
              "\(shown(signed)) `\(raw)` is not a date: expected YYYY-MM-DD, M/D/YYYY\(isXLSX ? " or an Excel date" : "")"
          ))
      }
      date = d
    }
    let countyValue = columns.value(county, cells).flatMap {
      Self.notAvailable.contains($0.uppercased()) ? nil : $0
    }
    return .success(
      Agreement(
        file: file, row: row, state: s, stateID: id, agency: name, agencyType: columns.value(type, cells),
        county: countyValue, supportType: printed ?? named ?? "", model: m, signed: date))
  }
}
