public import AccordCore
import Foundation

/// The audit of one or more datasets: totals that account for every row, verdicts, and the
/// summaries by facility, month, clause and law change.
public struct AuditReport: Sendable {
  public struct DatasetLine: Sendable {
    public var info: AuditStore.DatasetInfo
    public var detectedFormat: String
    public var mode: String
  }

  /// Weighted counts per verdict.
  public struct Counts: Sendable, Equatable {
    public var consistent = 0
    public var violation = 0
    public var undetermined = 0
    public var outOfScope = 0

    public var total: Int { consistent + violation + undetermined + outOfScope }
    /// Consistent share of the events the law could judge (consistent + violation); `nil` if none.
    public var complianceRate: Double? {
      consistent + violation == 0 ? nil : Double(consistent) / Double(consistent + violation)
    }

    mutating func add(_ s: Verdict.Status, _ n: Int) {
      switch s {
      case .consistent: consistent += n
      case .violation: violation += n
      case .undetermined: undetermined += n
      case .outOfScope: outOfScope += n
      }
    }
  }

  public struct FacilityLine: Sendable {
    public var facility: String
    public var place: String?
    public var counts: Counts
    /// Detainers per outcome as the records name it (ICE's lift reasons).
    public var outcomes: [String: Int] = [:]
  }

  public struct ClauseLine: Sendable {
    public var cite: String
    public var rule: String
    public var source: String
    public var action: String
    public var count: Int
  }

  /// Events at a place before and after one of its law files took effect (one year each side).
  public struct LawChange: Sendable {
    public var place: String
    public var title: String
    public var date: CivilDate
    public var before: Counts
    public var after: Counts
  }

  public var datasets: [DatasetLine]
  public var read: Int
  public var processed: Int
  public var rejected: Int
  /// Events (records) and the detainers they stand for (aggregate rows stand for many).
  public var events: Int
  public var detainers: Int
  public var verdicts: Counts
  public var byFacility: [FacilityLine]
  public var byMonth: [(month: String, counts: Counts)]
  public var violationsByClause: [ClauseLine]
  public var undeterminedNeeds: [(need: String, count: Int)]
  public var outOfScope: [(reason: String, count: Int)]
  public var lawChanges: [LawChange]
  public var rejections: [(file: String, row: Int, reason: String)]
  public var lawVersion: String

  /// What the audit assumes of records that do not say.
  public static let assumptions = [
    "A detainer record's warrant is ICE's (administrative) or none, never a judicial warrant, unless the record says so: both readings are tried and a verdict stands only if they agree.",
    "Only two ICE outcomes describe the agency's own step: \"Booked into Detention\" (the person passed from the agency to ICE: a transfer) and \"Detainer Declined by LEA\" (neither held nor handed over). Every other outcome is ICE's act or unrecorded, and is out of scope.",
    "A facility is placed by the crosswalk (local places the library encodes) or by the record's state; federal facilities are out of scope; a state with no law of its own encoded is reported as such, not judged on federal law alone.",
    "An aggregate row (counts over a period) is judged at both ends of its period; if the law changed in between, it is undetermined.",
  ]

  /// Builds the report from stored events.
  public init(store: AuditStore, results: [IngestResult], engine: Engine) throws {
    let ids = results.map(\.dataset.id)
    datasets = results.map { DatasetLine(info: $0.dataset, detectedFormat: $0.detectedFormat, mode: $0.mode) }
    read = results.reduce(0) { $0 + $1.dataset.read }
    processed = results.reduce(0) { $0 + $1.dataset.processed }
    rejected = results.reduce(0) { $0 + $1.dataset.rejected }
    lawVersion = engine.version
    rejections = try store.rejections(datasets: ids)
    let stored = try store.events(datasets: ids)
    events = stored.count
    detainers = stored.reduce(0) { $0 + $1.event.weight }
    var verdicts = Counts()
    var facilities: [String: FacilityLine] = [:]
    var months: [String: Counts] = [:]
    var clauses: [String: ClauseLine] = [:]
    var needs: [String: Int] = [:]
    var outside: [String: Int] = [:]
    for s in stored {
      let (e, v, n) = (s.event, s.verdict, s.event.weight)
      verdicts.add(v.status, n)
      // One line per facility and place: two counties' jails can share a name.
      let key = e.facility + "|" + (v.place ?? e.state ?? "")
      facilities[
        key, default: FacilityLine(facility: e.facility, place: v.place ?? e.state, counts: Counts())
      ].counts
        .add(v.status, n)
      facilities[key]!.outcomes[e.outcome, default: 0] += n
      // Months chart record-level events; an aggregate over a period has no month of its own.
      if e.until == nil { months[String(e.date.description.prefix(7)), default: Counts()].add(v.status, n) }
      switch v.status {
      case .violation:
        let key = (v.rule ?? "") + "|" + (v.action ?? "")
        clauses[
          key,
          default: ClauseLine(
            cite: v.cite ?? "", rule: v.rule ?? "", source: v.source ?? "", action: v.action ?? "", count: 0)
        ].count += n
      case .undetermined: for need in v.needs { needs[Self.needName(need), default: 0] += n }
      case .outOfScope: outside[Self.outOfScopeCategory(v.reason), default: 0] += n
      case .consistent: break
      }
    }
    self.verdicts = verdicts
    byFacility = facilities.values.sorted { ($0.counts.total, $1.facility) > ($1.counts.total, $0.facility) }
    // Every month from the first to the last, so gaps show as gaps.
    var allMonths: [String] = []
    if let first = months.keys.min(), let last = months.keys.max(), var d = CivilDate(parsing: first + "-01")
    {
      while String(d.description.prefix(7)) <= last {
        allMonths.append(String(d.description.prefix(7)))
        d = d.adding(months: 1)
      }
    }
    byMonth = allMonths.map { ($0, months[$0] ?? Counts()) }
    violationsByClause = clauses.values.sorted {
      ($0.count, $1.cite, $1.action) > ($1.count, $0.cite, $0.action)
    }
    undeterminedNeeds = needs.map { ($0.key, $0.value) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    outOfScope = outside.map { ($0.key, $0.value) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    lawChanges = Self.lawChanges(stored, engine)
  }

  /// `person.convictions[0].tags (US-CA:serious-felony)` → `person.convictions[].tags (US-CA:serious-felony)`.
  static func needName(_ s: String) -> String {
    s.replacingOccurrences(of: #"\[\d+\]"#, with: "[]", options: .regularExpression)
  }

  static func outOfScopeCategory(_ reason: String) -> String {
    if reason.hasPrefix("federal facility") { return "federal facility" }
    if reason.hasPrefix("no law encoded") { return reason }
    if reason.hasPrefix("the record shows no step") { return "the record shows no step by the agency" }
    if reason.hasPrefix("facility") { return "facility could not be placed" }
    return reason
  }

  static func lawChanges(_ stored: [AuditStore.StoredEvent], _ engine: Engine) -> [LawChange] {
    var out: [LawChange] = []
    for file in engine.files {
      let place = file.place
      let start = file.effective.adding(years: -1)
      let end = file.effective.adding(years: 1)
      var before = Counts()
      var after = Counts()
      for s in stored {
        guard let p = s.verdict.place, p == place || p.hasPrefix(place + "/"), s.event.until == nil else {
          continue
        }
        let d = s.event.date
        if d >= start && d < file.effective {
          before.add(s.verdict.status, s.event.weight)
        } else if d >= file.effective && d < end {
          after.add(s.verdict.status, s.event.weight)
        }
      }
      if before.total + after.total > 0 {
        out.append(
          LawChange(place: place, title: file.title, date: file.effective, before: before, after: after))
      }
    }
    return out.sorted { ($0.date, $0.place) < ($1.date, $1.place) }
  }
}

// MARK: - Output

extension AuditReport {
  static func percent(_ r: Double?) -> String { r.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a" }

  public func json() -> String {
    var w = JSONWriter(pretty: true)
    func counts(_ k: String?, _ c: Counts) {
      w.beginObject(k)
      w.int("consistent", c.consistent)
      w.int("violation", c.violation)
      w.int("undetermined", c.undetermined)
      w.int("out-of-scope", c.outOfScope)
      w.int("total", c.total)
      if let r = c.complianceRate { w.double("complianceRate", r) } else { w.null("complianceRate") }
      w.endObject()
    }
    w.beginObject()
    w.int("read", read)
    w.int("processed", processed)
    w.int("rejected", rejected)
    w.int("events", events)
    w.int("detainers", detainers)
    counts("verdicts", verdicts)
    w.beginArray("datasets")
    for d in datasets {
      w.beginObject()
      w.string("file", d.info.path)
      w.string("detectedFormat", d.detectedFormat)
      w.string("mode", d.mode)
      w.string("sha256", d.info.sha256)
      w.int("read", d.info.read)
      w.int("processed", d.info.processed)
      w.int("rejected", d.info.rejected)
      w.endObject()
    }
    w.endArray()
    w.beginArray("byFacility")
    for f in byFacility {
      w.beginObject()
      w.string("facility", f.facility)
      if let p = f.place { w.string("place", p) } else { w.null("place") }
      counts("counts", f.counts)
      w.beginObject("outcomes")
      for (k, v) in f.outcomes.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { w.int(k, v) }
      w.endObject()
      w.endObject()
    }
    w.endArray()
    w.beginArray("byMonth")
    for m in byMonth {
      w.beginObject()
      w.string("month", m.month)
      counts("counts", m.counts)
      w.endObject()
    }
    w.endArray()
    w.beginArray("violationsByClause")
    for c in violationsByClause {
      w.beginObject()
      w.string("cite", c.cite)
      w.string("rule", c.rule)
      w.string("source", c.source)
      w.string("action", c.action)
      w.int("count", c.count)
      w.endObject()
    }
    w.endArray()
    w.beginArray("undeterminedNeeds")
    for n in undeterminedNeeds {
      w.beginObject()
      w.string("need", n.need)
      w.int("count", n.count)
      w.endObject()
    }
    w.endArray()
    w.beginArray("outOfScope")
    for o in outOfScope {
      w.beginObject()
      w.string("reason", o.reason)
      w.int("count", o.count)
      w.endObject()
    }
    w.endArray()
    w.beginArray("lawChanges")
    for c in lawChanges {
      w.beginObject()
      w.string("place", c.place)
      w.string("law", c.title)
      w.string("effective", c.date.description)
      counts("yearBefore", c.before)
      counts("yearAfter", c.after)
      w.endObject()
    }
    w.endArray()
    w.beginArray("rejectedRows")
    for r in rejections {
      w.beginObject()
      w.string("file", r.file)
      w.int("row", r.row)
      w.string("reason", r.reason)
      w.endObject()
    }
    w.endArray()
    w.stringArray("assumptions", Self.assumptions)
    w.string("lawVersion", lawVersion)
    w.string("disclaimer", Decision.disclaimer)
    w.endObject()
    return w.text
  }

  public func text() -> String {
    var s = "Audit (law version \(lawVersion))\n\n"
    for d in datasets {
      s +=
        "  \(d.info.path): \(d.detectedFormat) (\(d.mode)); read \(d.info.read), processed \(d.info.processed), rejected \(d.info.rejected)\n"
    }
    s += "\nRows: read \(read) = processed \(processed) + rejected \(rejected)\n"
    s += "Events: \(events) records standing for \(detainers) detainers\n"
    s +=
      "Verdicts (detainers): consistent \(verdicts.consistent), violation \(verdicts.violation), undetermined \(verdicts.undetermined), out of scope \(verdicts.outOfScope); compliance \(Self.percent(verdicts.complianceRate)) of those the law could judge\n"
    if !violationsByClause.isEmpty {
      s += "\nViolations by clause:\n"
      for c in violationsByClause.prefix(15) { s += "  \(c.count)  \(c.action): \(c.cite) [\(c.source)]\n" }
    }
    if !undeterminedNeeds.isEmpty {
      s += "\nUndetermined: the facts the records lack (detainers):\n"
      for n in undeterminedNeeds.prefix(10) { s += "  \(n.count)  \(n.need)\n" }
    }
    if !outOfScope.isEmpty {
      s += "\nOut of scope:\n"
      for o in outOfScope.prefix(12) { s += "  \(o.count)  \(o.reason)\n" }
    }
    let judged = byFacility.filter { $0.counts.consistent + $0.counts.violation + $0.counts.undetermined > 0 }
    if !judged.isEmpty {
      s += "\nFacilities under encoded law (by volume):\n"
      for f in judged.prefix(15) {
        s +=
          "  \(f.facility) [\(f.place ?? "?")]: \(f.counts.total) detainers; consistent \(f.counts.consistent), violation \(f.counts.violation), undetermined \(f.counts.undetermined); compliance \(Self.percent(f.counts.complianceRate))\n"
      }
    }
    if !lawChanges.isEmpty {
      s += "\nAround each law change (one year before / after):\n"
      for c in lawChanges {
        s +=
          "  \(c.date) \(c.place) \(c.title)\n    before: \(c.before.total) detainers, compliance \(Self.percent(c.before.complianceRate)); after: \(c.after.total), compliance \(Self.percent(c.after.complianceRate))\n"
      }
    }
    if !rejections.isEmpty {
      s += "\nRejected rows (\(rejections.count)):\n"
      for r in rejections.prefix(20) { s += "  \(r.file):\(r.row): \(r.reason)\n" }
      if rejections.count > 20 { s += "  … \(rejections.count - 20) more (--format json lists them all)\n" }
    }
    s += "\nAssumptions:\n" + Self.assumptions.map { "  - \($0)" }.joined(separator: "\n") + "\n"
    s += "\n" + Decision.disclaimer + "\n"
    return s
  }
}
