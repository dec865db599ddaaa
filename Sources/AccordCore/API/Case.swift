/// The ten things an agency may be asked to do, as named in the decision contract.
public enum Action: String, CaseIterable, Sendable, Hashable, Codable {
  case hold
  case notifyRelease = "notify-release"
  case transfer
  case interviewAccess = "interview-access"
  case shareNonpublicInfo = "share-nonpublic-info"
  case shareStatus = "share-status"
  case inquireStatus = "inquire-status"
  case civilArrest = "civil-arrest"
  case criminalImmigrationDetain = "criminal-immigration-detain"
  case enter287g = "enter-287g"

  /// Position in ``Action/allCases``.
  public var index: Int {
    switch self {
    case .hold: 0
    case .notifyRelease: 1
    case .transfer: 2
    case .interviewAccess: 3
    case .shareNonpublicInfo: 4
    case .shareStatus: 5
    case .inquireStatus: 6
    case .civilArrest: 7
    case .criminalImmigrationDetain: 8
    case .enter287g: 9
    }
  }

  /// What the agency would do, in plain words.
  public var summary: String {
    switch self {
    case .hold: "keep the person in custody past release on the basis of an ICE detainer"
    case .notifyRelease: "tell ICE the person's release date or time"
    case .transfer: "hand the person over to ICE custody"
    case .interviewAccess: "let ICE interview the person in custody"
    case .shareNonpublicInfo: "give ICE non-public personal information"
    case .shareStatus: "send or receive citizenship or immigration-status information to or from DHS"
    case .inquireStatus: "ask the person about immigration status or place of birth"
    case .civilArrest:
      "arrest or detain solely for a civil immigration violation or on an ICE administrative warrant"
    case .criminalImmigrationDetain:
      "investigate or detain on reasonable suspicion of a criminal immigration offense"
    case .enter287g: "enter into or keep a 287(g) agreement"
    }
  }
}

/// What the law in force says of one action.
public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
  case required, permitted, prohibited, undetermined
}

/// Grades of an offense.
public enum Grade: String, CaseIterable, Sendable, Hashable {
  case felony, misdemeanor, indictable
  case disorderlyPersons = "disorderly-persons"
  case infraction, violation
}

/// One charge or conviction.
public struct Offense: Sendable, Hashable {
  /// A statute citation, e.g. `NJ 2C:12-1b` or `CA PC 187`.
  public var offense: String?
  public var grade: Grade?
  /// Date of the offense, charge or conviction.
  public var date: CivilDate?
  /// Categories asserted directly: `violent-or-serious`, `US-NJ:violent-or-serious`.
  public var tags: [String]?
  /// For a charge: a magistrate has found probable cause as to it (e.g. Cal. Penal Code § 872).
  public var probableCause: Bool?

  public init(
    offense: String? = nil, grade: Grade? = nil, date: CivilDate? = nil, tags: [String]? = nil,
    probableCause: Bool? = nil
  ) {
    self.offense = offense
    self.grade = grade
    self.date = date
    self.tags = tags
    self.probableCause = probableCause
  }
}

/// A case: what ICE asked of which agency, about whom, where and when.
///
/// Every fact is optional: an absent fact is *unknown*, never false.
///
/// ```swift
/// let c = try Case(json: #"{"date": "2025-06-01", "place": "US-NJ", "agency": "jail"}"#)
/// ```
public struct Case: Sendable, Hashable {
  /// The most charges, or convictions, one case may list: decisions stay bounded in time and memory.
  public static let maxOffenses = 500

  /// Values of the enumerated facts, as the law language spells them.
  public static let agencies = FactTable.values(of: "agency")
  public static let models287g = FactTable.values(of: "agreements287g")
  public static let warrants = FactTable.values(of: "ice.warrant")
  public static let consents = FactTable.values(of: "person.interviewConsent")
  public static let counsels = FactTable.values(of: "person.counsel")

  public var date: CivilDate
  public var place: String
  /// The scalar facts, one lane each as ``FactTable/scalars`` numbers them: -1 when unknown,
  /// otherwise 0 or 1 for a boolean and the value's index for a choice.
  public internal(set) var lanes = FactLanes(repeating: -1)
  /// The agency's 287(g) models in force; absent in the JSON means none.
  public var agreements287g: [String] = []
  public var charges: [Offense]?
  public var convictions: [Offense]?
  public var registries: [String]?

  // Typed accessors for the scalar facts Swift code sets by name. Each is found in the fact table
  // by its path; a choice set to a value the table does not list reads as unknown.
  public var agency: String? {
    get { choice(Self.laneAgency) }
    set { setChoice(Self.laneAgency, newValue) }
  }
  public var detainer: Bool? {
    get { bool(Self.laneDetainer) }
    set { setBool(Self.laneDetainer, newValue) }
  }
  public var warrant: String? {
    get { choice(Self.laneWarrant) }
    set { setChoice(Self.laneWarrant, newValue) }
  }
  public var finalOrderOfRemoval: Bool? {
    get { bool(Self.laneFinalOrderOfRemoval) }
    set { setBool(Self.laneFinalOrderOfRemoval, newValue) }
  }
  public var terroristScreeningMatch: Bool? {
    get { bool(Self.laneTerroristScreeningMatch) }
    set { setBool(Self.laneTerroristScreeningMatch, newValue) }
  }
  public var interviewConsent: String? {
    get { choice(Self.laneInterviewConsent) }
    set { setChoice(Self.laneInterviewConsent, newValue) }
  }
  public var counsel: String? {
    get { choice(Self.laneCounsel) }
    set { setChoice(Self.laneCounsel, newValue) }
  }
  public var requestedByPerson: Bool? {
    get { bool(Self.laneRequestedByPerson) }
    set { setBool(Self.laneRequestedByPerson, newValue) }
  }
  /// ICE identifies the person as the subject of an outstanding federal felony arrest warrant.
  public var federalFelonyWarrant: Bool? {
    get { bool(Self.laneFederalFelonyWarrant) }
    set { setBool(Self.laneFederalFelonyWarrant, newValue) }
  }
  /// The person is awaiting trial or sentencing on, or serving a sentence for, a federal criminal
  /// charge.
  public var federalCriminalCustody: Bool? {
    get { bool(Self.laneFederalCriminalCustody) }
    set { setBool(Self.laneFederalCriminalCustody, newValue) }
  }
  /// The person has proved U.S. citizenship or lawful immigration status (e.g. with a Texas
  /// driver's license).
  public var proofOfStatus: Bool? {
    get { bool(Self.laneProofOfStatus) }
    set { setBool(Self.laneProofOfStatus, newValue) }
  }
  /// Asking about immigration status is necessary to an ongoing investigation of a serious offense
  /// and relevant to it.
  public var statusRelevantToInvestigation: Bool? {
    get { bool(Self.laneStatusRelevantToInvestigation) }
    set { setBool(Self.laneStatusRelevantToInvestigation, newValue) }
  }
  /// The person illegally re-entered the United States after a previous removal or return.
  public var reentryAfterRemoval: Bool? {
    get { bool(Self.laneReentryAfterRemoval) }
    set { setBool(Self.laneReentryAfterRemoval, newValue) }
  }

  static let laneAgency = lane("agency")
  static let laneAgencyGovernment = lane("agencyGovernment")
  static let laneDetainer = lane("ice.detainer")
  static let laneFederalFelonyWarrant = lane("ice.federalFelonyWarrant")
  static let laneWarrant = lane("ice.warrant")
  static let laneCounsel = lane("person.counsel")
  static let laneFederalCriminalCustody = lane("person.federalCriminalCustody")
  static let laneFinalOrderOfRemoval = lane("person.finalOrderOfRemoval")
  static let laneInterviewConsent = lane("person.interviewConsent")
  static let laneProofOfStatus = lane("person.proofOfStatus")
  static let laneReentryAfterRemoval = lane("person.reentryAfterRemoval")
  static let laneRequestedByPerson = lane("person.requestedByPerson")
  static let laneStatusRelevantToInvestigation = lane("person.statusRelevantToInvestigation")
  static let laneTerroristScreeningMatch = lane("person.terroristScreeningMatch")

  /// The lane of a scalar fact, by path (a path the table does not declare is a programming error).
  static func lane(_ path: String) -> Int {
    guard let lane = FactTable.laneByPath[path] else { preconditionFailure("no scalar fact \(path)") }
    return lane
  }

  /// A boolean fact by lane (`nil` when unknown).
  public func bool(_ lane: Int) -> Bool? { lanes[lane] < 0 ? nil : lanes[lane] == 1 }
  public mutating func setBool(_ lane: Int, _ value: Bool?) { lanes[lane] = value.map { $0 ? 1 : 0 } ?? -1 }
  /// A choice fact by lane (`nil` when unknown).
  public func choice(_ lane: Int) -> String? {
    let v = Int(lanes[lane])
    guard v >= 0, let values = FactTable.laneValues[lane], v < values.count else { return nil }
    return values[v]
  }
  /// Sets a choice fact; a value the fact does not allow leaves it unknown.
  public mutating func setChoice(_ lane: Int, _ value: String?) {
    lanes[lane] = value.flatMap { FactTable.laneValues[lane]?.firstIndex(of: $0) }.map(Int8.init) ?? -1
  }

  /// A scalar fact's answer as the law language spells it (`true`, `false`, or the value); `nil`
  /// when unknown or when `path` is not a scalar fact.
  public subscript(fact path: String) -> String? {
    get {
      guard let lane = FactTable.laneByPath[path] else { return nil }
      return FactTable.laneValues[lane] == nil ? bool(lane).map(String.init) : choice(lane)
    }
    set {
      guard let lane = FactTable.laneByPath[path] else { return }
      if FactTable.laneValues[lane] == nil {
        setBool(lane, newValue.flatMap { Bool($0) })
      } else {
        setChoice(lane, newValue)
      }
    }
  }

  public init(date: CivilDate, place: String) {
    self.date = date
    self.place = place
  }
}

/// A case that could not be read: what was wrong, where, and how to fix it.
public struct CaseError: Error, Sendable, CustomStringConvertible, Equatable {
  public var line: Int
  public var column: Int
  /// The JSON path of the offending value, e.g. `person.convictions[0].date`.
  public var path: String
  public var message: String
  public var help: String?

  public var description: String {
    var s = "\(line):\(column): error: \(path.isEmpty ? "" : "`\(path)`: ")\(message)"
    if let help { s += "\n  help: \(help)" }
    return s
  }
}

extension Case {
  /// Reads a case from its JSON text (the contract's shape).
  /// - Throws: ``CaseError`` naming the line, column and field of the first problem.
  public init(json text: String) throws(CaseError) {
    let node: JSONNode
    do {
      node = try JSONReader.parse(text)
    } catch {
      throw CaseError(
        line: error.line, column: error.column, path: "", message: error.message,
        help: "the case must be one JSON object; see INTERFACE.md")
    }
    try self.init(node: node)
  }

  /// Reads a case from a parsed JSON value.
  /// - Throws: ``CaseError`` naming the line, column and field of the first problem.
  public init(node: JSONNode) throws(CaseError) {
    var reader = CaseReader()
    self = try reader.read(node)
  }
}

struct CaseReader {
  static let topFields = FactTable.keys(in: "")
  static let iceFields = FactTable.keys(in: "ice")
  static let personFields = FactTable.keys(in: "person")
  static let offenseFields = FactTable.keys(in: "offense")
  /// The scalar facts of each JSON object: key → lane (the reader copies no declaration).
  static let top = lanes(in: "")
  static let ice = lanes(in: "ice")
  static let person = lanes(in: "person")
  static func lanes(in section: String) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: FactTable.scalars(in: section).map { ($0.key, $0.lane!) })
  }

  // Paths are autoclosures: they are built only when there is an error to report, not for
  // every field read (a server reads every case this way).
  func fail(_ node: JSONNode, _ path: @autoclosure () -> String, _ message: String, help: String? = nil)
    -> CaseError
  {
    CaseError(line: node.line, column: node.column, path: path(), message: message, help: help)
  }

  func members(_ node: JSONNode, _ path: @autoclosure () -> String, allowed: [String]) throws(CaseError) -> [(
    key: String, value: JSONNode
  )] {
    guard case .object(let members) = node.value else {
      throw fail(node, path(), "expected an object, found \(node.kindName)")
    }
    for m in members where !allowed.contains(m.key) {
      let full = path().isEmpty ? m.key : "\(path()).\(m.key)"
      throw fail(
        m.value, full, "unknown field `\(m.key)`", help: "fields here are \(allowed.joined(separator: ", "))")
    }
    // Pairwise: objects here have a handful of members, and this allocates nothing.
    for i in members.indices {
      for j in members.index(after: i)..<members.endIndex where members[j].key == members[i].key {
        let m = members[j]
        throw fail(m.value, path().isEmpty ? m.key : "\(path()).\(m.key)", "field `\(m.key)` appears twice")
      }
    }
    return members
  }

  func string(_ node: JSONNode, _ path: @autoclosure () -> String) throws(CaseError) -> String? {
    switch node.value {
    case .null: return nil
    case .string(let s): return s
    default: throw fail(node, path(), "expected a string, found \(node.kindName)")
    }
  }

  func choice(_ node: JSONNode, _ path: @autoclosure () -> String, _ values: [String]) throws(CaseError)
    -> String?
  {
    guard let s = try string(node, path()) else { return nil }
    guard values.contains(s) else {
      throw fail(
        node, path(), "unknown value `\(s)`",
        help: "use one of \(values.joined(separator: ", ")), or leave it out if unknown")
    }
    return s
  }

  func bool(_ node: JSONNode, _ path: @autoclosure () -> String) throws(CaseError) -> Bool? {
    switch node.value {
    case .null: return nil
    case .bool(let b): return b
    default:
      throw fail(
        node, path(), "expected true or false, found \(node.kindName)",
        help: "leave the field out if it is unknown")
    }
  }

  func date(_ node: JSONNode, _ path: @autoclosure () -> String) throws(CaseError) -> CivilDate? {
    guard let s = try string(node, path()) else { return nil }
    guard let d = CivilDate(parsing: s) else {
      throw fail(node, path(), "`\(s)` is not a date", help: "write dates as YYYY-MM-DD, e.g. 2025-06-01")
    }
    return d
  }

  func strings(_ node: JSONNode, _ path: @autoclosure () -> String) throws(CaseError) -> [String]? {
    switch node.value {
    case .null: return nil
    case .array(let items):
      var out: [String] = []
      for (i, item) in items.enumerated() {
        guard case .string(let s) = item.value else {
          throw fail(item, "\(path())[\(i)]", "expected a string, found \(item.kindName)")
        }
        out.append(s)
      }
      return out
    default: throw fail(node, path(), "expected an array of strings, found \(node.kindName)")
    }
  }

  mutating func read(_ node: JSONNode) throws(CaseError) -> Case {
    let top = try members(node, "", allowed: Self.topFields)
    guard let dateNode = node["date"] else {
      throw fail(
        node, "date", "the case has no `date`", help: "add \"date\": \"YYYY-MM-DD\", the day the agency acts")
    }
    guard let date = try date(dateNode, "date") else { throw fail(dateNode, "date", "`date` cannot be null") }
    guard let placeNode = node["place"], let place = try string(placeNode, "place") else {
      throw fail(
        node, "place", "the case has no `place`",
        help: "add \"place\": \"US-NJ/essex-county\" (see INTERFACE.md)")
    }
    guard Case.isPlaceID(place) else {
      throw fail(
        placeNode, "place", "`\(place)` is not a place ID",
        help: "write US, US-XX or US-XX/lowercase-slug, e.g. US-NJ/essex-county")
    }
    var c = Case(date: date, place: place)
    for m in top {
      let v = m.value
      switch m.key {
      case "date", "place": break
      case "agreements287g":
        let models = try strings(v, "agreements287g") ?? []
        for (i, model) in models.enumerated() where !Case.models287g.contains(model) {
          guard case .array(let items) = v.value else { break }
          throw fail(
            items[i], "agreements287g[\(i)]", "unknown 287(g) model `\(model)`",
            help: "models are \(Case.models287g.joined(separator: ", "))")
        }
        c.agreements287g = models
      case "ice":
        for f in try members(v, "ice", allowed: Self.iceFields) {
          try scalar(f.value, "ice", f.key, into: &c)
        }
      case "person":
        for f in try members(v, "person", allowed: Self.personFields) {
          let p = "person.\(f.key)"
          switch f.key {
          case "charges": c.charges = try offenses(f.value, p)
          case "convictions": c.convictions = try offenses(f.value, p)
          case "registries": c.registries = try strings(f.value, p)
          default: try scalar(f.value, "person", f.key, into: &c)
          }
        }
      default: try scalar(v, "", m.key, into: &c)
      }
    }
    return c
  }

  /// Reads a boolean or choice fact the table declares in `section` under `key`.
  func scalar(_ node: JSONNode, _ section: String, _ key: String, into c: inout Case) throws(CaseError) {
    let lanes = section.isEmpty ? Self.top : section == "ice" ? Self.ice : Self.person
    guard let lane = lanes[key] else { return }
    if let values = FactTable.laneValues[lane] {
      c.setChoice(lane, try choice(node, section.isEmpty ? key : "\(section).\(key)", values))
    } else {
      c.setBool(lane, try bool(node, section.isEmpty ? key : "\(section).\(key)"))
    }
  }

  func offenses(_ node: JSONNode, _ path: @autoclosure () -> String) throws(CaseError) -> [Offense]? {
    switch node.value {
    case .null: return nil
    case .array(let items):
      guard items.count <= Case.maxOffenses else {
        throw fail(
          node, path(),
          "\(items.count) offenses; a case may list at most \(Case.maxOffenses) (split the record or keep the ones that matter)"
        )
      }
      var out: [Offense] = []
      for (i, item) in items.enumerated() {
        func p() -> String { "\(path())[\(i)]" }
        var o = Offense()
        for f in try members(item, p(), allowed: Self.offenseFields) {
          switch f.key {
          case "offense": o.offense = try string(f.value, "\(p()).offense")
          case "grade":
            if case .string(let g) = f.value.value, let grade = Grade(rawValue: g) {
              o.grade = grade
            } else if let g = try choice(f.value, "\(p()).grade", Grade.allCases.map(\.rawValue)) {
              o.grade = Grade(rawValue: g)
            }
          case "date": o.date = try date(f.value, "\(p()).date")
          case "probableCause": o.probableCause = try bool(f.value, "\(p()).probableCause")
          default: o.tags = try strings(f.value, "\(p()).tags")
          }
        }
        out.append(o)
      }
      return out
    default: throw fail(node, path(), "expected an array of offenses, found \(node.kindName)")
    }
  }
}

extension Case {
  /// Whether `s` has the shape of a place ID: `US`, `US-XX`, or `US-XX/slug`.
  public static func isPlaceID(_ s: String) -> Bool {
    // On the UTF-8 bytes: every case read checks its place.
    var s = s
    return s.withUTF8 { b -> Bool in
      guard b.count >= 2, b[0] == UInt8(ascii: "U"), b[1] == UInt8(ascii: "S") else { return false }
      if b.count == 2 { return true }
      guard b.count >= 5, b[2] == UInt8(ascii: "-"), (65...90).contains(b[3]), (65...90).contains(b[4]) else {
        return false
      }
      if b.count == 5 { return true }
      guard b[5] == UInt8(ascii: "/"), b.count > 6 else { return false }
      for c in b[6...] {
        guard (97...122).contains(c) || (48...57).contains(c) || c == UInt8(ascii: "-") else { return false }
      }
      return true
    }
  }

  /// The chain of place IDs implied by the ID alone: `US-NJ/essex-county` → `US-NJ` → `US`.
  public static func impliedParent(of place: String) -> String? {
    if let slash = place.firstIndex(of: "/") { return String(place[..<slash]) }
    return place == "US" ? nil : "US"
  }
}
