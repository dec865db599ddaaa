/// The coverage ledger on one date: per jurisdiction its status, encoded files, known laws and
/// the completeness of their sources. `accord coverage` and the server's `/coverage` share it.
public struct CoverageReport: Sendable {
  public struct Row: Sendable {
    public var id: String
    public var name: String
    public var level: Level
    public var parent: String?
    public var status: CoverageStatus
    /// The period in force on the date (nil: outside every period, which reads as unresearched).
    public var period: CoveragePeriod?
    public var periods: [CoveragePeriod]
    public var files: [LawFile]
    public var known: [KnownLaw]
    /// Known laws in force on the date that are not encoded.
    public var missing: [KnownLaw]
    /// Where the ledger entry is written; nil when the place has none.
    public var location: String?
  }

  /// The 50 states, D.C. and the five inhabited territories.
  public static let stateLevel: [String] =
    [
      "AK", "AL", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU", "HI", "IA", "ID", "IL",
      "IN", "KS",
      "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM",
      "NV", "NY",
      "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VI", "VT", "WA", "WI", "WV",
      "WY",
    ].map { "US-" + $0 }

  public var date: CivilDate
  public var lawVersion: String
  public var rows: [Row]
  /// State-level jurisdictions with no ledger entry (the ledger must name all 56).
  public var absent: [String]

  /// State-level rows, or county and city rows (the federal row is neither).
  public static func belongs(_ r: Row, _ stateLevel: Bool) -> Bool {
    stateLevel ? r.level == .state : (r.level == .county || r.level == .city)
  }

  public func count(_ s: CoverageStatus, stateLevel: Bool) -> Int {
    rows.filter { $0.status == s && Self.belongs($0, stateLevel) }.count
  }

  public func json(pretty: Bool = true) -> String {
    var w = JSONWriter(pretty: pretty)
    w.beginObject()
    w.string("date", date.description)
    w.string("lawVersion", lawVersion)
    w.beginObject("totals")
    for (key, state) in [("stateLevel", true), ("local", false)] {
      w.beginObject(key)
      w.int("jurisdictions", rows.filter { Self.belongs($0, state) }.count)
      for s in CoverageStatus.allCases { w.int(s.rawValue, count(s, stateLevel: state)) }
      w.int("withKnownLawNotEncoded", rows.filter { Self.belongs($0, state) && !$0.missing.isEmpty }.count)
      w.endObject()
    }
    w.endObject()
    w.stringArray("absentFromLedger", absent)
    w.beginArray("jurisdictions")
    for r in rows {
      w.beginObject()
      w.string("id", r.id)
      w.string("name", r.name)
      w.string("level", r.level.rawValue)
      if let p = r.parent { w.string("parent", p) } else { w.null("parent") }
      w.string("status", r.status.rawValue)
      if let l = r.location { w.string("ledger", "law/" + l) } else { w.null("ledger") }
      w.beginArray("periods")
      for p in r.periods {
        w.beginObject()
        w.string("status", p.status.rawValue)
        w.string("from", p.from.description)
        if let u = p.until { w.string("until", u.description) } else { w.null("until") }
        if let s = p.source { w.string("source", "law/sources/" + s) }
        if let v = p.verified { w.string("verified", v.description) }
        if let a = p.actions { w.stringArray("actions", a.map(\.rawValue)) }
        w.bool("current", p == r.period)
        w.endObject()
      }
      w.endArray()
      w.beginArray("files")
      for f in r.files {
        w.beginObject()
        f.writeProvenance(into: &w)
        w.bool("inForce", f.effective <= date && (f.until.map { date <= $0 } ?? true))
        w.endObject()
      }
      w.endArray()
      w.beginArray("known")
      for k in r.known {
        w.beginObject()
        w.string("citation", k.citation)
        w.string("direction", k.direction.rawValue)
        w.string("from", k.from.description)
        if let u = k.until { w.string("until", u.description) } else { w.null("until") }
        w.bool("encoded", k.encoded)
        w.bool("inForce", k.inForce(on: date))
        w.string("source", "law/sources/" + k.source)
        w.stringArray("actions", k.actions.map(\.rawValue))
        if let a = k.agencies { w.stringArray("agencies", a) }
        if let g = k.governments { w.stringArray("governments", g) }
        w.endObject()
      }
      w.endArray()
      w.endObject()
    }
    w.endArray()
    w.string("disclaimer", Decision.disclaimer)
    w.endObject()
    return w.text
  }

  /// One line per jurisdiction under the totals.
  public func text() -> String {
    var out = "Coverage on \(date) (law version \(lawVersion))\n\n"
    for (label, state) in [("States, D.C. and territories", true), ("Counties and cities", false)] {
      let n = rows.filter { Self.belongs($0, state) }.count
      let parts = CoverageStatus.allCases.map { "\(count($0, stateLevel: state)) \($0.phrase)" }
      let missing = rows.filter { Self.belongs($0, state) && !$0.missing.isEmpty }.count
      out +=
        "\(label): \(n) — \(parts.joined(separator: ", ")); \(missing) with a known law in force not encoded\n"
    }
    if !absent.isEmpty { out += "Absent from the ledger: \(absent.joined(separator: ", "))\n" }
    out += "\n"
    let width = rows.map(\.id.count).max() ?? 10
    for r in rows {
      var line = "  \(r.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(r.status.phrase)"
      if let p = r.period {
        line += " since \(p.from)"
        if let u = p.until { line += " until \(u)" }
        if let s = p.source { line += " (law/sources/\(s)\(p.verified.map { ", verified \($0)" } ?? ""))" }
        if let a = p.actions {
          line += " — for \(a.map(\.rawValue).joined(separator: ", ")) only; the other actions not researched"
        }
      }
      out += line + "  — \(r.name)\n"
      for f in r.files where f.effective <= date && (f.until.map { date <= $0 } ?? true) {
        out += "      encoded: law/\(f.path) (\(f.completeness.rawValue) source)\n"
      }
      for k in r.missing {
        out +=
          "      NOT ENCODED: \(k.citation) (\(k.direction.rawValue), in force since \(k.from); law/sources/\(k.source))\n"
      }
    }
    return out + "\n\(Decision.disclaimer)\n"
  }
}

extension Engine {
  /// The ledger on `date`: every place the library declares, with its status.
  public func coverageReport(on date: CivilDate) -> CoverageReport {
    var rows: [CoverageReport.Row] = []
    for p in places {
      let entry = library.coverage[p.id]
      let period = entry?.period(on: date)
      rows.append(
        CoverageReport.Row(
          id: p.id, name: p.name, level: p.level, parent: p.parent, status: period?.status ?? .unresearched,
          period: period, periods: entry?.periods ?? [], files: p.files.map { library.files[$0] },
          known: entry?.known ?? [],
          missing: (entry?.known ?? []).filter { !$0.encoded && $0.inForce(on: date) },
          location: entry?.location))
    }
    let ids = Set(rows.map(\.id))
    return CoverageReport(
      date: date, lawVersion: version, rows: rows,
      absent: CoverageReport.stateLevel.filter { !ids.contains($0) || library.coverage[$0] == nil })
  }
}

extension LawFile {
  /// The file's provenance as JSON members (paths as the repository has them: `law/…`).
  public func writeProvenance(into w: inout JSONWriter) {
    w.string("path", "law/" + path)
    w.string("title", title)
    w.string("source", "law/sources/" + source)
    w.string("completeness", completeness.rawValue)
    w.string("verified", verified.description)
    w.string("effective", effective.description)
    if let u = until { w.string("until", u.description) } else { w.null("until") }
  }
}
