import Foundation

/// A CSV reader (RFC 4180: quoted fields, doubled quotes, CR LF or LF line ends, an optional
/// UTF-8 byte-order mark) that keeps the line each record starts on and reports malformed input
/// with its line and column instead of guessing.
///
/// Written by hand because the audit must account for every row — processed, or rejected with
/// its file, line and reason — and resume an interrupted ingest at a record index; the mirrored
/// CSV packages parse whole files into values without positions for their errors.
///
/// ```swift
/// var reader = try CSVReader(path: "events.csv")
/// while let record = try reader.next() { print(record.line, record.fields) }
/// ```
public struct CSVReader: Sendable {
  /// One record: its fields and where it starts.
  public struct Record: Sendable, Equatable {
    /// 1-based physical line of the record's first character.
    public var line: Int
    /// 0-based index among the file's records (the header is record 0).
    public var index: Int
    public var fields: [String]
  }

  let bytes: [UInt8]
  var position = 0
  var line = 1
  var column = 1
  var count = 0
  /// The file name errors name.
  public let name: String

  /// Reads a whole file.
  /// - Throws: ``DataError`` if it cannot be read.
  public init(path: String) throws(DataError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataError(file: path, line: 0, column: 0, message: "cannot read the file", help: "check the path")
    }
    self.init(bytes: Array(data), name: path)
  }

  public init(bytes: [UInt8], name: String) {
    self.name = name
    self.bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
  }

  /// Whether the input holds nothing but whitespace.
  public var isBlank: Bool {
    bytes[position...].allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
  }

  /// The next record, or `nil` at the end of the input.
  /// - Throws: ``DataError`` for an unterminated quoted field, text after a closing quote, or
  ///   bytes that are not UTF-8; the reader then skips to the next line so a caller can go on.
  public mutating func next() throws(DataError) -> Record? {
    guard position < bytes.count else { return nil }
    let startLine = line
    var fields: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var quoteOpen: (position: Int, line: Int, column: Int)? = nil
    var fieldStart = true
    let recordIndex = count
    count += 1
    while position < bytes.count {
      let b = bytes[position]
      if quoted {
        if b == UInt8(ascii: "\"") {
          if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\"") {
            field.append(b)
            advance(2)
            continue
          }
          quoted = false
          advance(1)
          // After a closing quote only a separator or a line end may follow.
          if position < bytes.count {
            let n = bytes[position]
            if n != UInt8(ascii: ","), n != 0x0A, n != 0x0D {
              if let open = quoteOpen, line > open.line { throw strayQuote(open) }
              let (l, c) = (line, column)
              skipLine()
              throw DataError(
                file: name, line: l, column: c, message: "text after a closing quote",
                help: "quote the whole field and double any quote inside it (\"\" for \")")
            }
          }
          continue
        }
        if b == 0x0A {
          field.append(b)
          position += 1
          line += 1
          column = 1
          continue
        }
        field.append(b)
        advance(1)
        continue
      }
      switch b {
      case UInt8(ascii: "\""):
        if fieldStart {
          quoted = true
          quoteOpen = (position, line, column)
          fieldStart = false
          advance(1)
        } else {
          let (l, c) = (line, column)
          skipLine()
          throw DataError(
            file: name, line: l, column: c, message: "a quote inside an unquoted field",
            help: "quote the whole field and double the quote (\"\")")
        }
      case UInt8(ascii: ","):
        do { fields.append(try string(field, startLine)) } catch {
          // Mid-record: drop the rest of the line so the next call starts on a record.
          skipLine()
          throw error
        }
        field.removeAll(keepingCapacity: true)
        fieldStart = true
        advance(1)
      case 0x0D, 0x0A:
        if b == 0x0D, position + 1 < bytes.count, bytes[position + 1] == 0x0A { position += 1 }
        position += 1
        line += 1
        column = 1
        fields.append(try string(field, startLine))
        return Record(line: startLine, index: recordIndex, fields: fields)
      default:
        fieldStart = false
        field.append(b)
        advance(1)
      }
    }
    if quoted {
      if let open = quoteOpen, line > open.line { throw strayQuote(open) }
      throw DataError(
        file: name, line: startLine, column: 1,
        message: "a quoted field is not closed before the end of the file",
        help: "the file may be truncated; close the quote or remove the partial last record")
    }
    fields.append(try string(field, startLine))
    return Record(line: startLine, index: recordIndex, fields: fields)
  }

  /// A quote that opened a field and ran over line ends into a malformed close: most likely a
  /// stray quote. The record on the quote's line is rejected and reading resumes on the next
  /// physical line, so the rows the quote swallowed are read, and every line is accounted for.
  mutating func strayQuote(_ open: (position: Int, line: Int, column: Int)) -> DataError {
    position = open.position
    line = open.line
    column = open.column
    skipLine()
    return DataError(
      file: name, line: open.line, column: open.column,
      message:
        "a quote opens a field here and is not closed on this line; the record is rejected and reading goes on with the next line",
      help: "remove the stray quote, or close it and double any quote inside the field (\"\" for \")")
  }

  mutating func advance(_ n: Int) {
    position += n
    column += n
  }

  /// Skips to the start of the next physical line (after a malformed record).
  mutating func skipLine() {
    while position < bytes.count, bytes[position] != 0x0A { position += 1 }
    if position < bytes.count {
      position += 1
      line += 1
      column = 1
    }
  }

  func string(_ bytes: [UInt8], _ line: Int) throws(DataError) -> String {
    guard let s = String(validating: bytes, as: UTF8.self) else {
      throw DataError(
        file: name, line: line, column: 1, message: "the record is not valid UTF-8",
        help: "convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)")
    }
    return s
  }
}

/// Input that could not be read: which file, where, what was wrong and how to fix it.
public struct DataError: Error, Sendable, CustomStringConvertible, Equatable {
  public var file: String
  /// 1-based line (CSV) or row (spreadsheet); 0 when the error concerns the whole file.
  public var line: Int
  public var column: Int
  public var message: String
  public var help: String?

  public init(file: String, line: Int, column: Int, message: String, help: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
    self.help = help
  }

  public var description: String {
    var s = "\(file):\(line):\(column): error: \(message)"
    if let help { s += "\n  help: \(help)" }
    return s
  }
}
