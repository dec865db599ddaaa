import AccordAudit
import AccordCore
import Foundation
import Hummingbird

/// Server-rendered pages: no script, no style sheet, font or image from elsewhere, so every page
/// works offline.
enum Pages {
  static let extraStyle = """
    header.top{display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:baseline;border-bottom:2px solid #1b1b1b;padding-bottom:.4rem}
    header.top b{font-size:1.2rem;margin-right:1rem}header.top a{color:#1b1b1b}
    a{color:#0057a3}.st{font-weight:600;text-align:center;white-space:nowrap}
    .st-required{background:#D55E00;color:#fff}.st-permitted{background:#F0E442;color:#1b1b1b}
    .st-prohibited{background:#0072B2;color:#fff}.st-undetermined{background:#ddd;color:#1b1b1b}
    td.st a{color:inherit;text-decoration:none;display:block}
    pre.accord{background:#f6f8fa;border:1px solid #ddd;padding:.5rem;overflow:auto;font-size:.85rem}
    pre.accord .line:target,pre.accord .rule:target,p:target,span:target{background:#fff3b0}
    .kw{color:#8250df;font-weight:600}.str{color:#0a3069}.status{color:#b35900;font-weight:600}
    blockquote{border-left:4px solid #ccc;margin:.5rem 0;padding:.1rem 1rem;color:#333;background:#fafafa}
    form.filters label,form.case label{display:inline-block;margin:.25rem 1rem .25rem 0}
    fieldset{border:1px solid #ddd;margin:.5rem 0}.error{background:#fde2e1;border:1px solid #D55E00;padding:.5rem}
    details{margin:.25rem 0}summary{cursor:pointer}.trace{font-size:.85rem}.trace .yes{color:#006b4f;font-weight:600}
    footer{margin-top:2rem;border-top:1px solid #ccc;padding-top:.5rem}
    @media print{header.top,.noprint{display:none}}
    """

  static let nav: [(String, String)] = [
    ("/", "Home"), ("/matrix", "Matrix"), ("/map", "Map"), ("/coverage", "Coverage"),
    ("/case", "Case explorer"), ("/interview", "Interview"), ("/law", "Law"),
    ("/audits", "Audits"), ("/agreements", "287(g) timeline"), ("/simulate", "Simulation"),
    ("/openapi.json", "API"),
  ]

  /// A whole page around `body`.
  static func page(_ title: String, _ body: String) -> String {
    var h =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>\(HTML.escape(title)) · Accord</title><script src=\"/static/accord.js\" defer></script><style>"
    h += HTML.style + extraStyle + CoveragePage.style + "</style></head><body><header class=top><b>Accord</b>"
    for (href, label) in nav { h += "<a href=\"\(href)\">\(label)</a>" }
    h += "</header><main>" + body + "</main>"
    h += "<footer class=note>\(HTML.escape(Decision.disclaimer))</footer></body></html>\n"
    return h
  }

  static func errorPage(_ e: APIError) -> Response {
    var body =
      "<h1>\(e.status.code) \(HTML.escape(e.status.reasonPhrase))</h1><p class=error>\(HTML.escape(e.message))</p>"
    if let help = e.help { body += "<p>\(HTML.escape(help))</p>" }
    if e.status == .unauthorized { body += "<p><a href=\"/login\">Sign in with a token</a></p>" }
    return Response.html(page("\(e.status.code)", body), status: e.status)
  }

  static let home = """
    <h1>Accord</h1>
    <p>Accord turns the law on local cooperation with federal immigration enforcement (ICE) into executable, \
    cited rules: for a case — ICE sent this request about this person to this agency on this date — it says \
    for each of ten actions (hold, notify, transfer, interview, …) whether the law in force that day makes it \
    required, permitted or prohibited, or leaves it undetermined for want of facts. \
    Every answer names the clause that decides it and the law version used; it is research and compliance \
    software, not legal advice.</p>
    <ul>
    <li><a href="/case">Case explorer</a>: enter the facts, get the decision for every action with its citations.</li>
    <li><a href="/matrix">Jurisdiction matrix</a>: every place and action for a reference case, by date and agency.</li>
    <li><a href="/map">Map</a>: how much each state's law restricts cooperation.</li>
    <li><a href="/law">Law browser</a>: every encoded law file, its text and its rules.</li>
    <li><a href="/audits">Audits</a>: upload detainer records and hold them against the law in force (sign-in needed).</li>
    <li><a href="/agreements">287(g) timeline</a>: agreements in force by month and model, and those the law bars.</li>
    <li><a href="/simulate">Simulation</a>: a year of bookings under the law in force, and what a reform would change.</li>
    <li><a href="/openapi.json">The JSON API</a> (OpenAPI 3): <code>POST /v1/decide</code>, <code>/v1/compare</code>, <code>/v1/places</code>, …</li>
    </ul>
    """

  /// `law/us-nj/x.md:97` → `/law/us-nj/x.md#rule-LABEL` (or `#L97` without a label).
  static func lawLink(_ source: String, rule: String?) -> String {
    var path = source.hasPrefix("law/") ? String(source.dropFirst(4)) : source
    var line: String?
    if let colon = path.lastIndex(of: ":") {
      line = String(path[path.index(after: colon)...])
      path = String(path[..<colon])
    }
    if let rule { return "/law/\(path)#rule-\(rule)" }
    return "/law/\(path)" + (line.map { "#L\($0)" } ?? "")
  }

  static func short(_ s: Status) -> String {
    switch s {
    case .required: "MUST"
    case .permitted: "may"
    case .prohibited: "no"
    case .undetermined: "?"
    }
  }

  /// A status cell: coloured, titled with the deciding cite, linked to its rule.
  static func cell(_ a: ActionDecision) -> String {
    let e = HTML.escape
    var title = a.status.rawValue
    if let b = a.because.first { title += ": " + b.cite }
    if a.status == .undetermined, !a.needs.isEmpty { title += "; needs " + a.needs.joined(separator: ", ") }
    let label = short(a.status)
    if let b = a.because.first {
      return
        "<td class=\"st st-\(a.status.rawValue)\" title=\"\(e(title))\"><a href=\"\(e(lawLink(b.source, rule: b.rule)))\">\(label)</a></td>"
    }
    return "<td class=\"st st-\(a.status.rawValue)\" title=\"\(e(title))\">\(label)</td>"
  }

  static let legend =
    "<p class=legend>"
    + Status.allCases.map {
      "<span><i class=\"sw st-\($0.rawValue)\"></i>\(short($0)) = \($0.rawValue)</span>"
    }
    .joined() + "</p>"

  static func options(_ values: [(String, String)], selected: String?) -> String {
    values.map {
      "<option value=\"\(HTML.escape($0.0))\"\($0.0 == selected ? " selected" : "")>\(HTML.escape($0.1))</option>"
    }.joined()
  }

  static func profileOptions(_ selected: String) -> String {
    options(ReferenceProfile.all.map { ($0.id, $0.label) }, selected: selected)
  }

  // MARK: Matrix

  /// Actions × places for one reference profile, or actions × profiles for one place.
  static func matrix(_ query: FormData, _ state: ServerState) throws -> String {
    let engine = state.engine
    let e = HTML.escape
    let date = try dateParameter(query["date"])
    let agency = try agencyParameter(query["agency"])
    let profileID =
      query["profile"].flatMap { p in ReferenceProfile.all.first { $0.id == p }?.id }
      ?? ReferenceProfile.all[0].id
    let place = query["place"].flatMap { $0.isEmpty ? nil : $0 }
    if let place, !state.placeIDs.contains(place) {
      throw APIError(.badRequest, "unknown place `\(place)`", help: "pick a place from the list")
    }
    var h = "<h1>Jurisdiction matrix</h1>"
    h += "<form class=filters method=get action=\"/matrix\">"
    h += "<label>date <input type=date name=date value=\"\(date)\"></label>"
    h +=
      "<label>agency <select name=agency>\(options(Case.agencies.map { ($0, $0) }, selected: agency))</select></label>"
    h += "<label>profile <select name=profile>\(profileOptions(profileID))</select></label>"
    h +=
      "<label>place <select name=place><option value=\"\">every place (one profile)</option>\(options(engine.places.map { ($0.id, "\($0.id) — \($0.name)") }, selected: place))</select></label>"
    h += "<button>Show</button></form>"
    h += legend
    if let place {
      let c = engine.compare(places: [place], date: date, agency: agency)
      guard let p = c.places.first else { return h }
      h += "<h2>\(e(p.name)) (<code>\(e(p.id))</code>) on \(date), \(e(agency))</h2>"
      h +=
        "<p>Law: \(CoveragePage.badge(engine, p.id, date)) (<a href=\"/coverage?date=\(date)\">coverage</a>)</p><p>\(e(p.summary))</p>"
      h +=
        "<table><tr><th rowspan=2>action</th><th colspan=5>ICE (administrative) warrant</th><th colspan=5>judicial warrant</th></tr><tr>"
      for r in c.profiles { h += "<th title=\"\(e(r.label))\">\(e(r.record.short))</th>" }
      h += "</tr>"
      for action in Action.allCases {
        h += "<tr><th title=\"\(e(action.summary))\">\(action.rawValue)</th>"
        for d in p.decisions { h += cell(d[action]) }
        h += "</tr>"
      }
      h += "</table>" + conflicts(p.decisions)
      h +=
        "<p class=note>Columns: \(ReferenceProfile.Record.allCases.map { "<b>\($0.short)</b> \(e($0.label))" }.joined(separator: "; ")). Each case: ICE detainer, no interview consent, no 287(g) agreement. Law version <code>\(e(c.lawVersion))</code>.</p>"
      return h
    }
    let c = engine.compare(places: engine.places.map(\.id), date: date, agency: agency)
    guard let index = c.profiles.firstIndex(where: { $0.id == profileID }) else { return h }
    h +=
      "<p>Every place on \(date) for a \(e(agency)) holding someone with <b>\(e(c.profiles[index].label))</b>. Click a place for all ten profiles, a cell for the rule that decides it.</p>"
    h += "<table><tr><th>place</th><th>law</th>"
    for action in Action.allCases { h += "<th title=\"\(e(action.summary))\">\(action.rawValue)</th>" }
    h += "</tr>"
    for p in c.places {
      let link =
        "/matrix?place=\(FormData.encode(p.id))&date=\(date)&agency=\(FormData.encode(agency))&profile=\(FormData.encode(profileID))"
      h += "<tr><th><a href=\"\(e(link))\">\(e(p.id))</a><br><span class=note>\(e(p.name))</span></th>"
      h += "<td>\(CoveragePage.badge(engine, p.id, date))</td>"
      for action in Action.allCases { h += cell(p.decisions[index][action]) }
      h += "</tr>"
    }
    h += "</table><h2>In one sentence</h2><ul>"
    for p in c.places { h += "<li>\(e(p.summary))</li>" }
    h += "</ul><p class=note>Law version <code>\(e(c.lawVersion))</code>.</p>"
    return h
  }

  static func conflicts(_ decisions: [Decision]) -> String {
    var seen = Set<String>()
    var items: [String] = []
    for d in decisions {
      for c in d.conflicts {
        let text =
          "\(c.action.rawValue): \(c.prevailingPlace) \(c.prevailingStatus.rawValue) prevails over \(c.overriddenPlace) \(c.overriddenStatus.rawValue) — \(c.reason)"
        if seen.insert(text).inserted { items.append("<li>\(HTML.escape(text))</li>") }
      }
    }
    return items.isEmpty ? "" : "<h3>Conflicts between levels</h3><ul>" + items.joined() + "</ul>"
  }

  // MARK: Case explorer

  /// The form and, when the query holds a case, its decision with citations and explanations.
  static func caseExplorer(_ query: FormData, _ state: ServerState) async throws -> String {
    let e = HTML.escape
    let engine = state.engine
    var h = "<h1>Case explorer</h1>"
    var result = ""
    var caseJSON = query["json"] ?? ""
    if query["place"] != nil || !caseJSON.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      if caseJSON.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { caseJSON = formCase(query) }
      do {
        let c = try Case(json: caseJSON)
        let (d, _) = try await state.decide(c)
        result =
          "<form method=post action=\"/record\" class=noprint><input type=hidden name=case value=\"\(e(caseJSON))\"><button>Print a decision record</button> <select name=lang><option value=en>English</option><option value=es>Español</option></select></form>"
          + decisionHTML(c, d, engine)
      } catch let error as CaseError {
        result =
          "<p class=error>The case cannot be read: line \(error.line), column \(error.column)\(error.path.isEmpty ? "" : ", <code>\(e(error.path))</code>"): \(e(error.message))\(error.help.map { "<br>help: \(e($0))" } ?? "")</p>"
      }
    }
    func v(_ name: String) -> String? { query[name] }
    let grades = [("", "none")] + Grade.allCases.map { ($0.rawValue, $0.rawValue) }
    h += "<form class=case method=get action=\"/case\"><fieldset><legend>Where and when</legend>"
    h +=
      "<label>place <select name=place>\(options(engine.places.map { ($0.id, "\($0.id) — \($0.name)") }, selected: v("place") ?? "US-NJ/essex-county"))</select></label>"
    h +=
      "<label>date <input type=date name=date value=\"\(e(v("date") ?? today().description))\" required></label>"
    /// A scalar fact's field, from the fact table: its label, and its answers in words.
    func field(_ f: FactDeclaration) -> String {
      var answers: [(String, String)] = [("", "unknown")]
      if case .bool = f.kind {
        answers += [("yes", f.words(for: "true", .en)), ("no", f.words(for: "false", .en))]
      } else {
        answers += (f.values ?? []).map { ($0, f.words(for: $0, .en)) }
      }
      let fallback = f.path == "agency" ? "jail" : ""
      return
        "<label title=\"\(e(f.question.en))\">\(e(f.label.en)) <select name=\(f.key)>\(options(answers, selected: v(f.key) ?? fallback))</select></label>"
    }
    for f in FactTable.scalars(in: "") { h += field(f) }
    h += "<span>287(g): "
    for m in Case.models287g {
      h +=
        "<label><input type=checkbox name=g287 value=\(m)\(query.all("g287").contains(m) ? " checked" : "")> \(m)</label>"
    }
    h += "</span></fieldset><fieldset><legend>ICE's request</legend>"
    for f in FactTable.scalars(in: "ice") { h += field(f) }
    h += "</fieldset><fieldset><legend>The person</legend>"
    h +=
      "<label>conviction grade <select name=convictionGrade>\(options(grades, selected: v("convictionGrade") ?? ""))</select></label>"
    h +=
      "<label>convicted on <input type=date name=convictionDate value=\"\(e(v("convictionDate") ?? ""))\"></label>"
    h +=
      "<label><input type=checkbox name=convictionViolent value=yes\(v("convictionViolent") == "yes" ? " checked" : "")> violent or serious</label><br>"
    h +=
      "<label>pending charge grade <select name=chargeGrade>\(options(grades, selected: v("chargeGrade") ?? ""))</select></label>"
    h +=
      "<label><input type=checkbox name=chargeViolent value=yes\(v("chargeViolent") == "yes" ? " checked" : "")> violent or serious</label><br>"
    for f in FactTable.scalars(in: "person") { h += field(f) }
    h +=
      "</fieldset><details\(query["json"].map { $0.isEmpty ? "" : " open" } ?? "")><summary>or paste a whole case (INTERFACE.md JSON)</summary>"
    h += "<textarea name=json rows=8 cols=90>\(e(query["json"] ?? ""))</textarea></details>"
    h +=
      "<p><button>Decide</button> <span class=note>Facts left unknown stay unknown: the engine never guesses them.</span></p></form>"
    if !caseJSON.isEmpty {
      h += "<details><summary>The case as JSON</summary><pre>\(e(caseJSON))</pre></details>"
    }
    return h + result
  }

  /// The case the form's fields describe, as INTERFACE.md's JSON.
  static func formCase(_ q: FormData) -> String {
    var w = JSONWriter(pretty: true)
    func tri(_ name: String) -> Bool? { q[name] == "yes" ? true : q[name] == "no" ? false : nil }
    func some(_ name: String) -> String? { q[name].flatMap { $0.isEmpty ? nil : $0 } }
    w.beginObject()
    w.string("date", some("date") ?? today().description)
    w.string("place", some("place") ?? "")
    /// A scalar fact's answer from its field (`yes`/`no` for a boolean).
    func scalar(_ f: FactDeclaration) {
      guard let answer = some(f.key) else { return }
      if case .bool = f.kind {
        if let b = tri(f.key) { w.bool(f.key, b) }
      } else {
        w.string(f.key, answer)
      }
    }
    for f in FactTable.scalars(in: "") { scalar(f) }
    let models = q.all("g287")
    if !models.isEmpty { w.stringArray("agreements287g", models) }
    let ice = FactTable.scalars(in: "ice")
    if ice.contains(where: { some($0.key) != nil }) {
      w.beginObject("ice")
      for f in ice { scalar(f) }
      w.endObject()
    }
    w.beginObject("person")
    for (list, prefix) in [("convictions", "conviction"), ("charges", "charge")] {
      guard let grade = some("\(prefix)Grade") else { continue }
      w.beginArray(list)
      w.beginObject()
      w.string("grade", grade)
      if let date = some("\(prefix)Date") { w.string("date", date) }
      w.stringArray("tags", q["\(prefix)Violent"] == "yes" ? ["violent-or-serious"] : [])
      w.endObject()
      w.endArray()
    }
    for f in FactTable.scalars(in: "person") { scalar(f) }
    w.endObject()
    w.endObject()
    return w.text
  }

  /// The decision: every action with its status, citations (linked to the law browser), the
  /// facts it needs, and its explanation.
  static func decisionHTML(_ c: Case, _ d: Decision, _ engine: Engine) -> String {
    let e = HTML.escape
    var h =
      "<h2>Decision for <code>\(e(d.place))</code> on \(d.date)</h2><p class=note>Law version <code>\(e(d.lawVersion))</code>; levels applied: \(engine.chain(for: c.place).map { "<code>\(e($0))</code>" }.joined(separator: " → ")).</p>"
    h += "<table><tr><th>action</th><th>status</th><th>because</th><th>needs</th></tr>"
    for a in d.actions {
      let because = a.because.map {
        "<a href=\"\(e(lawLink($0.source, rule: $0.rule)))\">\(e($0.cite))</a> <span class=note>(\(e($0.place)), \($0.completeness.rawValue) source, <code>\(e($0.source))</code>)</span>"
      }
      var needs = a.needs.map { "<code>\(e($0))</code>" }.joined(separator: ", ")
      if a.status == .undetermined, !a.possible.isEmpty {
        needs = "could be \(a.possible.map(\.rawValue).joined(separator: " or ")); " + needs
      } else if a.status == .undetermined {
        needs = "no encoded rule decides it"
      }
      h +=
        "<tr id=\"action-\(a.action.rawValue)\"><th title=\"\(e(a.action.summary))\">\(a.action.rawValue)</th><td class=\"st st-\(a.status.rawValue)\">\(a.status.rawValue)</td><td>\(because.joined(separator: "<br>"))</td><td>\(needs)</td></tr>"
    }
    h += "</table>"
    if !d.conflicts.isEmpty { h += conflicts([d]) }
    if !d.warnings.isEmpty {
      h += "<h3>Warnings</h3><ul>" + d.warnings.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
    }
    h += "<h3>Why: every rule of every level, applied or not</h3>"
    for action in Action.allCases {
      let x = engine.explain(c, action: action)
      h += "<details class=trace><summary><b>\(action.rawValue)</b>: \(x.decision.status.rawValue)</summary>"
      for level in x.levels {
        h += "<p><b>\(e(level.name))</b> (<code>\(e(level.place))</code>)"
        if level.rules.isEmpty { h += ": no rule of this place speaks to this action." }
        h += "</p><ul>"
        for r in level.rules {
          let applies: String
          if !r.inForce {
            applies = "not in force on this date"
          } else {
            switch r.condition {
            case "yes": applies = "<span class=yes>APPLIES</span>"
            case "no": applies = "does not apply"
            default: applies = "may apply, facts missing"
            }
          }
          h +=
            "<li style=\"margin-left:\(Double(r.depth) * 1.5)rem\">\(r.depth == 0 ? "Rule" : "Exception") <a href=\"\(e(lawLink(r.rule.source, rule: r.rule.rule)))\"><code>\(e(r.rule.rule))</code></a> makes it \(r.status.rawValue) — \(applies): \(e(r.reading))\(r.note.map { "<br><span class=note>note: \(e($0))</span>" } ?? "")</li>"
        }
        h += "</ul>"
      }
      h += "</details>"
    }
    return h
  }
}

/// The page routes.
func addPageRoutes(_ router: Router<BasicRequestContext>, _ state: ServerState) {
  router.get("/") { _, _ in Response.html(Pages.page("Home", Pages.home)) }
  router.get("/matrix") { request, _ in
    Response.html(Pages.page("Matrix", try Pages.matrix(FormData(query: request.uri.query), state)))
  }
  router.get("/coverage") { request, _ in
    Response.html(Pages.page("Coverage", try CoveragePage.page(FormData(query: request.uri.query), state)))
  }
  router.get("/map") { request, _ in
    Response.html(Pages.page("Map", try StateMap.page(FormData(query: request.uri.query), state)))
  }
  router.get("/case") { request, _ in
    Response.html(
      Pages.page("Case explorer", try await Pages.caseExplorer(FormData(query: request.uri.query), state)))
  }
  router.get("/agreements") { _, _ in
    Response.html(Pages.page("287(g) timeline", await state.agreements.page()))
  }
  router.get("/agreements/report") { _, _ in
    guard let html = await state.agreements.reportHTML() else {
      throw APIError(.notFound, "the 287(g) sheets archive is not available to this server")
    }
    return Response.html(html)
  }
}
