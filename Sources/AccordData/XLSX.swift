import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// One row of a worksheet: its spreadsheet row number and its cells as text.
///
/// ```swift
/// XLSXRow(number: 2, cells: ["ALABAMA", "", "Task Force Model"])  // column B empty
/// ```
public struct XLSXRow: Sendable, Equatable {
  /// 1-based row number, as the spreadsheet shows it (the header is usually row 1).
  public var number: Int
  /// The cells from column A to the last cell that holds a value; a column with no value is `""`.
  public var cells: [String]

  /// A row with its number and cells.
  public init(number: Int, cells: [String]) {
    self.number = number
    self.cells = cells
  }
}

/// A reader of Excel workbooks (Office Open XML, `.xlsx`): the sheets ICE publishes (the 287(g)
/// participating-agency sheets, the FOIA detainer workbooks) as rows of text.
///
/// An `.xlsx` file is a ZIP archive of XML parts: `xl/workbook.xml` names the sheets,
/// `xl/_rels/workbook.xml.rels` maps each to its part, `xl/sharedStrings.xml` holds the text most
/// cells point to, and each `xl/worksheets/sheetN.xml` holds the cells. The reader opens the
/// archive with ``ZipArchive`` (zlib through CompressNIO, with size limits) and parses the parts with Foundation's `XMLParser`.
///
/// Every cell is returned as text, never reinterpreted: shared and inline strings as written,
/// numbers as Excel stored them (`"45922"`, `"1.5"`), booleans as `TRUE`/`FALSE`, errors as
/// Excel shows them (`#N/A`), formulas as their cached result. A date is a number formatted as a
/// date by its style, so it arrives as its serial day number; ``isoDate(fromSerial:)`` converts
/// it. Cells are placed by their reference (`C7`), so a row with empty cells keeps its columns;
/// rows that hold no value at all (formatting only) are left out, and each row carries its
/// spreadsheet number so a caller can still name it.
///
/// ```swift
/// let book = try XLSXReader(path: "participatingAgencies05182026am.xlsx")
/// for row in try book.rows() where row.number > 1 {
///   print(row.number, row.cells[0], XLSXReader.isoDate(fromSerial: Double(row.cells[5]) ?? 0) ?? "")
/// }
/// ```
///
/// Workbooks using the 1904 date system (an old Mac Excel option) store serials 1,462 days smaller;
/// the reader returns the raw serial either way.
public struct XLSXReader: Sendable {
  struct Sheet: Sendable {
    var name: String
    /// Path of the sheet's part inside the archive, e.g. `xl/worksheets/sheet1.xml`.
    var part: String
  }

  /// The file errors name.
  let path: String
  let sheets: [Sheet]
  let sharedStringsPart: String?

  /// Opens a workbook and reads its list of sheets.
  /// - Throws: ``DataError`` if the file cannot be read, is not a ZIP archive (a CSV or HTML file
  ///   named `.xlsx`, an old `.xls` workbook, a truncated download), or has no readable workbook part.
  public init(path: String) throws(DataError) {
    self.path = path
    var archive = try Self.open(path)
    let rootRels = try Self.relationships(&archive, "_rels/.rels", file: path)
    let workbookPart =
      rootRels.first { $0.type.hasSuffix("/officeDocument") }.map { Self.resolve($0.target, from: "") }
      ?? "xl/workbook.xml"
    guard let workbookData = try Self.read(&archive, workbookPart, file: path) else {
      throw DataError(
        file: path, line: 0, column: 0,
        message:
          "the archive has no workbook part (`\(workbookPart)`): it is a ZIP file but not an XLSX workbook",
        help: "open the file in a spreadsheet program and save it as an Excel workbook (.xlsx)")
    }
    let book = WorkbookParser()
    try Self.parse(workbookData, book, part: workbookPart, file: path)
    let folder = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
    let relsPart =
      (folder.isEmpty ? "" : folder + "/") + "_rels/"
      + (workbookPart.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
    let rels = try Self.relationships(&archive, relsPart, file: path)
    var sheets: [Sheet] = []
    for s in book.sheets {
      guard let rel = rels.first(where: { $0.id == s.relationship }) else {
        throw DataError(
          file: path, line: 0, column: 0,
          message:
            "sheet `\(s.name)` points to relationship `\(s.relationship)`, which `\(relsPart)` does not list",
          help: "the workbook is damaged; open it in a spreadsheet program and save it again")
      }
      sheets.append(Sheet(name: s.name, part: Self.resolve(rel.target, from: folder)))
    }
    guard !sheets.isEmpty else {
      throw DataError(
        file: path, line: 0, column: 0, message: "the workbook lists no sheets",
        help: "the workbook is damaged or empty; open it in a spreadsheet program and save it again")
    }
    self.sheets = sheets
    self.sharedStringsPart =
      rels.first { $0.type.hasSuffix("/sharedStrings") }.map { Self.resolve($0.target, from: folder) }
  }

  /// The names of the workbook's sheets, in the workbook's order.
  public var sheetNames: [String] { sheets.map(\.name) }

  /// Rows of a sheet (default the first), each with its 1-based spreadsheet row number and its
  /// cells as text, gaps filled with "".
  ///
  /// Rows without any value are not returned (Excel writes formatting-only rows below the data);
  /// a returned row's cells run from column A to its last cell with a value.
  /// - Parameter sheet: the sheet's name as ``sheetNames`` gives it; `nil` for the first sheet.
  /// - Throws: ``DataError`` naming the file, the row when known, what is wrong and how to fix it:
  ///   no such sheet, a damaged or truncated archive, malformed XML, a cell reference or a
  ///   shared-string index that does not exist.
  public func rows(sheet: String? = nil) throws(DataError) -> [XLSXRow] {
    let chosen: Sheet
    if let sheet {
      guard let s = sheets.first(where: { $0.name == sheet }) else {
        throw DataError(
          file: path, line: 0, column: 0, message: "the workbook has no sheet named `\(sheet)`",
          help: "its sheets are " + sheets.map { "`\($0.name)`" }.joined(separator: ", "))
      }
      chosen = s
    } else {
      chosen = sheets[0]
    }
    var archive = try Self.open(path)
    var shared: [String] = []
    if let part = sharedStringsPart, let data = try Self.read(&archive, part, file: path) {
      let p = SharedStringsParser()
      try Self.parse(data, p, part: part, file: path)
      shared = p.strings
    }
    guard let data = try Self.read(&archive, chosen.part, file: path) else {
      throw DataError(
        file: path, line: 0, column: 0,
        message: "sheet `\(chosen.name)` should be in `\(chosen.part)`, which the archive does not hold",
        help: "the workbook is damaged; open it in a spreadsheet program and save it again")
    }
    let p = SheetParser(shared: shared, file: path, part: chosen.part)
    try Self.parse(data, p, part: chosen.part, file: path)
    return p.rows
  }

  /// The calendar date (`YYYY-MM-DD`) of an Excel serial day number in the 1900 date system, or
  /// `nil` for a serial that names no real day.
  ///
  /// Excel counts 1900-01-01 as day 1 and, copying Lotus 1-2-3, treats 1900 as a leap year: serial
  /// 60 is the non-existent 1900-02-29 (`nil` here), and every later serial is one more than the
  /// true day count. A fraction (the time of day) is dropped.
  ///
  /// ```swift
  /// XLSXReader.isoDate(fromSerial: 45922)  // "2025-09-22"
  /// XLSXReader.isoDate(fromSerial: 61)     // "1900-03-01"
  /// ```
  public static func isoDate(fromSerial serial: Double) -> String? {
    guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
    let day = Int(serial.rounded(.down))
    if day == 60 { return nil }
    // Days since 1970-01-01: serial 25569 is 1970-01-01; before the phantom 29 February the
    // serials are one day behind.
    let unixDays = day < 60 ? day - 25_568 : day - 25_569
    let (y, m, d) = civil(fromDays: unixDays)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(y)-\(two(m))-\(two(d))"
  }

  /// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar (Howard
  /// Hinnant's `civil_from_days`).
  static func civil(fromDays z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}

// MARK: - The archive

extension XLSXReader {
  /// Opens the ZIP archive, or says what the file is instead.
  static func open(_ path: String) throws(DataError) -> ZipArchive {
    var directory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &directory), directory.boolValue {
      throw DataError(
        file: path, line: 0, column: 0, message: "this is a directory, not a workbook",
        help: "give the .xlsx file's path")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw DataError(file: path, line: 0, column: 0, message: "cannot read the file", help: "check the path")
    }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: ZipArchive.maxFileSize + 1)) ?? Data()
    guard data.count <= ZipArchive.maxFileSize else {
      throw DataError(
        file: path, line: 0, column: 0,
        message: "the workbook is larger than \(ZipArchive.maxFileSize >> 20) MB",
        help: "export the sheet as CSV")
    }
    let bytes = [UInt8](data)
    do {
      return try ZipArchive(bytes: bytes)
    } catch {
      throw notAWorkbook(path, Array(bytes.prefix(8)))
    }
  }

  /// Why a file that is not a readable ZIP archive is no workbook, judged from its first bytes.
  static func notAWorkbook(_ path: String, _ head: [UInt8]) -> DataError {
    let (message, help): (String, String)
    if head.isEmpty {
      (message, help) = ("the file is empty", "download the workbook again")
    } else if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
      (message, help) = (
        "the ZIP archive is truncated or damaged (its central directory cannot be read)",
        "download the workbook again; a partial download ends before the archive's directory"
      )
    } else if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      (message, help) = (
        "this is an Excel 97–2003 (.xls) workbook, not an XLSX workbook",
        "open it in a spreadsheet program and save it as .xlsx, or export the sheet as CSV"
      )
    } else if head.allSatisfy({
      $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20..<0x7F).contains($0) || $0 >= 0x80
    }) {
      (message, help) = (
        "not an XLSX workbook: the file is text (CSV or HTML?) with an .xlsx name",
        "rename it to what it is (.csv), or save it from a spreadsheet program as .xlsx"
      )
    } else {
      (message, help) = (
        "not an XLSX workbook: the file is not a ZIP archive",
        "an .xlsx file is a ZIP archive of XML parts; save the sheet from a spreadsheet program as .xlsx"
      )
    }
    return DataError(file: path, line: 0, column: 0, message: message, help: help)
  }

  /// A part's bytes, `nil` if the archive has no such part.
  /// - Throws: ``DataError`` if the part cannot be decompressed, fails its checksum or is too large.
  static func read(_ archive: inout ZipArchive, _ part: String, file: String) throws(DataError) -> Data? {
    do {
      return try archive.read(part).map { Data($0) }
    } catch {
      switch error {
      case .entry(let message, let help):
        throw DataError(file: file, line: 0, column: 0, message: message, help: help)
      case .directory(let why):
        throw DataError(
          file: file, line: 0, column: 0, message: "the workbook is damaged: \(why)",
          help: "download it again")
      }
    }
  }

  struct Relationship {
    var id: String
    var type: String
    var target: String
  }

  /// The relationships of a `.rels` part; none if the archive has no such part.
  static func relationships(_ archive: inout ZipArchive, _ part: String, file: String) throws(DataError)
    -> [Relationship]
  {
    guard let data = try read(&archive, part, file: file) else { return [] }
    let p = RelationshipsParser()
    try parse(data, p, part: part, file: file)
    return p.relationships
  }

  /// A relationship's target as a path inside the archive: absolute targets (`/xl/…`) from the
  /// root, relative ones from the folder of the part that holds the relationship.
  static func resolve(_ target: String, from folder: String) -> String {
    var parts: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
    for p in target.split(separator: "/") {
      switch p {
      case ".": continue
      case "..": _ = parts.popLast()
      default: parts.append(p)
      }
    }
    return parts.joined(separator: "/")
  }

  /// Runs a parser over a part and turns XML errors and the delegate's own failures into
  /// ``DataError``.
  ///
  /// The part is fed to `XMLParser` as a stream: given as one `Data`, libxml2's push parser
  /// stops at the end of a very long line (a worksheet is usually one line of tens of megabytes)
  /// with an internal error. Foundation runs libxml2 in recovery mode, where `parse()` may return
  /// `true` after an error, so any error the delegate was told of fails the part.
  static func parse(_ data: Data, _ delegate: PartParser, part: String, file: String) throws(DataError) {
    let parser = XMLParser(stream: InputStream(data: data))
    parser.shouldProcessNamespaces = false
    parser.shouldResolveExternalEntities = false
    parser.delegate = delegate
    let ok = parser.parse()
    if let failure = delegate.failure { throw failure }
    let code = delegate.xmlError?.code ?? (parser.parserError as NSError?)?.code
    guard ok, code == nil else {
      let (line, column, row) =
        delegate.xmlError.map { ($0.line, $0.column, $0.row) } ?? (0, 0, delegate.currentRow)
      throw DataError(
        file: file, line: row, column: 0,
        message:
          "malformed XML in `\(part)` at line \(line), column \(column) of the part: \(xmlProblem(code ?? 1))",
        help:
          "the workbook is damaged or truncated; download it again or save it again from a spreadsheet program"
      )
    }
  }

  /// libxml2's error codes, in words, for the errors a damaged workbook shows.
  static func xmlProblem(_ code: Int) -> String {
    switch code {
    case 4: "the part is empty"
    case 5: "the part ends before its elements are closed (truncated?)"
    case 9: "a character that XML does not allow"
    case 23, 24: "a `&` that starts no entity"
    case 26, 27: "an undeclared entity"
    case 38, 39, 40, 41: "a malformed attribute"
    case 73: "a tag is not closed with `>`"
    case 76: "a closing tag does not match the element it closes"
    case 85: "an element is not closed"
    default: "libxml2 error \(code)"
    }
  }
}

// MARK: - Parts

/// The base of the part parsers: records the first XML error and any failure the content shows.
///
/// Every delegate method a subclass uses is declared here, so the subclass's `override` is what
/// `XMLParser` calls (a protocol's default implementation would otherwise be the witness).
class PartParser: NSObject, XMLParserDelegate {
  /// An error the parser found in the content (the XML itself was well formed).
  var failure: DataError?
  /// The first XML error: libxml2's code, where it is in the part, and the spreadsheet row.
  var xmlError: (code: Int, line: Int, column: Int, row: Int)?
  /// The spreadsheet row being read, 0 outside a sheet.
  var currentRow = 0

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?,
    attributes attributeDict: [String: String] = [:]
  ) {}

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {}

  func parser(_ parser: XMLParser, foundCharacters string: String) {}

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    guard xmlError == nil else { return }
    xmlError = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber, currentRow)
  }
}

/// The element's name without its namespace prefix (`x:row` → `row`).
@inline(__always) func localName(_ name: String) -> Substring {
  guard let colon = name.lastIndex(of: ":") else { return name[...] }
  return name[name.index(after: colon)...]
}

/// Decodes the `_xHHHH_` escapes OOXML uses for characters XML cannot carry (e.g. `_x000D_`).
func unescapeOOXML(_ s: String) -> String {
  guard s.contains("_x") else { return s }
  var out = ""
  var rest = s[...]
  while let r = rest.range(of: "_x") {
    out += rest[..<r.lowerBound]
    let after = rest[r.upperBound...]
    if after.count >= 5, after.dropFirst(4).first == "_", let code = UInt32(after.prefix(4), radix: 16),
      let scalar = Unicode.Scalar(code)
    {
      out.unicodeScalars.append(scalar)
      rest = after.dropFirst(5)
    } else {
      out += "_x"
      rest = after
    }
  }
  return out + rest
}

/// `xl/workbook.xml`: the sheets' names and relationship IDs.
final class WorkbookParser: PartParser {
  struct Entry {
    var name: String
    var relationship: String
  }
  var sheets: [Entry] = []

  override func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?,
    attributes attributeDict: [String: String] = [:]
  ) {
    guard localName(elementName) == "sheet" else { return }
    let rel = attributeDict.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value ?? ""
    sheets.append(Entry(name: attributeDict["name"] ?? "", relationship: rel))
  }
}

/// A `.rels` part: relationship IDs, types and targets.
final class RelationshipsParser: PartParser {
  var relationships: [XLSXReader.Relationship] = []

  override func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?,
    attributes attributeDict: [String: String] = [:]
  ) {
    guard localName(elementName) == "Relationship", attributeDict["TargetMode"] != "External" else { return }
    relationships.append(
      .init(
        id: attributeDict["Id"] ?? "", type: attributeDict["Type"] ?? "",
        target: attributeDict["Target"] ?? ""))
  }
}

/// `xl/sharedStrings.xml`: one string per `<si>`, the text of its `<t>` runs (phonetic guides,
/// `<rPh>`, left out).
final class SharedStringsParser: PartParser {
  var strings: [String] = []
  var text = ""
  var inText = false
  var inPhonetic = false

  override func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?,
    attributes attributeDict: [String: String] = [:]
  ) {
    switch localName(elementName) {
    case "si": text = ""
    case "t": inText = !inPhonetic
    case "rPh": inPhonetic = true
    default: break
    }
  }

  override func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { text += string }
  }

  override func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    switch localName(elementName) {
    case "si": strings.append(unescapeOOXML(text))
    case "t": inText = false
    case "rPh": inPhonetic = false
    default: break
    }
  }
}

/// A worksheet part: rows of cells placed by their references.
final class SheetParser: PartParser {
  let shared: [String]
  let file: String
  let part: String
  var rows: [XLSXRow] = []

  /// The widest row and the most cells (gaps included) one sheet may have: a 12 KB workbook with a
  /// value in column XFD of each row would otherwise take hundreds of megabytes.
  static let maxColumns = 1_024
  static let maxCells = 20_000_000
  var paddedCells = 0

  // The row and cell being read.
  var cells: [String] = []
  var column = 0
  var type = ""
  var value = ""
  var inline = ""
  var text = ""
  var inValue = false
  var inInline = false
  var inText = false
  var inPhonetic = false

  init(shared: [String], file: String, part: String) {
    self.shared = shared
    self.file = file
    self.part = part
  }

  func fail(_ parser: XMLParser, _ message: String, help: String) {
    guard failure == nil else { return }
    failure = DataError(file: file, line: currentRow, column: column, message: message, help: help)
    parser.abortParsing()
  }

  override func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?,
    attributes attributeDict: [String: String] = [:]
  ) {
    switch localName(elementName) {
    case "c":
      type = attributeDict["t"] ?? "n"
      value = ""
      inline = ""
      if let ref = attributeDict["r"] {
        guard let c = Self.column(of: ref) else {
          fail(
            parser, "cell reference `\(ref)` in `\(part)` is not a column letter and a row number",
            help: "the workbook is damaged; open it in a spreadsheet program and save it again")
          return
        }
        column = c
      } else {
        column += 1
      }
    case "v":
      inValue = true
      text = ""
    case "is": inInline = true
    case "t":
      if inInline && !inPhonetic {
        inText = true
        text = ""
      }
    case "rPh": inPhonetic = true
    case "row":
      if let r = attributeDict["r"] {
        guard let n = Int(r), n >= 1 else {
          fail(
            parser, "row number `\(r)` in `\(part)` is not a positive integer",
            help: "the workbook is damaged; open it in a spreadsheet program and save it again")
          return
        }
        currentRow = n
      } else {
        currentRow += 1
      }
      cells.removeAll(keepingCapacity: true)
      column = 0
    default: break
    }
  }

  override func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inValue || inText { text += string }
  }

  override func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    switch localName(elementName) {
    case "v":
      inValue = false
      value = text
    case "t":
      if inText {
        inline += text
        inText = false
      }
    case "rPh": inPhonetic = false
    case "is": inInline = false
    case "c":
      let cell: String
      switch type {
      case "s":
        guard !value.isEmpty else {
          cell = ""
          break
        }
        guard let i = Int(value), shared.indices.contains(i) else {
          fail(
            parser,
            "cell points to shared string `\(value)`, which the workbook does not have (\(shared.count) strings)",
            help: "the workbook is damaged; open it in a spreadsheet program and save it again")
          return
        }
        cell = shared[i]
      case "inlineStr": cell = unescapeOOXML(inline)
      case "str": cell = unescapeOOXML(value)
      case "b": cell = value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
      default: cell = value  // n (numbers, dates as serials), e (errors such as #N/A), d (ISO dates)
      }
      guard !cell.isEmpty else { return }
      guard column <= SheetParser.maxColumns else {
        fail(
          parser,
          "a value in column \(column) of `\(part)`, beyond the \(SheetParser.maxColumns) columns Accord reads",
          help: "delete the stray cell far to the right, or export the columns that matter as CSV")
        return
      }
      paddedCells += max(0, column - cells.count)
      guard paddedCells <= SheetParser.maxCells else {
        fail(
          parser,
          "the sheet holds more than \(SheetParser.maxCells) cells, more than Accord reads from one workbook",
          help: "split the sheet, or export it as CSV")
        return
      }
      if column > cells.count {
        cells.append(contentsOf: repeatElement("", count: column - cells.count))
      }
      cells[column - 1] = cell
    case "row":
      if !cells.isEmpty { rows.append(XLSXRow(number: currentRow, cells: cells)) }
    default: break
    }
  }

  /// `"AB12"` → 28: the 1-based column of a cell reference, `nil` if it is malformed or beyond
  /// Excel's last column (XFD, 16,384).
  static func column(of ref: String) -> Int? {
    var column = 0
    var letters = 0
    var digits = 0
    for b in ref.utf8 {
      switch b {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        guard digits == 0 else { return nil }
        column = column * 26 + Int(b - UInt8(ascii: "A")) + 1
        letters += 1
      case UInt8(ascii: "a")...UInt8(ascii: "z"):
        guard digits == 0 else { return nil }
        column = column * 26 + Int(b - UInt8(ascii: "a")) + 1
        letters += 1
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        digits += 1
      case UInt8(ascii: "$"):
        continue
      default:
        return nil
      }
      if letters > 3 { return nil }
    }
    guard letters > 0, digits > 0, column <= 16_384 else { return nil }
    return column
  }
}
