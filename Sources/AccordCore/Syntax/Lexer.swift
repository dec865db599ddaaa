/// One line of an `accord` block, with its position in the file.
struct SourceLine: Sendable {
  var text: Substring
  var line: Int
}

/// Finds the `accord` fenced blocks in a Markdown file.
///
/// Other fenced blocks are skipped whole, so a block that shows law-file syntax inside a
/// ```` ```markdown ```` example is not read as law.
enum MarkdownBlocks {
  struct Block: Sendable {
    var lines: [SourceLine]
    var openingLine: Int
  }

  static func extract(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> [Block] {
    var blocks: [Block] = []
    var current: Block?
    var fence: (char: Character, count: Int)?
    var lineNumber = 0
    for raw in text.textLines() {
      lineNumber += 1
      let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
      let trimmed = line.drop { $0 == " " }
      let indent = line.count - trimmed.count
      if let open = fence {
        // Inside a fence: does this line close it?
        if indent <= 3, let c = trimmed.first, c == open.char {
          let run = trimmed.prefix { $0 == c }.count
          if run >= open.count, trimmed.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" }) {
            if let block = current { blocks.append(block) }
            current = nil
            fence = nil
            continue
          }
        }
        current?.lines.append(SourceLine(text: line, line: lineNumber))
        continue
      }
      guard indent <= 3, let c = trimmed.first, c == "`" || c == "~" else { continue }
      let run = trimmed.prefix { $0 == c }.count
      guard run >= 3 else { continue }
      let info = trimmed.dropFirst(run).trimming(" \t")
      fence = (c, run)
      if info == "accord" {
        current = Block(lines: [], openingLine: lineNumber)
      } else if MarkdownBlocks.looksLikeAccord(info) {
        diagnostics.append(
          Diagnostic(
            file: file, line: lineNumber, column: indent + 1, severity: .warning,
            message: "a fenced block with info string `\(info.prefix(40))` is not read as law",
            help: "only blocks opened with ```accord hold rules; fix the info string if this block is law"))
      }
    }
    if fence != nil, let block = current {
      diagnostics.append(
        Diagnostic(
          file: file, line: block.openingLine, column: 1,
          message: "unterminated `accord` block",
          help: "close the block with a line of three backticks"))
    }
    return blocks
  }
}

extension MarkdownBlocks {
  /// An info string that is probably a mistyped `accord` (`Accord`, `accord rules`, `acord`).
  static func looksLikeAccord(_ info: Substring) -> Bool {
    let word = info.lowercased().prefix { $0 != " " && $0 != "{" }
    if info.lowercased().contains("accord") { return true }
    guard word.count >= 4, word.count <= 8 else { return false }
    // Edit distance to "accord" at most 2.
    let a = Array(word)
    let b = Array("accord")
    var row = Array(0...b.count)
    for i in 1...a.count {
      var previous = row[0]
      row[0] = i
      for j in 1...b.count {
        let keep = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
        previous = keep
      }
    }
    return row[b.count] <= 2
  }
}

extension Substring {
  func trimming(_ set: String) -> Substring {
    var s = self
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return s
  }
}

/// A token of the law language.
struct Token: Sendable, Hashable {
  enum Kind: Sendable, Hashable {
    case word, string, punct
  }
  var kind: Kind
  var text: String
  var location: SourceLocation

  func `is`(_ word: String) -> Bool { kind == .word && text == word }
  func isPunct(_ p: String) -> Bool { kind == .punct && text == p }

  /// How the token reads in an error message.
  var shown: String { kind == .string ? "\"\(text)\"" : text }
}

enum Lexer {
  static func isWordCharacter(_ c: Character) -> Bool {
    c.isLetter || c.isNumber || c == "-" || c == "." || c == "_" || c == "/" || c == "*" || c == "§"
  }

  /// Splits one line into tokens; a `#` outside a string starts a comment.
  static func tokens(_ line: SourceLine, file: String, diagnostics: inout [Diagnostic]) -> [Token] {
    var out: [Token] = []
    let chars = Array(line.text)
    var i = 0
    func location(_ at: Int) -> SourceLocation { SourceLocation(file: file, line: line.line, column: at + 1) }
    while i < chars.count {
      let c = chars[i]
      if c == " " || c == "\t" {
        i += 1
        continue
      }
      if c == "#" { break }
      if c == "\"" {
        let start = i
        i += 1
        var s = ""
        var closed = false
        while i < chars.count {
          let d = chars[i]
          if d == "\\", i + 1 < chars.count {
            s.append(chars[i + 1])
            i += 2
            continue
          }
          if d == "\"" {
            closed = true
            i += 1
            break
          }
          s.append(d)
          i += 1
        }
        if !closed {
          diagnostics.append(
            Diagnostic(
              file: file, line: line.line, column: start + 1, message: "unterminated string",
              help: "close the string with `\"` on the same line"))
        }
        out.append(Token(kind: .string, text: s, location: location(start)))
        continue
      }
      if c == "!", i + 1 < chars.count, chars[i + 1] == "=" {
        out.append(Token(kind: .punct, text: "!=", location: location(i)))
        i += 2
        continue
      }
      if "()[],=".contains(c) {
        out.append(Token(kind: .punct, text: String(c), location: location(i)))
        i += 1
        continue
      }
      if c == ":" {
        out.append(Token(kind: .punct, text: ":", location: location(i)))
        i += 1
        continue
      }
      if isWordCharacter(c) {
        let start = i
        var w = ""
        while i < chars.count {
          let d = chars[i]
          if isWordCharacter(d) {
            w.append(d)
            i += 1
          } else if d == ":", i + 1 < chars.count, isWordCharacter(chars[i + 1]), !w.isEmpty {
            // `US-NJ:violent-or-serious` is one word; `label:` ends the word.
            w.append(d)
            i += 1
          } else {
            break
          }
        }
        out.append(Token(kind: .word, text: w, location: location(start)))
        continue
      }
      // One diagnostic for a run of unexpected characters (a pasted binary line is one error).
      let start = i
      while i < chars.count, !isWordCharacter(chars[i]), !" \t\"()[],=:!#".contains(chars[i]) { i += 1 }
      if i == start { i += 1 }
      let run = i - start
      diagnostics.append(
        Diagnostic(
          file: file, line: line.line, column: start + 1,
          message: run == 1
            ? "unexpected character `\(c)`" : "\(run) unexpected characters starting with `\(c)`",
          help: "law code uses words, \"strings\", dates, numbers and ( ) [ ] , = != :"))
    }
    return out
  }
}
