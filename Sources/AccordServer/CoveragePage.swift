import AccordAudit
import AccordCore

/// The coverage ledger as a page (`/coverage`) and its badges in the matrix and map.
enum CoveragePage {
  /// A short label and CSS class for a place's status on a date.
  static func badge(_ engine: Engine, _ place: String, _ date: CivilDate) -> String {
    guard let (status, missing) = engine.coverage(of: place, on: date) else {
      return "<span class=\"cov cov-unresearched\">no ledger</span>"
    }
    var h =
      "<span class=\"cov cov-\(status.rawValue)\" data-coverage=\"\(status.rawValue)\">\(label(status))</span>"
    if !missing.isEmpty {
      let titles = missing.map { "\($0.citation) (\($0.direction.rawValue), in force since \($0.from))" }
      h +=
        " <span class=\"cov cov-missing\" title=\"\(HTML.escape(titles.joined(separator: "; ")))\">\(missing.count) known law\(missing.count == 1 ? "" : "s") not encoded</span>"
    }
    return h
  }

  static func label(_ s: CoverageStatus) -> String {
    switch s {
    case .encoded: "encoded"
    case .researched: "researched"
    case .none: "verified: no law"
    case .unresearched: "not researched"
    }
  }

  static let style = """
    .cov{font-size:.8rem;padding:0 .3rem;border-radius:3px;white-space:nowrap}
    .cov-encoded{background:#1b7837;color:#fff}.cov-researched{background:#a6dba0;color:#1b1b1b}
    .cov-none{background:#fff;color:#1b1b1b;border:1px solid #1b1b1b}.cov-unresearched{background:#9e9e9e;color:#fff}
    .cov-missing{background:#fdb863;color:#1b1b1b}
    """

  static func page(_ query: FormData, _ state: ServerState) throws -> String {
    let e = HTML.escape
    let engine = state.engine
    let date = try dateParameter(query["date"])
    let r = engine.coverageReport(on: date)
    var h = "<h1>What Accord knows of each place's law</h1>"
    h += "<form class=filters method=get action=\"/coverage\">"
    h += "<label>date <input type=date name=date value=\"\(date)\"></label><button>Show</button></form>"
    h +=
      "<p>Silence is not permission: where a place's law is <b>not researched</b> on a date, or a law known to be in force is <b>not encoded</b>, every decision there answers <i>undetermined</i> for each action that law could change, never the answer of the levels above. <b>Verified: no law</b> means the place was researched and no law limiting or requiring cooperation was found (the source and date are given).</p>"
    for (label, state) in [("States, D.C. and territories", true), ("Counties and cities", false)] {
      let rows = r.rows.filter { CoverageReport.belongs($0, state) }
      let parts = CoverageStatus.allCases.map { "\(r.count($0, stateLevel: state)) \(self.label($0))" }
      let missing = rows.filter { !$0.missing.isEmpty }.count
      h +=
        "<p class=totals id=\"totals-\(state ? "state" : "local")\"><b>\(label): \(rows.count)</b> — \(parts.joined(separator: ", ")); \(missing) with a known law in force not encoded.</p>"
    }
    if !r.absent.isEmpty {
      h += "<p class=warn>Absent from the ledger: \(e(r.absent.joined(separator: ", ")))</p>"
    }
    h +=
      "<table id=coverage><tr><th>place</th><th>status on \(date)</th><th>encoded law in force (source completeness)</th><th>known laws</th></tr>"
    for row in r.rows {
      h += "<tr id=\"cov-\(e(row.id))\"><th>\(e(row.id))<br><span class=note>\(e(row.name))</span></th><td>"
      h += badge(engine, row.id, date)
      if let p = row.period {
        h += "<br><span class=note>since \(p.from)\(p.until.map { " until \($0)" } ?? "")"
        if let s = p.source { h += "; \(e("law/sources/" + s)), verified \(p.verified?.description ?? "?")" }
        h += "</span>"
      }
      h += "</td><td>"
      let inForce = row.files.filter { $0.effective <= date && ($0.until.map { date <= $0 } ?? true) }
      h += inForce.map { "<a href=\"/law/\(e($0.path))\">\(e($0.title))</a> (\($0.completeness.rawValue))" }
        .joined(separator: "<br>")
      h += "</td><td>"
      h += row.known.map { k in
        let state = k.encoded ? "encoded" : k.inForce(on: date) ? "<b>not encoded</b>" : "not encoded"
        return
          "\(e(k.citation)) — \(k.direction.rawValue), \(k.from)\(k.until.map { "…\($0)" } ?? "…"); \(state)"
      }.joined(separator: "<br>")
      h += "</td></tr>"
    }
    h +=
      "</table><p class=note>Law version <code>\(e(r.lawVersion))</code>. The ledger is <code>law/coverage/</code>; <code>/v1/coverage</code> gives it as JSON.</p>"
    return h
  }
}
