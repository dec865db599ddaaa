/// Every fact a case can state, declared once.
///
/// The case reader and writer, the evaluator's lanes, the property checker, the witness builder,
/// the case explorer's form, the OpenAPI case schema, the interview's questions and the fact table
/// in `docs/INTERFACE.md` are all derived from ``FactTable/all``: adding a fact is one entry here
/// (and the rules that use it).
public struct FactDeclaration: Sendable, Equatable {
  /// What kind of answer the fact takes.
  public enum Kind: Sendable, Equatable {
    /// `true` or `false`.
    case bool
    /// One of the listed values.
    case choice([String])
    /// Any number of the listed values (`nil`: free strings, e.g. `PLACE:name`).
    case set([String]?)
    /// A list of offenses (charges or convictions), each with the item facts.
    case offenses
    /// A date, `YYYY-MM-DD`.
    case date
    /// A place ID (`US`, `US-XX`, `US-XX/slug`).
    case place
    /// Free text (an offense's statute citation).
    case text
  }

  /// Where the fact sits in the case JSON, e.g. `person.proofOfStatus`; the facts of each charge
  /// and conviction are written `offense.grade` (in a case, `person.charges[0].grade`).
  public var path: String
  public var kind: Kind
  /// The evaluator's lane for a scalar fact (a boolean or a choice); `nil` otherwise.
  public var lane: Int?
  /// The question put to a person, in plain words.
  public var question: Wording
  /// One line of help shown under the question.
  public var help: Wording
  /// How the fact is named where a decision or a form shows it.
  public var label: Wording
  /// Words for each answer (`true`/`false` for a boolean, each value for a choice or set).
  public var answers: [String: Wording]

  /// The key the fact has in its JSON object (`proofOfStatus`).
  public var key: String { String(path.split(separator: ".").last ?? Substring(path)) }
  /// The JSON object the fact sits in: `""` (top level), `ice`, `person`, or an offense item.
  public var section: String {
    guard let dot = path.lastIndex(of: ".") else { return "" }
    return String(path[..<dot])
  }
  /// The values a choice or a closed set allows.
  public var values: [String]? {
    switch kind {
    case .choice(let v): v
    case .set(let v): v
    case .bool: ["true", "false"]
    default: nil
    }
  }
  /// Whether this is a fact of each charge or conviction, not of the case.
  public var isItemFact: Bool { path.hasPrefix("offense.") }

  /// The words for one answer in a language (the value itself when none are declared).
  public func words(for value: String, _ language: Language) -> String {
    if let words = answers[value]?[language] { return words }
    switch value {
    case "true": return language == .es ? "sí" : "yes"
    case "false": return "no"
    default: return value
    }
  }
}

/// A text in the languages Accord speaks to users.
public struct Wording: Sendable, Equatable {
  public var en: String
  public var es: String

  public init(_ en: String, es: String) {
    self.en = en
    self.es = es
  }

  public subscript(_ language: Language) -> String {
    switch language {
    case .en: en
    case .es: es
    }
  }
}

/// The scalar facts of a case, one lane each (see ``FactTable/scalars``): a case can have 16.
public typealias FactLanes = SIMD16<Int8>

/// The languages of questions, labels and printed records.
public enum Language: String, Sendable, CaseIterable {
  case en, es
}

/// The table of every case fact. Order is the order questions and forms present them.
public enum FactTable {
  private static func yesNo(_ yes: String, _ no: String, es yesES: String, _ noES: String) -> [String:
    Wording]
  {
    ["true": Wording(yes, es: yesES), "false": Wording(no, es: noES)]
  }

  public static let all: [FactDeclaration] = [
    FactDeclaration(
      path: "date", kind: .date, lane: nil,
      question: Wording("On what date does the agency act?", es: "¿En qué fecha actúa la agencia?"),
      help: Wording(
        "The law in force on this day decides (YYYY-MM-DD).",
        es: "Decide la ley vigente ese día (AAAA-MM-DD)."),
      label: Wording("date", es: "fecha"), answers: [:]),
    FactDeclaration(
      path: "place", kind: .place, lane: nil,
      question: Wording(
        "Where is the agency: which state, and which county or city?",
        es: "¿Dónde está la agencia: en qué estado, y en qué condado o ciudad?"),
      help: Wording(
        "A place ID such as US-NJ or US-NJ/essex-county.",
        es: "Un identificador como US-NJ o US-NJ/essex-county."),
      label: Wording("place", es: "lugar"), answers: [:]),
    FactDeclaration(
      path: "agency", kind: .choice(["jail", "police", "state-prison", "probation"]), lane: 0,
      question: Wording(
        "What kind of agency has been asked?", es: "¿Qué tipo de agencia recibió la solicitud?"),
      help: Wording(
        "A jail holds people in custody; police make arrests; a state prison holds sentenced people; probation supervises them.",
        es:
          "Una cárcel tiene personas bajo custodia; la policía arresta; una prisión estatal tiene personas condenadas; libertad condicional las supervisa."
      ),
      label: Wording("agency", es: "agencia"),
      answers: [
        "jail": Wording("a jail", es: "una cárcel"), "police": Wording("police", es: "la policía"),
        "state-prison": Wording("a state prison", es: "una prisión estatal"),
        "probation": Wording("probation or parole", es: "libertad condicional o supervisada"),
      ]),
    FactDeclaration(
      path: "agencyGovernment", kind: .choice(["state", "county", "city"]), lane: 13,
      question: Wording(
        "Which government runs the agency: the state, a county (for example a sheriff), or a city or town?",
        es:
          "¿Qué gobierno dirige la agencia: el estado, un condado (por ejemplo un alguacil) o una ciudad o pueblo?"
      ),
      help: Wording(
        "Some laws bind only a city's agencies, or only a county sheriff's jail, or only state agencies such as the state police.",
        es:
          "Algunas leyes obligan solo a las agencias de una ciudad, o solo a la cárcel del alguacil del condado, o solo a agencias estatales como la policía estatal."
      ),
      label: Wording("government running the agency", es: "gobierno que dirige la agencia"),
      answers: [
        "state": Wording("the state", es: "el estado"), "county": Wording("a county", es: "un condado"),
        "city": Wording("a city or town", es: "una ciudad o pueblo"),
      ]),
    FactDeclaration(
      path: "agreements287g", kind: .set(["JEM", "WSO", "TFM"]), lane: nil,
      question: Wording(
        "Which 287(g) agreements does the agency have with ICE?",
        es: "¿Qué acuerdos 287(g) tiene la agencia con ICE?"),
      help: Wording(
        "Jail Enforcement Model, Warrant Service Officer, Task Force Model; none if it has none.",
        es:
          "Modelo de cárcel, oficial de órdenes de arresto, modelo de grupo de trabajo; ninguno si no tiene."),
      label: Wording("287(g) agreements", es: "acuerdos 287(g)"),
      answers: [
        "JEM": Wording("Jail Enforcement Model", es: "modelo de cárcel (JEM)"),
        "WSO": Wording("Warrant Service Officer", es: "oficial de órdenes (WSO)"),
        "TFM": Wording("Task Force Model", es: "grupo de trabajo (TFM)"),
      ]),
    FactDeclaration(
      path: "ice.detainer", kind: .bool, lane: 1,
      question: Wording(
        "Has ICE sent a detainer (a request to hold the person, Form I-247A or similar)?",
        es: "¿Envió ICE una orden de retención (solicitud de retener a la persona, formulario I-247A u otro)?"
      ),
      help: Wording(
        "Answer no if ICE only asked to be told of the release.",
        es: "Responda no si ICE solo pidió que se le avise de la liberación."),
      label: Wording("ICE detainer", es: "orden de retención de ICE"),
      answers: yesNo(
        "a detainer was sent", "no detainer", es: "se envió una orden de retención", "sin orden de retención")
    ),
    FactDeclaration(
      path: "ice.warrant", kind: .choice(["judicial", "administrative", "none"]), lane: 2,
      question: Wording(
        "What warrant came with ICE's request?", es: "¿Qué orden de arresto acompañó la solicitud de ICE?"),
      help: Wording(
        "Judicial: signed by a judge. Administrative: signed by an ICE officer (Form I-200 or I-205).",
        es:
          "Judicial: firmada por un juez. Administrativa: firmada por un oficial de ICE (formulario I-200 o I-205)."
      ),
      label: Wording("warrant", es: "orden de arresto"),
      answers: [
        "judicial": Wording("a judicial warrant", es: "una orden judicial"),
        "administrative": Wording("an administrative (ICE) warrant", es: "una orden administrativa (de ICE)"),
        "none": Wording("no warrant", es: "ninguna orden"),
      ]),
    FactDeclaration(
      path: "ice.federalFelonyWarrant", kind: .bool, lane: 8,
      question: Wording(
        "Does ICE say the person is the subject of an outstanding federal felony arrest warrant?",
        es: "¿Dice ICE que la persona tiene una orden de arresto federal pendiente por un delito grave?"),
      help: Wording(
        "A criminal warrant for a federal felony, not an immigration form.",
        es: "Una orden penal por un delito grave federal, no un formulario migratorio."),
      label: Wording("federal felony warrant", es: "orden federal por delito grave"),
      answers: yesNo("yes", "no", es: "sí", "no")),
    FactDeclaration(
      path: "person.charges", kind: .offenses, lane: nil,
      question: Wording(
        "How many criminal charges are pending against the person?",
        es: "¿Cuántos cargos penales tiene pendientes la persona?"),
      help: Wording("Count each charge; 0 if none.", es: "Cuente cada cargo; 0 si no hay."),
      label: Wording("pending charges", es: "cargos pendientes"), answers: [:]),
    FactDeclaration(
      path: "person.convictions", kind: .offenses, lane: nil,
      question: Wording(
        "How many criminal convictions does the person have?",
        es: "¿Cuántas condenas penales tiene la persona?"),
      help: Wording(
        "Count each conviction, in any state; 0 if none.",
        es: "Cuente cada condena, en cualquier estado; 0 si no hay."
      ),
      label: Wording("convictions", es: "condenas"), answers: [:]),
    FactDeclaration(
      path: "offense.offense", kind: .text, lane: nil,
      question: Wording(
        "Which statute is it under (for example PC 187, 2C:12-1b, PL 125.25)?",
        es: "¿Bajo qué ley es (por ejemplo PC 187, 2C:12-1b, PL 125.25)?"),
      help: Wording(
        "The citation as it appears on the charging document or judgment.",
        es: "La cita tal como aparece en la acusación o la sentencia."),
      label: Wording("offense", es: "delito"), answers: [:]),
    FactDeclaration(
      path: "offense.grade",
      kind: .choice(["felony", "misdemeanor", "indictable", "disorderly-persons", "infraction", "violation"]),
      lane: nil,
      question: Wording("What grade of offense is it?", es: "¿Qué grado de delito es?"),
      help: Wording(
        "As the charging state grades it (New Jersey: indictable or disorderly persons).",
        es: "Según lo clasifica el estado (Nueva Jersey: acusable o de orden público)."),
      label: Wording("grade", es: "grado"),
      answers: [
        "felony": Wording("felony", es: "delito grave"),
        "misdemeanor": Wording("misdemeanor", es: "delito menor"),
        "indictable": Wording("indictable offense", es: "delito acusable"),
        "disorderly-persons": Wording("disorderly persons offense", es: "falta de orden público"),
        "infraction": Wording("infraction", es: "infracción"),
        "violation": Wording("violation", es: "contravención"),
      ]),
    FactDeclaration(
      path: "offense.date", kind: .date, lane: nil,
      question: Wording(
        "On what date was the person charged or convicted?",
        es: "¿En qué fecha se presentó el cargo o la condena?"),
      help: Wording(
        "Some laws count years from a conviction (YYYY-MM-DD).",
        es: "Algunas leyes cuentan años desde una condena (AAAA-MM-DD)."),
      label: Wording("date", es: "fecha"), answers: [:]),
    FactDeclaration(
      path: "offense.tags", kind: .set(nil), lane: nil,
      question: Wording(
        "Does the offense belong to a category the law names (PLACE:category)?",
        es: "¿Pertenece el delito a una categoría que nombra la ley (LUGAR:categoría)?"),
      help: Wording(
        "For example US-CA:serious-felony; write !US-CA:serious-felony to deny it.",
        es: "Por ejemplo US-CA:serious-felony; escriba !US-CA:serious-felony para negarlo."),
      label: Wording("categories", es: "categorías"), answers: [:]),
    FactDeclaration(
      path: "offense.probableCause", kind: .bool, lane: nil,
      question: Wording(
        "Has a judge found probable cause for this charge?",
        es: "¿Ha determinado un juez que hay causa probable para este cargo?"),
      help: Wording(
        "For example at a preliminary hearing or by indictment.",
        es: "Por ejemplo en una audiencia preliminar o por acusación formal."),
      label: Wording("probable cause found", es: "causa probable determinada"),
      answers: yesNo("yes", "no", es: "sí", "no")),
    FactDeclaration(
      path: "person.inCustody", kind: .bool, lane: 14,
      question: Wording(
        "Is the person in the agency's custody (arrested, booked or serving a sentence)?",
        es: "¿Está la persona bajo custodia de la agencia (arrestada, fichada o cumpliendo condena)?"),
      help: Wording(
        "No for a street encounter or a stop without arrest.",
        es: "No si es un encuentro en la calle o una parada sin arresto."),
      label: Wording("in custody", es: "bajo custodia"),
      answers: yesNo("yes", "no", es: "sí", "no")),
    FactDeclaration(
      path: "person.finalOrderOfRemoval", kind: .bool, lane: 3,
      question: Wording(
        "Does the person have a final order of removal (deportation)?",
        es: "¿Tiene la persona una orden final de deportación?"),
      help: Wording(
        "An order an immigration judge or the BIA made final; not a pending case.",
        es: "Una orden que un juez de inmigración o la BIA hizo definitiva; no un caso pendiente."),
      label: Wording("final order of removal", es: "orden final de deportación"),
      answers: yesNo("yes", "no", es: "sí", "no")),
    FactDeclaration(
      path: "person.terroristScreeningMatch", kind: .bool, lane: 4,
      question: Wording(
        "Is the person a match in the federal Terrorist Screening Database?",
        es: "¿Coincide la persona con la base de datos federal de detección de terroristas?"),
      help: Wording(
        "As the agency's records show; leave unknown if not checked.",
        es: "Según los registros de la agencia; déjelo sin responder si no se verificó."),
      label: Wording("terrorist screening match", es: "coincidencia en la base de terroristas"),
      answers: yesNo("yes", "no", es: "sí", "no")),
    FactDeclaration(
      path: "person.registries", kind: .set(nil), lane: nil,
      question: Wording(
        "Is the person on a registry the law names (PLACE:name)?",
        es: "¿Está la persona en un registro que nombra la ley (LUGAR:nombre)?"),
      help: Wording(
        "For example US-CA:sex-and-arson (California's sex and arson registries).",
        es: "Por ejemplo US-CA:sex-and-arson (registros de California)."),
      label: Wording("registries", es: "registros"), answers: [:]),
    FactDeclaration(
      path: "person.interviewConsent", kind: .choice(["written", "oral", "refused", "none"]), lane: 6,
      question: Wording(
        "Has the person agreed to an interview with ICE?", es: "¿Aceptó la persona una entrevista con ICE?"),
      help: Wording(
        "None: the person has not been asked.", es: "Ninguno: no se le ha preguntado a la persona."),
      label: Wording("consent to an ICE interview", es: "consentimiento a entrevista con ICE"),
      answers: [
        "written": Wording("consented in writing", es: "consintió por escrito"),
        "oral": Wording("consented orally", es: "consintió verbalmente"),
        "refused": Wording("refused", es: "se negó"), "none": Wording("not asked", es: "no se le preguntó"),
      ]),
    FactDeclaration(
      path: "person.counsel", kind: .choice(["none", "advised", "waived", "present"]), lane: 7,
      question: Wording(
        "What about the person's lawyer for an ICE interview?",
        es: "¿Qué pasa con el abogado de la persona para una entrevista con ICE?"),
      help: Wording(
        "Advised: told of the right to a lawyer; waived: gave it up; present: the lawyer will attend.",
        es:
          "Informada: se le dijo que tiene derecho a abogado; renunció: lo rechazó; presente: el abogado asistirá."
      ),
      label: Wording("counsel", es: "abogado"),
      answers: [
        "none": Wording("not advised", es: "no informada"), "advised": Wording("advised", es: "informada"),
        "waived": Wording("waived", es: "renunció"), "present": Wording("present", es: "presente"),
      ]),
    FactDeclaration(
      path: "person.requestedByPerson", kind: .bool, lane: 5,
      question: Wording(
        "Did the person ask for this themselves (for example to be transferred)?",
        es: "¿Lo pidió la propia persona (por ejemplo, ser trasladada)?"),
      help: Wording(
        "Some laws allow what the person asks for in writing.",
        es: "Algunas leyes permiten lo que la persona pide por escrito."),
      label: Wording("requested by the person", es: "pedido por la persona"),
      answers: yesNo("yes", "no", es: "sí", "no")),
    FactDeclaration(
      path: "person.federalCriminalCustody", kind: .bool, lane: 9,
      question: Wording(
        "Is the person awaiting trial or sentencing on, or serving a sentence for, a federal criminal charge?",
        es: "¿Espera la persona juicio o sentencia por un cargo penal federal, o cumple condena por uno?"),
      help: Wording(
        "A federal criminal case, not an immigration case.", es: "Un caso penal federal, no migratorio."),
      label: Wording("federal criminal custody", es: "custodia penal federal"),
      answers: yesNo("yes", "no", es: "sí", "no")),
    FactDeclaration(
      path: "person.proofOfStatus", kind: .bool, lane: 10,
      question: Wording(
        "Has the person proved U.S. citizenship or lawful immigration status?",
        es: "¿Ha demostrado la persona ciudadanía estadounidense o estatus migratorio legal?"),
      help: Wording(
        "For example with a passport or a Texas driver's license.",
        es: "Por ejemplo con un pasaporte o una licencia de conducir de Texas."),
      label: Wording("proved lawful status", es: "estatus legal demostrado"),
      answers: yesNo("yes", "no", es: "sí", "no")),
    FactDeclaration(
      path: "person.statusRelevantToInvestigation", kind: .bool, lane: 11,
      question: Wording(
        "Is asking about immigration status necessary to, and relevant to, an ongoing investigation of a serious offense?",
        es:
          "¿Es necesario y pertinente preguntar por el estatus migratorio para una investigación en curso de un delito grave?"
      ),
      help: Wording(
        "Only where the status bears on the crime being investigated.",
        es: "Solo si el estatus tiene que ver con el delito investigado."),
      label: Wording("status relevant to an investigation", es: "estatus pertinente a una investigación"),
      answers: yesNo("yes", "no", es: "sí", "no")),
    FactDeclaration(
      path: "person.reentryAfterRemoval", kind: .bool, lane: 12,
      question: Wording(
        "Did the person re-enter the United States illegally after a previous removal or return?",
        es:
          "¿Volvió a entrar la persona a Estados Unidos ilegalmente después de una deportación o retorno anterior?"
      ),
      help: Wording(
        "As shown by a federal record, not a guess.", es: "Según un registro federal, no una suposición."),
      label: Wording("re-entry after removal", es: "reingreso tras deportación"),
      answers: yesNo("yes", "no", es: "sí", "no")),
  ]

  /// The scalar facts (booleans and choices), in lane order.
  public static let scalars: [FactDeclaration] = all.filter { $0.lane != nil }.sorted { $0.lane! < $1.lane! }
  /// Per lane: the values of a choice (`nil` for a boolean). Kept apart from the declarations so
  /// the case reader and writer copy no strings or dictionaries on the hot path.
  public static let laneValues: [[String]?] = scalars.map { f in
    if case .choice(let v) = f.kind { v } else { nil }
  }
  /// The lane of each scalar fact, by path.
  public static let laneByPath: [String: Int] = Dictionary(
    uniqueKeysWithValues: scalars.map { ($0.path, $0.lane!) })
  /// The values a declared choice or closed set allows (empty for any other path).
  public static func values(of path: String) -> [String] {
    guard let f = all.first(where: { $0.path == path }), let v = f.values else { return [] }
    return v
  }
  /// Every declared fact by its path.
  public static let byPath: [String: FactDeclaration] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.path, $0) })
  /// The facts of each charge or conviction.
  public static let itemFacts: [FactDeclaration] = all.filter(\.isItemFact)
  /// The facts of the case itself (not of its offenses).
  public static let caseFacts: [FactDeclaration] = all.filter { !$0.isItemFact }

  /// The scalar facts that sit in one JSON object (`ice`, `person`, or `""` for the top level).
  public static func scalars(in section: String) -> [FactDeclaration] {
    scalars.filter { $0.section == section }
  }

  /// The keys a JSON object of the case may have (`ice`, `person`, `""` for the top level,
  /// `offense` for each charge and conviction).
  public static func keys(in section: String) -> [String] {
    var keys = all.filter { $0.section == section }.map(\.key)
    if section == "" { keys += ["ice", "person"] }
    return keys
  }
}

// MARK: Derived documents

extension FactDeclaration {
  /// The kind in words, as docs and `accord facts` print it.
  public var kindName: String {
    switch kind {
    case .bool: "boolean"
    case .choice: "one of"
    case .set(let v): v == nil ? "list of strings" : "list of"
    case .offenses: "list of offenses"
    case .date: "date"
    case .place: "place ID"
    case .text: "string"
    }
  }
}

extension FactTable {
  /// The Markdown table `docs/INTERFACE.md` carries (a test checks that it is current).
  public static func markdown(_ language: Language = .en) -> String {
    var out = "| fact | type | values | question |\n| --- | --- | --- | --- |\n"
    for f in all {
      let values =
        f.values.map { v in
          if case .bool = f.kind { return "" }
          return v.map { "`\($0)`" }.joined(separator: ", ")
        } ?? ""
      let path =
        f.isItemFact
        ? "`person.charges[i]." + f.key + "`, `person.convictions[i]." + f.key + "`" : "`\(f.path)`"
      out += "| \(path) | \(f.kindName) | \(values) | \(f.question[language]) |\n"
    }
    return out
  }

  /// The table as JSON: every fact with its path, kind, values, lane, and its words in every language.
  public static func json(pretty: Bool = true) -> String {
    var w = JSONWriter(pretty: pretty)
    w.beginObject()
    w.beginArray("facts")
    for f in all {
      w.beginObject()
      w.string("path", f.path)
      w.string("kind", f.kindName)
      if let v = f.values { w.stringArray("values", v) }
      if let lane = f.lane { w.int("lane", lane) }
      for (name, words) in [("question", f.question), ("help", f.help), ("label", f.label)] {
        w.beginObject(name)
        for l in Language.allCases { w.string(l.rawValue, words[l]) }
        w.endObject()
      }
      if let values = f.values, !f.answers.isEmpty {
        w.beginObject("answers")
        for v in values {
          w.beginObject(v)
          for l in Language.allCases { w.string(l.rawValue, f.words(for: v, l)) }
          w.endObject()
        }
        w.endObject()
      }
      w.endObject()
    }
    w.endArray()
    w.endObject()
    return w.text
  }

  /// The OpenAPI schema of a case (`components.schemas.Case`), derived from the table.
  public static var openAPICaseSchema: String {
    var w = JSONWriter(pretty: true)
    func schema(_ f: FactDeclaration, _ key: String?) {
      w.beginObject(key)
      switch f.kind {
      case .bool: w.string("type", "boolean")
      case .choice(let v):
        w.string("type", "string")
        w.stringArray("enum", v)
      case .set(let v):
        w.string("type", "array")
        w.beginObject("items")
        w.string("type", "string")
        if let v { w.stringArray("enum", v) }
        w.endObject()
      case .date:
        w.string("type", "string")
        w.string("format", "date")
      case .place:
        w.string("type", "string")
        w.string("example", "US-NJ/essex-county")
      case .text: w.string("type", "string")
      case .offenses:
        w.string("type", "array")
        w.beginObject("items")
        object(itemFacts)
        w.endObject()
      }
      w.string("description", f.question.en)
      w.endObject()
    }
    func object(_ facts: [FactDeclaration]) {
      w.string("type", "object")
      w.bool("additionalProperties", false)
      w.beginObject("properties")
      for f in facts { schema(f, f.key) }
      w.endObject()
    }
    w.beginObject()
    w.string("type", "object")
    w.stringArray("required", ["date", "place"])
    w.bool("additionalProperties", false)
    w.string("description", "docs/INTERFACE.md: an absent fact is unknown, never false.")
    w.beginObject("properties")
    for f in all where f.section.isEmpty { schema(f, f.key) }
    for section in ["ice", "person"] {
      w.beginObject(section)
      object(all.filter { $0.section == section })
      w.endObject()
    }
    w.endObject()
    w.endObject()
    return w.text
  }
}
