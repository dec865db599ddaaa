/// A JSON value that remembers where it stood in its text, so errors in a case file can name
/// the line and column of the offending value.
///
/// Accord reads JSON with this small reader rather than `JSONSerialization` because decisions
/// need positions for their error messages and because batch decisions are bound by JSON
/// parsing speed; Foundation's reader gives neither.
public struct JSONNode: Sendable {
  /// The value.
  public indirect enum Value: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    /// Members in the order they appear.
    case object([(key: String, value: JSONNode)])
  }

  public var value: Value
  /// 1-based line of the value's first character.
  public var line: Int
  /// 1-based column (in bytes) of the value's first character.
  public var column: Int

  /// Creates a value at a position.
  public init(value: Value, line: Int, column: Int) {
    self.value = value
    self.line = line
    self.column = column
  }

  /// The member named `key`, if this is an object that has one.
  public subscript(key: String) -> JSONNode? {
    guard case .object(let members) = value else { return nil }
    return members.first { $0.key == key }?.value
  }

  /// A short name for the kind of value, for error messages.
  public var kindName: String {
    switch value {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}

/// A JSON syntax error with its position.
public struct JSONSyntaxError: Error, Sendable, Equatable {
  public var line: Int
  public var column: Int
  public var message: String
}

/// Parses JSON text into a ``JSONNode`` tree.
///
/// ```swift
/// let node = try JSONReader.parse(#"{"a": [1, true]}"#)
/// ```
/// - Throws: ``JSONSyntaxError`` with the line and column of the first error.
public enum JSONReader {
  static let maximumDepth = 200

  public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
    var bytes = Array(text.utf8)
    bytes.append(0)
    return try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
      var parser = Parser(bytes: buffer, end: buffer.count - 1)
      parser.skipSpace()
      let node = try parser.value(depth: 0)
      parser.skipSpace()
      if parser.index < parser.end { throw parser.error("unexpected text after the JSON value") }
      return node
    }
  }

  struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    var index = 0
    var line = 1
    var lineStart = 0

    init(bytes: UnsafeBufferPointer<UInt8>, end: Int) {
      self.bytes = bytes
      self.end = end
    }

    var column: Int { index - lineStart + 1 }

    func error(_ message: String) -> JSONSyntaxError {
      JSONSyntaxError(line: line, column: column, message: message)
    }

    mutating func skipSpace() {
      while index < end {
        switch bytes[index] {
        case 0x20, 0x09, 0x0D: index += 1
        case 0x0A:
          index += 1
          line += 1
          lineStart = index
        default: return
        }
      }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONNode {
      guard depth < JSONReader.maximumDepth else { throw error("JSON nested too deeply") }
      let (l, c) = (line, column)
      guard index < end else { throw error("unexpected end of input: expected a value") }
      switch bytes[index] {
      case UInt8(ascii: "{"):
        index += 1
        var members: [(key: String, value: JSONNode)] = []
        skipSpace()
        if index < end, bytes[index] == UInt8(ascii: "}") {
          index += 1
          return JSONNode(value: .object(members), line: l, column: c)
        }
        while true {
          skipSpace()
          guard index < end, bytes[index] == UInt8(ascii: "\"") else {
            throw error("expected a quoted member name")
          }
          let key = try string()
          skipSpace()
          guard index < end, bytes[index] == UInt8(ascii: ":") else {
            throw error("expected `:` after a member name")
          }
          index += 1
          skipSpace()
          let v = try value(depth: depth + 1)
          members.append((key, v))
          skipSpace()
          guard index < end else { throw error("unexpected end of input: expected `,` or `}`") }
          if bytes[index] == UInt8(ascii: ",") {
            index += 1
            continue
          }
          if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return JSONNode(value: .object(members), line: l, column: c)
          }
          throw error("expected `,` or `}` in an object")
        }
      case UInt8(ascii: "["):
        index += 1
        var items: [JSONNode] = []
        skipSpace()
        if index < end, bytes[index] == UInt8(ascii: "]") {
          index += 1
          return JSONNode(value: .array(items), line: l, column: c)
        }
        while true {
          skipSpace()
          items.append(try value(depth: depth + 1))
          skipSpace()
          guard index < end else { throw error("unexpected end of input: expected `,` or `]`") }
          if bytes[index] == UInt8(ascii: ",") {
            index += 1
            continue
          }
          if bytes[index] == UInt8(ascii: "]") {
            index += 1
            return JSONNode(value: .array(items), line: l, column: c)
          }
          throw error("expected `,` or `]` in an array")
        }
      case UInt8(ascii: "\""):
        return JSONNode(value: .string(try string()), line: l, column: c)
      case UInt8(ascii: "t"):
        try literal("true")
        return JSONNode(value: .bool(true), line: l, column: c)
      case UInt8(ascii: "f"):
        try literal("false")
        return JSONNode(value: .bool(false), line: l, column: c)
      case UInt8(ascii: "n"):
        try literal("null")
        return JSONNode(value: .null, line: l, column: c)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return JSONNode(value: .number(try number()), line: l, column: c)
      default:
        throw error("unexpected character: expected a JSON value")
      }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
      let n = word.utf8CodeUnitCount
      let p = word.utf8Start
      for i in 0..<n {
        guard index + i < end, bytes[index + i] == p[i] else {
          throw error("invalid literal: expected `\(word)`")
        }
      }
      index += n
    }

    mutating func number() throws(JSONSyntaxError) -> Double {
      let start = index
      if bytes[index] == UInt8(ascii: "-") { index += 1 }
      var digits = 0
      while index < end, (48...57).contains(bytes[index]) {
        index += 1
        digits += 1
      }
      guard digits > 0 else { throw error("invalid number") }
      if index < end, bytes[index] == UInt8(ascii: ".") {
        index += 1
        var fraction = 0
        while index < end, (48...57).contains(bytes[index]) {
          index += 1
          fraction += 1
        }
        guard fraction > 0 else { throw error("invalid number: digits must follow `.`") }
      }
      if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
        index += 1
        if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        var exponent = 0
        while index < end, (48...57).contains(bytes[index]) {
          index += 1
          exponent += 1
        }
        guard exponent > 0 else { throw error("invalid number: digits must follow the exponent") }
      }
      let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
      guard let value = Double(text) else { throw error("invalid number") }
      return value
    }

    mutating func string() throws(JSONSyntaxError) -> String {
      index += 1  // opening quote
      let start = index
      // Fast path: no escapes.
      while index < end {
        let c = bytes[index]
        if c == UInt8(ascii: "\"") {
          let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
          index += 1
          return s
        }
        if c == UInt8(ascii: "\\") || c < 0x20 { break }
        index += 1
      }
      var out = Array(bytes[start..<index])
      while index < end {
        let c = bytes[index]
        if c == UInt8(ascii: "\"") {
          index += 1
          return String(decoding: out, as: UTF8.self)
        }
        if c < 0x20 { throw error("control character in a string: escape it (`\\n`, `\\t`, …)") }
        if c == UInt8(ascii: "\\") {
          index += 1
          guard index < end else { break }
          let e = bytes[index]
          index += 1
          switch e {
          case UInt8(ascii: "\""): out.append(0x22)
          case UInt8(ascii: "\\"): out.append(0x5C)
          case UInt8(ascii: "/"): out.append(0x2F)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
              guard index + 1 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
              else {
                throw error("unpaired surrogate in a `\\u` escape")
              }
              index += 2
              let low = try hex4()
              guard (0xDC00...0xDFFF).contains(low) else {
                throw error("unpaired surrogate in a `\\u` escape")
              }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
              throw error("unpaired surrogate in a `\\u` escape")
            }
            guard let u = Unicode.Scalar(scalar) else { throw error("invalid `\\u` escape") }
            out.append(contentsOf: Array(String(Character(u)).utf8))
          default:
            throw error("invalid escape `\\\(Character(Unicode.Scalar(e)))` in a string")
          }
          continue
        }
        out.append(c)
        index += 1
      }
      throw error("unterminated string")
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
      var v: UInt32 = 0
      for _ in 0..<4 {
        guard index < end else { throw error("invalid `\\u` escape") }
        let c = bytes[index]
        let d: UInt32
        switch c {
        case 48...57: d = UInt32(c - 48)
        case 65...70: d = UInt32(c - 55)
        case 97...102: d = UInt32(c - 87)
        default: throw error("invalid `\\u` escape")
        }
        v = v * 16 + d
        index += 1
      }
      return v
    }
  }
}

/// Builds JSON text with members in the order they are written, for stable, readable output.
///
/// Writes into a byte buffer: decisions are written for every case of a batch, and appending to a
/// `String` piece by piece was the batch path's main cost.
public struct JSONWriter: Sendable {
  private var bytes: [UInt8] = []
  private var needsComma: [Bool] = [false]
  private let pretty: Bool
  private var depth = 0

  /// Creates a writer; `pretty` indents with two spaces.
  public init(pretty: Bool = false) {
    self.pretty = pretty
    bytes.reserveCapacity(1024)
  }

  /// The JSON written so far.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// The JSON written so far, as UTF-8 bytes (no copy into a String).
  public var utf8: [UInt8] { bytes }

  /// Writes a value that is already JSON (compact), e.g. one written once and reused.
  public mutating func rawJSON(_ k: String?, _ json: [UInt8]) {
    key(k)
    bytes.append(contentsOf: json)
  }

  private mutating func raw(_ s: StaticString) {
    s.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  private mutating func separator() {
    if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
    needsComma[needsComma.count - 1] = true
    if pretty, depth > 0 { newline() }
  }

  private mutating func newline() {
    bytes.append(0x0A)
    bytes.append(contentsOf: repeatElement(0x20, count: depth * 2))
  }

  private mutating func key(_ k: String?) {
    separator()
    if let k {
      JSONWriter.appendString(k, to: &bytes)
      if pretty { raw(": ") } else { raw(":") }
    }
  }

  public mutating func beginObject(_ k: String? = nil) {
    key(k)
    bytes.append(UInt8(ascii: "{"))
    depth += 1
    needsComma.append(false)
  }

  public mutating func endObject() { close(UInt8(ascii: "}")) }

  public mutating func beginArray(_ k: String? = nil) {
    key(k)
    bytes.append(UInt8(ascii: "["))
    depth += 1
    needsComma.append(false)
  }

  public mutating func endArray() { close(UInt8(ascii: "]")) }

  private mutating func close(_ bracket: UInt8) {
    let hadItems = needsComma.removeLast()
    depth -= 1
    if pretty, hadItems { newline() }
    bytes.append(bracket)
  }

  public mutating func string(_ k: String?, _ v: String) {
    key(k)
    JSONWriter.appendString(v, to: &bytes)
  }

  public mutating func int(_ k: String?, _ v: Int) {
    key(k)
    bytes.append(contentsOf: String(v).utf8)
  }

  public mutating func double(_ k: String?, _ v: Double) {
    key(k)
    let text = v.isFinite ? (v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)) : "null"
    bytes.append(contentsOf: text.utf8)
  }

  public mutating func bool(_ k: String?, _ v: Bool) {
    key(k)
    if v { raw("true") } else { raw("false") }
  }

  public mutating func null(_ k: String?) {
    key(k)
    raw("null")
  }

  public mutating func stringArray(_ k: String?, _ values: [String]) {
    beginArray(k)
    for v in values { string(nil, v) }
    endArray()
  }

  static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  /// Appends `s` as a quoted JSON string to a byte buffer.
  static func appendString(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { utf8 in
      // Copy the runs that need no escape in one go; most strings are a single run.
      var start = 0
      for (i, b) in utf8.enumerated() where b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 {
        if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
        start = i + 1
        switch b {
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
        case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
        default:
          out.append(contentsOf: [
            UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)],
          ])
        }
      }
      if start < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
    }
    out.append(UInt8(ascii: "\""))
  }
}
