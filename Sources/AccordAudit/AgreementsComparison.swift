public import AccordCore
import Foundation

/// What changed between two of ICE's 287(g) lists: agreements new, ended and changed, each held
/// against the law in force on its list's date, and which changes create or cure a finding (an
/// agreement listed in a place whose law bars it).
///
/// An agency is matched across the lists by its state and its name (case, spacing, apostrophes and
/// full stops aside). An agency whose models differ between the lists is *changed*; so is one whose
/// signing date for a model differs (re-signed). A finding on the newer list that was not one on
/// the older is *created* — by a new agreement, or by a law that came into force between the lists;
/// a finding on the older list that is not one on the newer is *cured* — by the agreement's end, or
/// by a change of law.
///
/// ```swift
/// let c = AgreementsComparison(old: try AgreementSheets.read(path: a), new: try AgreementSheets.read(path: b), engine: engine)
/// c.added.count, c.ended.count, c.created.count
/// ```
public struct AgreementsComparison: Sendable {
  /// One side: the list used and its date.
  public struct Side: Sendable {
    public var file: String
    public var source: String
    public var date: CivilDate
    public var dateBasis: String
    public var agreements: Int
    public var findings: Int
  }

  /// An agency's agreement on one side, or its change.
  public struct Change: Sendable {
    public var state: String
    public var stateID: String
    public var agency: String
    public var oldModels: [Model287g]
    public var newModels: [Model287g]
    /// For a re-signing: the model and both signing dates.
    public var resigned: [(model: Model287g, old: CivilDate?, new: CivilDate?)]
    /// Where the agreement is in its sheet (the newer one's row when it is listed there).
    public var file: String
    public var row: Int
  }

  /// A finding created or cured between the lists.
  public struct FindingChange: Sendable {
    public var agreement: Agreement
    public var place: AgreementPlace
    /// What made the change, in words: `new agreement`, `law changed`, `agreement ended`, ….
    public var cause: String
    /// The rules barring it (on the newer list's date for a created finding, the older's for a cured one).
    public var rules: [RuleReference]
    /// The status on the other list's date, when the agreement is listed on both.
    public var otherStatus: Status?
  }

  public var old: Side
  public var new: Side
  public var added: [Change]
  public var ended: [Change]
  public var changed: [Change]
  public var created: [FindingChange]
  public var cured: [FindingChange]
  public var warnings: [String]
  public var lawVersion: String

  /// The list a file stands for: a sheet's own list, or the latest dated list of a file of many.
  static func list(_ f: AgreementFile) -> (AgreementSnapshot?, [String]) {
    var warnings: [String] = []
    let dated = f.snapshots.filter { $0.date != nil }
    if f.snapshots.count > 1 {
      warnings.append(
        "\(f.path) holds \(f.snapshots.count) lists; the latest dated one is compared")
    }
    if f.layout == .icePending {
      warnings.append(
        "\(f.path) is a pending-agencies sheet: its agreements are not in force and are not compared")
      return (nil, warnings)
    }
    if let s = dated.max(by: { $0.date! < $1.date! }) { return (s, warnings) }
    if let s = f.snapshots.first {
      warnings.append("\(f.path) has no date; give a dated sheet to hold it against the law of a day")
      return (s, warnings)
    }
    return (nil, warnings)
  }

  /// Compares two files' lists. A file that holds no dated list of agreements gives an empty side
  /// and a warning.
  public init(old oldFile: AgreementFile, new newFile: AgreementFile, engine: Engine) {
    lawVersion = engine.version
    let (o, ow) = Self.list(oldFile)
    let (n, nw) = Self.list(newFile)
    var warnings = ow + nw
    let oldDate = o?.date ?? n?.date ?? CivilDate(year: 2014, month: 1, day: 1)!
    let newDate = n?.date ?? oldDate
    if let od = o?.date, let nd = n?.date, od > nd {
      warnings.append("the older list (\(od)) is dated after the newer (\(nd)): the order given is kept")
    }
    let placer = AgreementPlacer(engine: engine)
    var decider = Decider(engine: engine)

    func key(_ a: Agreement) -> String { "\(a.stateID)|\(AgreementPlacer.normal(a.agency))" }
    func byAgency(_ s: AgreementSnapshot?) -> ([String: [Agreement]], [String]) {
      var map: [String: [Agreement]] = [:]
      var order: [String] = []
      for a in s?.agreements ?? [] {
        let k = key(a)
        if map[k] == nil { order.append(k) }
        map[k, default: []].append(a)
      }
      return (map, order)
    }
    let (oldBy, oldOrder) = byAgency(o)
    let (newBy, newOrder) = byAgency(n)

    func change(_ k: String, _ olds: [Agreement], _ news: [Agreement]) -> Change {
      let a = news.first ?? olds[0]
      return Change(
        state: a.state, stateID: a.stateID, agency: a.agency, oldModels: Set(olds.map(\.model)).sorted(),
        newModels: Set(news.map(\.model)).sorted(), resigned: [], file: a.file, row: a.row)
    }
    var added: [Change] = []
    var ended: [Change] = []
    var changed: [Change] = []
    for k in newOrder {
      let news = newBy[k]!
      guard let olds = oldBy[k] else {
        added.append(change(k, [], news))
        continue
      }
      var c = change(k, olds, news)
      for m in Set(c.oldModels).intersection(c.newModels).sorted() {
        let os = olds.first { $0.model == m }?.signed
        let ns = news.first { $0.model == m }?.signed
        if os != ns, os != nil, ns != nil { c.resigned.append((m, os, ns)) }
      }
      if c.oldModels != c.newModels || !c.resigned.isEmpty { changed.append(c) }
    }
    for k in oldOrder where newBy[k] == nil { ended.append(change(k, oldBy[k]!, [])) }
    self.added = added
    self.ended = ended
    self.changed = changed

    // Findings on each side, on each list's own date.
    func fkey(_ a: Agreement) -> String { "\(key(a))|\(a.model.rawValue)" }
    var oldFindings: [String: (Agreement, AgreementPlace, ActionDecision)] = [:]
    var oldListed: [String: Agreement] = [:]
    var oldFindingOrder: [String] = []
    for a in o?.agreements ?? [] {
      oldListed[fkey(a)] = a
      let p = placer.place(a)
      let d = decider.decide(a, p, oldDate)
      if d.status == .prohibited, oldFindings[fkey(a)] == nil {
        oldFindings[fkey(a)] = (a, p, d)
        oldFindingOrder.append(fkey(a))
      }
    }
    var newFindingKeys = Set<String>()
    var created: [FindingChange] = []
    var newListed = Set<String>()
    for a in n?.agreements ?? [] {
      newListed.insert(fkey(a))
      let p = placer.place(a)
      let d = decider.decide(a, p, newDate)
      guard d.status == .prohibited, newFindingKeys.insert(fkey(a)).inserted else { continue }
      guard oldFindings[fkey(a)] == nil else { continue }
      if let was = oldListed[fkey(a)] {
        let before = decider.decide(was, placer.place(was), oldDate)
        created.append(
          FindingChange(
            agreement: a, place: p,
            cause: "law changed: listed on both, barred only on the newer list's date",
            rules: d.because, otherStatus: before.status))
      } else {
        created.append(
          FindingChange(agreement: a, place: p, cause: "new agreement", rules: d.because, otherStatus: nil))
      }
    }
    var cured: [FindingChange] = []
    for k in oldFindingOrder where !newFindingKeys.contains(k) {
      let (a, p, d) = oldFindings[k]!
      if newListed.contains(k) {
        let now = decider.decide(a, p, newDate)
        cured.append(
          FindingChange(
            agreement: a, place: p, cause: "law changed: still listed, not barred on the newer list's date",
            rules: d.because, otherStatus: now.status))
      } else {
        cured.append(
          FindingChange(agreement: a, place: p, cause: "agreement ended", rules: d.because, otherStatus: nil))
      }
    }
    self.created = created
    self.cured = cured
    old = Side(
      file: oldFile.path, source: o?.source ?? oldFile.path, date: oldDate,
      dateBasis: o?.dateBasis ?? "no list",
      agreements: o?.agreements.count ?? 0, findings: oldFindings.count)
    new = Side(
      file: newFile.path, source: n?.source ?? newFile.path, date: newDate,
      dateBasis: n?.dateBasis ?? "no list",
      agreements: n?.agreements.count ?? 0, findings: newFindingKeys.count)
    self.warnings = warnings
  }

  // MARK: Output

  /// The comparison as text.
  public func text() -> String {
    let n = AgreementsReport.n
    func models(_ m: [Model287g]) -> String { m.isEmpty ? "none" : m.map(\.rawValue).joined(separator: "+") }
    var out = "287(g) agreements: \(old.date) → \(new.date); law version \(lawVersion)\n\n"
    out +=
      "  older list: \(old.source) (\(old.dateBasis)): \(n(old.agreements)) agreements, \(n(old.findings)) barred by the law of \(old.date)\n"
    out +=
      "  newer list: \(new.source) (\(new.dateBasis)): \(n(new.agreements)) agreements, \(n(new.findings)) barred by the law of \(new.date)\n\n"
    out +=
      "Agencies: \(n(added.count)) new, \(n(ended.count)) ended, \(n(changed.count)) changed (models or signing date)\n"
    out += "Findings: \(n(created.count)) created, \(n(cured.count)) cured\n"
    for (title, list) in [("Findings created", created), ("Findings cured", cured)] where !list.isEmpty {
      out += "\n\(title):\n"
      for f in list {
        out +=
          "  \(f.agreement.state) — \(f.agreement.agency) (\(f.agreement.model.rawValue)) [\(f.agreement.file):\(f.agreement.row)]: \(f.cause)\(f.otherStatus.map { " (on the other date: \($0.rawValue))" } ?? "")\n"
        for r in f.rules { out += "      \(AgreementsReport.ruleLine(r))\n" }
      }
    }
    if !changed.isEmpty {
      out += "\nChanged:\n"
      for c in changed {
        var what = "\(models(c.oldModels)) → \(models(c.newModels))"
        for r in c.resigned {
          what +=
            "; \(r.model.rawValue) re-signed \(r.old.map(\.description) ?? "?") → \(r.new.map(\.description) ?? "?")"
        }
        out += "  \(c.state) — \(c.agency): \(what)\n"
      }
    }
    for (title, list) in [("New", added), ("Ended", ended)] where !list.isEmpty {
      out += "\n\(title) (by state):\n"
      var byState: [String: Int] = [:]
      for c in list { byState[c.state, default: 0] += 1 }
      for (s, count) in byState.sorted(by: { $0.key < $1.key }) { out += "  \(s): \(n(count))\n" }
    }
    for w in warnings { out += "\nwarning: \(w)" }
    if !warnings.isEmpty { out += "\n" }
    out += "\n\(Decision.disclaimer)\n"
    return out
  }

  /// The comparison as JSON: both sides, every change and every finding created or cured.
  public func json(pretty: Bool = true) -> String {
    var w = JSONWriter(pretty: pretty)
    w.beginObject()
    for (name, s) in [("old", old), ("new", new)] {
      w.beginObject(name)
      w.string("file", s.file)
      w.string("source", s.source)
      w.string("date", s.date.description)
      w.string("dateBasis", s.dateBasis)
      w.int("agreements", s.agreements)
      w.int("findings", s.findings)
      w.endObject()
    }
    for (name, list) in [("added", added), ("ended", ended), ("changed", changed)] {
      w.beginArray(name)
      for c in list {
        w.beginObject()
        w.string("state", c.state)
        w.string("place", c.stateID)
        w.string("agency", c.agency)
        w.stringArray("oldModels", c.oldModels.map(\.rawValue))
        w.stringArray("newModels", c.newModels.map(\.rawValue))
        if !c.resigned.isEmpty {
          w.beginArray("resigned")
          for r in c.resigned {
            w.beginObject()
            w.string("model", r.model.rawValue)
            w.string("oldSigned", r.old?.description ?? "")
            w.string("newSigned", r.new?.description ?? "")
            w.endObject()
          }
          w.endArray()
        }
        w.string("file", c.file)
        w.int("row", c.row)
        w.endObject()
      }
      w.endArray()
    }
    for (name, list) in [("created", created), ("cured", cured)] {
      w.beginArray(name)
      for f in list {
        w.beginObject()
        w.string("state", f.agreement.state)
        w.string("agency", f.agreement.agency)
        w.string("model", f.agreement.model.rawValue)
        w.string("place", f.place.place)
        w.string("file", f.agreement.file)
        w.int("row", f.agreement.row)
        w.string("cause", f.cause)
        if let s = f.otherStatus { w.string("otherStatus", s.rawValue) }
        w.beginArray("rules")
        for r in f.rules { r.write(&w) }
        w.endArray()
        w.endObject()
      }
      w.endArray()
    }
    w.stringArray("warnings", warnings)
    w.string("lawVersion", lawVersion)
    w.string("disclaimer", Decision.disclaimer)
    w.endObject()
    return w.text
  }
}
