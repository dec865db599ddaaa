import AccordCore
import Foundation

/// Self-contained HTML and SVG: no script, no external style sheet or font, so a report opens
/// offline and can be mailed as one file.
public enum HTML {
  public static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }

  public static let style = """
    body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
    h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
    table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}
    th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
    .note{color:#555;font-size:.85rem}.legend span{display:inline-block;margin-right:1rem}
    .sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
    """

  /// Colours of the four verdicts (colour-blind safe: Okabe–Ito).
  public static let colours: [(String, String)] = [
    ("consistent", "#009E73"), ("violation", "#D55E00"), ("undetermined", "#E69F00"),
    ("out-of-scope", "#999999"),
  ]

  /// A stacked bar chart: one bar per label, one segment per series.
  public static func stackedBars(_ labels: [String], _ series: [[Int]], colours: [String], title: String)
    -> String
  {
    let width = 900.0
    let height = 260.0
    let left = 50.0
    let bottom = 40.0
    let maxTotal = max(1, labels.indices.map { i in series.reduce(0) { $0 + $1[i] } }.max() ?? 1)
    let barWidth = (width - left - 10) / Double(max(labels.count, 1))
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\" style=\"width:100%;max-width:\(Int(width))px\">"
    svg += "<title>\(escape(title))</title>"
    let plot = height - bottom - 10
    for t in 0...4 {
      let y = 10 + plot - plot * Double(t) / 4
      let v = maxTotal * t / 4
      svg +=
        "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - 10)\" y2=\"\(y)\" stroke=\"#eee\"/><text x=\"\(left - 4)\" y=\"\(y + 4)\" font-size=\"10\" text-anchor=\"end\">\(v)</text>"
    }
    let every = max(1, labels.count / 12)
    for (i, label) in labels.enumerated() {
      var y = 10 + plot
      let x = left + Double(i) * barWidth
      for (k, s) in series.enumerated() where s[i] > 0 {
        let h = plot * Double(s[i]) / Double(maxTotal)
        y -= h
        svg +=
          "<rect x=\"\(x + 1)\" y=\"\(y)\" width=\"\(max(1, barWidth - 2))\" height=\"\(h)\" fill=\"\(colours[k])\"><title>\(escape(label)): \(s[i])</title></rect>"
      }
      if i % every == 0 {
        svg +=
          "<text x=\"\(x + barWidth / 2)\" y=\"\(height - bottom + 14)\" font-size=\"10\" text-anchor=\"middle\">\(escape(label))</text>"
      }
    }
    return svg + "</svg>"
  }

  /// Horizontal bars of a share (0…1) per label.
  public static func shareBars(_ items: [(String, Double, Int)], title: String) -> String {
    let rowHeight = 18.0
    let width = 900.0
    let labelWidth = 330.0
    let height = Double(items.count) * rowHeight + 30
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\" style=\"width:100%;max-width:\(Int(width))px\"><title>\(escape(title))</title>"
    for (i, item) in items.enumerated() {
      let y = 10 + Double(i) * rowHeight
      let w = (width - labelWidth - 120) * item.1
      let label = item.0.count > 46 ? String(item.0.prefix(45)) + "…" : item.0
      svg +=
        "<text x=\"\(labelWidth - 6)\" y=\"\(y + 12)\" font-size=\"11\" text-anchor=\"end\">\(escape(label))</text>"
      svg +=
        "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(w)\" height=\"\(rowHeight - 5)\" fill=\"#0072B2\"><title>\(escape(item.0)): \(String(format: "%.1f%%", item.1 * 100)) of \(item.2)</title></rect>"
      svg +=
        "<text x=\"\(labelWidth + w + 4)\" y=\"\(y + 12)\" font-size=\"11\">\(String(format: "%.0f%%", item.1 * 100)) (n=\(item.2))</text>"
    }
    return svg + "</svg>"
  }
}

extension AuditReport {
  public func html() -> String {
    let e = HTML.escape
    var h =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Accord audit</title><style>"
    h += HTML.style + "</style></head><body>"
    h += "<h1>Accord audit: detainer records against the law in force</h1>"
    h +=
      "<p>Rows read <b>\(read)</b> = processed <b>\(processed)</b> + rejected <b>\(rejected)</b>. \(events) records stand for <b>\(detainers)</b> detainers. Law version <code>\(e(lawVersion))</code>.</p>"
    h +=
      "<table><tr><th>file</th><th>format</th><th>run</th><th>read</th><th>processed</th><th>rejected</th></tr>"
    for d in datasets {
      h +=
        "<tr><td>\(e(d.info.path))</td><td>\(e(d.detectedFormat))</td><td>\(e(d.mode))</td><td class=n>\(d.info.read)</td><td class=n>\(d.info.processed)</td><td class=n>\(d.info.rejected)</td></tr>"
    }
    h += "</table>"
    h += "<h2>Verdicts</h2><table><tr><th>verdict</th><th>detainers</th></tr>"
    for (name, n) in [
      ("consistent", verdicts.consistent), ("violation", verdicts.violation),
      ("undetermined", verdicts.undetermined),
      ("out of scope", verdicts.outOfScope),
    ] {
      h += "<tr><td>\(name)</td><td class=n>\(n)</td></tr>"
    }
    h +=
      "</table><p>Compliance (consistent share of the detainers the law could judge): <b>\(Self.percent(verdicts.complianceRate))</b></p>"
    h += "<h2>By month</h2><p class=legend>"
    for (name, colour) in HTML.colours {
      h += "<span><i class=sw style=\"background:\(colour)\"></i>\(name)</span>"
    }
    h += "</p>"
    let months = byMonth.map(\.month)
    h += HTML.stackedBars(
      months,
      [
        byMonth.map(\.counts.consistent), byMonth.map(\.counts.violation), byMonth.map(\.counts.undetermined),
        byMonth.map(\.counts.outOfScope),
      ], colours: HTML.colours.map(\.1), title: "Detainers per month by verdict")
    h +=
      "<p class=note>Record-level events only: aggregate rows (counts over a period) have no single month and are counted in the totals above.</p>"
    let judged = byFacility.filter { $0.counts.complianceRate != nil }.prefix(25)
    if !judged.isEmpty {
      h += "<h2>Compliance by facility</h2>"
      h += HTML.shareBars(
        judged.map {
          (
            "\($0.facility) [\($0.place ?? "?")]", $0.counts.complianceRate ?? 0,
            $0.counts.consistent + $0.counts.violation
          )
        },
        title: "Consistent share of judged detainers, by facility")
    }
    if !violationsByClause.isEmpty {
      h +=
        "<h2>Violations by clause</h2><table><tr><th>detainers</th><th>action</th><th>clause</th><th>source</th></tr>"
      for c in violationsByClause {
        h +=
          "<tr><td class=n>\(c.count)</td><td>\(e(c.action))</td><td>\(e(c.cite))</td><td><code>\(e(c.source))</code></td></tr>"
      }
      h += "</table>"
    }
    if !lawChanges.isEmpty {
      h +=
        "<h2>Around each law change</h2><table><tr><th>effective</th><th>place</th><th>law</th><th>year before</th><th>compliance</th><th>year after</th><th>compliance</th></tr>"
      for c in lawChanges {
        h +=
          "<tr><td>\(c.date)</td><td>\(e(c.place))</td><td>\(e(c.title))</td><td class=n>\(c.before.total)</td><td class=n>\(Self.percent(c.before.complianceRate))</td><td class=n>\(c.after.total)</td><td class=n>\(Self.percent(c.after.complianceRate))</td></tr>"
      }
      h += "</table>"
    }
    if !undeterminedNeeds.isEmpty {
      h +=
        "<h2>Undetermined: what the records do not say</h2><table><tr><th>detainers</th><th>fact needed</th></tr>"
      for n in undeterminedNeeds.prefix(20) {
        h += "<tr><td class=n>\(n.count)</td><td>\(e(n.need))</td></tr>"
      }
      h += "</table>"
    }
    if !outOfScope.isEmpty {
      h += "<h2>Out of scope</h2><table><tr><th>detainers</th><th>why</th></tr>"
      for o in outOfScope { h += "<tr><td class=n>\(o.count)</td><td>\(e(o.reason))</td></tr>" }
      h += "</table>"
    }
    h +=
      "<h2>Facilities</h2><table><tr><th>facility</th><th>place</th><th>detainers</th><th>consistent</th><th>violation</th><th>undetermined</th><th>out of scope</th><th>outcomes in the records</th></tr>"
    for f in byFacility.prefix(100) {
      h +=
        "<tr><td>\(e(f.facility))</td><td>\(e(f.place ?? "—"))</td><td class=n>\(f.counts.total)</td><td class=n>\(f.counts.consistent)</td><td class=n>\(f.counts.violation)</td><td class=n>\(f.counts.undetermined)</td><td class=n>\(f.counts.outOfScope)</td><td>\(e(f.outcomes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(4).map { "\($0.key) \($0.value)" }.joined(separator: "; ")))</td></tr>"
    }
    h += "</table>"
    if byFacility.count > 100 {
      h += "<p class=note>\(byFacility.count - 100) more facilities in the JSON output.</p>"
    }
    if !rejections.isEmpty {
      h +=
        "<h2>Rejected rows (\(rejections.count))</h2><table><tr><th>file</th><th>row</th><th>reason</th></tr>"
      for r in rejections.prefix(500) {
        h += "<tr><td>\(e(r.file))</td><td class=n>\(r.row)</td><td>\(e(r.reason))</td></tr>"
      }
      h += "</table>"
    }
    h += "<h2>Assumptions</h2><ul>" + Self.assumptions.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
    h += "<p class=note>\(e(Decision.disclaimer))</p></body></html>\n"
    return h
  }
}
