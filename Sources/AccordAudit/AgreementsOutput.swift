import AccordCore
import Foundation

extension AgreementsReport {
  /// Colours of the three models in charts (Okabe–Ito, colour-blind safe).
  static let modelColours: [Model287g: String] = [.jem: "#0072B2", .tfm: "#D55E00", .wso: "#009E73"]

  /// `1,843`.
  static func n(_ v: Int) -> String {
    let s = String(v)
    guard v >= 1_000 || v <= -1_000 else { return s }
    var out = ""
    for (i, c) in s.reversed().enumerated() {
      if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
      out.append(c)
    }
    return String(out.reversed())
  }

  static func models(_ counts: [Model287g: Int]) -> String {
    Model287g.allCases.map { "\($0.rawValue) \(n(counts[$0] ?? 0))" }.joined(separator: ", ")
  }

  static func seconds(_ s: Double) -> String { String(format: "%.2f s", s) }

  /// `law/us-nj/….md:208 (summary source)`.
  static func ruleLine(_ r: RuleReference) -> String {
    "\(r.cite) [\(r.source)] (\(r.rule); \(r.completeness.rawValue) source)"
  }

  // MARK: Text

  /// The report as text: totals, every file, the counts, findings, the timeline and every
  /// rejected row as `file:row: reason`.
  public func text() -> String {
    let n = Self.n
    func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
    func lpad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
    var out = "287(g) agreements in force on \(date) (\(dateBasis)); law version \(lawVersion)\n\n"
    out += "Files:\n"
    for f in files {
      out += "  \(f.path): detected \(f.detectedFormat)\n"
      var line = "    read \(n(f.read)) = processed \(n(f.processed)) + rejected \(n(f.rejected))"
      if f.blankRows > 0 { line += "; \(n(f.blankRows)) blank rows skipped" }
      if let d = f.sheetDate { line += "; sheet of \(d) (\(f.sheetDateBasis ?? ""))" }
      if f.layout == .snapshots { line += "; \(f.snapshots) snapshots" }
      if f.layout == .episodes { line += "; \(n(f.episodes)) episodes" }
      if f.layout == .icePending { line += "; \(f.pending) pending agreements" }
      out += line + " (\(Self.seconds(f.seconds)))\n"
    }
    out += "Total: read \(n(read)) = processed \(n(processed)) + rejected \(n(rejected))\n\n"
    out +=
      "In force on \(date): \(n(total)) agreements (\(Self.models(byModel))) in \(states.count) distinct STATE values\n"
    out += "  from \(inForceFrom)\n"
    if !byState.isEmpty {
      out +=
        "\n  \(pad("STATE", 26)) \(pad("place", 6)) \(lpad("total", 6)) \(lpad("JEM", 5)) \(lpad("TFM", 5)) \(lpad("WSO", 5))\n"
      for s in byState {
        out += "  \(pad(s.state, 26)) \(pad(s.place, 6)) \(lpad(n(s.total), 6))"
        for m in Model287g.allCases { out += " \(lpad(n(s.byModel[m] ?? 0), 5))" }
        out += "\n"
      }
    }
    out += "\nThe law on these agreements (enter-287g, decided by the engine for each):\n"
    out +=
      "  " + Status.allCases.map { "\($0.rawValue) \(n(statuses[$0] ?? 0))" }.joined(separator: " · ") + "\n"
    for (need, count) in undeterminedNeeds.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
      out += "  undetermined for want of `\(need)`: \(n(count))\n"
    }
    out += "\nFindings: agreements in force in places whose law bars them (\(findings.count))\n"
    if findings.isEmpty { out += "  none on \(date)\n" }
    for f in findings {
      let a = f.agreement
      out +=
        "  \(a.file):\(a.row): \(a.state), \(a.agency), \(a.model.rawValue)\(a.signed.map { " signed \($0)" } ?? "") → \(f.place.place) (\(f.place.agency ?? "agency kind unknown")): PROHIBITED\n"
      for r in f.rules { out += "    \(Self.ruleLine(r))\n" }
    }
    if timeline.count > 1 {
      out += "\nAgreements in barred places on the timeline's sheets (\(findingsOverTime.count))\n"
      if findingsOverTime.isEmpty { out += "  none\n" }
      for f in findingsOverTime {
        out +=
          "  \(f.state), \(f.agency), \(f.model.rawValue) → \(f.place.place) (\(f.place.agency ?? "agency kind unknown")): listed and barred \(f.first)…\(f.last), on \(f.sheets) of the \(timeline.count) monthly lists\n"
        for r in f.rules { out += "    \(Self.ruleLine(r))\n" }
      }
    }
    if !timeline.isEmpty {
      out += "\nTimeline (agreements per model per month):\n"
      out +=
        "  \(pad("month", 8)) \(pad("as of", 10)) \(lpad("JEM", 5)) \(lpad("TFM", 6)) \(lpad("WSO", 5)) \(lpad("total", 6))\n"
      for p in timeline {
        out +=
          "  \(pad(p.month, 8)) \(p.date) \(lpad(n(p.byModel[.jem] ?? 0), 5)) \(lpad(n(p.byModel[.tfm] ?? 0), 6)) \(lpad(n(p.byModel[.wso] ?? 0), 5)) \(lpad(n(p.total), 6))\n"
      }
    }
    if !pending.isEmpty {
      out += "\nPending (not in force): \(pending.count) agreements\n"
      for a in pending { out += "  \(a.file):\(a.row): \(a.state), \(a.agency), \(a.model.rawValue)\n" }
    }
    out += "\nRejected rows (\(rejectedRows.count)):\n"
    if rejectedRows.isEmpty { out += "  none\n" }
    for r in rejectedRows { out += "  \(r.file):\(r.row): \(r.reason)\n" }
    if !warnings.isEmpty {
      out += "\nWarnings:\n"
      for w in warnings { out += "  - \(w)\n" }
    }
    out += "\n\(Decision.disclaimer)\n"
    return out
  }

  // MARK: JSON

  /// The report as JSON: `total`, `states`, `byModel` (`JEM`, `TFM`, `WSO`), `read`,
  /// `processed`, `rejected`, `rejectedRows`, `detectedFormat`, and the files, states, findings and
  /// timeline.
  public func json(pretty: Bool = true) -> String {
    var w = JSONWriter(pretty: pretty)
    func models(_ key: String, _ counts: [Model287g: Int]) {
      w.beginObject(key)
      for m in Model287g.allCases { w.int(m.rawValue, counts[m] ?? 0) }
      w.endObject()
    }
    func rules(_ rs: [RuleReference]) {
      w.beginArray("rules")
      for r in rs { r.write(&w) }
      w.endArray()
    }
    func place(_ p: AgreementPlace) {
      w.string("place", p.place)
      if let a = p.agency { w.string("agencyKind", a) } else { w.null("agencyKind") }
      w.string("placeBasis", p.basis)
    }
    w.beginObject()
    w.string("date", date.description)
    w.string("dateBasis", dateBasis)
    w.string("inForceFrom", inForceFrom)
    w.string("lawVersion", lawVersion)
    w.string("detectedFormat", detectedFormat)
    w.int("read", read)
    w.int("processed", processed)
    w.int("rejected", rejected)
    w.beginArray("rejectedRows")
    for r in rejectedRows {
      w.beginObject()
      w.string("file", r.file)
      w.int("row", r.row)
      w.string("reason", r.reason)
      w.endObject()
    }
    w.endArray()
    w.beginArray("files")
    for f in files {
      w.beginObject()
      w.string("path", f.path)
      w.string("layout", f.layout.rawValue)
      w.string("detectedFormat", f.detectedFormat)
      if let d = f.sheetDate { w.string("sheetDate", d.description) } else { w.null("sheetDate") }
      if let b = f.sheetDateBasis { w.string("sheetDateBasis", b) }
      w.int("read", f.read)
      w.int("processed", f.processed)
      w.int("rejected", f.rejected)
      w.int("blankRows", f.blankRows)
      w.int("snapshots", f.snapshots)
      w.int("episodes", f.episodes)
      w.int("pending", f.pending)
      w.double("seconds", (f.seconds * 1000).rounded() / 1000)
      w.endObject()
    }
    w.endArray()
    w.int("total", total)
    w.stringArray("states", states)
    models("byModel", byModel)
    w.beginArray("byState")
    for s in byState {
      w.beginObject()
      w.string("state", s.state)
      w.string("place", s.place)
      w.int("total", s.total)
      for m in Model287g.allCases { w.int(m.rawValue, s.byModel[m] ?? 0) }
      w.endObject()
    }
    w.endArray()
    w.beginObject("enter287g")
    for s in Status.allCases { w.int(s.rawValue, statuses[s] ?? 0) }
    w.beginObject("undeterminedNeeds")
    for (need, count) in undeterminedNeeds.sorted(by: { $0.key < $1.key }) { w.int(need, count) }
    w.endObject()
    w.endObject()
    w.beginArray("findings")
    for f in findings {
      let a = f.agreement
      w.beginObject()
      w.string("file", a.file)
      w.int("row", a.row)
      w.string("state", a.state)
      w.string("agency", a.agency)
      if let t = a.agencyType { w.string("agencyType", t) } else { w.null("agencyType") }
      w.string("model", a.model.rawValue)
      if let s = a.signed { w.string("signed", s.description) } else { w.null("signed") }
      place(f.place)
      w.string("date", f.date.description)
      w.string("status", Status.prohibited.rawValue)
      rules(f.rules)
      w.endObject()
    }
    w.endArray()
    w.beginArray("findingsOverTime")
    for f in findingsOverTime {
      w.beginObject()
      w.string("state", f.state)
      w.string("agency", f.agency)
      w.string("model", f.model.rawValue)
      place(f.place)
      w.string("first", f.first.description)
      w.string("last", f.last.description)
      w.int("sheets", f.sheets)
      rules(f.rules)
      w.endObject()
    }
    w.endArray()
    w.beginArray("timeline")
    for p in timeline {
      w.beginObject()
      w.string("month", p.month)
      w.string("date", p.date.description)
      w.string("source", p.source)
      w.int("total", p.total)
      for m in Model287g.allCases { w.int(m.rawValue, p.byModel[m] ?? 0) }
      w.endObject()
    }
    w.endArray()
    w.beginArray("pending")
    for a in pending {
      w.beginObject()
      w.string("file", a.file)
      w.int("row", a.row)
      w.string("state", a.state)
      w.string("agency", a.agency)
      w.string("model", a.model.rawValue)
      w.endObject()
    }
    w.endArray()
    w.stringArray("warnings", warnings)
    w.string("disclaimer", Decision.disclaimer)
    w.endObject()
    return w.text
  }

  // MARK: HTML

  /// The report as one self-contained HTML page (no script, style sheet, font or image from
  /// elsewhere), with the timeline as an SVG chart.
  public func html() -> String {
    let e = HTML.escape
    var h =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Accord: 287(g) agreements on \(date)</title><style>"
    h += HTML.style + "</style></head><body>"
    h += "<h1>287(g) agreements in force on \(date)</h1>"
    h +=
      "<p>\(e(dateBasis.prefix(1).uppercased() + dateBasis.dropFirst())); agreements from \(e(inForceFrom)). Law version <code>\(e(lawVersion))</code>.</p>"
    h +=
      "<p><b>\(Self.n(total))</b> agreements: "
      + Model287g.allCases.map {
        "<span class=sw style=\"background:\(Self.modelColours[$0]!)\"></span>\($0.name) (\($0.rawValue)) <b>\(Self.n(byModel[$0] ?? 0))</b>"
      }.joined(separator: " · ") + " — in \(states.count) distinct STATE values.</p>"
    h +=
      "<p>Rows read <b>\(Self.n(read))</b> = processed <b>\(Self.n(processed))</b> + rejected <b>\(Self.n(rejected))</b>.</p>"
    h +=
      "<table><tr><th>file</th><th>detected format</th><th>read</th><th>processed</th><th>rejected</th><th>seconds</th></tr>"
    for f in files {
      h +=
        "<tr><td>\(e(f.path))</td><td>\(e(f.detectedFormat))</td><td class=n>\(Self.n(f.read))</td><td class=n>\(Self.n(f.processed))</td><td class=n>\(Self.n(f.rejected))</td><td class=n>\(String(format: "%.2f", f.seconds))</td></tr>"
    }
    h += "</table>"

    h += "<h2>Findings: agreements in places whose law bars them (\(findings.count))</h2>"
    if findings.isEmpty {
      h += "<p>None on \(date).</p>"
    } else {
      h +=
        "<table><tr><th>state</th><th>agency</th><th>model</th><th>signed</th><th>place</th><th>law</th><th>row</th></tr>"
      for f in findings {
        let a = f.agreement
        h +=
          "<tr><td>\(e(a.state))</td><td>\(e(a.agency))</td><td>\(a.model.rawValue)</td><td>\(a.signed?.description ?? "")</td><td>\(e(f.place.place)) (\(e(f.place.agency ?? "?")))</td><td>\(f.rules.map { "\(e($0.cite)) <code>\(e($0.source))</code> (\(e($0.completeness.rawValue)) source)" }.joined(separator: "<br>"))</td><td>\(e(a.file)):\(a.row)</td></tr>"
      }
      h += "</table>"
    }
    h +=
      "<p>The law on every agreement in force (<code>enter-287g</code>, decided by the engine): "
      + Status.allCases.map { "\($0.rawValue) <b>\(Self.n(statuses[$0] ?? 0))</b>" }.joined(separator: " · ")
      + ".</p>"

    if !timeline.isEmpty {
      h += "<h2>Agreements per month by model</h2><p class=legend>"
      for m in Model287g.allCases {
        h += "<span><i class=sw style=\"background:\(Self.modelColours[m]!)\"></i>\(m.name)</span>"
      }
      h += "</p>"
      h += HTML.stackedBars(
        timeline.map(\.month), Model287g.allCases.map { m in timeline.map { $0.byModel[m] ?? 0 } },
        colours: Model287g.allCases.map { Self.modelColours[$0]! },
        title: "287(g) agreements per month by model")
      h +=
        "<table><tr><th>month</th><th>as of</th><th>JEM</th><th>TFM</th><th>WSO</th><th>total</th><th>list</th></tr>"
      for p in timeline {
        h +=
          "<tr><td>\(p.month)</td><td>\(p.date)</td><td class=n>\(Self.n(p.byModel[.jem] ?? 0))</td><td class=n>\(Self.n(p.byModel[.tfm] ?? 0))</td><td class=n>\(Self.n(p.byModel[.wso] ?? 0))</td><td class=n>\(Self.n(p.total))</td><td>\(e(p.source))</td></tr>"
      }
      h += "</table>"
    }
    if timeline.count > 1 && !findingsOverTime.isEmpty {
      h +=
        "<h2>Agreements in barred places over time (\(findingsOverTime.count))</h2><table><tr><th>state</th><th>agency</th><th>model</th><th>place</th><th>listed and barred</th><th>monthly lists</th><th>law</th></tr>"
      for f in findingsOverTime {
        h +=
          "<tr><td>\(e(f.state))</td><td>\(e(f.agency))</td><td>\(f.model.rawValue)</td><td>\(e(f.place.place))</td><td>\(f.first) … \(f.last)</td><td class=n>\(f.sheets)</td><td>\(f.rules.map { "\(e($0.cite)) <code>\(e($0.source))</code>" }.joined(separator: "<br>"))</td></tr>"
      }
      h += "</table>"
    }
    h +=
      "<h2>By state</h2><table><tr><th>STATE</th><th>place</th><th>total</th><th>JEM</th><th>TFM</th><th>WSO</th></tr>"
    for s in byState {
      h +=
        "<tr><td>\(e(s.state))</td><td>\(e(s.place))</td><td class=n>\(Self.n(s.total))</td><td class=n>\(Self.n(s.byModel[.jem] ?? 0))</td><td class=n>\(Self.n(s.byModel[.tfm] ?? 0))</td><td class=n>\(Self.n(s.byModel[.wso] ?? 0))</td></tr>"
    }
    h += "</table>"
    if !pending.isEmpty {
      h += "<h2>Pending (not in force): \(pending.count)</h2><ul>"
      for a in pending { h += "<li>\(e(a.state)), \(e(a.agency)), \(a.model.rawValue)</li>" }
      h += "</ul>"
    }
    h += "<h2>Rejected rows (\(rejectedRows.count))</h2>"
    if rejectedRows.isEmpty {
      h += "<p>None.</p>"
    } else {
      h += "<table><tr><th>file</th><th>row</th><th>reason</th></tr>"
      for r in rejectedRows.prefix(1_000) {
        h += "<tr><td>\(e(r.file))</td><td class=n>\(r.row)</td><td>\(e(r.reason))</td></tr>"
      }
      h += "</table>"
      if rejectedRows.count > 1_000 {
        h += "<p class=note>\(rejectedRows.count - 1_000) more in the text and JSON output.</p>"
      }
    }
    if !warnings.isEmpty {
      h += "<h2>Notes</h2><ul>" + warnings.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
    }
    h += "<p class=note>\(e(Decision.disclaimer))</p></body></html>\n"
    return h
  }
}
