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
    // 287(g) agreements are given at the start: in a case, none stated means none.
    let g = FactTable.byPath["agreements287g"]!
    h += "</fieldset><fieldset><legend>\(e(g.question[lang]))</legend>"
    for m in Case.models287g {
      h += "<label><input type=checkbox name=g287 value=\(m)> \(e(g.words(for: m, lang)))</label>"
    }
    h += "<p class=note>\(e(g.help[lang]))</p>"
    h += "</fieldset><fieldset><legend>\(e(words("Actions to decide", "Acciones a decidir", lang)))</legend>"
    for a in Action.allCases {
      h += "<label><input type=checkbox name=action value=\(a.rawValue) checked> \(a.rawValue)</label>"
    }
    h += "</fieldset><p><button>\(e(words("Start", "Empezar", lang)))</button></p></form>"
    return h
  }

  /// Where an interview stands: the place and date, the actions asked about, the answers given
  /// (in order) and the questions skipped. It travels in the form's hidden fields.
  struct Session {
    var place: String
    var date: CivilDate
    var lang: Language
    var actions: [Action]
    /// The agency's 287(g) models, given at the start (none stated means none).
    var agreements: [String] = []
    var answers: [Answer]
    var skipped: Set<String>

    /// The form fields that carry it.
    var fields: [(String, String)] {
      var f = [("place", place), ("date", date.description), ("lang", lang.rawValue)]
      f += actions.map { ("action", $0.rawValue) }
      f += agreements.map { ("g287", $0) }
      f += answers.map { ("a", $0.field) }
      f += skipped.sorted().map { ("skip", $0) }
      return f
    }

    /// `PATH#r=…`: a link that reopens this session at PATH. The answers sit in the fragment,
    /// which a browser never sends to a server (`/static/accord.js` posts them), so they reach no
    /// server log.
    func link(_ path: String) -> String {
      let query = fields.map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&")
      let b64 = Data(query.utf8).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
      return "\(path)#r=\(b64)"
    }

    /// The session the form's fields hold, or the start form's error.
    static func read(_ form: FormData) -> Result<Session, StartError> {
      let lang = Language(rawValue: form["lang"] ?? "en") ?? .en
      guard let place = form["place"], Case.isPlaceID(place) else {
        return .failure(StartError(lang: lang, message: words("Choose a place.", "Elija un lugar.", lang)))
      }
      guard let date = CivilDate(parsing: form["date"] ?? "") else {
        return .failure(
          StartError(
            lang: lang, message: words("Give a date (YYYY-MM-DD).", "Indique una fecha (AAAA-MM-DD).", lang)))
      }
      return .success(
        Session(
          place: place, date: date, lang: lang,
          actions: form.all("action").compactMap(Action.init(rawValue:)),
          agreements: Case.models287g.filter { form.all("g287").contains($0) },
          answers: form.all("a").compactMap(Answer.init(field:)), skipped: Set(form.all("skip"))))
    }

    /// The case the answers build, keeping only the answers that apply; the last wrong one's
    /// error, if any (it is asked again).
    mutating func replay() -> (Case, String?) {
      var c = Case(date: date, place: place)
      c.agreements287g = agreements
      var kept: [Answer] = []
      var notice: String?
      for a in answers {
        do {
          c = try Engine.answer(c, path: a.path, category: a.category, a.value)
          kept.append(a)
        } catch {
          notice = error.description
        }
      }
      answers = kept
      return (c, notice)
    }
  }

  struct StartError: Error {
    var lang: Language
    var message: String
  }

  /// A step: replay the answers, then ask the next question or show the decision.
  static func step(_ form: FormData, _ engine: Engine) -> String {
    let e = HTML.escape
    var session: Session
    switch Session.read(form) {
    case .failure(let error): return start(engine, error.lang, error: error.message)
    case .success(let s): session = s
    }
    let lang = session.lang
    if let keep = form["back"].flatMap(Int.init), keep >= 0, keep <= session.answers.count {
      session.answers = Array(session.answers.prefix(keep))
      session.skipped = []
    }
    var notice: String?
    // A new answer to the question just shown.
    if let path = form["q"], form["back"] == nil {
      let category = form["qc"].flatMap { $0.isEmpty ? nil : $0 }
      let key = category.map { "\(path) (\($0))" } ?? path
      if form["skipq"] != nil {
        session.skipped.insert(key)
      } else if let value = form["answer"], !value.isEmpty {
        session.answers.append(Answer(path: path, category: category, value: value))
      } else {
        notice = words(
          "Choose an answer, or skip the question.", "Elija una respuesta, u omita la pregunta.", lang)
      }
    }
    // Replay: a wrong answer is dropped and asked again, naming what is allowed.
    let (c, wrong) = session.replay()
    if let wrong { notice = wrong }
    let (place, date, actions, kept, skipped) = (
      session.place, session.date, session.actions, session.answers, session.skipped
    )
    let step = engine.interview(c, actions: actions.isEmpty ? nil : actions, skipping: skipped)
    var h = "<h1>\(words("Interview", "Entrevista", lang)) — <code>\(e(place))</code>, \(date)</h1>"
    if let notice { h += "<p class=error>\(e(notice))</p>" }
    h += "<form class=case method=post action=\"/interview\">"
    h += hidden("place", place) + hidden("date", date.description) + hidden("lang", lang.rawValue)
    for a in actions { h += hidden("action", a.rawValue) }
    for m in session.agreements { h += hidden("g287", m) }
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
      "</table><p class=note>\(e(words("Law version", "Versión de la ley", lang))) <code>\(e(step.decision.lawVersion))</code>.</p>"
    h +=
      "<p><button formaction=\"/record\" formtarget=_self>\(e(words("Print a decision record", "Imprimir un registro de la decisión", lang)))</button></p>"
    h +=
      "<p class=note><a href=\"\(e(session.link("/interview")))\">\(e(words("A link that reopens these answers", "Un enlace que reabre estas respuestas", lang)))</a>: \(e(words("the answers are in the link itself, after #, and never reach the server or its logs; anyone with the link can read them.", "las respuestas van en el enlace mismo, después de #, y nunca llegan al servidor ni a sus registros; quien tenga el enlace puede leerlas.", lang)))</p>"
    h += "</aside></div></form>"
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
  // The record: from an interview's fields, or from a case's JSON in the field `case`.
  router.get("/record") { request, _ in
    let lang = Language(rawValue: FormData(query: request.uri.query)["lang"] ?? "en") ?? .en
    return Response.html(Pages.page("Decision record", InterviewPage.recordStart(lang)))
  }
  router.post("/record") { request, _ in
    let form = FormData(
      query: try await bodyText(request, limit: 256 << 10, timeout: state.configuration.bodyTimeout))
    let lang = Language(rawValue: form["lang"] ?? "en") ?? .en
    let c: Case
    var reopen: String?
    if let json = form["case"], !json.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      do {
        c = try Case(json: json)
      } catch let error as CaseError {
        let message =
          "line \(error.line), column \(error.column)\(error.path.isEmpty ? "" : ", \(error.path)"): \(error.message)\(error.help.map { " (help: \($0))" } ?? "")"
        return Response.html(
          Pages.page("Decision record", InterviewPage.recordStart(lang, error: message)), status: .badRequest)
      }
    } else {
      switch InterviewPage.Session.read(form) {
      case .failure(let error):
        return Response.html(
          Pages.page("Decision record", InterviewPage.recordStart(lang, error: error.message)),
          status: .badRequest)
      case .success(var session):
        let (built, wrong) = session.replay()
        if let wrong {
          return Response.html(
            Pages.page("Decision record", InterviewPage.recordStart(lang, error: wrong)), status: .badRequest)
        }
        c = built
        reopen = session.link("/interview")
      }
    }
    let (d, stamp) = try await state.decideForRecord(c)
    return Response.html(RecordPage.html(c, d, state.engine, lang, stamp: stamp, reopen: reopen))
  }
  router.get("/static/accord.js") { _, _ in
    Response(
      status: .ok,
      headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
      body: .init(byteBuffer: ByteBuffer(string: InterviewPage.script)))
  }
}

extension InterviewPage {
  /// The one script of the web pages. It reopens an interview or a record from a link whose
  /// answers sit in the fragment (after `#`, which browsers never send to a server) by posting
  /// them, and it prints a record. Every page works without it, except those two conveniences.
  static let script = """
    // Accord: reopen answers carried in the link's fragment (#r=…), and print a record.
    document.addEventListener("DOMContentLoaded", function () {
      var h = location.hash;
      if (h.indexOf("#r=") === 0) {
        var b64 = h.slice(3).replace(/-/g, "+").replace(/_/g, "/");
        while (b64.length % 4) b64 += "=";
        var params;
        try { params = new URLSearchParams(atob(b64)); } catch (e) { return; }
        var form = document.createElement("form");
        form.method = "post";
        form.action = location.pathname;
        params.forEach(function (value, name) {
          var input = document.createElement("input");
          input.type = "hidden"; input.name = name; input.value = value;
          form.appendChild(input);
        });
        document.body.appendChild(form);
        form.submit();
        return;
      }
      document.querySelectorAll("[data-print]").forEach(function (b) {
        b.addEventListener("click", function () { window.print(); });
      });
    });

    """

  /// `/record` without a body: what a record is and how to make one.
  static func recordStart(_ lang: Language, error: String? = nil) -> String {
    let e = HTML.escape
    var h = "<h1>\(words("Decision record", "Registro de decisión", lang))</h1>"
    if let error { h += "<p class=error>\(e(error))</p>" }
    h +=
      "<p>\(e(words("A one-page record of a decision, to print: the facts used, the law version, each action with its status and clause, the completeness of each source, the warnings and the decision log's entry. Make one from the interview (\"Print a decision record\"), or paste a case (INTERFACE.md's JSON):", "Un registro de una página de una decisión, para imprimir: los hechos usados, la versión de la ley, cada acción con su estado y cláusula, la integridad de cada fuente, las advertencias y la entrada del registro de decisiones. Hágalo desde la entrevista (\"Imprimir un registro de la decisión\") o pegue un caso (JSON de INTERFACE.md):", lang)))</p>"
    h += "<form method=post action=\"/record\"><input type=hidden name=lang value=\(lang.rawValue)>"
    h += "<textarea name=case rows=10 cols=90></textarea>"
    h += "<p><button>\(e(words("Make the record", "Hacer el registro", lang)))</button></p></form>"
    h +=
      "<p class=note>\(e(words("A link from the interview that reopens a record needs JavaScript: the answers travel in the link after #, and the page posts them.", "Un enlace de la entrevista que reabre un registro necesita JavaScript: las respuestas viajan en el enlace después de #, y la página las envía.", lang)))</p>"
    return h
  }
}
