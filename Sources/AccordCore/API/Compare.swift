/// One of the reference cases `accord compare` decides in every place: a criminal record (from
/// none to a final order of removal) with an administrative or a judicial warrant — the
/// "spectrum of cooperation" of DOMAIN.md.
public struct ReferenceProfile: Sendable, Hashable {
  /// The person's record in the profile.
  public enum Record: String, CaseIterable, Sendable {
    case noRecord = "no-record"
    case misdemeanor
    case felony = "felony-3y"
    case violentOrSerious = "violent-or-serious-felony"
    case finalOrder = "final-order"

    /// Short column heading for text tables.
    public var short: String {
      switch self {
      case .noRecord: "none"
      case .misdemeanor: "misd"
      case .felony: "fel3y"
      case .violentOrSerious: "v/s"
      case .finalOrder: "order"
      }
    }

    public var label: String {
      switch self {
      case .noRecord: "no criminal record"
      case .misdemeanor: "a misdemeanor conviction 2 years ago, no listed offense"
      case .felony: "a felony conviction 3 years ago, no listed offense"
      case .violentOrSerious: "a violent or serious felony conviction 4 years ago"
      case .finalOrder: "no criminal record, a final order of removal"
      }
    }

    /// How a journalist's sentence names the group.
    var phrase: String {
      switch self {
      case .noRecord: "people with no record"
      case .misdemeanor: "a misdemeanor"
      case .felony: "a recent felony"
      case .violentOrSerious: "a violent or serious felony"
      case .finalOrder: "a final order of removal"
      }
    }
  }

  public var record: Record
  /// `administrative` or `judicial`.
  public var warrant: String

  public var id: String { "\(record.rawValue)/\(warrant)" }
  public var label: String { "\(record.label); \(warrant) warrant" }

  /// Every profile: each record with an administrative, then with a judicial warrant.
  public static let all: [ReferenceProfile] =
    Record.allCases.map { ReferenceProfile(record: $0, warrant: "administrative") }
    + Record.allCases.map { ReferenceProfile(record: $0, warrant: "judicial") }

  /// Names an offense list may give with `profile NAME`: the categories the profile's record is in.
  static let categoryProfiles = [Record.violentOrSerious.rawValue]

  /// Whether a place grades offenses as New Jersey does (indictable / disorderly persons) rather
  /// than as felonies and misdemeanors.
  static func usesNewJerseyGrades(_ place: String) -> Bool { place == "US-NJ" || place.hasPrefix("US-NJ/") }

  /// The case this profile describes at `place` on `date`. Every fact is given, so a status that
  /// is still undetermined depends on something the profile cannot know.
  func makeCase(place: String, date: CivilDate, agency: String, tags: [String], level: Level = .state) -> Case
  {
    var c = Case(date: date, place: place)
    c.agency = agency
    c.detainer = true
    c.warrant = warrant
    c.federalFelonyWarrant = false
    let nj = Self.usesNewJerseyGrades(place)
    func years(_ n: Int) -> CivilDate { date.adding(years: -n) }
    switch record {
    case .noRecord, .finalOrder: c.convictions = []
    case .misdemeanor:
      c.convictions = [Offense(grade: nj ? .disorderlyPersons : .misdemeanor, date: years(2), tags: [])]
    case .felony: c.convictions = [Offense(grade: nj ? .indictable : .felony, date: years(3), tags: [])]
    case .violentOrSerious:
      c.convictions = [Offense(grade: nj ? .indictable : .felony, date: years(4), tags: tags)]
    }
    c.charges = []
    c.finalOrderOfRemoval = record == .finalOrder
    c.terroristScreeningMatch = false
    c.registries = []
    c.interviewConsent = "none"
    c.counsel = "none"
    c.requestedByPerson = false
    c.federalCriminalCustody = false
    c.proofOfStatus = false
    c.statusRelevantToInvestigation = false
    c.reentryAfterRemoval = false
    // ICE's request concerns a person in the agency's custody; the government that runs the agency
    // is the usual one: a county's jail (a city's at a city), a city's police (a county's, the
    // sheriff's, at a county), and the state's prisons and probation.
    c[fact: "person.inCustody"] = "true"
    switch agency {
    case "jail": c[fact: "agencyGovernment"] = level == .city ? "city" : "county"
    case "police": c[fact: "agencyGovernment"] = level == .county ? "county" : "city"
    default: c[fact: "agencyGovernment"] = "state"
    }
    return c
  }
}

/// Every reference profile decided in each of several places on one date.
public struct Comparison: Sendable {
  public struct Place: Sendable {
    public var id: String
    public var name: String
    /// One decision per profile, in ``ReferenceProfile/all`` order.
    public var decisions: [Decision]
    /// One sentence a journalist could quote.
    public var summary: String
  }

  public var date: CivilDate
  public var agency: String
  public var profiles: [ReferenceProfile]
  public var places: [Place]
  public var lawVersion: String
}

extension Engine {
  /// Decides every reference profile in each place.
  /// - Parameter agency: the agency in every profile (a county jail by default).
  public func compare(places: [String], date: CivilDate, agency: String = "jail") -> Comparison {
    let tags = library.categories.filter {
      $0.profiles.contains(ReferenceProfile.Record.violentOrSerious.rawValue)
    }
    .map(\.qualified)
    let profiles = ReferenceProfile.all
    let out = places.map { place in
      let decisions = profiles.map {
        decide($0.makeCase(place: place, date: date, agency: agency, tags: tags, level: level(of: place)))
      }
      let name = library.places[place]?.name ?? place
      return Comparison.Place(
        id: place, name: name, decisions: decisions,
        summary: Comparison.summary(name: name, profiles: profiles, decisions: decisions))
    }
    return Comparison(date: date, agency: agency, profiles: profiles, places: out, lawVersion: version)
  }
}

extension Comparison {
  /// "Texas: must hold …; must tell ICE …; 287(g) agreements permitted."
  static func summary(name: String, profiles: [ReferenceProfile], decisions: [Decision]) -> String {
    let parts: [(Action, String)] = [
      (.hold, "hold people past release on a detainer"),
      (.notifyRelease, "tell ICE of a release"),
      (.transfer, "hand people to ICE"),
    ]
    var clauses = parts.map { action, verb in
      phrase(verb, profiles, decisions.map { $0[action].status })
    }
    let agreement = decisions.first.map { $0[.enter287g].status } ?? .undetermined
    switch agreement {
    case .required: clauses.append("a 287(g) agreement is required")
    case .prohibited: clauses.append("287(g) agreements are banned")
    case .permitted: clauses.append("287(g) agreements are allowed")
    case .undetermined: clauses.append("whether a 287(g) agreement is allowed is undetermined")
    }
    return "\(name): " + clauses.joined(separator: "; ") + "."
  }

  static func phrase(_ verb: String, _ profiles: [ReferenceProfile], _ statuses: [Status]) -> String {
    func groups(_ warrant: String, _ keep: (Status) -> Bool) -> [ReferenceProfile.Record] {
      zip(profiles, statuses).filter { $0.0.warrant == warrant && keep($0.1) }.map(\.0.record)
    }
    func list(_ records: [ReferenceProfile.Record]) -> String {
      let names = records.map(\.phrase)
      guard names.count > 1 else { return names.first ?? "" }
      return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
    let all = ReferenceProfile.Record.allCases.count
    if statuses.allSatisfy({ $0 == .required }) { return "must \(verb) whenever ICE asks" }
    if statuses.allSatisfy({ $0 == .prohibited }) { return "may not \(verb) in any reference case" }
    if statuses.allSatisfy({ $0 == .permitted }) { return "may \(verb) for anyone" }
    // Silence is not permission, nor prohibition: where nothing is decided, say so.
    if statuses.allSatisfy({ $0 == .undetermined }) { return "whether it may \(verb) is undetermined" }
    let allowed: (Status) -> Bool = { $0 == .permitted || $0 == .required }
    let adminYes = groups("administrative", allowed)
    let judicialYes = groups("judicial", allowed)
    var s: String
    if adminYes.isEmpty && judicialYes.isEmpty {
      // Nothing allowed: barred where decided, open elsewhere (the suffix names where).
      s = statuses.contains(.undetermined) ? "may not \(verb) where the law decides it" : "may not \(verb)"
    } else if judicialYes.count == all && adminYes.isEmpty {
      s = "may \(verb) only with a judicial warrant"
    } else if adminYes.isEmpty {
      s = "may \(verb) only with a judicial warrant and only for \(list(judicialYes))"
    } else if judicialYes.count == all {
      s = "may \(verb) with a judicial warrant, or on an ICE warrant only for \(list(adminYes))"
    } else if adminYes == judicialYes {
      s = adminYes.count == all ? "may \(verb) for anyone" : "may \(verb) only for \(list(adminYes))"
    } else {
      s =
        "may \(verb) on an ICE warrant for \(adminYes.isEmpty ? "no one" : list(adminYes)), with a judicial warrant for \(judicialYes.isEmpty ? "no one" : list(judicialYes))"
    }
    let requiredAdmin = groups("administrative", { $0 == .required })
    let requiredJudicial = groups("judicial", { $0 == .required })
    if requiredAdmin.count == all && requiredJudicial.count == all {
      s += " (required in every profile)"
    } else if requiredAdmin.isEmpty && requiredJudicial.count == all {
      s += " (required with a judicial warrant)"
    } else if !requiredAdmin.isEmpty || !requiredJudicial.isEmpty {
      let records = ReferenceProfile.Record.allCases.filter {
        Set(requiredAdmin + requiredJudicial).contains($0)
      }
      s += " (required for \(list(records)))"
    }
    let open = Set(
      groups("administrative", { $0 == .undetermined }) + groups("judicial", { $0 == .undetermined }))
    if !open.isEmpty {
      s += " (undetermined for \(list(ReferenceProfile.Record.allCases.filter(open.contains))))"
    }
    return s
  }

  /// The comparison as JSON: the profiles, then per place its summary, every action's status per
  /// profile with the deciding rules, and the conflicts.
  public func json(pretty: Bool = true) -> String {
    var w = JSONWriter(pretty: pretty)
    w.beginObject()
    w.string("date", date.description)
    w.string("agency", agency)
    w.string("lawVersion", lawVersion)
    w.beginArray("profiles")
    for p in profiles {
      w.beginObject()
      w.string("id", p.id)
      w.string("record", p.record.rawValue)
      w.string("warrant", p.warrant)
      w.string("label", p.label)
      w.endObject()
    }
    w.endArray()
    w.beginArray("places")
    for place in places {
      w.beginObject()
      w.string("place", place.id)
      w.string("name", place.name)
      w.string("summary", place.summary)
      w.beginObject("actions")
      for action in Action.allCases {
        w.beginObject(action.rawValue)
        for (p, d) in zip(profiles, place.decisions) {
          let a = d[action]
          w.beginObject(p.id)
          w.string("status", a.status.rawValue)
          w.stringArray("because", a.because.map(\.rule))
          if !a.needs.isEmpty { w.stringArray("needs", a.needs) }
          w.endObject()
        }
        w.endObject()
      }
      w.endObject()
      w.beginArray("conflicts")
      var seen = Set<String>()
      for (p, d) in zip(profiles, place.decisions) {
        for c in d.conflicts {
          let key = "\(c.action.rawValue)|\(c.prevailingRule?.rule ?? "")|\(c.overriddenRule?.rule ?? "")"
          guard seen.insert(key).inserted else { continue }
          w.beginObject()
          w.string("action", c.action.rawValue)
          w.string("firstProfile", p.id)
          w.string("prevailingPlace", c.prevailingPlace)
          if let r = c.prevailingRule { w.string("prevailingRule", r.rule) } else { w.null("prevailingRule") }
          w.string("overriddenPlace", c.overriddenPlace)
          if let r = c.overriddenRule { w.string("overriddenRule", r.rule) } else { w.null("overriddenRule") }
          w.string("reason", c.reason)
          w.endObject()
        }
      }
      w.endArray()
      w.endObject()
    }
    w.endArray()
    w.string("disclaimer", Decision.disclaimer)
    w.endObject()
    return w.text
  }

  /// The comparison as text: per place its summary and an actions × profiles table.
  public func text() -> String {
    func cell(_ s: Status) -> String {
      switch s {
      case .required: "MUST"
      case .permitted: "may"
      case .prohibited: "no"
      case .undetermined: "?"
      }
    }
    func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    var out = "Compare on \(date) for a \(agency) (law version \(lawVersion))\n"
    out += "Profiles (each case: ICE detainer, no interview consent, no 287(g) agreement):\n"
    for r in ReferenceProfile.Record.allCases { out += "  \(pad(r.short, 6)) \(r.label)\n" }
    out += "Cells: MUST required, may permitted, no prohibited, ? undetermined (facts missing or no rule)\n"
    let records = ReferenceProfile.Record.allCases
    let width = 31
    var header = pad("", width)
    header += records.map { pad($0.short, 6) }.joined() + "| " + records.map { pad($0.short, 6) }.joined()
    for place in places {
      out += "\n\(place.id)  \(place.name)\n  \(place.summary)\n"
      out += pad("", width) + pad("ICE (administrative) warrant", 6 * records.count) + "| judicial warrant\n"
      out += header + "\n"
      for action in Action.allCases {
        var line = pad("  " + action.rawValue, width)
        for (i, d) in place.decisions.enumerated() {
          if i == records.count { line += "| " }
          line += pad(cell(d[action].status), 6)
        }
        out += line + "\n"
      }
      var reported = Set<String>()
      for d in place.decisions {
        for c in d.conflicts {
          let text =
            "  conflict (\(c.action.rawValue)): \(c.prevailingPlace) \(c.prevailingStatus.rawValue) over \(c.overriddenPlace) \(c.overriddenStatus.rawValue): \(c.reason)"
          if reported.insert(text).inserted { out += text + "\n" }
        }
      }
    }
    out += "\n" + Decision.disclaimer + "\n"
    return out
  }
}
