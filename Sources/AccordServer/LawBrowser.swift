import AccordAudit
import AccordCore
import Foundation
import Hummingbird

/// The law browser: every literate law file rendered, its `accord` blocks shown as code with an
/// anchor on every line (`#L97`) and on every rule (`#rule-LABEL`), so every citation's `source`
/// has a page to land on.
func addLawRoutes(_ router: Router<BasicRequestContext>, _ state: ServerState) {
  router.get("/law") { _, _ in Response.html(Pages.page("Law", LawBrowser.index(state))) }
  router.get("/law/**") { _, context in
    let path = context.parameters.getCatchAll().joined(separator: "/")
    guard let text = state.lawTexts[path] else {
      throw APIError(
        .notFound, "no law file `\(path)` in the library", help: "the law browser lists every file")
    }
    return Response.html(Pages.page(path, LawBrowser.file(path, text, state)))
  }
}

enum LawBrowser {
  static func index(_ state: ServerState) -> String {
    let e = HTML.escape
    let engine = state.engine
    var h =
      "<h1>The law library</h1><p>Law version <code>\(e(engine.version))</code>: \(engine.files.count) law files, \(engine.places.count) places, \(engine.ruleCount) rules. Each file is the law's text with its rules right under the clause they encode; the source each was encoded from, its completeness and its gaps are listed with it.</p>"
    h +=
      "<table><tr><th>place</th><th>law file</th><th>completeness</th><th>in force</th><th>rules</th><th>gaps</th></tr>"
    for p in engine.places {
      if p.files.isEmpty {
        h +=
          "<tr><td><code>\(e(p.id))</code> \(e(p.name))</td><td colspan=5 class=note>no law of its own: \(engine.chain(for: p.id).dropLast().map { "<code>\(e($0))</code>" }.joined(separator: ", ")) applies</td></tr>"
      }
      for i in p.files {
        let f = engine.files[i]
        h +=
          "<tr><td><code>\(e(p.id))</code> \(e(p.name))</td><td><a href=\"/law/\(e(f.path))\">\(e(f.title))</a><br><span class=note>source: <a href=\"/law/sources/\(e(f.source))\">\(e(f.source))</a></span></td><td>\(f.completeness.rawValue)</td><td>\(f.effective)\(f.until.map { " – \($0)" } ?? " –")</td><td class=n>\(f.ruleCount)</td><td>\(f.gaps.map(e).joined(separator: "<br>"))</td></tr>"
      }
    }
    h += "</table><h2>Other files</h2><ul>"
    let lawPaths = Set(engine.files.map(\.path))
    for path in state.lawTexts.keys.sorted() where !lawPaths.contains(path) {
      h += "<li><a href=\"/law/\(e(path))\">\(e(path))</a></li>"
    }
    return h + "</ul>"
  }

  static func file(_ path: String, _ text: String, _ state: ServerState) -> String {
    let e = HTML.escape
    var h = "<p class=note><a href=\"/law\">Law</a> / <code>law/\(e(path))</code>"
    if let f = state.engine.files.first(where: { $0.path == path }) {
      h +=
        " — \(e(f.place)), \(f.completeness.rawValue) source (<a href=\"/law/sources/\(e(f.source))\">\(e(f.source))</a>), verified \(f.verified), in force \(f.effective)\(f.until.map { " – \($0)" } ?? " –")"
    }
    h += "</p>"
    return h + render(text)
  }

  // MARK: Markdown

  /// Renders the Markdown of a law file: headings, paragraphs, block quotes, lists, tables and
  /// fenced code; `accord` blocks with their keywords marked and an anchor on each rule.
  static func render(_ text: String) -> String {
    let lines = text.textLines().map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    var out = ""
    var i = 0
    func anchor(_ n: Int) -> String { "<span id=\"L\(n + 1)\"></span>" }
    while i < lines.count {
      let line = lines[i]
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("```") {
        let lang = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
        var j = i + 1
        var code = ""
        while j < lines.count, !lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("```") {
          code +=
            lang == "accord"
            ? accordLine(lines[j], j + 1)
            : "<span class=line id=\"L\(j + 1)\">\(HTML.escape(lines[j]))</span>\n"
          j += 1
        }
        out += "<pre class=\"\(lang == "accord" ? "accord" : "code")\">\(code)</pre>\n"
        i = j + 1
        continue
      }
      if trimmed.isEmpty {
        i += 1
        continue
      }
      if let level = headingLevel(trimmed) {
        let title = trimmed.dropFirst(level).trimmingCharacters(in: .whitespaces)
        out += "<h\(level) id=\"L\(i + 1)\">\(inline(title))</h\(level)>\n"
        i += 1
        continue
      }
      if trimmed.hasPrefix(">") {
        var inner: [String] = []
        var anchors = ""
        while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(">") {
          anchors += anchor(i)
          inner.append(String(lines[i].trimmingCharacters(in: .whitespaces).dropFirst()))
          i += 1
        }
        out +=
          "<blockquote>\(anchors)"
          + render(inner.joined(separator: "\n")).replacingOccurrences(of: " id=\"L", with: " data-line=\"L")
          + "</blockquote>\n"
        continue
      }
      if trimmed.hasPrefix("|") {
        var rows: [[String]] = []
        var anchors = ""
        while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("|") {
          anchors += anchor(i)
          let cells = lines[i].trimmingCharacters(in: .whitespaces).dropFirst().split(
            separator: "|", omittingEmptySubsequences: false
          ).map { $0.trimmingCharacters(in: .whitespaces) }
          rows.append(cells.last == "" ? Array(cells.dropLast()) : cells)
          i += 1
        }
        out += anchors + "<table>"
        for (n, row) in rows.enumerated() {
          if row.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" } && !$0.isEmpty }) { continue }
          let tag = n == 0 ? "th" : "td"
          out += "<tr>" + row.map { "<\(tag)>\(inline($0))</\(tag)>" }.joined() + "</tr>"
        }
        out += "</table>\n"
        continue
      }
      if let (ordered, _) = listItem(trimmed) {
        let tag = ordered ? "ol" : "ul"
        out += "<\(tag)>"
        while i < lines.count {
          let t = lines[i].trimmingCharacters(in: .whitespaces)
          guard let (_, content) = listItem(t) else { break }
          var item = anchor(i) + inline(content)
          i += 1
          // Continuation lines: indented, not a new item.
          while i < lines.count, lines[i].hasPrefix("  "),
            listItem(lines[i].trimmingCharacters(in: .whitespaces)) == nil,
            !lines[i].trimmingCharacters(in: .whitespaces).isEmpty
          {
            item += " " + anchor(i) + inline(lines[i].trimmingCharacters(in: .whitespaces))
            i += 1
          }
          out += "<li>\(item)</li>"
        }
        out += "</\(tag)>\n"
        continue
      }
      var paragraph = ""
      while i < lines.count {
        let t = lines[i].trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t.hasPrefix("```") || t.hasPrefix(">") || t.hasPrefix("|") || headingLevel(t) != nil {
          break
        }
        if !paragraph.isEmpty, listItem(t) != nil { break }
        paragraph += (paragraph.isEmpty ? "" : "\n") + anchor(i) + inline(t)
        i += 1
      }
      out += "<p>\(paragraph)</p>\n"
    }
    return out
  }

  static func headingLevel(_ s: String) -> Int? {
    let hashes = s.prefix { $0 == "#" }.count
    guard (1...6).contains(hashes), s.dropFirst(hashes).first == " " else { return nil }
    return hashes
  }

  /// `- item`, `* item` or `1. item`: whether ordered, and the content.
  static func listItem(_ s: String) -> (Bool, String)? {
    if s.hasPrefix("- ") || s.hasPrefix("* ") { return (false, String(s.dropFirst(2))) }
    let digits = s.prefix { $0.isNumber }
    if !digits.isEmpty, digits.count < 4, s.dropFirst(digits.count).hasPrefix(". ") {
      return (true, String(s.dropFirst(digits.count + 2)))
    }
    return nil
  }

  static let keywords: Set<String> = [
    "rule", "law", "place", "offenses", "parameter", "exception", "to", "cite", "when", "and", "or", "not",
    "any",
    "all", "where", "is", "note", "title", "source", "completeness", "verified", "effective", "until", "gap",
    "name", "level", "parent", "preempts", "lower", "complete", "profile", "within", "category", "scope",
  ]
  static let statuses: Set<String> = ["required", "permitted", "prohibited"]

  /// One line of an `accord` block: keywords and statuses marked, strings coloured, and on a
  /// `rule LABEL:` line the rule's own anchor.
  static func accordLine(_ line: String, _ number: Int) -> String {
    var html = ""
    var word = ""
    var inString = false
    func flush() {
      guard !word.isEmpty else { return }
      let wordHTML = HTML.escape(word)
      if keywords.contains(word) {
        html += "<span class=kw>\(wordHTML)</span>"
      } else if statuses.contains(word) {
        html += "<span class=status>\(wordHTML)</span>"
      } else {
        html += wordHTML
      }
      word = ""
    }
    var stringText = ""
    var escaped = false
    for ch in line {
      if inString {
        stringText.append(ch)
        if escaped {
          escaped = false
        } else if ch == "\\" {
          escaped = true
        } else if ch == "\"" {
          html += "<span class=str>\(HTML.escape(stringText))</span>"
          stringText = ""
          inString = false
        }
        continue
      }
      if ch == "\"" {
        flush()
        inString = true
        stringText = "\""
      } else if ch.isLetter || ch == "-" || ch == "_" {
        word.append(ch)
      } else {
        flush()
        html += HTML.escape(String(ch))
      }
    }
    flush()
    if inString { html += HTML.escape(stringText) }
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("rule "), let colon = trimmed.firstIndex(of: ":") {
      let label = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 5)..<colon].trimmingCharacters(
        in: .whitespaces)
      return
        "<span class=\"line rule\" id=\"rule-\(HTML.escape(label))\"><span id=\"L\(number)\"></span>\(html)</span>\n"
    }
    return "<span class=line id=\"L\(number)\">\(html)</span>\n"
  }

  /// Inline Markdown: `code`, **bold**, *italic* and [links](…) on escaped text.
  static func inline(_ s: String) -> String {
    var out = ""
    var rest = Substring(s)
    while let ch = rest.first {
      if ch == "`", let end = rest.dropFirst().firstIndex(of: "`") {
        out += "<code>\(HTML.escape(String(rest[rest.index(after: rest.startIndex)..<end])))</code>"
        rest = rest[rest.index(after: end)...]
      } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
        out += "<b>\(inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])))</b>"
        rest = rest[end.upperBound...]
      } else if ch == "*", rest.dropFirst().first.map({ !$0.isWhitespace }) == true,
        let end = rest.dropFirst().firstIndex(of: "*")
      {
        out += "<i>\(inline(String(rest[rest.index(after: rest.startIndex)..<end])))</i>"
        rest = rest[rest.index(after: end)...]
      } else if ch == "[", let close = rest.firstIndex(of: "]"), rest[close...].dropFirst().first == "(",
        let paren = rest[close...].firstIndex(of: ")")
      {
        let label = String(rest[rest.index(after: rest.startIndex)..<close])
        let target = String(rest[rest.index(close, offsetBy: 2)..<paren])
        out += "<a href=\"\(HTML.escape(link(target)))\">\(inline(label))</a>"
        rest = rest[rest.index(after: paren)...]
      } else {
        out += HTML.escape(String(ch))
        rest = rest.dropFirst()
      }
    }
    return out
  }

  /// A link in a law file: library paths go to the browser, web addresses stay, anything else is
  /// dropped to `#`.
  static func link(_ target: String) -> String {
    if target.hasPrefix("https://") || target.hasPrefix("http://") || target.hasPrefix("#") { return target }
    var t = target
    while t.hasPrefix("../") { t = String(t.dropFirst(3)) }
    if t.hasPrefix("law/") { t = String(t.dropFirst(4)) }
    if t.hasSuffix(".md") || t.contains(".md#") { return "/law/" + t }
    return "#"
  }
}
