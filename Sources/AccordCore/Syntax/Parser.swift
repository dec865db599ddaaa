/// Turns the `accord` blocks of one Markdown law file into declarations.
///
/// The parser recovers at declaration boundaries: one bad rule produces a diagnostic and the
/// rest of the file is still read, so `accord check` reports every problem at once.
enum Parser {
  static let declarationKeywords = ["law", "place", "parameter", "offenses", "rule", "coverage"]

  static func parse(path: String, text: String) -> (ParsedFile, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    var file = ParsedFile(path: path)
    let blocks = MarkdownBlocks.extract(text, file: path, diagnostics: &diagnostics)
    file.blockCount = blocks.count
    for block in blocks {
      for declaration in declarations(in: block, path: path, diagnostics: &diagnostics) {
        var d = DeclarationParser(path: path, lines: declaration)
        d.parse(into: &file)
        diagnostics += d.diagnostics
      }
    }
    // A file is reported in full up to a point; past it the rest would only bury the first errors.
    if diagnostics.count > Parser.maxDiagnosticsPerFile {
      let more = diagnostics.count - Parser.maxDiagnosticsPerFile
      diagnostics.removeLast(more)
      diagnostics.append(
        Diagnostic(
          file: path, line: diagnostics.last?.line ?? 1, column: 1,
          message: "\(more) further problems in this file are not shown",
          help: "fix the ones above and check again"))
    }
    return (file, diagnostics)
  }

  static let maxDiagnosticsPerFile = 100

  /// Splits a block into declarations: each starts with an unindented line.
  static func declarations(
    in block: MarkdownBlocks.Block, path: String, diagnostics: inout [Diagnostic]
  ) -> [[[Token]]] {
    var result: [[[Token]]] = []
    for line in block.lines {
      let tokens = Lexer.tokens(line, file: path, diagnostics: &diagnostics)
      guard let first = tokens.first else { continue }
      let indented = line.text.first == " " || line.text.first == "\t"
      if !indented {
        result.append([tokens])
      } else if result.isEmpty {
        diagnostics.append(
          Diagnostic(
            file: path, line: first.location.line, column: first.location.column,
            message: "indented line `\(first.shown)` outside a declaration",
            help: "start a declaration (law, place, parameter, offenses, rule, coverage) at column 1 first"))
      } else {
        result[result.count - 1].append(tokens)
      }
    }
    return result
  }
}

struct ParseFailure: Error {
  var diagnostic: Diagnostic
}

/// Parses one declaration: its header line and its property lines.
struct DeclarationParser {
  let path: String
  var lines: [[Token]]
  var diagnostics: [Diagnostic] = []

  init(path: String, lines: [[Token]]) {
    self.path = path
    self.lines = lines
  }

  func failure(_ token: Token?, _ message: String, help: String? = nil, fallback: SourceLocation? = nil)
    -> ParseFailure
  {
    let location = token?.location ?? fallback ?? SourceLocation(file: path, line: 0, column: 0)
    return ParseFailure(
      diagnostic: Diagnostic(
        file: path, line: location.line, column: location.column, message: message, help: help))
  }

  mutating func report(_ f: ParseFailure) { diagnostics.append(f.diagnostic) }

  mutating func parse(into file: inout ParsedFile) {
    let header = lines[0]
    let keyword = header[0]
    do {
      switch keyword.text {
      case "law" where keyword.kind == .word: try parseLaw(header, into: &file)
      case "place" where keyword.kind == .word: file.places.append(try parsePlace(header))
      case "parameter" where keyword.kind == .word: file.parameters.append(try parseParameter(header))
      case "offenses" where keyword.kind == .word: file.offenses.append(try parseOffenses(header))
      case "rule" where keyword.kind == .word: file.rules.append(try parseRule(header))
      case "coverage" where keyword.kind == .word: file.coverage.append(try parseCoverage(header))
      default:
        throw failure(
          keyword, "unknown declaration `\(keyword.shown)`",
          help:
            "declarations start with law, place, parameter, offenses, rule or coverage; indent property lines"
        )
      }
    } catch let f as ParseFailure {
      report(f)
    } catch {}
  }

  // MARK: Helpers

  /// The single word after a keyword on a header line (`law US-NJ`).
  func word(_ tokens: [Token], at index: Int, what: String, help: String? = nil) throws -> Located<String> {
    guard index < tokens.count else {
      throw failure(tokens.last, "expected \(what) after `\(tokens.last?.shown ?? "")`", help: help)
    }
    let t = tokens[index]
    guard t.kind == .word else { throw failure(t, "expected \(what), found `\(t.shown)`", help: help) }
    return Located(value: t.text, location: t.location)
  }

  func string(_ tokens: [Token], what: String) throws -> String {
    guard tokens.count >= 2, tokens[1].kind == .string else {
      throw failure(
        tokens.count >= 2 ? tokens[1] : tokens[0], "`\(tokens[0].text)` needs \(what) in double quotes",
        help: "write \(tokens[0].text) \"…\"")
    }
    try end(tokens, after: 2)
    return tokens[1].text
  }

  func single(_ tokens: [Token], what: String) throws -> Located<String> {
    let w = try word(tokens, at: 1, what: what)
    try end(tokens, after: 2)
    return w
  }

  func end(_ tokens: [Token], after count: Int) throws {
    if tokens.count > count {
      throw failure(
        tokens[count], "unexpected `\(tokens[count].shown)` after `\(tokens[0].text)`",
        help: "one property per line")
    }
  }

  /// Property lines, with continuation lines merged into the property they continue.
  mutating func properties(keywords: Set<String>, continuable: Set<String>) -> [[Token]] {
    var result: [[Token]] = []
    for line in lines.dropFirst() {
      let first = line[0]
      if first.kind == .word, keywords.contains(first.text) {
        result.append(line)
      } else if let last = result.last, continuable.contains(last[0].text) {
        result[result.count - 1] += line
      } else if first.kind == .string, keywords.contains("\"") {
        result.append(line)
      } else {
        report(
          failure(
            first, "unknown property `\(first.shown)`",
            help: "properties here are \(keywords.subtracting(["\""]).sorted().joined(separator: ", "))"))
      }
    }
    return result
  }

  // MARK: Declarations

  mutating func parseLaw(_ header: [Token], into file: inout ParsedFile) throws {
    let place = try single(header, what: "a place ID such as `US-NJ`")
    if file.header != nil {
      throw failure(
        header[0], "a second `law` header in one file",
        help: "each law file has one `law` header; split the file")
    }
    var decl = LawHeaderDecl(place: place, location: header[0].location)
    let keys: Set<String> = [
      "title", "source", "completeness", "verified", "effective", "until", "gap", "scope",
    ]
    for p in properties(keywords: keys, continuable: []) {
      do {
        switch p[0].text {
        case "title": decl.title = try string(p, what: "a title")
        case "source":
          let s = try string(p, what: "a file name under law/sources/")
          decl.source = Located(value: s, location: p[1].location)
        case "completeness": decl.completeness = try single(p, what: "verbatim, partial or summary")
        case "verified": decl.verified = try single(p, what: "a date YYYY-MM-DD")
        case "effective": decl.effective = try single(p, what: "a date YYYY-MM-DD")
        case "until": decl.until = try single(p, what: "a date YYYY-MM-DD")
        case "gap": decl.gaps.append(try string(p, what: "a description of the gap"))
        case "scope": decl.scope = try single(p, what: "this-place or and-below")
        default: break
        }
      } catch let f as ParseFailure { report(f) }
    }
    file.header = decl
  }

  mutating func parsePlace(_ header: [Token]) throws -> PlaceDecl {
    var decl = PlaceDecl(
      id: try single(header, what: "a place ID such as `US-NJ/essex-county`"), location: header[0].location)
    for p in properties(keywords: ["name", "level", "parent"], continuable: []) {
      do {
        switch p[0].text {
        case "name": decl.name = try string(p, what: "a name")
        case "level": decl.level = try single(p, what: "federal, state, county or city")
        case "parent": decl.parent = try single(p, what: "a place ID")
        default: break
        }
      } catch let f as ParseFailure { report(f) }
    }
    return decl
  }

  mutating func parseParameter(_ header: [Token]) throws -> ParameterDecl {
    let name = try word(header, at: 1, what: "a parameter name")
    guard header.count > 2, header[2].isPunct("=") else {
      throw failure(
        header.count > 2 ? header[2] : header[1], "expected `=` after the parameter name",
        help: "write `parameter lookback = 5 years`")
    }
    guard header.count > 3, header[3].kind == .word, let amount = Int(header[3].text), amount >= 0,
      amount < 100_000
    else {
      throw failure(
        header.count > 3 ? header[3] : header[2], "expected a whole number after `=`",
        help: "write `parameter lookback = 5 years`")
    }
    var unit: DurationUnit?
    if header.count > 4 {
      guard header[4].kind == .word, let u = DurationUnit(rawValue: header[4].text) else {
        throw failure(
          header[4], "unknown unit `\(header[4].shown)`", help: "units are years, months, days, hours")
      }
      unit = u
      try end(header, after: 5)
    }
    var decl = ParameterDecl(name: name, amount: amount, unit: unit, location: header[0].location)
    for p in properties(keywords: ["cite", "effective", "until", "note"], continuable: []) {
      do {
        switch p[0].text {
        case "cite": decl.cite = try string(p, what: "a citation")
        case "effective": decl.effective = try single(p, what: "a date YYYY-MM-DD")
        case "until": decl.until = try single(p, what: "a date YYYY-MM-DD")
        case "note": decl.note = try string(p, what: "a note")
        default: break
        }
      } catch let f as ParseFailure { report(f) }
    }
    return decl
  }

  mutating func parseOffenses(_ header: [Token]) throws -> OffensesDecl {
    var decl = OffensesDecl(name: try single(header, what: "a list name"), location: header[0].location)
    let keys: Set<String> = ["cite", "complete", "codes", "gap", "note", "profile", "\""]
    for p in properties(keywords: keys, continuable: []) {
      do {
        if p[0].kind == .string {
          guard p.count <= 2, p.count == 1 || p[1].kind == .string else {
            throw failure(
              p[1], "an offense entry is a citation and an optional description, both in quotes",
              help: "write \"NJ 2C:11-3\" \"Murder\"")
          }
          let citation = Substring(p[0].text).trimming(" ")
          guard !citation.isEmpty else { throw failure(p[0], "empty offense citation") }
          decl.entries.append(
            .init(
              citation: String(citation), description: p.count == 2 ? p[1].text : nil, location: p[0].location
            ))
          continue
        }
        switch p[0].text {
        case "cite": decl.cite = try string(p, what: "a citation")
        case "complete": decl.complete = try single(p, what: "yes or no")
        case "codes":
          guard p.count > 1, p.dropFirst().allSatisfy({ $0.kind == .string }) else {
            throw failure(
              p.count > 1 ? p[1] : p[0], "`codes` needs one or more quoted citation prefixes",
              help: "write codes \"NJ 2C\"")
          }
          decl.codes += p.dropFirst().map(\.text)
        case "gap": decl.gaps.append(try string(p, what: "a description of the gap"))
        case "note": _ = try string(p, what: "a note")
        case "profile": decl.profiles.append(try single(p, what: "a reference profile name"))
        default: break
        }
      } catch let f as ParseFailure { report(f) }
    }
    return decl
  }

  mutating func parseRule(_ header: [Token]) throws -> RuleDecl {
    let label = try word(header, at: 1, what: "a rule label such as `us-nj.itd.hold.default`")
    let shape = "write `rule LABEL: ACTION is STATUS`"
    guard header.count > 2, header[2].isPunct(":") else {
      throw failure(
        header.count > 2 ? header[2] : header[1], "expected `:` after the rule label", help: shape)
    }
    let action = try word(header, at: 3, what: "an action", help: shape)
    guard header.count > 4, header[4].is("is") else {
      throw failure(header.count > 4 ? header[4] : header[3], "expected `is` after the action", help: shape)
    }
    let status = try word(header, at: 5, what: "a status (required, permitted or prohibited)", help: shape)
    try end(header, after: 6)
    var decl = RuleDecl(label: label, action: action, status: status, location: header[0].location)
    let keys: Set<String> = ["cite", "when", "exception", "preempts", "effective", "until", "note"]
    for p in properties(keywords: keys, continuable: ["when"]) {
      do {
        switch p[0].text {
        case "cite": decl.cite = try string(p, what: "a citation")
        case "note": decl.note = try string(p, what: "a note")
        case "effective": decl.effective = try single(p, what: "a date YYYY-MM-DD")
        case "until": decl.until = try single(p, what: "a date YYYY-MM-DD")
        case "exception":
          guard p.count > 1, p[1].is("to") else {
            throw failure(
              p.count > 1 ? p[1] : p[0], "expected `to` after `exception`",
              help: "write `exception to LABEL`")
          }
          decl.exceptionTo = try word(p, at: 2, what: "the label of the rule this is an exception to")
          try end(p, after: 3)
        case "preempts":
          guard p.count == 2, p[1].is("lower") else {
            throw failure(
              p.count > 1 ? p[1] : p[0], "expected `preempts lower`", help: "write `preempts lower`")
          }
          decl.preempts = true
        case "when":
          guard p.count > 1 else {
            throw failure(p[0], "`when` needs a condition", help: "write `when ice.warrant = judicial`")
          }
          var e = ExpressionParser(tokens: Array(p.dropFirst()), path: path)
          let expr = try e.parseAll()
          decl.condition = expr
        default: break
        }
      } catch let f as ParseFailure { report(f) }
    }
    return decl
  }
}

extension DeclarationParser {
  static let periodShape =
    "write `period encoded|researched|none|unresearched from YYYY-MM-DD [until YYYY-MM-DD] [source \"FILE\"] [verified YYYY-MM-DD] [actions ACTION …]`"
  static let knownShape =
    "write `known \"CITATION\" limits|requires|mixed from YYYY-MM-DD [until YYYY-MM-DD] encoded|not-encoded source \"FILE\" [actions ACTION …] [agencies KIND …] [governments state|county|city …]`"

  /// A `coverage PLACE` ledger entry: `period` and `known` lines, each of which may run on over
  /// indented continuation lines.
  mutating func parseCoverage(_ header: [Token]) throws -> CoverageDecl {
    var decl = CoverageDecl(
      place: try single(header, what: "a place ID such as `US-OR`"), location: header[0].location)
    for p in properties(keywords: ["period", "known", "note"], continuable: ["period", "known"]) {
      do {
        switch p[0].text {
        case "period": decl.periods.append(try parsePeriod(p))
        case "known": decl.known.append(try parseKnown(p))
        case "note": _ = try string(p, what: "a note")
        default: break
        }
      } catch let f as ParseFailure { report(f) }
    }
    return decl
  }

  /// The date word after `from`, `until` or `verified`, at most once.
  func dateWord(_ p: [Token], _ i: Int, _ slot: Located<String>?, shape: String) throws -> Located<String> {
    if slot != nil { throw failure(p[i], "`\(p[i].text)` given twice", help: shape) }
    return try word(p, at: i + 1, what: "a date YYYY-MM-DD after `\(p[i].text)`", help: shape)
  }

  /// The quoted file name after `source`, at most once.
  func sourceString(_ p: [Token], _ i: Int, _ slot: Located<String>?, shape: String) throws -> Located<String>
  {
    if slot != nil { throw failure(p[i], "`source` given twice", help: shape) }
    guard i + 1 < p.count, p[i + 1].kind == .string else {
      throw failure(
        i + 1 < p.count ? p[i + 1] : p[i], "`source` needs a file name in double quotes", help: shape)
    }
    return Located(value: p[i + 1].text, location: p[i + 1].location)
  }

  /// The words after `actions` or `agencies` (commas allowed), up to the next keyword; `i` is
  /// left on that keyword.
  func wordList(_ p: [Token], _ i: inout Int, until keywords: Set<String>, what: String, _ shape: String)
    throws
    -> [Located<String>]
  {
    let keyword = p[i]
    i += 1
    var out: [Located<String>] = []
    while i < p.count, !(p[i].kind == .word && keywords.contains(p[i].text)) {
      if p[i].isPunct(",") {
        i += 1
        continue
      }
      guard p[i].kind == .word else {
        throw failure(p[i], "expected an \(what), found `\(p[i].shown)`", help: shape)
      }
      out.append(Located(value: p[i].text, location: p[i].location))
      i += 1
    }
    if out.isEmpty { throw failure(keyword, "`\(keyword.text)` needs one or more \(what)s", help: shape) }
    return out
  }

  func parsePeriod(_ p: [Token]) throws -> CoverageDecl.Period {
    let shape = DeclarationParser.periodShape
    var period = CoverageDecl.Period(
      status: try word(p, at: 1, what: "a status (encoded, researched, none or unresearched)", help: shape),
      location: p[0].location)
    var i = 2
    while i < p.count {
      let t = p[i]
      guard t.kind == .word else { throw failure(t, "unexpected `\(t.shown)` in a period", help: shape) }
      switch t.text {
      case "from": period.from = try dateWord(p, i, period.from, shape: shape)
      case "until": period.until = try dateWord(p, i, period.until, shape: shape)
      case "verified": period.verified = try dateWord(p, i, period.verified, shape: shape)
      case "source": period.source = try sourceString(p, i, period.source, shape: shape)
      case "actions":
        period.actions = try wordList(
          p, &i, until: ["from", "until", "verified", "source"], what: "action", shape)
        continue
      default: throw failure(t, "unknown word `\(t.shown)` in a period", help: shape)
      }
      i += 2
    }
    return period
  }

  func parseKnown(_ p: [Token]) throws -> CoverageDecl.Known {
    let shape = DeclarationParser.knownShape
    guard p.count > 1, p[1].kind == .string, !p[1].text.isEmpty else {
      throw failure(
        p.count > 1 ? p[1] : p[0], "`known` needs the law's citation in double quotes", help: shape)
    }
    var known = CoverageDecl.Known(citation: p[1].text, location: p[0].location)
    let words: Set<String> = [
      "from", "until", "source", "encoded", "not-encoded", "limits", "requires", "mixed", "actions",
      "agencies", "governments",
    ]
    var i = 2
    while i < p.count {
      let t = p[i]
      guard t.kind == .word else { throw failure(t, "unexpected `\(t.shown)` in a known law", help: shape) }
      switch t.text {
      case "from": known.from = try dateWord(p, i, known.from, shape: shape)
      case "until": known.until = try dateWord(p, i, known.until, shape: shape)
      case "source": known.source = try sourceString(p, i, known.source, shape: shape)
      case "encoded", "not-encoded":
        if known.encoded != nil { throw failure(t, "`encoded` or `not-encoded` given twice", help: shape) }
        known.encoded = t.text == "encoded"
        i += 1
        continue
      case "limits", "requires", "mixed":
        if known.direction != nil { throw failure(t, "a second direction `\(t.text)`", help: shape) }
        known.direction = Located(value: t.text, location: t.location)
        i += 1
        continue
      case "actions":
        known.actions = try wordList(p, &i, until: words, what: "action", shape)
        continue
      case "agencies":
        known.agencies = try wordList(p, &i, until: words, what: "agency kind", shape)
        continue
      case "governments":
        known.governments = try wordList(p, &i, until: words, what: "government", shape)
        continue
      default: throw failure(t, "unknown word `\(t.shown)` in a known law", help: shape)
      }
      i += 2
    }
    return known
  }
}

/// Recursive-descent parser for conditions, with a depth limit so no input can exhaust the stack.
struct ExpressionParser {
  var tokens: [Token]
  var path: String
  var index = 0
  var depth = 0
  static let maximumDepth = 64

  init(tokens: [Token], path: String) {
    self.tokens = tokens
    self.path = path
  }

  var peek: Token? { index < tokens.count ? tokens[index] : nil }

  func failure(_ message: String, help: String? = nil) -> ParseFailure {
    let t = peek ?? tokens.last
    let l = t?.location ?? SourceLocation(file: path, line: 0, column: 0)
    let column = peek == nil ? l.column + (t?.shown.count ?? 0) : l.column
    return ParseFailure(
      diagnostic: Diagnostic(file: path, line: l.line, column: column, message: message, help: help))
  }

  mutating func parseAll() throws -> Expr {
    let e = try parseOr()
    if let t = peek {
      throw failure("unexpected `\(t.shown)` in the condition", help: "join conditions with `and` or `or`")
    }
    return e
  }

  mutating func enter() throws {
    depth += 1
    if depth > ExpressionParser.maximumDepth {
      throw failure("condition nested too deeply", help: "split the rule, or name parts with exceptions")
    }
  }

  mutating func parseOr() throws -> Expr {
    try enter()
    defer { depth -= 1 }
    var items = [try parseAnd()]
    while let t = peek, t.is("or") {
      index += 1
      items.append(try parseAnd())
    }
    return items.count == 1 ? items[0] : .or(items)
  }

  mutating func parseAnd() throws -> Expr {
    var items = [try parseUnary()]
    while let t = peek, t.is("and") {
      index += 1
      items.append(try parseUnary())
    }
    return items.count == 1 ? items[0] : .and(items)
  }

  mutating func parseUnary() throws -> Expr {
    try enter()
    defer { depth -= 1 }
    if let t = peek, t.is("not") {
      index += 1
      return .not(try parseUnary(), t.location)
    }
    return try parseAtom()
  }

  mutating func located() -> Located<String> {
    let t = tokens[index]
    index += 1
    return Located(value: t.text, location: t.location)
  }

  mutating func value(what: String) throws -> Located<String> {
    guard let t = peek, t.kind == .word || t.kind == .string else {
      throw failure(
        "expected \(what)\(peek.map { ", found `\($0.shown)`" } ?? " at the end of the condition")")
    }
    return located()
  }

  mutating func parseAtom() throws -> Expr {
    guard let t = peek else {
      throw failure("the condition ends too early: expected a fact, `(`, `not`, `any`, `no` or `every`")
    }
    if t.isPunct("(") {
      index += 1
      let e = try parseOr()
      guard let c = peek, c.isPunct(")") else { throw failure("expected `)`", help: "close every `(`") }
      index += 1
      return e
    }
    guard t.kind == .word else {
      throw failure("unexpected `\(t.shown)`: expected a fact, `(`, `not`, `any`, `no` or `every`")
    }
    switch t.text {
    case "true", "false":
      index += 1
      return .constant(t.text == "true", t.location)
    case "any", "no", "every":
      let q = located()
      guard let l = peek, l.kind == .word else {
        throw failure("expected `charge` or `conviction` after `\(q.value)`")
      }
      let list = located()
      var item: Expr?
      if let w = peek, w.is("where") {
        index += 1
        item = try parseUnary()
      }
      return .quantifier(q, list: list, item: item)
    case "category":
      index += 1
      return .category(try value(what: "a category name after `category`"))
    case "within", "older-than":
      index += 1
      return .window(older: t.text == "older-than", try duration(), t.location)
    case "dated":
      index += 1
      guard let d = peek, d.is("before") || d.is("after") else {
        throw failure("expected `before` or `after` after `dated`")
      }
      index += 1
      return .dated(before: d.text == "before", try value(what: "a date YYYY-MM-DD"))
    default:
      let fact = located()
      guard let op = peek else { return .fact(fact) }
      if op.isPunct("=") || op.isPunct("!=") {
        index += 1
        return .compare(
          fact, negated: op.text == "!=", values: [try value(what: "a value after `\(op.text)`")])
      }
      if op.is("in") {
        index += 1
        guard let b = peek, b.isPunct("[") else {
          throw failure("expected `[` after `in`", help: "write `in [a, b]`")
        }
        index += 1
        var values = [try value(what: "a value in the list")]
        while let c = peek, c.isPunct(",") {
          index += 1
          values.append(try value(what: "a value after `,`"))
        }
        guard let e = peek, e.isPunct("]") else { throw failure("expected `]` to close the list") }
        index += 1
        return .compare(fact, negated: false, values: values)
      }
      if op.is("has") {
        index += 1
        return .has(fact, try value(what: "a value after `has`"))
      }
      return .fact(fact)
    }
  }

  mutating func duration() throws -> DurationExpr {
    guard let t = peek, t.kind == .word else {
      throw failure("expected a duration such as `5 years` or a parameter name")
    }
    index += 1
    if let n = Int(t.text) {
      guard n >= 0, n < 100_000 else { throw failure("duration out of range") }
      guard let u = peek, u.kind == .word, let unit = DurationUnit(rawValue: u.text) else {
        throw failure("expected a unit (years, months, days, hours) after `\(n)`")
      }
      index += 1
      return .literal(n, unit)
    }
    return .parameter(t.text)
  }
}
