/// Three-valued truth: Kleene's logic, where `unknown` is a fact the case does not give.
enum Tri: UInt8, Sendable {
  case no = 0, yes = 1, unknown = 2

  @inline(__always) static func and(_ a: Tri, _ b: Tri) -> Tri {
    if a == .no || b == .no { return .no }
    if a == .unknown || b == .unknown { return .unknown }
    return .yes
  }

  @inline(__always) static func or(_ a: Tri, _ b: Tri) -> Tri {
    if a == .yes || b == .yes { return .yes }
    if a == .unknown || b == .unknown { return .unknown }
    return .no
  }

  @inline(__always) var negated: Tri {
    switch self {
    case .no: .yes
    case .yes: .no
    case .unknown: .unknown
    }
  }
}

/// The facts of a case that conditions compare: each scalar fact is a lane of a vector.
enum Facts {
  /// Scalar facts: booleans (value 0 = false, 1 = true) and enumerations (value = index).
  struct Scalar: Sendable {
    var lane: Int
    var path: String
    /// `nil` for a boolean.
    var values: [String]?
  }

  /// Derived from ``FactTable``: the evaluator's lanes are the table's.
  static let scalars: [Scalar] = FactTable.scalars.map { f in
    let values: [String]? = if case .choice(let v) = f.kind { v } else { nil }
    return Scalar(lane: f.lane!, path: f.path, values: values)
  }
  static let scalarByPath: [String: Scalar] = Dictionary(uniqueKeysWithValues: scalars.map { ($0.path, $0) })
  static let setFacts = ["agreements287g", "person.registries"]
  static let listFacts = ["charge": "person.charges", "conviction": "person.convictions"]

  /// All fact paths, for help messages.
  static var allPaths: [String] {
    scalars.map(\.path) + setFacts + ["person.charges", "person.convictions"]
  }
}

/// A set of category indices (the library may define up to 256 categories).
struct CategorySet: Sendable, Equatable {
  var bits: SIMD4<UInt64> = .zero
  static let capacity = 256

  @inline(__always) func contains(_ i: Int) -> Bool { bits[i >> 6] & (1 << UInt64(i & 63)) != 0 }
  @inline(__always) mutating func insert(_ i: Int) { bits[i >> 6] |= 1 << UInt64(i & 63) }
  static func | (a: CategorySet, b: CategorySet) -> CategorySet { CategorySet(bits: a.bits | b.bits) }
  static func & (a: CategorySet, b: CategorySet) -> CategorySet { CategorySet(bits: a.bits & b.bits) }
  static prefix func ~ (a: CategorySet) -> CategorySet { CategorySet(bits: ~a.bits) }
}

/// A duration in a compiled condition.
enum DurationRef: Sendable {
  case literal(Int, DurationUnit)
  /// Index into ``CompiledLibrary/parameters``.
  case parameter(Int)
}

enum Quantifier: String, Sendable {
  case any, no, every

  /// Combines the items' truth values: `any` and `no` from their disjunction, `every` from
  /// their conjunction.
  @inline(__always) func combine(any: Tri, every: Tri) -> Tri {
    switch self {
    case .any: any
    case .no: any.negated
    case .every: every
    }
  }
}

/// A compiled condition over the case's facts.
indirect enum Cond: Sendable {
  case constant(Tri)
  /// The scalar fact in `lane` has a value whose bit is set in `mask`.
  case scalarIn(lane: Int, mask: UInt32)
  /// The agency has the 287(g) model `bit` (0 JEM, 1 WSO, 2 TFM). Never unknown.
  case agreementHas(Int, negated: Bool)
  /// The person is on the registry.
  case registryHas(String)
  case not(Cond)
  case and([Cond])
  case or([Cond])
  case quantifier(Quantifier, list: Int, item: ItemCond?)
}

/// A compiled condition over one charge or conviction.
indirect enum ItemCond: Sendable {
  case constant(Bool)
  case gradeIn(mask: UInt32)
  case category(Int)
  case window(older: Bool, DurationRef)
  case dated(before: Bool, CivilDate)
  case offenseIs(String)
  /// A magistrate has found probable cause as to the charge.
  case probableCause
  case not(ItemCond)
  case and([ItemCond])
  case or([ItemCond])
}

/// How complete a source is.
public enum Completeness: String, Sendable, Hashable, CaseIterable {
  case verbatim, partial, summary
}

/// A level of government.
public enum Level: String, Sendable, Hashable, CaseIterable {
  case federal, state, county, city
}

/// A law file of the library, with its provenance.
public struct LawFile: Sendable, Hashable {
  /// Path relative to the library root, e.g. `us-nj/immigrant-trust-directive.md`.
  public var path: String
  public var place: String
  public var title: String
  /// File name under `law/sources/`.
  public var source: String
  public var completeness: Completeness
  public var verified: CivilDate
  public var effective: CivilDate
  public var until: CivilDate?
  public var gaps: [String]
  public var ruleCount: Int
  /// `scope this-place`: the file binds agencies of its own place only (a sheriff's policy), not
  /// those of the places beneath it.
  public var thisPlaceOnly: Bool = false

  /// Whether the file is in force on `date`.
  public func inForce(on date: CivilDate) -> Bool {
    effective <= date && (until.map { date <= $0 } ?? true)
  }
}

/// A place of the hierarchy.
public struct PlaceInfo: Sendable, Hashable {
  public var id: String
  public var name: String
  public var level: Level
  public var parent: String?
  /// Indices into ``Engine/files`` of the files that give this place's law.
  public var files: [Int]
}

/// A rule, resolved and ready to run.
public struct Rule: Sendable {
  public var label: String
  public var action: Action
  public var status: Status
  public var cite: String
  public var note: String?
  /// `law/<path>:<line>` of the rule's declaration.
  public var source: String
  public var place: String
  public var completeness: Completeness
  public var preempts: Bool
  public var effective: CivilDate
  public var until: CivilDate?
  /// Label of the rule this one is an exception to.
  public var exceptionTo: String?
  var condition: Cond
  var exceptions: [Int] = []
  var file: Int

  func inForce(on date: CivilDate) -> Bool {
    effective <= date && (until.map { date <= $0 } ?? true)
  }
}

/// One dated definition of a parameter.
struct ParameterVersion: Sendable {
  var amount: Int
  var unit: DurationUnit?
  var cite: String
  var effective: CivilDate
  var until: CivilDate?
}

/// A named parameter at a place, with its versions over time.
struct Parameter: Sendable {
  var name: String
  var place: String
  var versions: [ParameterVersion]

  func version(on date: CivilDate) -> ParameterVersion? {
    versions.first { $0.effective <= date && ($0.until.map { date <= $0 } ?? true) }
  }
}

/// A category defined by an offense list.
struct Category: Sendable {
  var place: String
  var name: String
  var qualified: String { "\(place):\(name)" }
  var complete: Bool
  var codes: [String]
  var cite: String
  var entryCount: Int
  /// Reference profiles whose record is in this category (see ``ReferenceProfile``).
  var profiles: [String] = []
}

/// What the evaluator reads of a rule, kept apart from its text so the hot path copies little.
struct HotRule: Sendable {
  var outcome: Outcomes
  var effective: Int32
  var until: Int32
  var exceptions: [Int]
  var program: [Op]

  @inline(__always) func inForce(on date: CivilDate) -> Bool { effective <= date.days && date.days <= until }
}

/// The whole law library, checked and compiled.
struct CompiledLibrary: Sendable {
  /// Per rule, in ``rules`` order: the data the evaluator reads.
  var hot: [HotRule] = []
  /// The rules' conditions as flat programs.
  var programs = Programs()
  /// Per rule: how a decision cites it.
  var references = RuleTable([])
  var files: [LawFile] = []
  var places: [String: PlaceInfo] = [:]
  var rules: [Rule] = []
  var ruleIndex: [String: Int] = [:]
  /// Per place, per action (by ``Action/index``): the root rules.
  var roots: [String: [[Int]]] = [:]
  var parameters: [Parameter] = []
  var categories: [Category] = []
  /// Normalised citation → categories it belongs to.
  var exactOffenses: [String: CategorySet] = [:]
  /// Citation prefixes (`NJ 2C:14-`) → categories.
  var prefixOffenses: [(prefix: String, categories: CategorySet)] = []
  /// Tag (plain or qualified) → categories it asserts.
  var tags: [String: CategorySet] = [:]
  /// Every category the library defines.
  var allCategories = CategorySet()
  var version = ""
  /// The coverage ledger, by place; empty when the library has none.
  var coverage: [String: CoverageEntry] = [:]
}

/// Normalises a statute citation for matching: upper case (ASCII), single spaces, no `§`, no
/// trailing parenthesised subsections.
func normalizeCitation(_ s: String) -> String {
  var out: [UInt8] = []
  out.reserveCapacity(s.utf8.count)
  var lastSpace = true
  var previous: UInt8 = 0
  for b in s.utf8 {
    defer { previous = b }
    if b == 0xC2 { continue }  // first byte of `§` (C2 A7)
    if b == 0xA7, previous == 0xC2 { continue }
    if previous == 0xC2 { out.append(0xC2) }
    if b == 0x20 || b == 0x09 {
      if !lastSpace { out.append(0x20) }
      lastSpace = true
      continue
    }
    out.append(b >= 0x61 && b <= 0x7A ? b - 0x20 : b)
    lastSpace = false
  }
  while out.last == 0x20 { out.removeLast() }
  // Strip trailing "(1)", "(a)(2)".
  while out.last == UInt8(ascii: ")"), let open = out.lastIndex(of: UInt8(ascii: "(")), open > 0 {
    out.removeSubrange(open...)
    while out.last == 0x20 { out.removeLast() }
  }
  return String(decoding: out, as: UTF8.self)
}
