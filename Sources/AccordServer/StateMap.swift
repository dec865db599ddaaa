import AccordAudit
import AccordCore

/// A tile-grid map of the states, coloured by how far each state's law restricts (or requires)
/// cooperation on holds, notification and transfer for one reference profile.
enum StateMap {
  /// Column and row of each state's tile (50 states and D.C.).
  static let tiles: [(String, Int, Int)] = [
    ("AK", 0, 0), ("ME", 10, 0),
    ("VT", 9, 1), ("NH", 10, 1),
    ("WA", 0, 2), ("ID", 1, 2), ("MT", 2, 2), ("ND", 3, 2), ("MN", 4, 2), ("IL", 5, 2), ("WI", 6, 2),
    ("MI", 7, 2), ("NY", 8, 2), ("RI", 9, 2), ("MA", 10, 2),
    ("OR", 0, 3), ("NV", 1, 3), ("WY", 2, 3), ("SD", 3, 3), ("IA", 4, 3), ("IN", 5, 3), ("OH", 6, 3),
    ("PA", 7, 3), ("NJ", 8, 3), ("CT", 9, 3),
    ("CA", 0, 4), ("UT", 1, 4), ("CO", 2, 4), ("NE", 3, 4), ("MO", 4, 4), ("KY", 5, 4), ("WV", 6, 4),
    ("VA", 7, 4), ("MD", 8, 4), ("DE", 9, 4),
    ("AZ", 1, 5), ("NM", 2, 5), ("KS", 3, 5), ("AR", 4, 5), ("TN", 5, 5), ("NC", 6, 5), ("SC", 7, 5),
    ("DC", 8, 5),
    ("OK", 3, 6), ("LA", 4, 6), ("MS", 5, 6), ("AL", 6, 6), ("GA", 7, 6),
    ("HI", 0, 7), ("TX", 3, 7), ("FL", 8, 7),
    ("GU", 0, 8), ("MP", 1, 8), ("AS", 2, 8), ("PR", 9, 8), ("VI", 10, 8),
  ]

  /// Score −3 (requires every cooperation) … +3 (prohibits every one) → colour (diverging,
  /// red for required, blue for prohibited).
  static let colours = ["#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"]
  static let noLaw = "#bdbdbd"
  /// Not researched (the ledger says nothing reliable is known): dark grey with a question mark.
  static let notResearched = "#757575"
  /// Researched, no state law: white, outlined.
  static let verifiedNone = "#ffffff"
  static let actions: [Action] = [.hold, .notifyRelease, .transfer]

  /// +1 per prohibited action, −1 per required one.
  static func score(_ d: Decision) -> Int {
    actions.reduce(0) { total, a in
      switch d[a].status {
      case .prohibited: total + 1
      case .required: total - 1
      default: total
      }
    }
  }

  static func page(_ query: FormData, _ state: ServerState) throws -> String {
    let e = HTML.escape
    let engine = state.engine
    let date = try dateParameter(query["date"])
    let agency = try agencyParameter(query["agency"])
    let profile =
      query["profile"].flatMap { p in ReferenceProfile.all.first { $0.id == p } } ?? ReferenceProfile.all[0]
    let states = engine.places.filter { $0.level == .state }.map(\.id)
    let c = engine.compare(places: states, date: date, agency: agency)
    let index = c.profiles.firstIndex(of: profile) ?? 0
    var byState: [String: (Int, Comparison.Place)] = [:]
    for p in c.places { byState[String(p.id.dropFirst(3))] = (score(p.decisions[index]), p) }

    var h = "<h1>How much each state's law restricts cooperation</h1>"
    h += "<form class=filters method=get action=\"/map\">"
    h += "<label>date <input type=date name=date value=\"\(date)\"></label>"
    h +=
      "<label>agency <select name=agency>\(Pages.options(Case.agencies.map { ($0, $0) }, selected: agency))</select></label>"
    h += "<label>profile <select name=profile>\(Pages.profileOptions(profile.id))</select></label>"
    h += "<button>Show</button></form>"
    h +=
      "<p>For a \(e(agency)) holding someone with <b>\(e(profile.label))</b> on \(date): each state's statewide law on holding past release, notifying ICE of a release and transferring to ICE. Each prohibited action counts +1 (blue), each required one −1 (red); a <b>?</b> marks a state where one of the three is undetermined. Dark grey: the state's law is <b>not researched</b> (its answers are undetermined). White with an outline: <b>verified: no state law</b> limits or requires cooperation, so federal law decides. Local law (cities, counties) is in the <a href=\"/matrix\">matrix</a>; what is known of each place is on the <a href=\"/coverage?date=\(date)\">coverage</a> page.</p>"
    let size = 56
    let gap = 4
    let width = 11 * (size + gap)
    let height = 9 * (size + gap)
    h +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"map of the states\" style=\"width:100%;max-width:\(width)px\">"
    for (abbr, col, row) in tiles {
      let x = col * (size + gap)
      let y = row * (size + gap)
      let entry = byState[abbr]
      let coverage =
        engine.coverage(of: "US-\(abbr)", on: date)?.status ?? (entry == nil ? .unresearched : .encoded)
      let open =
        entry.map { p in actions.contains { p.1.decisions[index][$0].status == .undetermined } } ?? true
      var fill = entry.map { colours[$0.0 + 3] } ?? noLaw
      var stroke = "#fff"
      switch coverage {
      case .unresearched: fill = notResearched
      case .none:
        fill = verifiedNone
        stroke = "#1b1b1b"
      case .encoded, .researched: break
      }
      let dark = coverage == .unresearched || (coverage != .none && entry.map { abs($0.0) >= 2 } ?? false)
      let text = dark ? "#fff" : "#1b1b1b"
      var title = "US-\(abbr): \(CoveragePage.label(coverage))"
      if let (s, p) = entry {
        let statuses = actions.map { "\($0.rawValue) \(p.decisions[index][$0].status.rawValue)" }
        title =
          "\(p.name) — law \(CoveragePage.label(coverage)) (score \(s > 0 ? "+" : "")\(s)): \(statuses.joined(separator: ", ")). \(p.summary)"
      }
      let mark = open ? "?" : ""
      var tile =
        "<g id=\"tile-\(abbr)\" data-score=\"\(entry.map { String($0.0) } ?? "none")\" data-coverage=\"\(coverage.rawValue)\"><title>\(e(title))</title><rect x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" rx=\"4\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>"
      tile +=
        "<text x=\"\(x + size / 2)\" y=\"\(y + size / 2 + 5)\" font-size=\"15\" text-anchor=\"middle\" fill=\"\(text)\">\(abbr)\(mark)</text></g>"
      if entry != nil {
        let link =
          "/matrix?place=US-\(abbr)&date=\(date)&agency=\(FormData.encode(agency))&profile=\(FormData.encode(profile.id))"
        tile = "<a href=\"\(e(link))\">\(tile)</a>"
      }
      h += tile
    }
    h += "</svg><p class=legend>"
    let labels = [
      "requires all three", "requires two", "requires one", "neither (or permitted)", "prohibits one",
      "prohibits two", "prohibits all three",
    ]
    for (i, label) in labels.enumerated() {
      h += "<span><i class=sw style=\"background:\(colours[i])\"></i>\(label)</span>"
    }
    h += "<span><i class=sw style=\"background:\(notResearched)\"></i>not researched</span>"
    h +=
      "<span><i class=sw style=\"background:\(verifiedNone);outline:1px solid #1b1b1b\"></i>verified: no state law</span></p>"
    h += "<table><tr><th>state</th><th>law</th><th>score</th>"
    for a in actions { h += "<th>\(a.rawValue)</th>" }
    h += "<th>summary</th></tr>"
    for p in c.places {
      let d = p.decisions[index]
      h +=
        "<tr><th>\(e(p.id))</th><td>\(CoveragePage.badge(engine, p.id, date))</td><td class=n>\(score(d))</td>"
      for a in actions { h += Pages.cell(d[a]) }
      h += "<td>\(e(p.summary))</td></tr>"
    }
    h += "</table><p class=note>Law version <code>\(e(c.lawVersion))</code>.</p>"
    return h
  }
}
