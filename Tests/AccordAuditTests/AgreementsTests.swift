import AccordAudit
import AccordCore
import AccordData
import AccordLaw
import Foundation
import Testing

/// Helpers for the agreements tests: the repository's copy of the sheets archive and one-row
/// sheets written at test time.
enum Sheets {
  static let engine = try! BundledLaw.engine()

  /// A file of `Data/ice-287g-sheets-archive/` (the repository's copy, never the workplace's).
  static func archive(_ name: String) -> String { Workbook.data("ice-287g-sheets-archive/" + name) }

  static let header = "STATE,LAW ENFORCEMENT AGENCY,TYPE,COUNTY,SUPPORT TYPE,SIGNED,MOA,ADDENDUM"

  /// Writes a CSV sheet under `name` in a fresh directory.
  static func csv(_ text: String, _ name: String = "participatingAgencies05182026am.csv") -> String {
    Workbook.write(Array(text.utf8), name, in: Workbook.tempDirectory())
  }

  static func report(_ paths: [String], date: String? = nil) throws -> AgreementsReport {
    let files = try paths.map { try AgreementSheets.read(path: $0) }
    return AgreementsReport(files: files, date: date.flatMap { CivilDate(parsing: $0) }, engine: engine)
  }
}

@Suite struct AgreementsTests {
  /// The distinct STATE values of ICE's sheet of 2026-05-18: 40 = 38 states, Guam and the
  /// Northern Mariana Islands. No agreement is listed in the District of Columbia, Puerto Rico or
  /// twelve states: California, Connecticut, Delaware, Hawaii, Illinois, Maine, Maryland, New
  /// Jersey, Oregon, Rhode Island, Vermont and Washington (Maryland's last two agreements are on
  /// the snapshot of 2026-05-01 and gone by 05-18). The XLSX writes two of the values with a
  /// trailing space ("LOUISIANA ", "NEW HAMPSHIRE "), so it holds 42 distinct strings; values are
  /// trimmed, as in the CSV, which gives the 40.
  static let states2026 = [
    "ALABAMA", "ALASKA", "ARIZONA", "ARKANSAS", "COLORADO", "FLORIDA", "GEORGIA", "GUAM", "IDAHO", "INDIANA",
    "IOWA",
    "KANSAS", "KENTUCKY", "LOUISIANA", "MASSACHUSETTS", "MICHIGAN", "MINNESOTA", "MISSISSIPPI", "MISSOURI",
    "MONTANA", "NEBRASKA", "NEVADA", "NEW HAMPSHIRE", "NEW MEXICO", "NEW YORK", "NORTH CAROLINA",
    "NORTH DAKOTA",
    "NORTHERN MARIANA ISLANDS", "OHIO", "OKLAHOMA", "PENNSYLVANIA", "SOUTH CAROLINA", "SOUTH DAKOTA",
    "TENNESSEE",
    "TEXAS", "UTAH", "VIRGINIA", "WEST VIRGINIA", "WISCONSIN", "WYOMING",
  ]

  /// ICE's sheet of 2026-05-18 gives 1,843 agreements (182 JEM, 1,162 TFM, 499 WSO) in its CSV
  /// and in ICE's own XLSX alike.
  @Test(arguments: ["participatingAgencies05182026am.csv", "participatingAgencies05182026am.xlsx"])
  func sheetOf20260518(_ name: String) throws {
    let r = try Sheets.report([Sheets.archive(name)])
    #expect(r.date == CivilDate(parsing: "2026-05-18"))
    #expect(r.dateBasis.contains("file name"))
    #expect(r.total == 1_843)
    #expect(r.byModel == [.jem: 182, .tfm: 1_162, .wso: 499])
    #expect(r.states == Self.states2026)
    #expect(r.states.count == 40)
    #expect(r.read == 1_843 && r.processed == 1_843 && r.rejected == 0)
    #expect(r.detectedFormat.hasPrefix("ICE participating-agency sheet, 2025–26 layout"))
    #expect(r.detectedFormat.hasSuffix(name.hasSuffix(".xlsx") ? "[XLSX, sheet `Sheet1`]" : "[CSV]"))
    #expect(r.byState.first { $0.state == "TEXAS" }?.total == 387)
    #expect(r.byState.first { $0.state == "FLORIDA" }?.total == 348)
    // None of the 40 places bars 287(g) in the library. Florida's duty (§ 908.11) is encoded
    // through 2025-12-31 only (its 2026 session is not researched), so on the sheet's date its
    // sheriffs' agreements are undetermined, not required.
    #expect(r.findings.isEmpty)
    #expect(r.statuses[.prohibited] == 0)
    #expect((r.statuses[.undetermined] ?? 0) > 0)
  }

  /// Every row of every real file is processed or rejected with its file, row and reason.
  @Test(arguments: [
    ("participatingAgencies05182026am.csv", SheetLayout.ice2025, 1_843, 0),
    ("participatingAgencies05182026am.xlsx", .ice2025, 1_843, 0),
    ("ParticipatingEntities-20210113002027_wayback.xlsx", .iceEarlier, 150, 0),
    ("pendingAgencies02272026am.xlsx", .icePending, 2, 0),
    // ICE's `05/082025` (twice: the sheets of 2025-06 and 2025-07).
    ("ice_287g_monthly_snapshots_2021_2026.csv", .snapshots, 22_268, 2),
    // 68 rows spell PENNSLYVANIA, 3 WEST VIRIGINIA, 1 UTAHJ; 4 SIGNED dates lack a slash.
    ("ice_287g_agreement_episodes_2021_2026.csv", .episodes, 2_239, 76),
  ])
  func rowsAreAccountedFor(_ name: String, _ layout: SheetLayout, _ rows: Int, _ rejected: Int) throws {
    let f = try AgreementSheets.read(path: Sheets.archive(name))
    #expect(f.layout == layout)
    #expect(f.read == rows)
    #expect(f.rejected == rejected)
    #expect(f.processed + f.rejected == f.read)
    #expect(f.blankRows == 0)
    let used = f.snapshots.reduce(0) { $0 + $1.agreements.count } + f.episodes.count + f.pending.count
    #expect(used == f.processed)
    #expect(f.rejectedRows.allSatisfy { $0.file == f.path && $0.row > 1 && !$0.reason.isEmpty })
    #expect(Set(f.rejectedRows.map(\.row)).count == f.rejected)
  }

  @Test func rejectedRowsOfTheDerivedFiles() throws {
    let f = try AgreementSheets.read(path: Sheets.archive("ice_287g_agreement_episodes_2021_2026.csv"))
    let reasons = f.rejectedRows.map(\.reason)
    #expect(reasons.filter { $0 == "state `PENNSLYVANIA` is not a U.S. state or territory" }.count == 68)
    #expect(reasons.filter { $0.hasPrefix("signed `") && $0.contains("is not a date") }.count == 4)
    #expect(f.rejectedRows.first?.row == 84)
  }

  /// The earliest archived table (2021-01-13) lists two New Jersey sheriffs' Jail Enforcement
  /// agreements, which the Immigrant Trust Directive (in force from 2019-03-15) prohibits: both are
  /// findings, with the rule, citation and source the engine gives.
  @Test func newJerseyFindingsOnTheWaybackSheet() throws {
    let r = try Sheets.report([Sheets.archive("ParticipatingEntities-20210113002027_wayback.xlsx")])
    #expect(r.date == CivilDate(parsing: "2021-01-13"))
    #expect(r.total == 150)
    #expect(r.byModel == [.jem: 74, .tfm: 0, .wso: 76])
    #expect(r.states.count == 26)
    #expect(
      r.findings.map(\.agreement.agency) == [
        "Cape May County Sheriffs Office", "Monmouth County Sheriff's Office (Addendum)",
      ])
    #expect(r.findings.map(\.agreement.row) == [88, 89])
    for f in r.findings {
      #expect(f.place.place == "US-NJ" && f.place.agency == "jail")
      #expect(f.rules.map(\.rule) == ["us-nj.itd.287g"])
      #expect(f.rules[0].cite.contains("Directive 2018-6"))
      #expect(f.rules[0].source.hasPrefix("law/us-nj/immigrant-trust-directive.md:"))
      #expect(f.rules[0].completeness == .summary)
    }
    // Before the Directive took effect the same agreements were lawful.
    let before = try Sheets.report(
      [Sheets.archive("ParticipatingEntities-20210113002027_wayback.xlsx")], date: "2019-01-01")
    #expect(before.findings.isEmpty)
    #expect(
      before.inForce.allSatisfy { ($0.signed ?? .init(days: .max)) <= CivilDate(parsing: "2019-01-01")! })
    #expect(before.warnings.contains { $0.contains("no list is of 2019-01-01 or earlier") })
  }

  /// Two bundled sheets compared: every agency of each is new, ended, changed or the same, and
  /// New Jersey's two barred agreements of 2021 are cured by their end.
  @Test func comparingTwoSheets() throws {
    let old = try AgreementSheets.read(
      path: Sheets.archive("ParticipatingEntities-20210113002027_wayback.xlsx"))
    let new = try AgreementSheets.read(path: Sheets.archive("participatingAgencies05182026am.xlsx"))
    let c = AgreementsComparison(old: old, new: new, engine: Sheets.engine)
    #expect(c.old.date == CivilDate(parsing: "2021-01-13") && c.new.date == CivilDate(parsing: "2026-05-18"))
    #expect(c.old.agreements == 150 && c.new.agreements == 1843)
    #expect(c.old.findings == 2)
    #expect(c.cured.map(\.agreement.row) == [88, 89])
    #expect(
      c.cured.allSatisfy { $0.cause == "agreement ended" && $0.rules.map(\.rule) == ["us-nj.itd.287g"] })
    // Every agency of the newer sheet is new or matched; of the older, ended or matched.
    func agencies(_ f: AgreementFile) -> Set<String> {
      Set(
        f.snapshots[0].agreements.map {
          "\($0.stateID)|\($0.agency.lowercased().filter { $0 != "'" && $0 != "’" && $0 != "." }.split(whereSeparator: \.isWhitespace).joined(separator: " "))"
        })
    }
    let both = agencies(old).intersection(agencies(new))
    #expect(c.added.count == agencies(new).count - both.count)
    #expect(c.ended.count == agencies(old).count - both.count)
    #expect(c.changed.allSatisfy { $0.oldModels != $0.newModels || !$0.resigned.isEmpty })
    let etowah = try #require(c.changed.first { $0.agency == "Etowah County Sheriff's Office" })
    #expect(etowah.oldModels == [.jem] && etowah.newModels == [.jem, .tfm])
    // A sheet against itself: nothing changes.
    let same = AgreementsComparison(old: new, new: new, engine: Sheets.engine)
    #expect(same.added.isEmpty && same.ended.isEmpty && same.changed.isEmpty)
    #expect(same.created.isEmpty && same.cured.isEmpty)
    // A law that comes into force between two lists creates a finding on an agreement listed on both.
    let csv =
      Sheets.header
      + "\nNEW JERSEY,Cape May County Sheriff's Office,County,Cape May,Jail Enforcement Model,2017-04-01,,\n"
    let a = try AgreementSheets.read(path: Sheets.csv(csv, "participatingAgencies01012018am.csv"))
    let b = try AgreementSheets.read(path: Sheets.csv(csv, "participatingAgencies06012020am.csv"))
    let lawChanged = AgreementsComparison(old: a, new: b, engine: Sheets.engine)
    #expect(
      lawChanged.created.map(\.cause) == ["law changed: listed on both, barred only on the newer list's date"]
    )
    #expect(lawChanged.created.first.map { $0.otherStatus != .prohibited } == true)
    let json = try JSONReader.parse(lawChanged.json())
    guard case .array(let created)? = json["created"]?.value else {
      Issue.record("no created array in the JSON")
      return
    }
    #expect(created.count == 1)
  }

  /// One-row sheets in places the library encodes: the engine decides each; a finding only where
  /// `enter-287g` is prohibited.
  @Test(arguments: [
    (
      "ILLINOIS", "Cook County Sheriff's Office", "County", "US-IL/cook-county", "jail", "us-il.kifta-5b.287g"
    ),
    (
      "CALIFORNIA", "Los Angeles County Sheriff's Department", "County", "US-CA/los-angeles-county", "jail",
      "us-ca.sb54.287g"
    ),
    (
      "CALIFORNIA", "Los Angeles Police Department", "Municipality", "US-CA/los-angeles", "police",
      "us-ca.sb54.287g"
    ),
    ("CALIFORNIA", "Fresno Police Department", "Municipality", "US-CA", "police", "us-ca.sb54.287g"),
    (
      "NEW YORK", "New York City Police Department", "Municipality", "US-NY/new-york-city", "police",
      "us-ny.nyc.10-178.287g"
    ),
    (
      "NEW YORK", "New York City Department of Correction", "Municipality", "US-NY/new-york-city", "jail",
      "us-ny.nyc.10-178.287g"
    ),
    ("NEW JERSEY", "Essex County Sheriff's Office", "County", "US-NJ/essex-county", "jail", "us-nj.itd.287g"),
    // No finding: SB 54 exempts the CDCR; New York State, Texas and Florida do not bar 287(g).
    // Boston's ordinance bars it, but Massachusetts law on 287(g) is not researched (the ledger
    // encodes Lunn for holds and civil arrests only), so whether the state requires or allows it is
    // open: undetermined, not a finding.
    ("MASSACHUSETTS", "Boston Police Department", "Municipality", "US-MA/boston", "police", ""),
    (
      "CALIFORNIA", "California Department of Corrections and Rehabilitation", "State Agency", "US-CA",
      "state-prison", ""
    ),
    ("NEW YORK", "Nassau County Sheriff's Office", "County", "US-NY", "jail", ""),
    ("TEXAS", "Travis County Sheriff's Office", "County", "US-TX/travis-county", "jail", ""),
    ("TEXAS", "Austin Police Department", "Municipality", "US-TX/austin", "police", ""),
    ("FLORIDA", "Miami-Dade Sheriff's Office", "County", "US-FL", "jail", ""),
  ])
  func oneRowSheets(
    _ state: String, _ agency: String, _ type: String, _ place: String, _ kind: String, _ rule: String
  )
    throws
  {
    let path = Sheets.csv("\(Sheets.header)\n\(state),\(agency),\(type),,Task Force Model,2025-03-01,link,\n")
    let r = try Sheets.report([path])
    #expect(r.total == 1)
    let placed = AgreementPlacer(engine: Sheets.engine).place(r.inForce[0])
    #expect(placed.place == place)
    #expect(placed.agency == kind)
    if rule.isEmpty {
      #expect(r.findings.isEmpty)
    } else {
      #expect(r.findings.count == 1)
      #expect(r.findings.first?.rules.first?.rule == rule)
      #expect(r.findings.first?.place.place == place)
      #expect(r.findings.first?.date == CivilDate(parsing: "2026-05-18"))
    }
  }

  /// Florida requires an agreement of sheriffs running jails (§ 908.11): one on the sheet is
  /// `required`, never a finding, and no finding is invented for sheriffs the sheet does not list.
  @Test func requiredAgreementsAreNotFindings() throws {
    let path = Sheets.csv(
      "\(Sheets.header)\nFLORIDA,Miami-Dade Sheriff's Office,County,,Jail Enforcement Model,2025-03-01,link,\n"
    )
    // On a date Florida's law is encoded for (its 2026 session is not researched).
    let r = try Sheets.report([path], date: "2025-06-01")
    #expect(r.statuses[.required] == 1)
    #expect(r.findings.isEmpty)
    #expect(r.warnings.contains { $0.contains("cannot be found from it") })
  }

  @Test(arguments: [
    ("Jail Enforcement Model", Model287g.jem), ("Jail Enforcement Model ", .jem), ("TASK FORCE MODEL", .tfm),
    ("Task  Force Model", .tfm), ("Warrant Service Officer", .wso), ("WSO", .wso),
    ("Warrant Services Officer", .wso), ("Task Force Officer", .tfm), ("Warrant Service Office", .wso),
  ])
  func modelSpellings(_ printed: String, _ model: Model287g) {
    #expect(Model287g(printed: printed) == model)
  }

  @Test(arguments: ["Jail Model", "287(g)", "", "Warrant", "Task Force Model and WSO"])
  func unknownModels(_ printed: String) {
    #expect(Model287g(printed: printed) == nil)
  }

  @Test(
    arguments: [
      ("Etowah County Sheriff's Office", nil, "jail"), ("Kodiak Police Department", nil, "police"),
      ("Department of Corrections", nil, "state-prison"),
      ("Nassau County Police Department", "County", "police"),
      ("Rappahannock, Shenandoah, Warren Regional Jail Authority", "County ", "jail"),
      ("Town of Palm Beach", "Municipality", "police"), ("Florida Highway Patrol", "State Agency", nil),
      ("Louisiana Department of Public Safety & Corrections", "State Agency", "state-prison"),
      ("Office of the Attorney General", nil, nil), ("East Baton Rouge Parish Sheriff’s Office", nil, "jail"),
    ] as [(String, String?, String?)])
  func agencyKinds(_ name: String, _ type: String?, _ kind: String?) {
    #expect(AgreementPlacer.agencyKind(name: name, type: type) == kind)
  }

  /// Malformed CSV: a file that cannot be read at all is an error (exit 1); a bad row is a
  /// rejected row with its line and reason, and the rest of the file is read.
  @Test(arguments: [
    ("", "the file is empty"),
    (" \n\n", "the file is empty"),
    ("NAME,CITY\nx,y\n", "is not a 287(g) sheet's"),
    ("\u{FEFF}DATE,AGENCY\n", "is not a 287(g) sheet's"),
    ("\"STATE,AGENCY\n", "the header cannot be read"),
  ])
  func unreadableCSV(_ text: String, _ message: String) {
    let path = Sheets.csv(text, "sheet.csv")
    let error = #expect(throws: DataError.self) { try AgreementSheets.read(path: path) }
    #expect(error?.message.contains(message) == true, "\(error?.description ?? "")")
    #expect(error?.file == path)
    #expect(error?.help != nil)
  }

  @Test func utf16IsNotRead() {
    let bytes: [UInt8] = [0xFF, 0xFE] + Array("S\0T\0".utf8)
    let path = Workbook.write(bytes, "utf16.csv", in: Workbook.tempDirectory())
    let error = #expect(throws: DataError.self) { try AgreementSheets.read(path: path) }
    #expect(error?.message == "the file is UTF-16 text, not UTF-8")
  }

  @Test func badRowsAreRejectedWithTheirReasons() throws {
    var text = Sheets.header + "\n"
    text += "TEXAS,Harris Sheriff,County,Harris County,Task Force Model,2025-13-45,link,\n"  // 2
    text += "TEXAS,Harris Sheriff,County,Harris County,Task Force Model\n"  // 3
    text += "TEXAS,Harris Sheriff,County,Harris County,Jail Model,2025-01-02,link,\n"  // 4
    text += "TEXAS,Harris Sheriff,County,Harris County,WSO,2025-01-02,link,,extra\n"  // 5
    text += "ATLANTIS,Harris Sheriff,County,,WSO,2025-01-02,link,\n"  // 6
    text += ",Harris Sheriff,County,,WSO,2025-01-02,link,\n"  // 7
    text += "TEXAS,,County,,WSO,2025-01-02,link,\n"  // 8
    text += "TEXAS,Harris Sheriff,County,,,2025-01-02,link,\n"  // 9
    text += "TEXAS,Harris Sheriff,County,Harris County,Task Force Model,5/8/2025,link,\n"  // 10: good
    text += "\n"  // 11: blank
    text += "TEXAS,Harris Sheriff,County,Harris County,WSO,05/082025,link,\n"  // 12
    var bytes = Array(text.utf8)
    bytes += Array("TEXAS,Bad ".utf8) + [0xFF] + Array(" Byte,County,,WSO,2025-01-02,link,\n".utf8)  // 13
    bytes += Array("TEXAS,\"unclosed,County,,WSO,2025-01-02,link,\n".utf8)  // 14, to the end
    let path = Workbook.write(bytes, "bad.csv", in: Workbook.tempDirectory())
    let f = try AgreementSheets.read(path: path)
    let rejected = Dictionary(uniqueKeysWithValues: f.rejectedRows.map { ($0.row, $0.reason) })
    #expect(f.read == 12)
    #expect(f.blankRows == 1)
    #expect(f.processed == 1)
    #expect(f.snapshots[0].agreements.map(\.row) == [10])
    #expect(f.snapshots[0].agreements[0].signed == CivilDate(parsing: "2025-05-08"))
    #expect(rejected[2] == "SIGNED `2025-13-45` is not a date: expected YYYY-MM-DD, M/D/YYYY")
    #expect(rejected[3] == "5 fields where the header has 8: a truncated row?")
    #expect(rejected[4]?.hasPrefix("unknown 287(g) model `Jail Model` in SUPPORT TYPE") == true)
    #expect(rejected[5] == "9 fields where the header has 8: an unquoted comma?")
    #expect(rejected[6] == "STATE `ATLANTIS` is not a U.S. state or territory")
    #expect(rejected[7] == "STATE is blank")
    #expect(rejected[8] == "LAW ENFORCEMENT AGENCY is blank")
    #expect(rejected[9] == "SUPPORT TYPE is blank: the 287(g) model is unknown")
    #expect(rejected[12]?.hasPrefix("SIGNED `05/082025` is not a date") == true)
    #expect(rejected[13]?.hasPrefix("the record is not valid UTF-8") == true)
    #expect(rejected[14]?.hasPrefix("a quote opens a field here and is not closed on this line") == true)
    #expect(f.rejectedRows.count == 11)
    // The text report prints every rejected row as file:row: reason.
    let text2 = AgreementsReport(files: [f], engine: Sheets.engine).text()
    for r in f.rejectedRows { #expect(text2.contains("\(path):\(r.row): \(r.reason)\n")) }
  }

  /// Malformed XLSX: a text file, an empty file or a truncated download named `.xlsx` is an error;
  /// a bad cell is a rejected row.
  @Test(arguments: ["text", "empty", "truncated", "noHeader", "emptySheet"])
  func unreadableXLSX(_ kind: String) throws {
    let dir = Workbook.tempDirectory()
    let real = [UInt8](
      FileManager.default.contents(atPath: Sheets.archive("participatingAgencies05182026am.xlsx"))!)
    let bytes: [UInt8] =
      switch kind {
      case "text": Array("\(Sheets.header)\nTEXAS,x,County,,WSO,2025-01-02,link,\n".utf8)
      case "empty": []
      case "truncated": Array(real.prefix(real.count / 2))
      case "noHeader":
        Workbook.workbook(sheets: [
          ("S", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>hello</t></is></c></row>")
        ])
      default: Workbook.workbook(sheets: [("S", "")])
      }
    let path = Workbook.write(bytes, "participatingAgencies05182026am.xlsx", in: dir)
    let error = #expect(throws: DataError.self) { try AgreementSheets.read(path: path) }
    #expect(error?.file == path)
    #expect(error?.help != nil)
    let expected =
      switch kind {
      case "text": "not an XLSX workbook: the file is text"
      case "empty": "the file is empty"
      case "truncated": "truncated or damaged"
      case "noHeader": "is not a 287(g) sheet's"
      default: "is empty"
      }
    #expect(error?.message.contains(expected) == true, "\(error?.description ?? "")")
  }

  @Test func badCellsOfAWorkbookAreRejectedRows() throws {
    func row(_ n: Int, _ cells: [String]) -> String {
      "<row r=\"\(n)\">"
        + cells.enumerated().map { i, v in
          v.isEmpty ? "" : "<c r=\"\(XLSXName.column(i + 1))\(n)\" t=\"inlineStr\"><is><t>\(v)</t></is></c>"
        }.joined() + "</row>"
    }
    let header = Sheets.header.split(separator: ",").map(String.init)
    let sheet = [
      row(1, header),
      row(
        2,
        ["TEXAS", "Harris County Sheriff's Office", "County", "#N/A", "Task Force Model", "sometime", "link"]),
      row(
        3,
        [
          "TEXAS", "Harris County Sheriff's Office", "County", "", "Task Force Model", "", "link", "", "",
          "note",
        ]),
      "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>TEXAS</t></is></c><c r=\"B4\" t=\"inlineStr\"><is><t>Harris County Sheriff's Office</t></is></c><c r=\"E4\" t=\"inlineStr\"><is><t>WSO</t></is></c><c r=\"F4\"><v>45922</v></c></row>",
      "<row r=\"6\"><c r=\"A6\" s=\"1\"/></row>",
    ].joined()
    let path = Workbook.write(
      Workbook.workbook(sheets: [("S", sheet)]), "sheet.xlsx", in: Workbook.tempDirectory())
    let f = try AgreementSheets.read(path: path)
    #expect(f.read == 3)
    #expect(f.rejectedRows.map(\.row) == [2, 3])
    #expect(
      f.rejectedRows[0].reason
        == "SIGNED `sometime` is not a date: expected YYYY-MM-DD, M/D/YYYY or an Excel date")
    #expect(f.rejectedRows[1].reason == "a value in column I, beyond the header's 8 columns")
    #expect(f.snapshots[0].agreements.map(\.signed) == [CivilDate(parsing: "2025-09-22")])
    // No date in the file name: the sheet is of its latest SIGNED date.
    #expect(f.snapshots[0].date == CivilDate(parsing: "2025-09-22"))
  }

  /// The monthly snapshots: 65 lists, one per month; the one in force on a date between two
  /// lists is the earlier, said so in a warning.
  @Test func snapshotsTimelineAndDates() throws {
    let path = Sheets.archive("ice_287g_monthly_snapshots_2021_2026.csv")
    let r = try Sheets.report([path])
    #expect(r.date == CivilDate(parsing: "2026-05-01"))
    #expect(r.total == 1_779)
    #expect(r.timeline.count == 65)
    #expect(r.timeline.first?.month == "2021-01" && r.timeline.first?.total == 150)
    #expect(r.timeline.last?.month == "2026-05" && r.timeline.last?.total == 1_779)
    // 641 on ICE's sheet of 2025-06-04; one row is rejected for its SIGNED `05/082025`.
    #expect(r.timeline.first { $0.month == "2025-06" }?.total == 640)
    #expect(r.timeline.first { $0.month == "2025-03" }?.byModel == [.jem: 65, .tfm: 64, .wso: 110])
    // Maryland's 287(g) ban (Crim. Proc. § 5-104.1, HB 444, in force from 2026-02-17): two sheriffs
    // are still listed on the 2026-05-01 sheet.
    #expect(
      r.findings.map(\.agreement.agency).sorted() == [
        "Garrett County Sheriff's Office", "Washington County Sheriff's Office",
      ])
    // Cape May's and Monmouth's sheriffs were listed, and barred, on eleven monthly sheets; three
    // Maryland sheriffs were listed after the ban.
    #expect(
      Array(r.findingsOverTime.map(\.agency).prefix(2)) == [
        "Cape May County Sheriffs Office", "Monmouth County Sheriff's Office (Addendum)",
      ])
    #expect(r.findingsOverTime.map(\.sheets) == [11, 11, 1, 3, 3])
    #expect(r.findingsOverTime.first?.last == CivilDate(parsing: "2021-11-02"))

    let june = try Sheets.report([path], date: "2021-06-15")
    #expect(june.total == 147)
    #expect(june.findings.count == 2)
    #expect(june.inForceFrom.contains("2021-06-01"))
    #expect(
      june.warnings.contains { $0.contains("the latest list on or before 2021-06-15 is of 2021-06-01") })
  }

  /// The episodes give the agreements in force on any day they cover: on 2026-05-18, the sheet
  /// of that day exactly.
  @Test func episodesInForce() throws {
    let path = Sheets.archive("ice_287g_agreement_episodes_2021_2026.csv")
    let r = try Sheets.report([path])
    #expect(r.date == CivilDate(parsing: "2026-05-18"))
    #expect(r.total == 1_843)
    #expect(r.byModel == [.jem: 182, .tfm: 1_162, .wso: 499])
    #expect(r.states == Self.states2026)
    let mid2021 = try Sheets.report([path], date: "2021-06-15")
    #expect(mid2021.findings.count == 2)
    #expect(mid2021.inForceFrom.contains("episodes"))
  }

  /// A sheet's date comes from its file name; a name whose date is before an agreement the sheet
  /// lists (ICE's January 2026 files named "…2025") is reported, not silently believed.
  @Test func sheetDatesFromFileNames() throws {
    let row =
      "ARKANSAS,Pope County Sheriff's Office,County,Pope County,Warrant Service Office,2025-12-17,link,\n"
    let misnamed = Sheets.csv(Sheets.header + "\n" + row, "participatingAgencies01052025pm.csv")
    let r = try Sheets.report([misnamed])
    #expect(r.date == CivilDate(parsing: "2025-01-05"))
    #expect(r.byModel[.wso] == 1)
    #expect(r.warnings.contains { $0.contains("the name's date cannot be right") })
    let undated = try Sheets.report([Sheets.csv(Sheets.header + "\n" + row, "sheet.csv")])
    #expect(undated.date == CivilDate(parsing: "2025-12-17"))
    #expect(undated.dateBasis.contains("latest SIGNED date"))
  }

  /// A pending-agencies sheet is read, but none of its agreements is in force.
  @Test func pendingSheet() throws {
    let r = try Sheets.report([Sheets.archive("pendingAgencies02272026am.xlsx")])
    #expect(r.pending.count == 2)
    #expect(r.total == 0)
    #expect(r.detectedFormat.hasPrefix("ICE pending-agencies sheet"))
  }

  /// The JSON has the keys the issue names; the HTML is one self-contained page with an SVG chart.
  @Test func jsonAndHTML() throws {
    let r = try Sheets.report([
      Sheets.archive("ParticipatingEntities-20210113002027_wayback.xlsx"),
      Sheets.archive("participatingAgencies05182026am.csv"),
    ])
    #expect(r.total == 1_843)
    #expect(r.timeline.map(\.month) == ["2021-01", "2026-05"])
    let json = try JSONReader.parse(r.json())
    func int(_ key: String) -> Int? {
      if case .number(let n) = json[key]?.value { return Int(n) }
      return nil
    }
    #expect(int("total") == 1_843)
    #expect(int("read") == 1_993 && int("processed") == 1_993 && int("rejected") == 0)
    if case .array(let states) = json["states"]?.value {
      #expect(states.count == 40)
    } else {
      Issue.record("no states")
    }
    if case .object(let models) = json["byModel"]?.value {
      #expect(models.map(\.key) == ["JEM", "TFM", "WSO"])
    } else {
      Issue.record("no byModel")
    }
    if case .array = json["rejectedRows"]?.value {} else { Issue.record("no rejectedRows") }
    if case .string(let s) = json["detectedFormat"]?.value {
      #expect(s.contains("2021–25 layout"))
    } else {
      Issue.record("no detectedFormat")
    }
    let html = r.html()
    #expect(html.contains("<svg"))
    #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("@import"))
    #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http") == false)
  }
}

/// Column letters for the test workbooks.
enum XLSXName {
  static func column(_ n: Int) -> String {
    var n = n
    var s = ""
    while n > 0 {
      s = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + s
      n = (n - 1) / 26
    }
    return s
  }
}
