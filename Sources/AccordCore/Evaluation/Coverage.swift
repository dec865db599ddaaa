/// What the coverage ledger (`law/coverage/`) says of a place's law in a period.
public enum CoverageStatus: String, Sendable, Hashable, CaseIterable, Codable {
  /// Accord's law files encode the place's law for the period (known laws marked `not-encoded` aside).
  case encoded
  /// The place's law was researched and every law known to be in force is listed; some or all are
  /// not encoded.
  case researched
  /// Researched: no law of the place limits or requires cooperation.
  case none
  /// Nothing reliable is known of the place's law.
  case unresearched

  /// How a status reads to a person.
  public var phrase: String {
    switch self {
    case .encoded: "encoded"
    case .researched: "researched (laws listed, not all encoded)"
    case .none: "verified: no law limits or requires cooperation"
    case .unresearched: "not researched"
    }
  }
}

/// Which way a known law points.
public enum LawDirection: String, Sendable, Hashable, CaseIterable, Codable {
  case limits, requires, mixed

  /// What a law of this direction could add to its level's own outcome for an action it speaks
  /// to. A law that limits cooperation can forbid, never lift another law's prohibition (its
  /// permissions are exceptions to its own limits), so it adds a possible prohibition; a law that
  /// requires cooperation adds a possible requirement; a mixed law, anything. The level keeps what
  /// its encoded law says as the other possibility.
  var outcomes: Outcomes {
    switch self {
    case .limits: Outcomes.of(.prohibited)
    case .requires: Outcomes.of(.required)
    case .mixed: Outcomes.anyLaw
    }
  }
}

/// One period of a ledger entry.
public struct CoveragePeriod: Sendable, Hashable {
  public var status: CoverageStatus
  public var from: CivilDate
  /// The last day of the period (inclusive); `nil` = open.
  public var until: CivilDate?
  /// For `researched` and `none`: the file under `law/sources/` that records the research.
  public var source: String?
  public var verified: CivilDate?
  /// The actions the status holds for; `nil` = all ten. Outside them the period is unresearched.
  public var actions: [Action]?

  /// The status for one action: outside ``actions`` it is `unresearched`.
  public func status(for action: Action) -> CoverageStatus {
    guard let actions, !actions.contains(action) else { return status }
    return .unresearched
  }

  public func contains(_ d: CivilDate) -> Bool { d >= from && (until.map { d <= $0 } ?? true) }
}

/// A law the ledger knows exists, encoded or not.
public struct KnownLaw: Sendable, Hashable {
  public var citation: String
  public var direction: LawDirection
  public var from: CivilDate
  public var until: CivilDate?
  public var encoded: Bool
  /// File under `law/sources/`.
  public var source: String
  /// The actions it speaks to (all ten when the entry names none).
  public var actions: [Action]
  /// The agency kinds it binds (`nil`: every kind), e.g. a governor's order for state agencies.
  public var agencies: [String]?
  /// The governments whose agencies it binds (`nil`: any), as the case fact `agencyGovernment`
  /// names them: a state police regulation binds `state` agencies, not a city's police.
  public var governments: [String]? = nil

  /// Whether it binds an agency of this kind run by this government (an unknown kind or
  /// government: it may).
  public func binds(_ agency: String?, government: String? = nil) -> Bool {
    if let agencies, let agency, !agencies.contains(agency) { return false }
    if let governments, let government, !governments.contains(government) { return false }
    return true
  }

  public func inForce(on d: CivilDate) -> Bool { d >= from && (until.map { d <= $0 } ?? true) }
}

/// A ledger entry: one place's periods and known laws.
public struct CoverageEntry: Sendable, Hashable {
  public var place: String
  public var periods: [CoveragePeriod]
  public var known: [KnownLaw]
  /// Where the entry is written (`coverage.md:120`).
  public var location: String

  /// The period in force on `d`, if any (before the first period: none, which reads as unresearched).
  public func period(on d: CivilDate) -> CoveragePeriod? { periods.first { $0.contains(d) } }

  /// The status on `d`: a date outside every period is `unresearched`.
  public func status(on d: CivilDate) -> CoverageStatus { period(on: d)?.status ?? .unresearched }
}

extension Outcomes {
  /// What an unknown law could give: nothing, or any status.
  static let anyLaw = Outcomes(bits: 0b1111)
  /// What a rule gives when it applies: its status, or for an `open` rule any of the three.
  static func ofRule(_ s: Status) -> Outcomes { s == .undetermined ? Outcomes(bits: 0b1110) : .of(s) }
}
