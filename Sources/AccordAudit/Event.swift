public import AccordCore

/// Something an agency was asked or did about one person, as a record of it says: the unit of
/// an audit.
public struct Event: Sendable, Equatable {
  /// What the record says happened.
  public enum Kind: String, Sendable, CaseIterable {
    /// ICE lodged a detainer; the record shows no step by the agency.
    case detainerReceived = "detainer-received"
    /// The agency honoured the detainer (kept the person for ICE).
    case honored
    /// The agency declined the detainer.
    case declined
    /// The agency told ICE of the release.
    case releaseNotified = "release-notified"
    /// The agency held the person past release (``Event/heldHours`` says how long, if known).
    case held
    /// The person went from the agency to ICE custody.
    case transferred
    /// The agency released the person without handing them to ICE.
    case released
  }

  public var kind: Kind
  public var date: CivilDate
  /// The facility or agency as the record names it.
  public var facility: String
  /// The record's state (`US-XX`), if it has one.
  public var state: String?
  /// An explicit place, when the record gives one (Accord's own format).
  public var place: String?
  public var agency: String?
  public var warrant: String?
  public var heldHours: Int?
  /// The person: a keyed hash of the record's identifier (never the identifier itself, unless the
  /// user opted in), and what the record says of charges and convictions.
  public var personKey: String?
  public var charges: [Offense]?
  public var convictions: [Offense]?
  public var finalOrderOfRemoval: Bool?
  public var registries: [String]?
  public var federalFelonyWarrant: Bool?
  public var federalCriminalCustody: Bool?
  public var proofOfStatus: Bool?
  public var terroristScreeningMatch: Bool?
  /// The agency's 287(g) models, when the record gives them.
  public var agreements287g: [String]?
  /// ICE's criminality class or threat level, as the record gives it.
  public var criminality: String?
  /// How many detainers the record stands for (1 for a record of one; the count for a row of
  /// aggregate counts).
  public var weight = 1
  /// For aggregates over a period: its last day (``date`` is its first). The law is applied at both
  /// ends; if it changed in between, the verdict is undetermined.
  public var until: CivilDate?
  public var city: String?
  /// ICE's form (I-247, I-247D, I-247N, I-247A), as the record names it.
  public var detainerType: String?
  /// The record's own outcome string (e.g. ICE's lift reason).
  public var outcome: String
  /// Where the record came from: file and row (1-based data row, the header excluded).
  public var file: String
  public var row: Int

  public init(kind: Kind, date: CivilDate, facility: String, outcome: String, file: String, row: Int) {
    self.kind = kind
    self.date = date
    self.facility = facility
    self.outcome = outcome
    self.file = file
    self.row = row
  }
}
