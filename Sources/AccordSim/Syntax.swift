import AccordCore

/// One line inside a fenced block of a literate file, split into tokens.
struct BlockLine: Sendable {
  /// 1-based line number in the file.
  var line: Int
  /// Whether the line starts at column 1 (a declaration) rather than indented (a property).
  var isDeclaration: Bool
  var tokens: [Token]
}

/// A token of a parameter or reform line.
struct Token: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    /// A run of characters other than spaces, quotes, commas and `=`: a name, number or date.
    case atom
    /// A double-quoted string, unescaped.
    case string
    case equals
    case comma
  }

  var kind: Kind
  var text: String
  /// 1-based column of the token's first character.
  var column: Int
}

/// Reads the fenced blocks of a Markdown file: ```` ```params ````, ```` ```reform ````.
enum Blocks {
  /// The lines of every block fenced with ```` ```TAG ````, tokenised; comments (`#` outside
  /// strings) and blank lines dropped. A lexical error (an unterminated string) is a diagnostic.
  static func lines(
    of text: String, tag: String, file: String, diagnostics: inout [Diagnostic]
  ) -> [BlockLine] {
    var out: [BlockLine] = []
    var inside = false
    var insideOther = false
    var number = 0
    for raw in text.textLines() {
      number += 1
      let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
      let trimmed = line.drop(while: { $0 == " " })
      if trimmed.hasPrefix("```") {
        if inside || insideOther {
          if trimmed.allSatisfy({ $0 == "`" }) {
            inside = false
            insideOther = false
          }
        } else if trimmed.dropFirst(3).trimmingSpaces == tag {
          inside = true
        } else {
          insideOther = true
        }
        continue
      }
      guard inside else { continue }
      guard let tokens = tokenize(line, line: number, file: file, diagnostics: &diagnostics) else { continue }
      if tokens.isEmpty { continue }
      out.append(
        BlockLine(line: number, isDeclaration: line.first != " " && line.first != "\t", tokens: tokens))
    }
    return out
  }

  /// Whether the file has at least one block fenced with ```` ```TAG ````.
  static func hasBlock(_ text: String, tag: String) -> Bool {
    for raw in text.textLines() {
      let trimmed = raw.drop(while: { $0 == " " })
      if trimmed.hasPrefix("```"), trimmed.dropFirst(3).trimmingSpaces == tag { return true }
    }
    return false
  }

  static func tokenize(
    _ line: Substring, line number: Int, file: String, diagnostics: inout [Diagnostic]
  ) -> [Token]? {
    var tokens: [Token] = []
    let chars = Array(line)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c == " " || c == "\t" || c == "\r" {
        i += 1
        continue
      }
      if c == "#" { break }
      let column = i + 1
      switch c {
      case "=":
        tokens.append(Token(kind: .equals, text: "=", column: column))
        i += 1
      case ",":
        tokens.append(Token(kind: .comma, text: ",", column: column))
        i += 1
      case "\"":
        var s = ""
        var j = i + 1
        var closed = false
        while j < chars.count {
          if chars[j] == "\\", j + 1 < chars.count {
            s.append(chars[j + 1])
            j += 2
            continue
          }
          if chars[j] == "\"" {
            closed = true
            break
          }
          s.append(chars[j])
          j += 1
        }
        guard closed else {
          diagnostics.append(
            Diagnostic(
              file: file, line: number, column: column, message: "string is not closed",
              help: "end the string with `\"` on the same line"))
          return nil
        }
        tokens.append(Token(kind: .string, text: s, column: column))
        i = j + 1
      default:
        var j = i
        var s = ""
        while j < chars.count, !" \t\r\",=#".contains(chars[j]) {
          s.append(chars[j])
          j += 1
        }
        tokens.append(Token(kind: .atom, text: s, column: column))
        i = j
      }
    }
    return tokens
  }
}

extension Substring {
  var trimmingSpaces: Substring {
    var s = self
    while s.first == " " || s.first == "\t" || s.first == "\r" { s = s.dropFirst() }
    while s.last == " " || s.last == "\t" || s.last == "\r" { s = s.dropLast() }
    return s
  }
}
