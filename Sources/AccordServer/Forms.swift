import Foundation

/// Fields of a query string or an `application/x-www-form-urlencoded` body (`+` is a space,
/// `%XX` a byte); a repeated name keeps every value.
struct FormData: Sendable {
  var fields: [(name: String, value: String)] = []

  init(query: String?) {
    guard let query else { return }
    for pair in query.split(separator: "&") {
      let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = Self.decode(kv[0])
      guard !name.isEmpty else { continue }
      fields.append((name, kv.count > 1 ? Self.decode(kv[1]) : ""))
    }
  }

  /// The first value of `name`, if any.
  subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

  /// Every value of `name`.
  func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

  static func decode(_ s: Substring) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(s.utf8.count)
    var it = Array(s.utf8)[...]
    while let b = it.popFirst() {
      if b == UInt8(ascii: "+") {
        bytes.append(0x20)
      } else if b == UInt8(ascii: "%"), it.count >= 2,
        let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(v)
        it = it.dropFirst(2)
      } else {
        bytes.append(b)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Percent-encodes a value for a URL's query.
  static func encode(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: ":"):
        out.append(Character(Unicode.Scalar(b)))
      default:
        out += "%" + hex([b]).uppercased()
      }
    }
    return out
  }
}

/// One part of a `multipart/form-data` body.
struct FormPart: Sendable {
  var name: String
  var filename: String?
  var contentType: String?
  var data: [UInt8]
}

enum Multipart {
  /// The boundary of a `multipart/form-data; boundary=…` content type.
  static func boundary(contentType: String?) -> String? {
    guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
    for param in contentType.split(separator: ";").dropFirst() {
      let kv = param.split(separator: "=", maxSplits: 1)
      guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
        continue
      }
      var b = kv[1].trimmingCharacters(in: .whitespaces)
      if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = String(b.dropFirst().dropLast()) }
      return b.isEmpty || b.utf8.count > 200 ? nil : b
    }
    return nil
  }

  /// The parts of a body, or nil if it is not well-formed.
  static func parse(_ body: [UInt8], boundary: String) -> [FormPart]? {
    let delimiter = Array(("--" + boundary).utf8)
    guard var start = find(delimiter, in: body, from: 0) else { return nil }
    var parts: [FormPart] = []
    while true {
      var i = start + delimiter.count
      // `--` after the delimiter closes the body.
      if i + 1 < body.count, body[i] == UInt8(ascii: "-"), body[i + 1] == UInt8(ascii: "-") { return parts }
      guard i + 1 < body.count, body[i] == 0x0D, body[i + 1] == 0x0A else { return nil }
      i += 2
      guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: i) else { return nil }
      let headers = String(decoding: body[i..<headerEnd], as: UTF8.self)
      let contentStart = headerEnd + 4
      guard let next = find([0x0D, 0x0A] + delimiter, in: body, from: contentStart) else { return nil }
      var part = FormPart(name: "", data: Array(body[contentStart..<next]))
      for line in headers.split(separator: "\r\n") {
        let kv = line.split(separator: ":", maxSplits: 1)
        guard kv.count == 2 else { continue }
        let key = kv[0].lowercased()
        let value = kv[1].trimmingCharacters(in: .whitespaces)
        if key == "content-type" { part.contentType = value }
        if key == "content-disposition" {
          for p in value.split(separator: ";").dropFirst() {
            let pkv = p.split(separator: "=", maxSplits: 1)
            guard pkv.count == 2 else { continue }
            var v = pkv[1].trimmingCharacters(in: .whitespaces)
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            switch pkv[0].trimmingCharacters(in: .whitespaces).lowercased() {
            case "name": part.name = v
            case "filename": part.filename = v
            default: break
            }
          }
        }
      }
      parts.append(part)
      start = next + 2
    }
  }

  /// The first index of `needle` in `haystack` at or after `from`.
  static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    let first = needle[0]
    var i = from
    let last = haystack.count - needle.count
    while i <= last {
      if haystack[i] == first {
        var j = 1
        while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
        if j == needle.count { return i }
      }
      i += 1
    }
    return nil
  }
}

/// The value of a cookie in a `Cookie` header.
func cookie(_ name: String, in header: String?) -> String? {
  guard let header else { return nil }
  for pair in header.split(separator: ";") {
    let kv = pair.split(separator: "=", maxSplits: 1)
    if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == name {
      return kv[1].trimmingCharacters(in: .whitespaces)
    }
  }
  return nil
}
