import AccordAudit
import AccordCore
import Foundation
import Hummingbird

/// `/interview`: one question per screen, the decision so far beside it, back and change, in
/// English or Spanish. The answers travel in the form's POST body (hidden fields), never in the URL,
/// so nothing a user types reaches a server log.
enum InterviewPage {
  /// One answer given: where it went, the category it was about, and the answer.
  struct Answer {
    var path: String
    var category: String?
    var value: String

    var field: String { "\(path)|\(category ?? "")|\(value)" }
    init(path: String, category: String?, value: String) {
      self.path = path
      self.category = category
      self.value = value
    }
    init?(field: String) {
      let parts = field.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 3 else { return nil }
      self.init(path: parts[0], category: parts[1].isEmpty ? nil : parts[1], value: parts[2])
    }
  }

  static func words(_ en: String, _ es: String, _ l: Language) -> String { l == .es ? es : en }

  /// The start form.
  static func start(_ engine: Engine, _ lang: Language, error: String? = nil) -> String {
    let e = HTML.escape
    var h = "<h1>\(words("Interview", "Entrevista", lang))</h1>"
    h +=
      "<p>\(e(words("Accord asks only for the facts still needed to decide, one at a time, and says why each is asked. Answers stay in this form: they are not put in the address or in the server's logs.", "Accord pide solo los datos que aún faltan para decidir, uno a la vez, y explica por qué. Las respuestas quedan en este formulario: no van en la dirección ni en los registros del servidor.", lang)))</p>"
    if let error { h += "<p class=error>\(e(error))</p>" }
    h += "<form class=case method=post action=\"/interview\"><fieldset>"
    h +=
      "<label>\(e(FactTable.byPath["place"]!.label[lang])) <select name=place>\(Pages.options(engine.places.map { ($0.id, "\($0.id) — \($0.name)") }, selected: "US-NJ/essex-county"))</select></label>"
    h +=
      "<label>\(e(FactTable.byPath["date"]!.label[lang])) <input type=date name=date value=\"\(today().description)\" required></label>"
    h += "<label>\(words("language", "idioma", lang)) <select name=lang>"
    h += Pages.options([("en", "English"), ("es", "Español")], selected: lang.rawValue) + "</select></label>"
    h += "</fieldset><fieldset><legend>\(e(words("Actions to decide", "Acciones a decidir", lang)))</legend>"
    for a in Action.allCases {
      h += "<label><input type=checkbox name=action value=\(a.rawValue) checked> \(a.rawValue)</label>"
    }
    h += "</fieldset><p><button>\(e(words("Start", "Empezar", lang)))</button></p></form>"
    return h
  }

  /// A step: replay the answers, then ask the next question or show the decision.
  static func step(_ form: FormData, _ engine: Engine) -> String {
    let e = HTML.escape
    let lang = Language(rawValue: form["lang"] ?? "en") ?? .en
    guard let place = form["place"], Case.isPlaceID(place) else {
      return start(engine, lang, error: words("Choose a place.", "Elija un lugar.", lang))
    }
    guard let date = CivilDate(parsing: form["date"] ?? "") else {
      return start(
        engine, lang, error: words("Give a date (YYYY-MM-DD).", "Indique una fecha (AAAA-MM-DD).", lang))
    }
    let actions = form.all("action").compactMap(Action.init(rawValue:))
    var answers = form.all("a").compactMap(Answer.init(field:))
    var skipped = Set(form.all("skip"))
    if let keep = form["back"].flatMap(Int.init), keep >= 0, keep <= answers.count {
      answers = Array(answers.prefix(keep))
      skipped = []
    }
    var notice: String?
    // A new answer to the question just shown.
    if let path = form["q"], form["back"] == nil {
      let category = form["qc"].flatMap { $0.isEmpty ? nil : $0 }
      let key = category.map { "\(path) (\($0))" } ?? path
      if form["skipq"] != nil {
        skipped.insert(key)
      } else if let value = form["answer"], !value.isEmpty {
        answers.append(Answer(path: path, category: category, value: value))
      } else {
        notice = words(
          "Choose an answer, or skip the question.", "Elija una respuesta, u omita la pregunta.", lang)
      }
    }
    // Replay: a wrong answer is dropped and asked again, naming what is allowed.
    var c = Case(date: date, place: place)
    var kept: [Answer] = []
    for a in answers {
      do {
        c = try Engine.answer(c, path: a.path, category: a.category, a.value)
        kept.append(a)
      } catch {
        notice = error.description
      }
    }
    let step = engine.interview(c, actions: actions.isEmpty ? nil : actions, skipping: skipped)
    var h = "<h1>\(words("Interview", "Entrevista", lang)) — <code>\(e(place))</code>, \(date)</h1>"
    if let notice { h += "<p class=error>\(e(notice))</p>" }
    h += "<form class=case method=post action=\"/interview\">"
    h += hidden("place", place) + hidden("date", date.description) + hidden("lang", lang.rawValue)
    for a in actions { h += hidden("action", a.rawValue) }
    for a in kept { h += hidden("a", a.field) }
    for s in skipped.sorted() { h += hidden("skip", s) }
    h += "<div style=\"display:flex;gap:2rem;flex-wrap:wrap\"><section style=\"flex:1 1 28rem\">"
    if let q = step.next {
      h += hidden("q", q.path) + hidden("qc", q.category ?? "")
      h += "<h2>\(kept.count + 1). \(e(q.text(lang)))</h2><p class=note>\(e(q.fact.help[lang]))</p>"
      if q.path.hasSuffix(".date") {
        h += "<p><input type=date name=answer></p>"
      } else if q.path == "person.charges" || q.path == "person.convictions" {
        h += "<p><input type=number name=answer min=0 max=\(Engine.interviewMaxItems) value=0></p>"
      } else {
        h += "<p>"
        for a in q.answers {
          h +=
            "<label><input type=radio name=answer value=\"\(e(a))\"> \(e(q.fact.words(for: a, lang)))</label> "
        }
        h += "</p>"
      }
      h += "<p><button>\(e(words("Answer", "Responder", lang)))</button> "
      h += "<button name=skipq value=1>\(e(words("I don't know", "No lo sé", lang)))</button></p>"
      let why = q.decides.map { d in
        "<b>\(d.action.rawValue)</b> (\(d.by.map { e(q.fact.words(for: $0, lang)) }.joined(separator: words(" or ", " o ", lang))))"
      }
      h +=
        "<p class=note>\(e(words("Why this question: its answer would decide", "Por qué esta pregunta: su respuesta decidiría", lang))) \(why.joined(separator: ", "))"
      if !q.clauses.isEmpty { h += " — \(q.clauses.prefix(4).map(e).joined(separator: "; "))" }
      h += ".</p>"
    } else {
      h +=
        "<h2>\(e(words("Decided as far as the facts can decide", "Decidido en la medida en que los hechos lo permiten", lang)))</h2>"
      for (a, because) in step.open {
        h +=
          "<p><b>\(a.rawValue)</b> \(e(words("stays open", "sigue abierta", lang))): \(because.prefix(3).map(e).joined(separator: "; "))</p>"
      }
    }
    if !kept.isEmpty {
      h += "<h3>\(e(words("Your answers", "Sus respuestas", lang)))</h3><ol>"
      for (i, a) in kept.enumerated() {
        let label = FactTable.byPath[a.path]?.label[lang] ?? a.path
        h +=
          "<li><code>\(e(a.path))</code>\(a.category.map { " (\(e($0)))" } ?? "") — \(e(label)): <b>\(e(a.value))</b> <button name=back value=\(i)>\(e(words("change", "cambiar", lang)))</button></li>"
      }
      h += "</ol>"
    }
    h +=
      "</section><aside style=\"flex:1 1 22rem\"><h3>\(e(words("The decision so far", "La decisión hasta ahora", lang)))</h3><table>"
    for a in step.actions {
      let d = step.decision[a]
      h +=
        "<tr><th>\(a.rawValue)</th><td class=\"st st-\(d.status.rawValue)\">\(d.status.rawValue)</td><td>\(d.because.first.map { e($0.cite) } ?? "")</td></tr>"
    }
    h +=
      "</table><p class=note>\(e(words("Law version", "Versión de la ley", lang))) <code>\(e(step.decision.lawVersion))</code>.</p></aside></div></form>"
    return h
  }

  static func hidden(_ name: String, _ value: String) -> String {
    "<input type=hidden name=\(name) value=\"\(HTML.escape(value))\">"
  }
}

func addInterviewRoutes(_ router: Router<BasicRequestContext>, _ state: ServerState) {
  router.get("/interview") { request, _ in
    let lang = Language(rawValue: FormData(query: request.uri.query)["lang"] ?? "en") ?? .en
    return Response.html(Pages.page("Interview", InterviewPage.start(state.engine, lang)))
  }
  router.post("/interview") { request, _ in
    let form = FormData(
      query: try await bodyText(request, limit: 64 << 10, timeout: state.configuration.bodyTimeout))
    return Response.html(Pages.page("Interview", InterviewPage.step(form, state.engine)))
  }
}
