import AccordAudit
import AccordCore
import Foundation

extension SimulationReport {
  // MARK: JSON

  /// The report as JSON. Top level: `bookings` (an integer) and `outcomes` (outcome → count,
  /// summing to `bookings`) for the baseline — means over runs, rounded so that they add up —
  /// then every figure with its band, the reform and the change, per place, the parameters used
  /// and the warnings. The same inputs and seed give the same bytes.
  public func json() -> String {
    var w = JSONWriter(pretty: true)
    let o = result.options
    w.beginObject()
    w.string("place", o.place)
    w.int("year", o.year)
    w.int("runs", o.runs)
    w.string("seed", String(o.seed))
    w.string("lawVersion", result.baseline.lawVersion)
    w.string("paramsVersion", result.baseline.paramsVersion)
    w.int("bookings", baseline.roundedBookings)
    SimulationReport.outcomes(baseline, &w)
    w.beginObject("baseline")
    SimulationReport.write(baseline, &w)
    w.endObject()
    if let r = result.reform, let reform, let change {
      w.beginObject("reform")
      w.string("title", r.reform?.title ?? r.name)
      w.string("file", r.reform?.path ?? "")
      w.string("lawVersion", r.lawVersion)
      w.string("paramsVersion", r.paramsVersion)
      w.int("bookings", reform.roundedBookings)
      SimulationReport.outcomes(reform, &w)
      SimulationReport.write(reform, &w)
      w.endObject()
      w.beginObject("change")
      SimulationReport.write(change, &w)
      w.endObject()
    }
    w.beginArray("places")
    for (i, p) in result.baseline.places.enumerated() {
      w.beginObject()
      w.string("place", p)
      let b = Summary(result.baseline.tallies[i])
      w.int("bookings", b.roundedBookings)
      SimulationReport.outcomes(b, &w)
      w.beginObject("baseline")
      SimulationReport.write(b, &w)
      w.endObject()
      if let r = result.reform, let j = r.places.firstIndex(of: p) {
        w.beginObject("reform")
        SimulationReport.write(Summary(r.tallies[j]), &w)
        w.endObject()
      }
      w.endObject()
    }
    w.endArray()
    w.beginArray("runsBaseline")
    for t in result.baseline.totals {
      w.beginObject()
      w.int("bookings", t.bookings)
      w.beginObject("outcomes")
      for oc in Outcome.allCases { w.int(oc.name, t.outcome(oc)) }
      w.endObject()
      w.endObject()
    }
    w.endArray()
    w.beginArray("parameters")
    for (d, places, valueText) in parameterRows {
      w.beginObject()
      w.string("name", d.name)
      w.string("place", d.place)
      w.string("value", valueText)
      if let r = d.range {
        w.beginArray("range")
        w.double(nil, r.lowerBound)
        w.double(nil, r.upperBound)
        w.endArray()
      }
      w.string("provenance", d.provenance.kind.rawValue)
      if let s = d.provenance.source { w.string("source", s) }
      if let c = d.provenance.cite { w.string("cite", c) }
      if let e = d.provenance.explanation { w.string("explanation", e) }
      if let c = d.caveat { w.string("caveat", c) }
      w.string("file", "\(d.file):\(d.line)")
      w.stringArray("usedFor", places)
      w.endObject()
    }
    w.endArray()
    w.stringArray("warnings", warnings)
    w.string("disclaimer", Decision.disclaimer)
    w.endObject()
    return w.text
  }

  static func outcomes(_ s: Summary, _ w: inout JSONWriter) {
    w.beginObject("outcomes")
    for o in Outcome.allCases { w.int(o.name, s.roundedOutcomes[o.rawValue]) }
    w.endObject()
  }

  static func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }

  static func write(_ b: Band, _ key: String, _ w: inout JSONWriter) {
    w.beginObject(key)
    w.double("mean", round1(b.mean))
    w.double("low", b.low)
    w.double("high", b.high)
    w.endObject()
  }

  static func write(_ s: Summary, _ w: inout JSONWriter) {
    write(s.bookings, "bookingsBand", &w)
    write(s.detainers, "detainers", &w)
    write(s.transfers, "transfers", &w)
    write(s.transfersInBreach, "transfersProhibited", &w)
    write(s.notifications, "notifications", &w)
    write(s.holds, "holds", &w)
    w.beginObject("byClass")
    for h in HistoryClass.allCases {
      w.beginObject(h.name)
      for (m, name) in Summary.measures.enumerated() { write(s.byClass[h.rawValue][m], name, &w) }
      w.endObject()
    }
    w.endObject()
    w.beginObject("transfersByWarrant")
    write(s.transfersByWarrant[0], "administrative", &w)
    write(s.transfersByWarrant[1], "judicial", &w)
    w.endObject()
    w.beginObject("outcomeBands")
    for o in Outcome.allCases { write(s.outcomes[o.rawValue], o.name, &w) }
    w.endObject()
  }

  // MARK: HTML

  /// Colours of the four criminal-history classes (Okabe–Ito).
  static let classColours = ["#56B4E9", "#E69F00", "#D55E00", "#CC79A7"]

  /// A self-contained page: tables and SVG charts, no script, nothing fetched.
  public func html() -> String {
    let e = HTML.escape
    let o = result.options
    var h =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Accord simulation</title><style>"
    h += HTML.style + "</style></head><body>"
    h += "<h1>Accord simulation: \(e(o.place)), \(o.year)</h1>"
    h +=
      "<p>\(o.runs) runs, seed \(o.seed). Law version <code>\(e(result.baseline.lawVersion))</code>; parameters version <code>\(e(result.baseline.paramsVersion))</code>."
    if let r = result.reform, let reform = r.reform {
      h +=
        " Reform: <b>\(e(reform.title))</b> (<code>\(e(reform.path))</code>, law version <code>\(e(r.lawVersion))</code>)."
    }
    h += " Figures are a year's mean over runs with the 5th–95th percentiles.</p>"
    // Chart: transfers, notifications and holds by class, baseline and reform side by side.
    var labels: [String] = []
    var series = [[Int]](repeating: [], count: HistoryClass.allCases.count)
    let measures = ["transfers", "notifications", "holds"]
    for (m, name) in measures.enumerated() {
      for (title, s) in [("baseline", baseline)] + (reform.map { [("reform", $0)] } ?? []) {
        labels.append("\(name), \(title)")
        for c in HistoryClass.allCases {
          series[c.rawValue].append(Int(s.byClass[c.rawValue][m + 1].mean.rounded()))
        }
      }
    }
    h += "<h2>Transfers, notifications and holds by criminal history</h2><p class=legend>"
    for c in HistoryClass.allCases {
      h +=
        "<span><i class=sw style=\"background:\(SimulationReport.classColours[c.rawValue])\"></i>\(e(c.label))</span>"
    }
    h += "</p>"
    h += HTML.stackedBars(
      labels, series, colours: SimulationReport.classColours,
      title: "Transfers, notifications and holds a year by criminal history (mean over runs)")
    h += "<h2>Uncertainty over runs</h2>"
    h += bandChart()
    h += "<table><tr><th></th><th>baseline</th>"
    if reform != nil { h += "<th>reform</th><th>change</th>" }
    h += "</tr>"
    let columns = reform == nil ? [baseline] : [baseline, reform!, change!]
    for (label, f) in rows {
      let sub = label.hasPrefix(" ")
      h +=
        "<tr><td\(sub ? " style=\"padding-left:1.5rem\"" : "")>\(e(label.trimmingCharacters(in: .whitespaces)))</td>"
      for (i, c) in columns.enumerated() {
        h += "<td class=n>\(e(SimulationReport.band(f(c), signed: i == 2)))</td>"
      }
      h += "</tr>"
    }
    h += "</table>"
    h +=
      "<h2>Outcomes</h2><p class=note>Each booking ends in exactly one outcome; means rounded to sum to the bookings.</p>"
    h += "<table><tr><th>outcome</th><th>what happened</th><th>baseline</th>"
    if reform != nil { h += "<th>reform</th>" }
    h += "</tr>"
    for oc in Outcome.allCases {
      h +=
        "<tr><td>\(oc.name)</td><td>\(e(oc.summary))</td><td class=n>\(SimulationReport.group(baseline.roundedOutcomes[oc.rawValue]))</td>"
      if let reform { h += "<td class=n>\(SimulationReport.group(reform.roundedOutcomes[oc.rawValue]))</td>" }
      h += "</tr>"
    }
    h += "</table>"
    if result.baseline.places.count > 1 {
      h += "<h2>By place</h2>"
      var placeLabels: [String] = []
      var placeSeries = [[Int]](repeating: [], count: HistoryClass.allCases.count)
      for (i, p) in result.baseline.places.enumerated() {
        let scenarios =
          [("baseline", result.baseline.tallies[i])]
          + (result.reform.flatMap { r in r.places.firstIndex(of: p).map { [("reform", r.tallies[$0])] } }
            ?? [])
        for (title, tallies) in scenarios {
          placeLabels.append(result.reform == nil ? p : "\(p) \(title)")
          let s = Summary(tallies)
          for c in HistoryClass.allCases {
            placeSeries[c.rawValue].append(Int(s.byClass[c.rawValue][1].mean.rounded()))
          }
        }
      }
      h += HTML.stackedBars(
        placeLabels, placeSeries, colours: SimulationReport.classColours,
        title: "Transfers to ICE a year by place and criminal history (mean over runs)")
      h += "<table><tr><th>place</th><th>bookings</th><th>transfers (baseline)</th>"
      if result.reform != nil { h += "<th>transfers (reform)</th>" }
      h += "</tr>"
      for (i, p) in result.baseline.places.enumerated() {
        let b = Summary(result.baseline.tallies[i])
        h +=
          "<tr><td>\(e(p))</td><td class=n>\(SimulationReport.group(b.roundedBookings))</td><td class=n>\(e(SimulationReport.band(b.transfers)))</td>"
        if let r = result.reform, let j = r.places.firstIndex(of: p) {
          h += "<td class=n>\(e(SimulationReport.band(Summary(r.tallies[j]).transfers)))</td>"
        }
        h += "</tr>"
      }
      h += "</table>"
    }
    h +=
      "<h2>Parameters</h2><table><tr><th>place</th><th>name</th><th>value</th><th>provenance</th><th>source and cite</th><th>file</th></tr>"
    for (d, _, valueText) in parameterRows {
      var src = [d.provenance.source, d.provenance.cite, d.provenance.explanation].compactMap { $0 }.map(e)
        .joined(separator: "<br>")
      if let c = d.caveat { src += "<br><i>caveat: \(e(c))</i>" }
      h +=
        "<tr><td>\(e(d.place))</td><td><code>\(e(d.name))</code></td><td>\(e(valueText))</td><td>\(d.provenance.kind.rawValue)</td><td>\(src)</td><td><code>\(e(d.file)):\(d.line)</code></td></tr>"
    }
    h += "</table><h2>Warnings</h2><ul>" + warnings.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
    h += "<p class=note>\(e(Decision.disclaimer))</p></body></html>\n"
    return h
  }

  /// Horizontal bars of the mean with a whisker from the 5th to the 95th percentile, for
  /// transfers, notifications and holds under each scenario.
  func bandChart() -> String {
    var items: [(String, Band)] = []
    for (title, s) in [("baseline", baseline)] + (reform.map { [("reform", $0)] } ?? []) {
      items.append(("transfers, \(title)", s.transfers))
      items.append(("notifications, \(title)", s.notifications))
      items.append(("holds, \(title)", s.holds))
    }
    let width = 900.0
    let left = 220.0
    let row = 22.0
    let height = Double(items.count) * row + 30
    let top = max(1, items.map { $0.1.high }.max() ?? 1)
    func x(_ v: Double) -> Double { left + (width - left - 190) * v / top }
    let title = "Mean and 5th–95th percentile over runs"
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(title)\" style=\"width:100%;max-width:\(Int(width))px\"><title>\(title)</title>"
    for (i, item) in items.enumerated() {
      let y = 10 + Double(i) * row
      let b = item.1
      svg +=
        "<text x=\"\(left - 6)\" y=\"\(y + 13)\" font-size=\"11\" text-anchor=\"end\">\(HTML.escape(item.0))</text>"
      svg +=
        "<rect x=\"\(left)\" y=\"\(y + 4)\" width=\"\(x(b.mean) - left)\" height=\"\(row - 10)\" fill=\"\(i % 3 == 0 ? "#0072B2" : "#999999")\"><title>\(HTML.escape(item.0)): \(SimulationReport.band(b))</title></rect>"
      svg +=
        "<line x1=\"\(x(b.low))\" y1=\"\(y + row / 2)\" x2=\"\(x(b.high))\" y2=\"\(y + row / 2)\" stroke=\"#000\"/><line x1=\"\(x(b.low))\" y1=\"\(y + 5)\" x2=\"\(x(b.low))\" y2=\"\(y + row - 5)\" stroke=\"#000\"/><line x1=\"\(x(b.high))\" y1=\"\(y + 5)\" x2=\"\(x(b.high))\" y2=\"\(y + row - 5)\" stroke=\"#000\"/>"
      svg +=
        "<text x=\"\(x(b.high) + 6)\" y=\"\(y + 13)\" font-size=\"11\">\(HTML.escape(SimulationReport.band(b)))</text>"
    }
    return svg + "</svg>"
  }
}
