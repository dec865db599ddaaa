/// A position in a law file.
struct SourceLocation: Sendable, Hashable {
  var file: String
  var line: Int
  var column: Int
}

/// A word, string or number with where it was written.
struct Located<T: Sendable & Hashable>: Sendable, Hashable {
  var value: T
  var location: SourceLocation
}

/// The `law PLACE` header of a file.
struct LawHeaderDecl: Sendable {
  var place: Located<String>
  var title: String?
  var source: Located<String>?
  var completeness: Located<String>?
  var verified: Located<String>?
  var effective: Located<String>?
  var until: Located<String>?
  var gaps: [String] = []
  /// `scope this-place` | `scope and-below` (the default).
  var scope: Located<String>?
  var location: SourceLocation
}

/// A `place ID` declaration.
struct PlaceDecl: Sendable {
  var id: Located<String>
  var name: String?
  var level: Located<String>?
  var parent: Located<String>?
  var location: SourceLocation
}

/// A `parameter NAME = VALUE` declaration.
struct ParameterDecl: Sendable {
  var name: Located<String>
  var amount: Int
  var unit: DurationUnit?
  var cite: String?
  var effective: Located<String>?
  var until: Located<String>?
  var note: String?
  var location: SourceLocation
}

/// An `offenses NAME` list.
struct OffensesDecl: Sendable {
  struct Entry: Sendable {
    var citation: String
    var description: String?
    var location: SourceLocation
  }
  var name: Located<String>
  var cite: String?
  var complete: Located<String>?
  var codes: [String] = []
  var entries: [Entry] = []
  var gaps: [String] = []
  /// Reference profiles (`accord compare`) whose record the list's category describes.
  var profiles: [Located<String>] = []
  var location: SourceLocation
}

/// A `rule LABEL: ACTION is STATUS` declaration.
struct RuleDecl: Sendable {
  var label: Located<String>
  var action: Located<String>
  var status: Located<String>
  var cite: String?
  var condition: Expr?
  var exceptionTo: Located<String>?
  var preempts: Bool = false
  var effective: Located<String>?
  var until: Located<String>?
  var note: String?
  var location: SourceLocation
}

/// Units of a duration.
enum DurationUnit: String, Sendable, Hashable {
  case years, months, days, hours
}

/// A duration in a condition: a literal or a parameter's name.
enum DurationExpr: Sendable, Hashable {
  case literal(Int, DurationUnit)
  case parameter(String)
}

/// A condition as written, before names are resolved.
indirect enum Expr: Sendable {
  case constant(Bool, SourceLocation)
  case and([Expr])
  case or([Expr])
  case not(Expr, SourceLocation)
  /// A bare fact: `ice.detainer`.
  case fact(Located<String>)
  /// `FACT = v`, `FACT != v`, `FACT in [v, …]`, `grade = felony`, `offense = "…"`.
  case compare(Located<String>, negated: Bool, values: [Located<String>])
  /// `FACT has v`.
  case has(Located<String>, Located<String>)
  /// `any|no|every charge|conviction [where item]`.
  case quantifier(Located<String>, list: Located<String>, item: Expr?)
  /// `category NAME`.
  case category(Located<String>)
  /// `within D` / `older-than D`.
  case window(older: Bool, DurationExpr, SourceLocation)
  /// `dated before|after DATE`.
  case dated(before: Bool, Located<String>)

  var location: SourceLocation {
    switch self {
    case .constant(_, let l), .not(_, let l), .window(_, _, let l): l
    case .and(let xs), .or(let xs): xs.first?.location ?? SourceLocation(file: "", line: 0, column: 0)
    case .fact(let f), .compare(let f, _, _), .has(let f, _), .quantifier(let f, _, _), .category(let f),
      .dated(_, let f):
      f.location
    }
  }
}

/// Everything declared in one law file.
struct ParsedFile: Sendable {
  var path: String
  var header: LawHeaderDecl?
  var places: [PlaceDecl] = []
  var parameters: [ParameterDecl] = []
  var offenses: [OffensesDecl] = []
  var rules: [RuleDecl] = []
  var coverage: [CoverageDecl] = []
  var blockCount = 0
}

/// A `coverage PLACE` entry of the coverage ledger: what Accord knows of a place's law, by period.
struct CoverageDecl: Sendable {
  /// `period STATUS from DATE [until DATE] [source "FILE"] [verified DATE]`.
  struct Period: Sendable {
    var status: Located<String>
    var from: Located<String>?
    var until: Located<String>?
    var source: Located<String>?
    var verified: Located<String>?
    /// `actions …`: the period's status holds for these actions only; the rest are unresearched.
    var actions: [Located<String>] = []
    var location: SourceLocation
  }
  /// `known "CITATION" DIRECTION from DATE [until DATE] encoded|not-encoded source "FILE" [actions …]`.
  struct Known: Sendable {
    var citation: String
    var direction: Located<String>?
    var from: Located<String>?
    var until: Located<String>?
    var encoded: Bool?
    var source: Located<String>?
    var actions: [Located<String>] = []
    var agencies: [Located<String>] = []
    /// The governments whose agencies it binds (`agencyGovernment`), e.g. `state` for a state
    /// police regulation.
    var governments: [Located<String>] = []
    var location: SourceLocation
  }
  var place: Located<String>
  var periods: [Period] = []
  var known: [Known] = []
  var location: SourceLocation
}
