import Foundation

/// Where a record's facility sits in the law library: its place and the kind of agency that runs
/// it, or why it cannot be placed.
public struct FacilityPlace: Sendable, Equatable {
  public var place: String?
  public var agency: String?
  /// A federal facility (Bureau of Prisons, U.S. Marshals): local cooperation law does not apply.
  public var federal = false
  /// How the facility was placed, for the report.
  public var basis: String
}

/// Facilities of the audited files → places of the library. Explicit entries first (the local
/// places the library encodes), then the record's state with the agency read from the facility's
/// name. A facility that cannot be placed is reported, never dropped.
public struct Crosswalk: Sendable {
  public struct Entry: Sendable {
    /// Upper-case text the facility name contains.
    public var contains: String
    /// The record's state must be this one (`US-XX`), when given.
    public var state: String?
    public var place: String
    public var agency: String?
    public var note: String
  }

  public var entries: [Entry]

  /// The facilities of the bundled datasets that sit in local places the library encodes.
  public static let standard = Crosswalk(entries: [
    Entry(
      contains: "LOS ANGELES COUNTY JAIL", state: "US-CA", place: "US-CA/los-angeles-county", agency: "jail",
      note: "Los Angeles County Sheriff's jails (Twin Towers, Men's Central)"),
    Entry(
      contains: "LOS ANGELES CITY JAIL", state: "US-CA", place: "US-CA/los-angeles", agency: "jail",
      note: "LAPD's jail (Metropolitan Detention Center)"),
    Entry(
      contains: "TRAVIS COUNTY STATE JAIL", state: "US-TX", place: "US-TX", agency: "state-prison",
      note: "a Texas Department of Criminal Justice state jail in Austin, not the county's"),
    Entry(
      contains: "TRAVIS CTY JAIL", state: "US-TX", place: "US-TX/travis-county", agency: "jail",
      note: "Travis County Sheriff's jail"),
    Entry(
      contains: "TRAVIS COUNTY JAIL", state: "US-TX", place: "US-TX/travis-county", agency: "jail",
      note: "Travis County Sheriff's jail"),
    Entry(
      contains: "RIKERS ISLAND", state: "US-NY", place: "US-NY/new-york-city", agency: "jail",
      note: "New York City Department of Correction"),
    Entry(
      contains: "NYC DEPT OF CORR", state: "US-NY", place: "US-NY/new-york-city", agency: "jail",
      note: "New York City Department of Correction"),
    Entry(
      contains: "ESSEX COUNTY JAIL", state: "US-NJ", place: "US-NJ/essex-county", agency: "jail",
      note: "Essex County (N.J.) Correctional Facility"),
    Entry(
      contains: "ESSEX CO", state: "US-NJ", place: "US-NJ/essex-county", agency: "jail",
      note: "Essex County (N.J.) Correctional Facility"),
    Entry(
      contains: "SUFFOLK HOC", state: "US-MA", place: "US-MA/suffolk-county", agency: "jail",
      note: "Suffolk County (Mass.) House of Correction, Boston"),
    Entry(
      contains: "SUFFOLK COUNTY HOUSE OF CORR", state: "US-MA", place: "US-MA/suffolk-county", agency: "jail",
      note: "Suffolk County (Mass.) House of Correction, Boston"),
    Entry(
      contains: "NASHUA ST", state: "US-MA", place: "US-MA/suffolk-county", agency: "jail",
      note: "Suffolk County (Mass.) Nashua Street Jail, Boston"),
    Entry(
      contains: "DC DEPT OF CORR", state: "US-DC", place: "US-DC", agency: "jail",
      note: "D.C. Department of Corrections (the D.C. Jail)"),
    Entry(
      contains: "D.C. JAIL", state: "US-DC", place: "US-DC", agency: "jail",
      note: "D.C. Department of Corrections"),
  ])

  /// Name fragments of federal custody.
  static let federalMarks = [
    "U.S. PEN", "US PEN", "USP ", "FED.CORR", "FED CORR", "FEDERAL", "FCI ", "FCI-", "F.C.I", "FCC ", "FCC,",
    "FDC ",
    "MDC", "US MARSHAL", "U.S. MARSHAL", "USMS", "BOP", "FED. MED", "FMC ", "BSCC ",
  ]
  /// Name prefixes of federal custody: "CI EDEN", "CI WILLACY" (Bureau of Prisons contract prisons).
  static let federalPrefixes = ["CI "]
  /// Name fragments of state prisons.
  static let prisonMarks = [
    "STATE PRISON", "STATE P.", "DEPT OF CORRECTIONS", "DEPT. OF CORRECTIONS", "DEPARTMENT OF CORRECTIONS",
    "CDCR",
    "CDC ", "TDCJ", "TDC ", "TDC-", "STATE CORR", "CORRECTIONAL INSTITUTION", "TRANSFER FACILITY",
    "TRANSFER UNIT",
    "STATE JAIL", "STATEVILLE", "CSP-", "CSP ", "PENITENTIARY", "STATE PEN", "STATE FARM", "S.C.I", "SCI ",
    "CORR. FACILITY", "C.F.,",
  ]
  static let jailMarks = [
    "JAIL", "DETENTION", "DET.", "DET ", "SHERIFF", "COUNTY CORR", "CO.CORR", "CO CORR",
    "CORRECTIONAL CENTER",
    "HOC", "HOUSE OF CORR", "ADC", "JUSTICE CENTER", "MAGISTRATE", "CNTY", "COUNTY", "BOOKING",
    "REGIONAL CORR",
  ]
  static let policeMarks = ["POLICE", " PD", "P.D."]

  /// Places a facility.
  /// - Parameters:
  ///   - state: the record's state (`US-XX`), if any.
  public func resolve(facility: String, state recordState: String?) -> FacilityPlace {
    let name = facility.uppercased()
    // A record without a state: the state other ICE records give this facility, if only one.
    let learnt = recordState == nil ? Self.facilityStates[name] : nil
    let state = recordState ?? learnt
    for e in entries where name.contains(e.contains) && (e.state == nil || state == nil || e.state == state) {
      return FacilityPlace(place: e.place, agency: e.agency, basis: "crosswalk: \(e.note)")
    }
    if Self.federalMarks.contains(where: { name.contains($0) })
      || Self.federalPrefixes.contains(where: { name.hasPrefix($0) })
    {
      return FacilityPlace(place: state, agency: nil, federal: true, basis: "federal facility (name)")
    }
    let agency: String? =
      if Self.prisonMarks.contains(where: { name.contains($0) }) {
        "state-prison"
      } else if Self.policeMarks.contains(where: { name.contains($0) }) {
        "police"
      } else if Self.jailMarks.contains(where: { name.contains($0) }) {
        "jail"
      } else {
        nil
      }
    guard let state else {
      return FacilityPlace(
        place: nil, agency: agency,
        basis: "no state in the record, no crosswalk entry, and ICE's records do not name one state for it")
    }
    let whose = learnt == nil ? "the record's state" : "the state other ICE records give this facility"
    return FacilityPlace(
      place: state, agency: agency,
      basis: agency == nil ? "\(whose); agency kind unknown" : "\(whose); \(agency!) (name)")
  }

  /// Facility names → `US-XX`, learnt from ICE's record-level files (see `FacilityStates.swift`).
  static let facilityStates: [String: String] = {
    var out: [String: String] = [:]
    for line in facilityStateTable.split(separator: "\n") {
      let parts = line.split(separator: "\t")
      if parts.count == 2 { out[String(parts[0])] = "US-" + parts[1] }
    }
    return out
  }()
}
