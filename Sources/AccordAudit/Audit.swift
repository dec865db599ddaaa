public import AccordCore
import Foundation

/// What the law in force allowed, set against what a record says happened.
public struct Verdict: Sendable, Equatable {
  public enum Status: String, Sendable, CaseIterable {
    case consistent
    case violation
    case undetermined
    case outOfScope = "out-of-scope"
  }

  public var status: Status
  /// The action the record's step is measured against (`hold`, `transfer`, …), if any.
  public var action: String?
  /// For a violation: the rule the step broke (for a declined detainer, the rule that required it).
  public var rule: String?
  public var cite: String?
  public var source: String?
  /// For an undetermined verdict: the facts the law needs.
  public var needs: [String] = []
  /// Plain words: why.
  public var reason: String
  /// The place whose law was applied.
  public var place: String?
}

/// Holds events against the law in force on their dates, with the engine — never a second copy
/// of the rules.
public struct Auditor: Sendable {
  public let engine: Engine
  public let crosswalk: Crosswalk
  /// States (`US-XX`) with law of their own in the library.
  let statesWithLaw: Set<String>

  public init(engine: Engine, crosswalk: Crosswalk = .standard) {
    self.engine = engine
    self.crosswalk = crosswalk
    statesWithLaw = Set(engine.places.filter { !$0.files.isEmpty }.map { String($0.id.prefix(5)) })
  }

  /// The verdict for one event.
  public func verdict(_ e: Event) -> Verdict {
    let placed: FacilityPlace =
      if let p = e.place {
        FacilityPlace(place: p, agency: e.agency, basis: "the record's place")
      } else {
        crosswalk.resolve(facility: e.facility, state: e.state)
      }
    if placed.federal {
      return Verdict(
        status: .outOfScope, reason: "federal facility (\(e.facility)): local cooperation law does not apply",
        place: placed.place)
    }
    guard let place = placed.place else {
      return Verdict(
        status: .outOfScope, reason: "facility `\(e.facility)` could not be placed: \(placed.basis)")
    }
    guard statesWithLaw.contains(String(place.prefix(5))) else {
      return Verdict(
        status: .outOfScope, reason: "no law encoded for this place (\(place.prefix(5)))", place: place)
    }
    let steps = Self.steps(e.kind)
    guard !steps.isEmpty else {
      return Verdict(
        status: .outOfScope, reason: "the record shows no step by the agency (outcome: \(e.outcome))",
        place: place)
    }
    var c = Case(date: e.date, place: place)
    c.agency = e.agency ?? placed.agency
    c.detainer = true
    c.charges = e.charges
    c.convictions = e.convictions
    c.finalOrderOfRemoval = e.finalOrderOfRemoval
    c.registries = e.registries
    c.federalFelonyWarrant = e.federalFelonyWarrant
    c.federalCriminalCustody = e.federalCriminalCustody
    c.proofOfStatus = e.proofOfStatus
    c.terroristScreeningMatch = e.terroristScreeningMatch
    c.agreements287g = e.agreements287g ?? []
    // A detainer record is ICE's administrative request: a judicial warrant would be a court's,
    // not a detainer. Unless the record says which, both non-judicial readings are tried, and a
    // verdict stands only if they agree.
    let warrants = e.warrant.map { [$0] } ?? ["administrative", "none"]
    var dates = [e.date]
    if let u = e.until, u != e.date { dates.append(u) }
    var verdicts: [Verdict] = []
    for w in warrants {
      for d in dates {
        c.warrant = w
        c.date = d
        verdicts.append(judge(engine.decide(c), steps, place))
      }
    }
    let first = verdicts[0]
    // Readings that agree on the verdict agree, whichever rule each cites; violations of
    // different rules are told apart.
    if verdicts.allSatisfy({ $0.status == first.status && ($0.status != .violation || $0.rule == first.rule) }
    ) {
      return first
    }
    var needs: [String] = []
    if warrants.count > 1 && Set(verdicts.map(\.status)).count > 1 { needs.append("ice.warrant") }
    if dates.count > 1 { needs.append("date (the record spans \(e.date)…\(e.until!), and the law changed)") }
    for v in verdicts { for n in v.needs where !needs.contains(n) { needs.append(n) } }
    return Verdict(
      status: .undetermined, action: first.action, needs: needs,
      reason: "the verdict depends on facts the record does not give", place: place)
  }

  /// What a record's kind says the agency did: each action with whether it was done.
  static func steps(_ k: Event.Kind) -> [(Action, done: Bool)] {
    switch k {
    case .detainerReceived: []
    case .honored, .held: [(.hold, true)]
    case .declined, .released: [(.hold, false), (.transfer, false)]
    case .releaseNotified: [(.notifyRelease, true)]
    case .transferred: [(.transfer, true)]
    }
  }

  func judge(_ d: Decision, _ steps: [(Action, done: Bool)], _ place: String) -> Verdict {
    var undetermined: Verdict?
    for (action, done) in steps {
      let a = d[action]
      switch (a.status, done) {
      case (.prohibited, true), (.required, false):
        let r = a.because.first
        return Verdict(
          status: .violation, action: action.rawValue, rule: r?.rule, cite: r?.cite, source: r?.source,
          reason: done
            ? "\(action.rawValue) was done, and the law in force prohibits it"
            : "\(action.rawValue) was not done, and the law in force requires it",
          place: place)
      case (.undetermined, _):
        // Undetermined between statuses that all allow what was done is no doubt at all.
        let breaking: Status = done ? .prohibited : .required
        guard a.possible.contains(breaking) || a.possible.isEmpty else { continue }
        if undetermined == nil {
          undetermined = Verdict(
            status: .undetermined, action: action.rawValue, needs: a.needs,
            reason: "whether \(action.rawValue) was allowed depends on facts the record does not give",
            place: place)
        }
      default: break
      }
    }
    if let undetermined { return undetermined }
    let (action, done) = steps[0]
    let r = d[action].because.first
    return Verdict(
      status: .consistent, action: action.rawValue, rule: r?.rule, cite: r?.cite, source: r?.source,
      reason:
        "\(action.rawValue) \(done ? "done" : "not done"): the law in force \(done ? "allowed" : "did not require") it",
      place: place)
  }
}
