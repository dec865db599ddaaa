import Foundation

/// How the coverage ledger enters a decision: silence is not permission.
///
/// For each level of the case's chain, the ledger says on the case's date whether the level's law
/// is encoded, researched, verified absent, or not researched. A level that is not researched, and
/// each known law in force that is not encoded, is composed as a level that could give *any*
/// status (or, for a law whose direction is known, any status of that direction) for the actions
/// it could speak to. Where that could change the answer, the action is `undetermined` and its
/// needs name the missing law; where a higher level's requirement or prohibition settles it
/// whatever the missing law says, the answer stands.
struct LedgerView: Sendable {
  /// Level → action index → outcome bits added to that level's own.
  var extra: [[UInt8]]
  /// Action index → what is missing, in plain words.
  var needs: [[String]]
  var warnings: [String]
  /// A local place the case names that the library does not declare (composed as a level of its own).
  var undeclaredLocal: String?

  var isEmpty: Bool { needs.allSatisfy(\.isEmpty) }
}

/// Ledger views already built, by place, agency and date: a view depends on nothing else, and
/// building its need and warning strings anew was most of a decision's time on an unresearched chain.
final class LedgerCache: @unchecked Sendable {
  struct Key: Hashable {
    var place: String
    var agency: String?
    var government: Int8
    var date: CivilDate
  }
  private let lock = NSLock()
  private var views: [Key: LedgerView] = [:]
  /// Past this many views the cache starts again (a batch over many places and dates stays bounded).
  static let limit = 65_536

  func view(_ key: Key, _ build: () -> LedgerView) -> LedgerView {
    if let v = lock.withLock({ views[key] }) { return v }
    let v = build()
    lock.withLock {
      if views.count >= LedgerCache.limit { views.removeAll(keepingCapacity: true) }
      views[key] = v
    }
    return v
  }
}

extension Engine {
  /// The ledger's effect on one case; `nil` when the library has no ledger.
  func ledger(_ c: Case, _ chain: [String]) -> LedgerView? {
    guard !library.coverage.isEmpty else { return nil }
    return ledgerCache.view(
      .init(place: c.place, agency: c.agency, government: c.lanes[Case.laneAgencyGovernment], date: c.date)
    ) {
      buildLedger(c, chain)
    }
  }

  private func buildLedger(_ c: Case, _ chain: [String]) -> LedgerView {
    var places = chain
    var undeclared: String?
    if chain.last != c.place {
      undeclared = c.place
      places.append(c.place)
    }
    let count = Action.allCases.count
    var view = LedgerView(
      extra: [[UInt8]](repeating: [UInt8](repeating: 0, count: count), count: places.count),
      needs: [[String]](repeating: [], count: count), warnings: [], undeclaredLocal: undeclared)
    let caseLevel = level(of: c.place)
    // The government running the agency, as the case says; for a known law's `governments`, a
    // state prison is the state's when the case does not say.
    let government = c.choice(Case.laneAgencyGovernment)
    let binding = government ?? (c.agency == "state-prison" ? "state" : nil)
    for (i, place) in places.enumerated() {
      let level = level(of: place)
      let name = library.places[place]?.name ?? place
      let label =
        place == Engine.unnamedState
        ? "the state (\(place): a state the case does not name)"
        : name == place ? place : "\(name) (\(place))"
      if level == .county || level == .city {
        // A state prison, or any agency the state runs, answers to state law; city police, or any
        // agency a city runs, are not bound by their county's law, nor a county's by a city's.
        if c.agency == "state-prison" || government == "state" { continue }
        if level == .county, government == "city" || (caseLevel == .city && c.agency == "police") { continue }
        if level == .city, government == "county" { continue }
      }
      let entry = library.coverage[place]
      let period = entry?.period(on: c.date)
      let status = period?.status ?? .unresearched
      let missing = (entry?.known ?? []).filter {
        !$0.encoded && $0.inForce(on: c.date) && $0.binds(c.agency, government: binding)
      }
      switch status {
      case .unresearched:
        let what =
          entry == nil
          ? "\(label) is not in the coverage ledger: its own law is not researched"
          : "\(label): its law is not researched for \(c.date)"
        for a in 0..<count {
          view.extra[i][a] |= Outcomes.anyLaw.bits
          view.needs[a].append(what)
        }
        view.warnings.append(
          "\(what); every action its law could change is undetermined, never the answer of the levels above (see law/coverage/)"
        )
      case .none:
        view.warnings.append(
          "\(label): no law limiting or requiring cooperation, per law/sources/\(period?.source ?? "?") (verified \(period?.verified.map(\.description) ?? "?")); the levels above decide"
        )
      case .encoded, .researched:
        break
      }
      // A period whose status holds for some actions only: the rest are not researched.
      if status != .unresearched, let only = period?.actions {
        let what =
          "\(label): its law is researched on \(c.date) only for \(only.map(\.rawValue).joined(separator: ", "))"
        var open: [String] = []
        for action in Action.allCases where !only.contains(action) {
          view.extra[i][action.index] |= Outcomes.anyLaw.bits
          view.needs[action.index].append(what)
          open.append(action.rawValue)
        }
        view.warnings.append(
          "\(what); \(open.joined(separator: ", ")) could be changed by its law, so they are undetermined")
      }
      for law in missing {
        let what =
          "\(name) law (\(law.citation), in force since \(law.from)) is not encoded (\(law.direction.rawValue) cooperation; law/sources/\(law.source))"
        for action in law.actions {
          view.extra[i][action.index] |= law.direction.outcomes.bits
          if !view.needs[action.index].contains(what) { view.needs[action.index].append(what) }
        }
        view.warnings.append(
          "\(what): \(law.actions.count == count ? "every action" : law.actions.map(\.rawValue).joined(separator: ", ")) it could change is undetermined"
        )
      }
    }
    return view
  }

  func level(of place: String) -> Level {
    if let p = library.places[place] { return p.level }
    if place == "US" { return .federal }
    guard place.contains("/") else { return .state }
    return place.hasSuffix("-county") ? .county : .city
  }

  /// What the ledger says of `place` on `date`: its status and the known laws in force not encoded.
  public func coverage(of place: String, on date: CivilDate) -> (status: CoverageStatus, missing: [KnownLaw])?
  {
    guard !library.coverage.isEmpty else { return nil }
    guard let entry = library.coverage[place] else { return (.unresearched, []) }
    return (entry.status(on: date), entry.known.filter { !$0.encoded && $0.inForce(on: date) })
  }

  /// A place ID for "some state, not named": its law is unknown, so with a ledger every action its
  /// law could change is undetermined (the simulation's national remainder is decided there).
  public static let unnamedState = "US-XX"

  /// Whether the library has a coverage ledger.
  public var hasLedger: Bool { !library.coverage.isEmpty }

  /// The whole ledger, by place ID.
  public var ledgerEntries: [CoverageEntry] { library.coverage.values.sorted { $0.place < $1.place } }
}
