public import AccordCore
import Foundation

/// A person's criminal history as the simulator reports it: no conviction, or the most serious
/// conviction's kind.
public enum HistoryClass: Int, CaseIterable, Sendable, Hashable {
  case noRecord, misdemeanor, felony, violentSerious

  /// The name used in parameter files and outputs.
  public var name: String {
    switch self {
    case .noRecord: "no-record"
    case .misdemeanor: "misdemeanor"
    case .felony: "felony"
    case .violentSerious: "violent-serious"
    }
  }

  /// How a table heading names it.
  public var label: String {
    switch self {
    case .noRecord: "no criminal record"
    case .misdemeanor: "misdemeanor"
    case .felony: "felony (not violent or serious)"
    case .violentSerious: "violent or serious"
    }
  }
}

/// What kind of value a parameter takes.
enum ParamKind: Sendable, Hashable {
  /// A whole number, 0 or more.
  case count
  /// A number from 0 to 1.
  case share
  /// A number, 0 or more.
  case factor
  /// Shares over fixed labels that sum to 1: `a 0.5, b 0.5`.
  case mix([String])
  /// A share per criminal-history class (`no-record 0.9, misdemeanor 1, …`) or one share for all.
  case byClass
  /// One word of a fixed set.
  case word([String])
  /// A list of strings.
  case strings
}

/// The value of a parameter.
public enum ParamValue: Sendable, Hashable {
  case number(Double)
  /// A mix or by-class value, aligned with the parameter's labels.
  case list([Double])
  case word(String)
  case strings([String])

  /// As written in a parameter file (normalised).
  func text(_ kind: ParamKind) -> String {
    switch (self, kind) {
    case (.number(let x), .count):
      // Counts as parameter files write them: 10_300_000.
      let digits = Array(String(Int(x)))
      var out = ""
      for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append("_") }
        out.append(c)
      }
      return out
    case (.number(let x), _): return formatNumber(x)
    case (.list(let xs), .mix(let labels)):
      return zip(labels, xs).filter { $0.1 != 0 }.map { "\($0.0) \(formatNumber($0.1))" }.joined(
        separator: ", ")
    case (.list(let xs), _):
      return zip(HistoryClass.allCases, xs).map { "\($0.0.name) \(formatNumber($0.1))" }.joined(
        separator: ", ")
    case (.word(let w), _): return w
    case (.strings(let s), _): return s.map { "\"\($0)\"" }.joined(separator: ", ")
    }
  }
}

func formatNumber(_ x: Double) -> String {
  if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
  return String(x)
}

/// Where a parameter's number comes from.
public struct Provenance: Sendable, Hashable {
  /// How much a reader may rely on the number.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// Taken from a named source (a file under `Data/`, DOMAIN.md, a published report).
    case sourced
    /// Computed from sourced numbers by an assumption the file states.
    case derived
    /// Fitted so that the model reproduces a named figure.
    case calibrated
    /// No source: an assumption, said so.
    case unsourced
  }

  public var kind: Kind
  /// `source "…"`: where the number comes from.
  public var source: String?
  /// `cite "…"`: the figure or passage, or the arithmetic.
  public var cite: String?
  /// The `derived`, `calibrated` or `unsourced` text.
  public var explanation: String?
}

/// One dated definition of a parameter at a place, as a parameter file gives it.
public struct ParamDefinition: Sendable {
  /// The parameter's name, e.g. `match-share`.
  public var name: String
  /// The place the definition belongs to (`place` in its file).
  public var place: String
  public var value: ParamValue
  /// `range LOW HIGH`: each run draws the value uniformly from it (parameter uncertainty).
  public var range: ClosedRange<Double>?
  public var effective: CivilDate?
  public var until: CivilDate?
  public var provenance: Provenance
  /// `caveat "…"`: why the number may not mean what the model uses it for.
  public var caveat: String?
  /// Where the definition is: the file and the line of `NAME = VALUE`.
  public var file: String
  public var line: Int

  func inForce(on date: CivilDate) -> Bool {
    (effective.map { $0 <= date } ?? true) && (until.map { date <= $0 } ?? true)
  }

  func overlaps(_ other: ParamDefinition) -> Bool {
    let aStart = effective?.days ?? Int32.min
    let aEnd = until?.days ?? Int32.max
    let bStart = other.effective?.days ?? Int32.min
    let bEnd = other.until?.days ?? Int32.max
    return aStart <= bEnd && bStart <= aEnd
  }
}

/// The parameters the model knows: name, kind, whether a place inherits it from its parents.
struct ParamSpec: Sendable {
  var name: String
  var kind: ParamKind
  var inherited: Bool
  var summary: String

  static let agreementLabels = ["none", "JEM", "WSO", "TFM", "JEM+WSO", "JEM+TFM", "TFM+WSO", "JEM+TFM+WSO"]
  static let chargeLabels = ["minor", "felony", "violent-serious"]
  static let convictedLabels = ["misdemeanor", "felony", "violent-serious"]
  static let ageLabels = ["under-5y", "5-10y", "10-15y", "over-15y"]

  static let all: [ParamSpec] = [
    ParamSpec(
      name: "bookings", kind: .count, inherited: false, summary: "jail bookings (admissions) a year"),
    ParamSpec(
      name: "bookings-share", kind: .share, inherited: false,
      summary: "the place's share of the national bookings (when it gives no `bookings`)"),
    ParamSpec(
      name: "match-share", kind: .share, inherited: true,
      summary: "share of bookings whose fingerprints IDENT matches and refers to ICE"),
    ParamSpec(
      name: "no-record-share", kind: .share, inherited: true,
      summary: "share of matched people with no criminal conviction"),
    ParamSpec(
      name: "convicted-mix", kind: .mix(convictedLabels), inherited: true,
      summary: "most serious conviction of matched people who have one"),
    ParamSpec(
      name: "conviction-age-mix", kind: .mix(ageLabels), inherited: true,
      summary: "years since that conviction"),
    ParamSpec(
      name: "listed-share", kind: .share, inherited: true,
      summary: "share of convictions (not violent or serious) on the place's list of offenses"),
    ParamSpec(
      name: "listed-tags", kind: .strings, inherited: true,
      summary: "the tags a listed offense carries (the law's category names)"),
    ParamSpec(
      name: "violent-serious-tags", kind: .strings, inherited: true,
      summary: "the tags a violent or serious offense carries (the law's category names)"),
    ParamSpec(
      name: "charge-mix", kind: .mix(chargeLabels), inherited: true,
      summary: "the booking charge: minor (misdemeanor), felony, violent or serious"),
    ParamSpec(
      name: "probable-cause-share", kind: .share, inherited: true,
      summary: "share of booking charges with a magistrate's probable-cause finding by the detainer"),
    ParamSpec(
      name: "detainer-share", kind: .byClass, inherited: true,
      summary: "share of matched people ICE lodges a detainer on, by criminal-history class"),
    ParamSpec(
      name: "judicial-warrant-share", kind: .share, inherited: true,
      summary: "share of detainers that come with a judicial warrant"),
    ParamSpec(
      name: "final-order-share", kind: .share, inherited: true,
      summary: "share of detainer subjects with a final order of removal"),
    ParamSpec(
      name: "agreement-mix", kind: .mix(agreementLabels), inherited: true,
      summary: "the booking agency's 287(g) models (by agencies, not bookings, where sourced)"),
    ParamSpec(
      name: "required-287g-model", kind: .word(["JEM", "WSO", "TFM"]), inherited: true,
      summary: "the model an agency enters when the law requires an agreement"),
    ParamSpec(
      name: "detainer-factor-287g", kind: .factor, inherited: true,
      summary: "detainer issuance multiplier where the agency has a 287(g) agreement in force"),
    ParamSpec(
      name: "hold-needed-share", kind: .share, inherited: true,
      summary: "share of transfers for which ICE needs the person held past release"),
    ParamSpec(
      name: "honor-permitted", kind: .share, inherited: true,
      summary: "how often an agency does what the law permits but does not require"),
    ParamSpec(
      name: "practice", kind: .share, inherited: true,
      summary: "how often an agency follows its law where the law prohibits (refrains)"),
    ParamSpec(
      name: "practice-required", kind: .share, inherited: true,
      summary: "how often an agency follows its law where the law requires (acts)"),
    ParamSpec(
      name: "ice-custody-share", kind: .share, inherited: true,
      summary: "share of people the agency makes available whom ICE takes into custody"),
    ParamSpec(
      name: "felony-grade", kind: .word(Grade.allCases.map(\.rawValue)), inherited: true,
      summary: "the grade a felony carries in the place's law"),
    ParamSpec(
      name: "misdemeanor-grade", kind: .word(Grade.allCases.map(\.rawValue)), inherited: true,
      summary: "the grade a misdemeanor carries in the place's law"),
    ParamSpec(
      name: "agency", kind: .word(Case.agencies), inherited: true, summary: "the booking agency's kind"),
  ]

  static let byName: [String: ParamSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}

/// Thrown when parameter files (or a reform) have errors: every diagnostic, in file order.
public struct SimulationInputError: Error, Sendable, CustomStringConvertible {
  /// Every problem, located to the character (`file:line:column`), with a `help:` line.
  public var diagnostics: [Diagnostic]

  public var description: String {
    let errors = diagnostics.filter { $0.severity == .error }
    // A problem with no place in a file (a missing parameter for a place) has no location.
    let lines = errors.map { d in
      d.line > 0 ? d.description : "error: \(d.message)" + (d.help.map { "\n  help: \($0)" } ?? "")
    }
    return lines.joined(separator: "\n") + "\n\(errors.count) error\(errors.count == 1 ? "" : "s")"
  }
}

/// Every parameter definition of a set of parameter files, checked.
///
/// ```swift
/// let params = try ParamLibrary(directory: "sim/params")
/// ```
public struct ParamLibrary: Sendable {
  /// Every definition, in file order.
  public private(set) var definitions: [ParamDefinition]
  /// Warnings the checker found.
  public private(set) var warnings: [Diagnostic]
  /// A fingerprint of the files' text.
  public let version: String

  /// Checks parameter files (path, text) and keeps their definitions.
  /// - Throws: ``SimulationInputError`` with every error found.
  public init(files: [(path: String, text: String)], root: String? = nil) throws(SimulationInputError) {
    var diagnostics: [Diagnostic] = []
    var defs: [ParamDefinition] = []
    for f in files.sorted(by: { $0.path < $1.path }) {
      defs += ParamParser.parse(path: f.path, text: f.text, root: root, requirePlace: true, &diagnostics)
    }
    ParamLibrary.checkOverlaps(defs, &diagnostics)
    if diagnostics.contains(where: { $0.severity == .error }) {
      throw SimulationInputError(diagnostics: diagnostics)
    }
    definitions = defs
    warnings = diagnostics
    version = fingerprint(files.map { (String($0.path.split(separator: "/").last ?? ""), $0.text) })
  }

  /// Checks every `.md` file of a directory; paths in diagnostics are `DIR/file.md`.
  /// - Throws: ``SimulationInputError``, or a file-system error.
  public init(directory: String, root: String? = nil) throws {
    try self.init(files: try readMarkdown(directory), root: root)
  }

  /// Every diagnostic for a set of parameter files, errors and warnings.
  public static func check(files: [(path: String, text: String)], root: String? = nil) -> [Diagnostic] {
    do {
      return try ParamLibrary(files: files, root: root).warnings
    } catch {
      return error.diagnostics
    }
  }

  static func checkOverlaps(_ defs: [ParamDefinition], _ diagnostics: inout [Diagnostic]) {
    var seen: [String: [ParamDefinition]] = [:]
    for d in defs {
      let key = d.place + "\u{0}" + d.name
      if let clash = seen[key, default: []].first(where: { $0.overlaps(d) }) {
        diagnostics.append(
          Diagnostic(
            file: d.file, line: d.line, column: 1,
            message:
              "parameter `\(d.name)` at \(d.place) is already defined for these dates at \(clash.file):\(clash.line)",
            help: "give the definitions `effective` and `until` dates that do not overlap"))
      }
      seen[key, default: []].append(d)
    }
  }

  /// Places that define at least one parameter, sorted.
  public var places: [String] { Array(Set(definitions.map(\.place))).sorted() }

  /// The definition in force on `date` at the first place of `chain` that has one (only the
  /// first place when the parameter is not inherited).
  func lookup(_ name: String, chain: [String], on date: CivilDate) -> ParamDefinition? {
    let inherited = ParamSpec.byName[name]?.inherited ?? true
    for (i, p) in chain.enumerated() {
      if i > 0, !inherited { break }
      if let d = definitions.first(where: { $0.name == name && $0.place == p && $0.inForce(on: date) }) {
        return d
      }
    }
    return nil
  }

  /// This library with a reform's definitions replacing every definition of the same name at the
  /// same place.
  func overridden(by reform: [ParamDefinition]) -> ParamLibrary {
    var copy = self
    let replaced = Set(reform.map { $0.place + "\u{0}" + $0.name })
    copy.definitions = definitions.filter { !replaced.contains($0.place + "\u{0}" + $0.name) } + reform
    return copy
  }
}

/// Reads parameter blocks.
enum ParamParser {
  static let properties = [
    "effective", "until", "source", "cite", "derived", "calibrated", "unsourced", "caveat", "range", "note",
  ]

  /// Parses the ```` ```params ```` blocks of one file.
  static func parse(
    path: String, text: String, root: String?, requirePlace: Bool, _ diagnostics: inout [Diagnostic]
  ) -> [ParamDefinition] {
    var out: [ParamDefinition] = []
    let lines = Blocks.lines(of: text, tag: "params", file: path, diagnostics: &diagnostics)
    var place: String?
    var current: Draft?
    // After a declaration that could not be read, its property lines are skipped quietly.
    var skipping = false

    func error(_ line: Int, _ column: Int, _ message: String, _ help: String? = nil) {
      diagnostics.append(Diagnostic(file: path, line: line, column: column, message: message, help: help))
    }

    func finish() {
      guard let d = current else { return }
      current = nil
      if let def = d.build(path: path, root: root, &diagnostics) { out.append(def) }
    }

    for l in lines {
      let t = l.tokens
      if l.isDeclaration {
        finish()
        skipping = true
        if t[0].kind == .atom, t[0].text == "place" {
          guard t.count == 2, t[1].kind == .atom else {
            error(l.line, t[0].column, "`place` takes one place ID", "write `place US-NJ`")
            continue
          }
          guard Case.isPlaceID(t[1].text) else {
            error(
              l.line, t[1].column, "`\(t[1].text)` is not a place ID",
              "write US, US-XX or US-XX/lowercase-slug, e.g. US-NJ")
            continue
          }
          place = t[1].text
          skipping = false
          continue
        }
        guard t.count >= 2, t[0].kind == .atom, t[1].kind == .equals else {
          error(
            l.line, t[0].column, "expected `place ID` or `NAME = VALUE`",
            "a parameter starts at column 1: `match-share = 0.02`; its properties are indented")
          continue
        }
        guard let spec = ParamSpec.byName[t[0].text] else {
          error(
            l.line, t[0].column, "unknown parameter `\(t[0].text)`",
            "parameters are \(ParamSpec.all.map(\.name).joined(separator: ", "))")
          continue
        }
        guard let p = place else {
          error(
            l.line, t[0].column, "parameter `\(spec.name)` comes before any `place`",
            "start the first params block with `place US-XX`")
          continue
        }
        if t.count == 2, spec.kind != .strings {
          error(
            l.line, t[1].column, "`\(spec.name)` has no value",
            "write `\(spec.name) = \(ParamParser.example(spec))`")
          continue
        }
        guard let value = parseValue(spec, Array(t[2...]), line: l.line, path: path, &diagnostics) else {
          continue
        }
        current = Draft(spec: spec, place: p, value: value, line: l.line, column: t[0].column)
        skipping = false
        continue
      }
      // A property line.
      if skipping { continue }
      guard current != nil else {
        error(
          l.line, t[0].column, "property outside a parameter",
          "indent properties under the parameter they describe, e.g. `  cite \"…\"`")
        continue
      }
      let keyword = t[0]
      guard keyword.kind == .atom, properties.contains(keyword.text) else {
        error(
          l.line, keyword.column, "unknown property `\(keyword.text)`",
          "properties are \(properties.joined(separator: ", "))")
        continue
      }
      let args = Array(t.dropFirst())
      switch keyword.text {
      case "effective", "until":
        guard args.count == 1, args[0].kind == .atom else {
          error(
            l.line, keyword.column, "`\(keyword.text)` takes one date", "write `\(keyword.text) 2019-03-15`")
          continue
        }
        guard let date = CivilDate(parsing: args[0].text) else {
          error(
            l.line, args[0].column, "`\(args[0].text)` is not a date",
            "write dates as YYYY-MM-DD, e.g. 2019-03-15")
          continue
        }
        if keyword.text == "effective" { current!.effective = date } else { current!.until = date }
        current!.dateColumns[keyword.text] = (l.line, args[0].column)
      case "range":
        guard args.count == 2, let lo = number(args[0].text), let hi = number(args[1].text) else {
          error(l.line, keyword.column, "`range` takes two numbers", "write `range 0.3 0.6`")
          continue
        }
        guard lo <= hi else {
          error(
            l.line, args[0].column, "range `\(args[0].text) \(args[1].text)` is empty",
            "write the low end first")
          continue
        }
        for (x, tok) in [(lo, args[0]), (hi, args[1])] {
          if let message = check(x, tok.text, spec: current!.spec) {
            error(l.line, tok.column, message.0, message.1)
          }
        }
        current!.range = lo...hi
        current!.rangeColumn = (l.line, keyword.column)
      default:
        guard args.count == 1, args[0].kind == .string else {
          error(l.line, keyword.column, "`\(keyword.text)` takes one string", "write `\(keyword.text) \"…\"`")
          continue
        }
        current!.texts[keyword.text] = (args[0].text, l.line, args[0].column)
      }
    }
    finish()
    if requirePlace, place == nil, Blocks.hasBlock(text, tag: "params") {
      error(1, 1, "parameter file has no `place`", "start the first params block with `place US-XX`")
    }
    return out
  }

  static func number(_ s: String) -> Double? {
    let cleaned = s.replacingOccurrences(of: "_", with: "")
    guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "e" }) else {
      return nil
    }
    return Double(cleaned)
  }

  /// Why `x` cannot be a value of `spec`, if it cannot: the message and a help line.
  static func check(_ x: Double, _ text: String, spec: ParamSpec) -> (String, String)? {
    switch spec.kind {
    case .count:
      if x < 0 || x != x.rounded() {
        return (
          "`\(text)` is not a count: `\(spec.name)` is a whole number, 0 or more",
          "write a whole number such as 250_000"
        )
      }
    case .share, .mix, .byClass:
      if !(0...1).contains(x) {
        return (
          "`\(text)` is not a share: `\(spec.name)` lies between 0 and 1",
          "write a share as a decimal, e.g. 0.42 for 42%"
        )
      }
    case .factor:
      if x < 0 { return ("`\(text)` is negative: `\(spec.name)` is 0 or more", "write a number such as 1.5") }
    case .word, .strings: break
    }
    return nil
  }

  static func parseValue(
    _ spec: ParamSpec, _ t: [Token], line: Int, path: String, _ diagnostics: inout [Diagnostic]
  ) -> ParamValue? {
    func error(_ column: Int, _ message: String, _ help: String? = nil) {
      diagnostics.append(Diagnostic(file: path, line: line, column: column, message: message, help: help))
    }
    switch spec.kind {
    case .count, .share, .factor:
      guard t.count == 1, t[0].kind == .atom, let x = number(t[0].text) else {
        error(t[0].column, "`\(spec.name)` takes one number", "e.g. `\(spec.name) = \(example(spec))`")
        return nil
      }
      if let m = check(x, t[0].text, spec: spec) {
        error(t[0].column, m.0, m.1)
        return nil
      }
      return .number(x)
    case .word(let words):
      guard t.count == 1, t[0].kind == .atom, words.contains(t[0].text) else {
        error(
          t[0].column, "`\(spec.name)` is one of \(words.joined(separator: ", "))",
          "write one of them, e.g. `\(spec.name) = \(words[0])`")
        return nil
      }
      return .word(t[0].text)
    case .strings:
      var out: [String] = []
      for (i, tok) in t.enumerated() {
        if i % 2 == 0 {
          guard tok.kind == .string else {
            error(tok.column, "`\(spec.name)` is a list of strings", "write `\(spec.name) = \"a\", \"b\"`")
            return nil
          }
          out.append(tok.text)
        } else if tok.kind != .comma {
          error(tok.column, "expected `,` between strings", "write `\(spec.name) = \"a\", \"b\"`")
          return nil
        }
      }
      return .strings(out)
    case .byClass, .mix:
      let labels: [String]
      if case .mix(let l) = spec.kind { labels = l } else { labels = HistoryClass.allCases.map(\.name) }
      // One number for every class.
      if case .byClass = spec.kind, t.count == 1, t[0].kind == .atom, let x = number(t[0].text) {
        if let m = check(x, t[0].text, spec: spec) {
          error(t[0].column, m.0, m.1)
          return nil
        }
        return .list(Array(repeating: x, count: labels.count))
      }
      var values = [Double?](repeating: nil, count: labels.count)
      var i = 0
      while i < t.count {
        guard i + 1 < t.count, t[i].kind == .atom, t[i + 1].kind == .atom else {
          error(t[i].column, "expected `LABEL SHARE` pairs", "write `\(spec.name) = \(example(spec))`")
          return nil
        }
        guard let k = labels.firstIndex(of: t[i].text) else {
          error(
            t[i].column, "unknown label `\(t[i].text)` in `\(spec.name)`",
            "labels are \(labels.joined(separator: ", "))")
          return nil
        }
        guard values[k] == nil else {
          error(t[i].column, "label `\(t[i].text)` appears twice in `\(spec.name)`", "give each label once")
          return nil
        }
        guard let x = number(t[i + 1].text) else {
          error(
            t[i + 1].column, "`\(t[i + 1].text)` is not a number", "write `\(spec.name) = \(example(spec))`")
          return nil
        }
        if let m = check(x, t[i + 1].text, spec: spec) {
          error(t[i + 1].column, m.0, m.1)
          return nil
        }
        values[k] = x
        i += 2
        if i < t.count {
          guard t[i].kind == .comma else {
            error(t[i].column, "expected `,` between pairs", "write `\(spec.name) = \(example(spec))`")
            return nil
          }
          i += 1
        }
      }
      if case .mix = spec.kind {
        let sum = values.reduce(0) { $0 + ($1 ?? 0) }
        // Shares written to a few decimals may miss 1 by rounding; they are normalised.
        guard abs(sum - 1) < 1e-3 else {
          error(
            t[0].column,
            "the shares of `\(spec.name)` sum to \(formatNumber((sum * 1e6).rounded() / 1e6)), not 1",
            "a mix splits a whole: make its shares add up to 1")
          return nil
        }
        return .list(values.map { $0 ?? 0 })
      }
      if let missing = values.firstIndex(where: { $0 == nil }) {
        error(
          t[0].column, "`\(spec.name)` gives no share for `\(labels[missing])`",
          "give every class (\(labels.joined(separator: ", "))) or one share for all")
        return nil
      }
      return .list(values.map { $0! })
    }
  }

  static func example(_ spec: ParamSpec) -> String {
    switch spec.kind {
    case .count: "250_000"
    case .share: "0.42"
    case .factor: "1.5"
    case .mix(let labels): labels.prefix(2).map { "\($0) 0.5" }.joined(separator: ", ")
    case .byClass: "no-record 0.9, misdemeanor 1, felony 1, violent-serious 1"
    case .word(let w): w.first ?? ""
    case .strings: "\"a\", \"b\""
    }
  }
}

/// A parameter being read: its declaration and the properties seen so far.
struct Draft {
  var spec: ParamSpec
  var place: String
  var value: ParamValue
  var line: Int
  var column: Int
  var effective: CivilDate?
  var until: CivilDate?
  var dateColumns: [String: (Int, Int)] = [:]
  var range: ClosedRange<Double>?
  var rangeColumn: (Int, Int)?
  var texts: [String: (String, Int, Int)] = [:]

  func build(path: String, root: String?, _ diagnostics: inout [Diagnostic]) -> ParamDefinition? {
    func error(_ line: Int, _ column: Int, _ message: String, _ help: String? = nil) {
      diagnostics.append(Diagnostic(file: path, line: line, column: column, message: message, help: help))
    }
    var ok = true
    if let e = effective, let u = until, u < e, let at = dateColumns["until"] {
      error(
        at.0, at.1, "`until \(u)` is before `effective \(e)`", "the last day in force comes after the first")
      ok = false
    }
    if let r = range, let at = rangeColumn {
      switch spec.kind {
      case .count, .share, .factor:
        if case .number(let x) = value, !r.contains(x) {
          error(
            at.0, at.1, "the value \(formatNumber(x)) of `\(spec.name)` lies outside its range",
            "the range should contain the central value")
          ok = false
        }
      default:
        error(at.0, at.1, "`range` applies to numbers only", "remove it from `\(spec.name)`")
        ok = false
      }
    }
    let source = texts["source"]?.0
    let cite = texts["cite"]?.0
    let kind: Provenance.Kind
    var explanation: String?
    if let u = texts["unsourced"] {
      kind = .unsourced
      explanation = u.0
      if let s = texts["source"] {
        error(
          s.1, s.2, "`\(spec.name)` is both sourced and `unsourced`",
          "keep one: a source with its cite, or why there is none")
        ok = false
      }
    } else if let c = texts["calibrated"] {
      kind = .calibrated
      explanation = c.0
    } else if let d = texts["derived"] {
      kind = .derived
      explanation = d.0
      if source == nil || cite == nil {
        error(
          d.1, d.2, "derived parameter `\(spec.name)` needs the `source` and `cite` of its inputs",
          "add `source \"…\"` and `cite \"…\"`")
        ok = false
      }
    } else if source != nil {
      kind = .sourced
    } else {
      error(
        line, column, "parameter `\(spec.name)` names no source",
        "add `source \"…\"` with `cite \"…\"`, or `derived`, `calibrated` or `unsourced \"why\"`")
      return nil
    }
    if kind == .sourced || kind == .derived, source != nil, cite == nil {
      error(
        line, column, "parameter `\(spec.name)` has a `source` but no `cite`",
        "quote the figure or show the arithmetic in `cite \"…\"`")
      ok = false
    }
    if let s = texts["source"], let root {
      // Every `Data/…` path the source names must exist in the repository.
      for word in s.0.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "," })
      where word.hasPrefix("Data/") {
        let file = String(word).trimmingCharacters(in: CharacterSet(charactersIn: ".:()"))
        if !FileManager.default.fileExists(atPath: root + "/" + file) {
          error(
            s.1, s.2, "source file `\(file)` does not exist",
            "name a file under Data/, relative to the repository")
          ok = false
        }
      }
    }
    guard ok else { return nil }
    return ParamDefinition(
      name: spec.name, place: place, value: value, range: range, effective: effective, until: until,
      provenance: Provenance(kind: kind, source: source, cite: cite, explanation: explanation),
      caveat: texts["caveat"]?.0, file: path, line: line)
  }
}

/// Reads every `.md` file under a directory: (path as `DIR/relative`, text), sorted.
func readMarkdown(_ directory: String) throws -> [(path: String, text: String)] {
  let root = URL(fileURLWithPath: directory).standardizedFileURL
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue
  else {
    throw SimulationInputError(diagnostics: [
      Diagnostic(
        file: directory, line: 0, column: 0, message: "no parameter directory at `\(directory)`",
        help: "pass --params DIR, or run from the repository (sim/params)")
    ])
  }
  var files: [(String, String)] = []
  let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
  while let url = walker?.nextObject() as? URL {
    guard url.pathExtension == "md" else { continue }
    let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
    let text = try String(contentsOf: url, encoding: .utf8)
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    files.append((prefix + relative, text))
  }
  return files.sorted { $0.0 < $1.0 }
}

/// FNV-1a over the files' paths and texts: a stable fingerprint.
func fingerprint(_ files: [(path: String, text: String)]) -> String {
  var h: UInt64 = 0xCBF2_9CE4_8422_2325
  for f in files.sorted(by: { $0.path < $1.path }) {
    for b in f.path.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01B3
    }
    h ^= 0
    h = h &* 0x100_0000_01B3
    for b in f.text.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01B3
    }
  }
  let s = String(h, radix: 16)
  return String(repeating: "0", count: 16 - s.count) + s
}
