import AccordData
import Foundation
import Testing

/// Test helpers for workbooks: the repository's copies of the real files, and small workbooks
/// written at test time (a ZIP archive of stored, uncompressed XML parts).
enum Workbook {
  /// The repository's root, found from this file (tests read only the repository's copies).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// A file under `Data/`.
  static func data(_ path: String) -> String { root.appending(path: "Data/" + path).path }

  /// A fresh directory for one test's files.
  static func tempDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "accord-xlsx-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func write(_ bytes: [UInt8], _ name: String, in dir: URL) -> String {
    let path = dir.appending(path: name).path
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  /// A ZIP archive of stored entries (no compression), enough for ZIPFoundation to read.
  static func zip(_ entries: [(String, String)]) -> [UInt8] {
    var out: [UInt8] = []
    var central: [UInt8] = []
    func le16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    func le32(_ v: UInt32, _ a: inout [UInt8]) {
      for s in [0, 8, 16, 24] { a.append(UInt8((v >> UInt32(s)) & 0xFF)) }
    }
    for (name, text) in entries {
      let data = Array(text.utf8)
      let nameBytes = Array(name.utf8)
      let crc = crc32(data)
      let offset = UInt32(out.count)
      le32(0x0403_4B50, &out)
      le16(20, &out)
      le16(0, &out)
      le16(0, &out)  // stored
      le16(0, &out)
      le16(0x21, &out)  // 1980-01-01
      le32(crc, &out)
      le32(UInt32(data.count), &out)
      le32(UInt32(data.count), &out)
      le16(nameBytes.count, &out)
      le16(0, &out)
      out += nameBytes + data
      le32(0x0201_4B50, &central)
      le16(20, &central)
      le16(20, &central)
      le16(0, &central)
      le16(0, &central)
      le16(0, &central)
      le16(0x21, &central)
      le32(crc, &central)
      le32(UInt32(data.count), &central)
      le32(UInt32(data.count), &central)
      le16(nameBytes.count, &central)
      le16(0, &central)
      le16(0, &central)
      le16(0, &central)
      le16(0, &central)
      le32(0, &central)
      le32(offset, &central)
      central += nameBytes
    }
    let centralOffset = UInt32(out.count)
    out += central
    le32(0x0605_4B50, &out)
    le16(0, &out)
    le16(0, &out)
    le16(entries.count, &out)
    le16(entries.count, &out)
    le32(UInt32(central.count), &out)
    le32(centralOffset, &out)
    le16(0, &out)
    return out
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes {
      c ^= UInt32(b)
      for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
    }
    return ~c
  }

  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relsNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let pkgRels = "http://schemas.openxmlformats.org/package/2006/relationships"

  /// A workbook whose sheets are given as `<sheetData>` content, with an optional shared-string
  /// table (`<si>` elements). The second sheet's relationship uses an absolute target.
  static func workbook(sheets: [(String, String)], shared: String? = nil) -> [UInt8] {
    var entries: [(String, String)] = [
      (
        "_rels/.rels",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"\(pkgRels)\"><Relationship Id=\"rId1\" Type=\"\(relsNS)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
      )
    ]
    var book = "<?xml version=\"1.0\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(relsNS)\"><sheets>"
    var rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"\(pkgRels)\">"
    for (i, sheet) in sheets.enumerated() {
      book += "<sheet name=\"\(sheet.0)\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
      let target = i == 1 ? "/xl/worksheets/sheet\(i + 1).xml" : "worksheets/sheet\(i + 1).xml"
      rels += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(relsNS)/worksheet\" Target=\"\(target)\"/>"
      entries.append(
        (
          "xl/worksheets/sheet\(i + 1).xml",
          "<?xml version=\"1.0\"?><worksheet xmlns=\"\(main)\"><sheetData>\(sheet.1)</sheetData></worksheet>"
        ))
    }
    if let shared {
      rels += "<Relationship Id=\"rId99\" Type=\"\(relsNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
      entries.append(
        ("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns=\"\(main)\">\(shared)</sst>"))
    }
    entries.append(("xl/workbook.xml", book + "</sheets></workbook>"))
    entries.append(("xl/_rels/workbook.xml.rels", rels + "</Relationships>"))
    return zip(entries)
  }
}

@Suite struct XLSXTests {
  /// Excel's serial day numbers, including the phantom 1900-02-29 (serial 60) that Excel keeps for
  /// compatibility with Lotus 1-2-3.
  @Test(arguments: [
    (1.0, "1900-01-01"), (59.0, "1900-02-28"), (61.0, "1900-03-01"), (25_569.0, "1970-01-01"),
    (36_526.0, "2000-01-01"), (42_132.0, "2015-05-08"), (45_922.0, "2025-09-22"), (45_922.75, "2025-09-22"),
    (46_160.0, "2026-05-18"), (2_958_465.0, "9999-12-31"),
  ])
  func serialDates(_ serial: Double, _ iso: String) {
    #expect(XLSXReader.isoDate(fromSerial: serial) == iso)
  }

  @Test(arguments: [60.0, 0.0, -1.0, 0.5, 2_958_466.0, Double.nan, Double.infinity])
  func serialsThatNameNoDay(_ serial: Double) {
    #expect(XLSXReader.isoDate(fromSerial: serial) == nil)
  }

  /// The earliest archived 287(g) table (Wayback capture of 2021-01-13): one sheet of inline
  /// strings, a header and 150 agreements in five columns.
  @Test func waybackWorkbook2021() throws {
    let book = try XLSXReader(
      path: Workbook.data("ice-287g-sheets-archive/ParticipatingEntities-20210113002027_wayback.xlsx"))
    #expect(book.sheetNames == ["287(g) Agreements"])
    let rows = try book.rows()
    #expect(rows.count == 151)
    #expect(rows.map(\.number) == Array(1...151))
    #expect(rows[0].cells == ["STATE", "LAW ENFORCEMENT AGENCY", "SUPPORT TYPE", "SIGNED", "MOA"])
    #expect(
      rows[1].cells == [
        "ALABAMA", "Etowah County Sheriff's Office", "Jail Enforcement Model", "2016-06-08",
        "https://web.archive.org/web/20210113002027/https://www.ice.gov/doclib/287gMOA/287gJEM_EtowahCoAl2016-06-18.pdf",
      ])
    #expect(rows.allSatisfy { $0.cells.count == 5 })
    #expect(try book.rows(sheet: "287(g) Agreements") == rows)
    // New Jersey's two sheriffs' agreements, which the Immigrant Trust Directive barred.
    #expect(rows.filter { $0.cells[0] == "NEW JERSEY" }.map { $0.cells[1] }.count == 2)
  }

  /// ICE's own sheet of 2026-05-18 (shared strings, SIGNED as serial numbers, `#N/A` errors in
  /// COUNTY, formatting-only rows below the data) against its CSV twin, cell by cell.
  @Test func iceSheet2026MatchesItsCSV() throws {
    let book = try XLSXReader(
      path: Workbook.data("ice-287g-sheets-archive/participatingAgencies05182026am.xlsx"))
    #expect(book.sheetNames == ["Sheet1"])
    let rows = try book.rows()
    #expect(rows.count == 1_844)
    #expect(rows.last?.number == 1_844)
    var csv = try CSVReader(
      path: Workbook.data("ice-287g-sheets-archive/participatingAgencies05182026am.csv"))
    var records: [[String]] = []
    while let r = try csv.next() { records.append(r.fields) }
    #expect(records.count == rows.count)
    func clean(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    var mismatches: [String] = []
    for (row, record) in zip(rows.dropFirst(), records.dropFirst()) {
      var cells = row.cells + Array(repeating: "", count: max(0, 8 - row.cells.count))
      cells[5] = XLSXReader.isoDate(fromSerial: Double(cells[5]) ?? .nan) ?? "not a serial: \(cells[5])"
      // ICE marks an unknown COUNTY with Excel's #N/A error, or with the text "#NA" or "N/A";
      // the CSV leaves it blank.
      if ["#N/A", "#NA", "N/A"].contains(cells[3]) { cells[3] = "" }
      if cells.map(clean) != record.map(clean) {
        mismatches.append("row \(row.number): \(cells) vs \(record)")
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
  }

  /// NPR's FOIA workbook (79,053 detainers): every cell equals the CSV twin NPR exported, dates
  /// as serial numbers. Reading it takes seconds in a debug build; the time is measured in
  /// `accord agreements`' report, not asserted here.
  @Test func nprDetainerWorkbookMatchesItsCSV() throws {
    let book = try XLSXReader(
      path: Workbook.data("npr-ice-detainers-fy2008-2015/FOIA_15-87693_LESA-STU_detainers_FY15YTD.xlsx"))
    #expect(book.sheetNames == ["FOIA 15-06333 Detail"])
    let rows = try book.rows()
    #expect(rows.count == 79_054)
    var csv = try CSVReader(
      path: Workbook.data("npr-ice-detainers-fy2008-2015/detainers_FY15YTD_national.csv"))
    _ = try csv.next()
    var mismatches = 0
    var first = ""
    for row in rows.dropFirst() {
      guard let record = try csv.next() else {
        mismatches += 1
        break
      }
      var cells = row.cells + Array(repeating: "", count: max(0, 6 - row.cells.count))
      cells[0] = XLSXReader.isoDate(fromSerial: Double(cells[0]) ?? .nan) ?? cells[0]
      if cells != record.fields {
        mismatches += 1
        if first.isEmpty { first = "row \(row.number): \(cells) vs \(record.fields)" }
      }
    }
    #expect(try csv.next() == nil)
    #expect(mismatches == 0, "\(first)")
  }

  /// Cell types and references: shared strings with rich-text runs (phonetic guides left out),
  /// inline strings, numbers, booleans, errors, formula results, `_xHHHH_` escapes, cells without
  /// a reference, gaps between cells and formatting-only rows.
  @Test func cellTypesAndGaps() throws {
    let dir = Workbook.tempDirectory()
    let sheet = """
      <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>in</t><r><t xml:space="preserve">line </t></r></is></c></row>
      <row r="2"><c r="A2" s="3"/><c r="B2" s="4"/></row>
      <row r="4"><c r="B4"><v>45922</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" t="b"><v>0</v></c><c r="E4" t="e"><v>#N/A</v></c><c r="F4" t="str"><f>A1&amp;"x"</f><v>STATEx</v></c></row>
      <row><c t="inlineStr"><is><t>no refs</t></is></c><c><v>1.5</v></c><c r="AA5" t="inlineStr"><is><t>a_x000D_b &lt;&amp;&gt;</t></is></c></row>
      """
    let shared =
      "<si><t>STATE</t></si><si><r><t>Jail </t></r><r><t>Enforcement</t></r><rPh><t>ignored</t></rPh></si>"
    let path = Workbook.write(
      Workbook.workbook(sheets: [("Data", sheet)], shared: shared), "types.xlsx", in: dir)
    let rows = try XLSXReader(path: path).rows()
    #expect(rows.map(\.number) == [1, 4, 5])
    #expect(rows[0].cells == ["STATE", "", "Jail Enforcement", "inline "])
    #expect(rows[1].cells == ["", "45922", "TRUE", "FALSE", "#N/A", "STATEx"])
    #expect(rows[2].cells.count == 27)
    #expect(rows[2].cells[0] == "no refs" && rows[2].cells[1] == "1.5" && rows[2].cells[26] == "a\rb <&>")
    #expect(rows[2].cells[2..<26].allSatisfy { $0.isEmpty })
  }

  /// A sheet by name, the second one reached through an absolute relationship target.
  @Test func sheetByName() throws {
    let dir = Workbook.tempDirectory()
    let bytes = Workbook.workbook(sheets: [
      ("First", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>one</t></is></c></row>"),
      ("Second sheet", "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>two</t></is></c></row>"),
    ])
    let book = try XLSXReader(path: Workbook.write(bytes, "two.xlsx", in: dir))
    #expect(book.sheetNames == ["First", "Second sheet"])
    #expect(try book.rows() == [XLSXRow(number: 1, cells: ["one"])])
    #expect(try book.rows(sheet: "Second sheet") == [XLSXRow(number: 3, cells: ["", "two"])])
    let error = #expect(throws: DataError.self) { try book.rows(sheet: "Third") }
    #expect(error?.message == "the workbook has no sheet named `Third`")
    #expect(error?.help?.contains("`First`, `Second sheet`") == true)
  }

  /// Files that are not workbooks, or damaged ones: each a ``DataError`` naming the file (and
  /// the row when known) with a help line, never a crash.
  @Test(arguments: [
    ("empty", "the file is empty", 0),
    ("csv", "not an XLSX workbook: the file is text", 0),
    ("xls", "Excel 97–2003 (.xls)", 0),
    ("binary", "not a ZIP archive", 0),
    ("truncated", "truncated or damaged", 0),
    ("docx", "no workbook part", 0),
    ("malformed", "malformed XML in `xl/worksheets/sheet1.xml`", 2),
    ("badref", "cell reference `1A`", 1),
    ("badshared", "shared string `7`", 1),
    ("corrupt", "cannot be decompressed", 0),
  ])
  func brokenFiles(_ kind: String, _ message: String, _ row: Int) throws {
    let dir = Workbook.tempDirectory()
    let good = Workbook.workbook(sheets: [
      ("S", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>")
    ])
    let bytes: [UInt8] =
      switch kind {
      case "empty": []
      case "csv": Array("STATE,LAW ENFORCEMENT AGENCY\nTEXAS,x\n".utf8)
      case "xls": [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0]
      case "binary": [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x10, 0x80]
      case "truncated": Array(good.prefix(good.count / 2))
      case "docx": Workbook.zip([("word/document.xml", "<document/>")])
      case "malformed":
        Workbook.workbook(sheets: [
          ("S", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</c></row>")
        ])
      case "badref": Workbook.workbook(sheets: [("S", "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>")])
      case "badshared":
        Workbook.workbook(
          sheets: [("S", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>")], shared: "<si><t>a</t></si>")
      default:
        // Flip a byte inside the stored sheet so its checksum fails.
        {
          var b = good
          let marker = Array("<sheetData>".utf8)
          if let i = (0..<(b.count - marker.count)).first(where: {
            Array(b[$0..<$0 + marker.count]) == marker
          }) {
            b[i + 1] = UInt8(ascii: "S")
          }
          return b
        }()
      }
    let path = Workbook.write(bytes, "\(kind).xlsx", in: dir)
    let error = #expect(throws: DataError.self) { try XLSXReader(path: path).rows() }
    #expect(error?.file == path)
    #expect(error?.message.contains(message) == true, "\(error?.description ?? "")")
    #expect(error?.line == row)
    #expect(error?.help != nil)
  }

  @Test func missingFileAndDirectory() {
    let error = #expect(throws: DataError.self) { try XLSXReader(path: "/nonexistent/x.xlsx") }
    #expect(error?.message == "cannot read the file")
    let dir = Workbook.tempDirectory().path
    let error2 = #expect(throws: DataError.self) { try XLSXReader(path: dir) }
    #expect(error2?.message == "this is a directory, not a workbook")
  }
}
