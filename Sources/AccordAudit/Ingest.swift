import AccordData
import Foundation

/// What ingesting one file did.
public struct IngestResult: Sendable {
  public var dataset: AuditStore.DatasetInfo
  public var detectedFormat: String
  /// `new`, `resumed` (after an interrupted ingest), `unchanged` (already ingested under this law
  /// version) or `re-judged` (already ingested; the law changed, so the verdicts were recomputed).
  public var mode: String
  /// Rows this run read (0 when unchanged).
  public var rowsThisRun: Int
}

extension AuditStore {
  /// Ingests one file: detects its format, reads every row (processed or rejected with its
  /// reason), judges every event, and commits in batches so an interrupted run resumes.
  /// - Throws: ``DataError`` when the file cannot be read at all (missing, empty, unknown header).
  public func ingest(
    path: String, auditor: Auditor, keepIdentifiers: Bool = false, batchSize: Int = 5_000,
    progress: (_ rowsCommitted: Int) -> Void = { _ in }
  ) throws -> IngestResult {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataError(file: path, line: 0, column: 0, message: "cannot read the file", help: "check the path")
    }
    let bytes = Array(data)
    let table = try Self.table(path: path, bytes: bytes)
    guard let header = table.header else {
      throw DataError(
        file: path, line: 0, column: 0, message: "the file is empty",
        help: "give a file with a header and rows")
    }
    guard let format = detectFormat(header) else {
      throw DataError(
        file: path, line: 1, column: 1,
        message:
          "unknown layout: header `\(header.prefix(8).joined(separator: ","))\(header.count > 8 ? ",…" : "")`",
        help:
          "Accord reads \(allFormats.map { $0.name }.joined(separator: ", ")); see docs/EVENTS.md for Accord's own event format"
      )
    }
    let hash = sha256(bytes)
    let version = auditor.engine.version
    var id: Int64
    var mode = "new"
    var start = 0
    if let existing = try dataset(sha256: hash) {
      id = existing.id
      if existing.complete {
        if existing.lawVersion == version {
          return IngestResult(
            dataset: existing, detectedFormat: format.name, mode: "unchanged", rowsThisRun: 0)
        }
        try rejudge(id, auditor: auditor)
        return IngestResult(
          dataset: try dataset(sha256: hash) ?? existing, detectedFormat: format.name, mode: "re-judged",
          rowsThisRun: 0)
      }
      start = try lastRow(id)
      mode = start > 0 ? "resumed" : "new"
      if existing.lawVersion != version { try rejudge(id, auditor: auditor) }
    } else {
      id = try createDataset(path: path, sha256: hash, format: format.name, lawVersion: version)
    }
    var parser = format.init(
      header: header, file: path, keys: PersonKeys(secret: secret, keepIdentifiers: keepIdentifiers))
    // A layout whose records span rows is committed in one transaction, so a resumed run never
    // sees half a record.
    let spansRows = format == PierceHolds.self
    if spansRows && start > 0 {
      try db.write { db in
        try db.execute(sql: "DELETE FROM rowStatus WHERE dataset = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM event WHERE dataset = ?", arguments: [id])
      }
      start = 0
    }
    var rows: [(row: Int, status: String, reason: String?)] = []
    var events: [(Event, Int, Verdict)] = []
    var readThisRun = 0
    var committed = start
    let source = table.rows
    while let item = source.next() {
      let row = item.row
      guard row > start else { continue }
      readThisRun += 1
      switch item.content {
      case .failure(let error):
        rows.append((row, "rejected", "line \(error.line), column \(error.column): \(error.message)"))
      case .success(let fields):
        if fields.count != header.count {
          let what = fields.count < header.count ? "truncated row" : "too many fields"
          rows.append((row, "rejected", "\(what): \(fields.count) fields, the header has \(header.count)"))
        } else {
          switch parser.parse(fields, row: row) {
          case .rejected(let reason): rows.append((row, "rejected", reason))
          case .merged: rows.append((row, "merged", nil))
          case .events(let list):
            rows.append((row, "processed", nil))
            for (seq, e) in list.enumerated() { events.append((e, seq, auditor.verdict(e))) }
          }
        }
      }
      if !spansRows && rows.count >= batchSize {
        try commit(id, rows: rows, events: events, complete: false)
        committed += rows.count
        progress(committed)
        rows.removeAll(keepingCapacity: true)
        events.removeAll(keepingCapacity: true)
      }
    }
    for (seq, e) in parser.finish().enumerated() { events.append((e, seq, auditor.verdict(e))) }
    try commit(id, rows: rows, events: events, complete: true)
    progress(committed + rows.count)
    guard let info = try dataset(sha256: hash) else {
      throw DataError(file: path, line: 0, column: 0, message: "the dataset vanished from the database")
    }
    return IngestResult(dataset: info, detectedFormat: format.name, mode: mode, rowsThisRun: readThisRun)
  }

  /// A file's rows: the header, then each data row (1-based) with its fields or the error that
  /// made it unreadable.
  struct Table {
    struct Item {
      var row: Int
      var content: Result<[String], DataError>
    }
    var header: [String]?
    var rows: AnyIterator<Item>
  }

  static func table(path: String, bytes: [UInt8]) throws -> Table {
    if path.lowercased().hasSuffix(".xlsx") {
      let sheet = try XLSXReader(path: path).rows()
      guard let first = sheet.first else { return Table(header: nil, rows: AnyIterator { nil }) }
      var i = 1
      return Table(
        header: first.cells,
        rows: AnyIterator {
          guard i < sheet.count else { return nil }
          defer { i += 1 }
          var cells = sheet[i].cells
          if cells.count < first.cells.count {
            cells += Array(repeating: "", count: first.cells.count - cells.count)
          }
          return Table.Item(row: i, content: .success(cells))
        })
    }
    // JSON Lines: the first non-blank byte opens an object.
    if let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
      first == UInt8(ascii: "{")
    {
      var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated().makeIterator()
      var row = 0
      return Table(
        header: AccordEventsJSON.syntheticHeader,
        rows: AnyIterator {
          while let (_, line) = lines.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            row += 1
            guard let text = String(validating: line, as: UTF8.self) else {
              return Table.Item(
                row: row,
                content: .failure(
                  DataError(file: path, line: row, column: 1, message: "the line is not valid UTF-8")))
            }
            return Table.Item(row: row, content: .success([text]))
          }
          return nil
        })
    }
    var reader = CSVReader(bytes: bytes, name: path)
    if reader.isBlank { return Table(header: nil, rows: AnyIterator { nil }) }
    let header: [String]
    do {
      guard let h = try reader.next() else { return Table(header: nil, rows: AnyIterator { nil }) }
      header = h.fields
    } catch {
      throw DataError(
        file: path, line: error.line, column: error.column,
        message: "the header cannot be read: \(error.message)",
        help: error.help)
    }
    var row = 0
    return Table(
      header: header,
      rows: AnyIterator {
        row += 1
        do {
          guard let r = try reader.next() else { return nil }
          return Table.Item(row: row, content: .success(r.fields))
        } catch let error as DataError {
          return Table.Item(row: row, content: .failure(error))
        } catch {
          return Table.Item(
            row: row, content: .failure(DataError(file: path, line: 0, column: 0, message: "\(error)")))
        }
      })
  }
}
