import AccordAudit
public import AccordCore
public import Foundation

/// A decision record to print: one page, in English or Spanish, with the facts used, the law
/// version, each action's status and clause, the completeness of each source, the warnings and the
/// decision log's entry, so a defender can attach it to a motion and a jail can file it.
///
/// The server makes it at `POST /record` (from the interview's answers or a case's JSON), logs the
/// decision like any other and names the committed entry; `accord record` makes the same page
/// offline, where there is no log.
public enum RecordPage {
  /// What ties a printed record to the decision log.
  public struct Stamp: Sendable {
    /// SHA-256 of the case as Accord writes it back, as the log records it.
    public var caseHash: String
    /// SHA-256 of the decision JSON served, as the log records it.
    public var decisionHash: String
    /// The committed entry; `nil` when no log was written (the command line) or it was not found.
    public var entry: LogEntry?

    public init(caseHash: String, decisionHash: String, entry: LogEntry?) {
      self.caseHash = caseHash
      self.decisionHash = decisionHash
      self.entry = entry
    }

    /// The hashes of a decision made without a server (the command line): nothing is logged.
    public init(offline c: Case, _ d: Decision) {
      self.init(caseHash: sha256Hex(c.jsonBytes()), decisionHash: sha256Hex(d.jsonBytes()), entry: nil)
    }
  }

  static let printStyle = """
    @media print{header.top,.noprint{display:none}body{margin:0;max-width:none;font-size:10pt}
    table{font-size:9pt}h2{margin-top:1rem}a{color:#1b1b1b;text-decoration:none}tr{break-inside:avoid}}
    table.record td,table.record th{vertical-align:top}code.hash{font-size:.8rem;word-break:break-all}
    """

  static func w(_ en: String, _ es: String, _ l: Language) -> String { l == .es ? es : en }

  public static func statusWord(_ s: Status, _ l: Language) -> String {
    guard l == .es else { return s.rawValue }
    switch s {
    case .required: return "obligatorio"
    case .permitted: return "permitido"
    case .prohibited: return "prohibido"
    case .undetermined: return "indeterminado"
    }
  }

  /// What an action means, in plain words.
  public static func actionWords(_ a: Action, _ l: Language) -> String {
    guard l == .es else { return a.summary }
    switch a {
    case .hold:
      return
        "mantener a la persona bajo custodia después de su liberación por una solicitud de detención de ICE"
    case .notifyRelease: return "informar a ICE la fecha u hora de liberación de la persona"
    case .transfer: return "entregar a la persona a la custodia de ICE"
    case .interviewAccess: return "permitir que ICE entreviste a la persona bajo custodia"
    case .shareNonpublicInfo: return "dar a ICE información personal no pública"
    case .shareStatus: return "enviar o recibir información de ciudadanía o estatus migratorio a o de DHS"
    case .inquireStatus: return "preguntar a la persona por su estatus migratorio o lugar de nacimiento"
    case .civilArrest:
      return
        "arrestar o detener solo por una infracción migratoria civil o por una orden administrativa de ICE"
    case .criminalImmigrationDetain:
      return "investigar o detener por sospecha razonable de un delito migratorio"
    case .enter287g: return "celebrar o mantener un acuerdo 287(g)"
    }
  }

  static let disclaimerES =
    "Accord codifica la ley para investigación y verificación de cumplimiento; no es asesoría legal. Verifique con las fuentes citadas."

  /// The facts the case states, each with its label and answer in words.
  public static func facts(_ c: Case, _ l: Language) -> [(label: String, value: String)] {
    func label(_ path: String) -> String { FactTable.byPath[path]?.label[l] ?? path }
    var out: [(String, String)] = [(label("date"), c.date.description), (label("place"), c.place)]
    for f in FactTable.scalars {
      if let v = c[fact: f.path] { out.append((f.label[l], f.words(for: v, l))) }
    }
    out.append(
      (
        label("agreements287g"),
        c.agreements287g.isEmpty ? w("none", "ninguno", l) : c.agreements287g.joined(separator: ", ")
      ))
    if let r = c.registries, !r.isEmpty {
      out.append((label("person.registries"), r.joined(separator: ", ")))
    }
    for (list, path) in [(c.convictions, "person.convictions"), (c.charges, "person.charges")] {
      guard let list else { continue }
      if list.isEmpty { out.append((label(path), w("none", "ninguno", l))) }
      for (i, o) in list.enumerated() {
        var parts: [String] = []
        if let s = o.offense { parts.append(s) }
        if let g = o.grade {
          parts.append(
            "\(label("offense.grade")): \(FactTable.byPath["offense.grade"]?.words(for: g.rawValue, l) ?? g.rawValue)"
          )
        }
        if let d = o.date { parts.append("\(label("offense.date")): \(d)") }
        if let t = o.tags, !t.isEmpty {
          parts.append("\(label("offense.tags")): \(t.joined(separator: ", "))")
        }
        if let p = o.probableCause {
          parts.append(
            "\(label("offense.probableCause")): \(FactTable.byPath["offense.probableCause"]?.words(for: String(p), l) ?? String(p))"
          )
        }
        out.append(
          (
            "\(label(path)) \(i + 1)",
            parts.isEmpty ? w("nothing known", "nada conocido", l) : parts.joined(separator: "; ")
          ))
      }
    }
    return out
  }

  /// The whole page. `reopen` is the interview link that reopens the same answers (its answers in
  /// the URL's fragment, which browsers never send to a server); `nil` leaves it out.
  public static func html(
    _ c: Case, _ d: Decision, _ engine: Engine, _ l: Language, stamp: Stamp, reopen: String? = nil,
    madeAt: Date = Date()
  ) -> String {
    let e = HTML.escape
    let placeName = engine.places.first { $0.id == c.place }?.name ?? c.place
    var h =
      "<!doctype html><html lang=\"\(l.rawValue)\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>\(e(w("Decision record", "Registro de decisión", l))) · Accord</title><style>"
    h +=
      HTML.style + Pages.extraStyle + printStyle
      + "</style><script src=\"/static/accord.js\" defer></script></head><body>"
    h += "<header class=top><b>Accord</b>"
    for (href, label) in Pages.nav { h += "<a href=\"\(href)\">\(label)</a>" }
    h += "</header><main>"
    h +=
      "<h1>\(e(w("Decision record", "Registro de decisión", l))): \(e(placeName)) (<code>\(e(c.place))</code>), \(c.date)</h1>"
    h +=
      "<p class=noprint><button type=button data-print>\(e(w("Print", "Imprimir", l)))</button>\(reopen.map { " <a href=\"\(e($0))\">\(e(w("Reopen these answers in the interview", "Reabrir estas respuestas en la entrevista", l)))</a> <span class=note>(\(e(w("the answers are in the link itself, after #, and never reach the server's logs; anyone with the link can read them", "las respuestas van en el enlace mismo, después de #, y nunca llegan a los registros del servidor; quien tenga el enlace puede leerlas", l))))</span>" } ?? "")</p>"

    h += "<table class=record>"
    h +=
      "<tr><th>\(e(w("Law version", "Versión de la ley", l)))</th><td><code>\(e(d.lawVersion))</code></td></tr>"
    h +=
      "<tr><th>\(e(w("Levels applied", "Niveles aplicados", l)))</th><td>\(engine.chain(for: c.place).map { "<code>\(e($0))</code>" }.joined(separator: " → "))</td></tr>"
    let made = ISO8601DateFormatter().string(from: madeAt)
    h += "<tr><th>\(e(w("Made", "Hecho", l)))</th><td>\(e(made))</td></tr>"
    if let entry = stamp.entry {
      h +=
        "<tr><th>\(e(w("Decision log entry", "Entrada del registro de decisiones", l)))</th><td>\(e(w("no.", "n.º", l))) \(entry.seq), \(e(entry.time))<br>\(e(w("entry hash", "hash de la entrada", l))) <code class=hash>\(e(entry.hash))</code></td></tr>"
    } else {
      h +=
        "<tr><th>\(e(w("Decision log entry", "Entrada del registro de decisiones", l)))</th><td>\(e(w("none: this record was made without a server, so no log holds it", "ninguna: este registro se hizo sin servidor, así que ningún registro lo contiene", l)))</td></tr>"
    }
    h +=
      "<tr><th>\(e(w("Case hash", "Hash del caso", l)))</th><td><code class=hash>\(e(stamp.caseHash))</code></td></tr>"
    h +=
      "<tr><th>\(e(w("Decision hash", "Hash de la decisión", l)))</th><td><code class=hash>\(e(stamp.decisionHash))</code></td></tr>"
    h += "</table>"

    h += "<h2>\(e(w("Facts used", "Hechos usados", l)))</h2><table class=record>"
    for f in facts(c, l) { h += "<tr><th>\(e(f.label))</th><td>\(e(f.value))</td></tr>" }
    h +=
      "</table><p class=note>\(e(w("A fact not listed is unknown: Accord never guesses it.", "Un hecho que no aparece es desconocido: Accord nunca lo supone.", l)))</p>"

    h += "<h2>\(e(w("What the law in force says", "Lo que dice la ley vigente", l)))</h2><table class=record>"
    h +=
      "<tr><th>\(e(w("action", "acción", l)))</th><th>\(e(w("status", "estado", l)))</th><th>\(e(w("clause", "cláusula", l)))</th></tr>"
    for a in d.actions {
      var why: [String] = a.because.map {
        "\(e($0.cite)) <span class=note>(<code>\(e($0.rule))</code>; <code>\(e($0.source))</code>; \(e(w("source", "fuente", l))) \(e($0.completeness.rawValue)))</span>"
      }
      if a.status == .undetermined {
        if !a.possible.isEmpty {
          why.insert(
            e(
              w("could be ", "podría ser ", l)
                + a.possible.map { statusWord($0, l) }.joined(separator: w(" or ", " o ", l))), at: 0)
        }
        why += a.needs.map { "<span class=note>\(e(w("needs", "falta", l))): \(e($0))</span>" }
      }
      h +=
        "<tr><th><code>\(a.action.rawValue)</code><br><span class=note>\(e(actionWords(a.action, l)))</span></th><td class=\"st st-\(a.status.rawValue)\">\(e(statusWord(a.status, l)))</td><td>\(why.joined(separator: "<br>"))</td></tr>"
    }
    h += "</table>"

    var sources: [(String, Completeness)] = []
    var seen = Set<String>()
    for a in d.actions {
      for r in a.because {
        let file = String(r.source.split(separator: ":").first ?? Substring(r.source))
        if seen.insert(file).inserted { sources.append((file, r.completeness)) }
      }
    }
    if !sources.isEmpty {
      h += "<h2>\(e(w("Sources and their completeness", "Fuentes y su integridad", l)))</h2><ul>"
      for (file, completeness) in sources {
        let words: String
        switch completeness {
        case .verbatim: words = w("verbatim text", "texto literal", l)
        case .partial:
          words = w(
            "partial text: some of the law was not read", "texto parcial: parte de la ley no se leyó", l)
        case .summary:
          words = w(
            "a summary, not the text: verify against the law itself",
            "un resumen, no el texto: verifique con la ley misma", l)
        }
        h += "<li><code>\(e(file))</code> — \(e(words))</li>"
      }
      h += "</ul>"
    }
    if !d.conflicts.isEmpty {
      h += "<h2>\(e(w("Conflicts between levels", "Conflictos entre niveles", l)))</h2><ul>"
      for x in d.conflicts {
        h +=
          "<li><code>\(x.action.rawValue)</code>: \(e(x.prevailingPlace)) \(e(statusWord(x.prevailingStatus, l))) \(e(w("prevails over", "prevalece sobre", l))) \(e(x.overriddenPlace)) \(e(statusWord(x.overriddenStatus, l))) — \(e(x.reason))</li>"
      }
      h += "</ul>"
    }
    if !d.warnings.isEmpty {
      h +=
        "<h2>\(e(w("Warnings", "Advertencias", l)))</h2><ul>"
        + d.warnings.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
    }
    h += "<p><b>\(e(l == .es ? disclaimerES : Decision.disclaimer))</b></p>"
    if l == .es {
      h +=
        "<p class=note>\(e("Las citas, las necesidades y las advertencias se dan en inglés, como las escribe la biblioteca de leyes."))</p>"
    }
    h += "</main></body></html>\n"
    return h
  }
}
