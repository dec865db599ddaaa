import AccordCore
import ArgumentParser
import Foundation

struct Interview: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Ask only for the facts still needed, one question at a time, and say why.",
    discussion: """
      Reads one answer per line from standard input, so it can be scripted: a value (yes/no, or one of
      the listed answers, or its number), a count for a list of offenses, a date, or an empty line or
      `skip` to leave the fact unknown. A wrong answer is asked again with the answers allowed.
      Ends when every asked action is decided, or when no fact can decide more (then it says what
      keeps each action open). Nothing typed is logged.
      """)

  @Option(help: "Place ID (e.g. US-TX/harris-county); asked when not given.")
  var place: String?

  @Option(help: "Date the agency acts (YYYY-MM-DD; default: today).")
  var date: String?

  @Option(name: .customLong("case"), help: "Start from a case file (INTERFACE.md JSON) instead.")
  var caseFile: String?

  @Option(
    name: .customLong("action"), help: "An action the interview is about (repeatable; default: all ten).")
  var actions: [String] = []

  @Option(
    name: .customLong("agreement"),
    help: "A 287(g) model the agency has (JEM, WSO or TFM; repeatable; default: none, as in a case).")
  var agreements: [String] = []

  @Option(help: "Language of the questions: en or es.")
  var language: String = "en"

  @Option(help: "Output format of the final decision: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    guard let lang = Language(rawValue: language) else { throw ValidationError("language is en or es") }
    var asked: [Action] = []
    for a in actions {
      guard let action = Action(rawValue: a) else {
        throw ValidationError(
          "unknown action `\(a)`: actions are \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      asked.append(action)
    }
    let engine = try lawOptions.engine()
    var c: Case
    if let caseFile {
      let bytes = try readInputBytes(caseFile)
      do {
        c = try Case(json: String(decoding: bytes, as: UTF8.self))
      } catch {
        FileHandle.standardError.write(Data("\(caseFile):\(error.description)\n".utf8))
        throw ExitCode(2)
      }
    } else {
      var p = place
      while p == nil || !Case.isPlaceID(p!) {
        if p != nil {
          print("  `\(p!)` is not a place ID: write US-XX or US-XX/slug, e.g. US-NJ/essex-county")
        }
        let fact = FactTable.byPath["place"]!
        print(fact.question[lang])
        guard let line = readLine() else { throw ExitCode(1) }
        p = line.trimmingCharacters(in: .whitespaces)
      }
      c = Case(date: try dayOption(date), place: p!)
    }
    for m in agreements {
      guard Case.models287g.contains(m) else {
        throw ValidationError(
          "unknown 287(g) model `\(m)`: models are \(Case.models287g.joined(separator: ", "))")
      }
      if !c.agreements287g.contains(m) { c.agreements287g.append(m) }
    }
    var skipped = Set<String>()
    var count = 0
    while true {
      let step = engine.interview(c, actions: asked.isEmpty ? nil : asked, skipping: skipped)
      guard let q = step.next else {
        finish(step, engine, lang, count)
        return
      }
      count += 1
      print("")
      print("\(count). \(q.text(lang))")
      print("   \(q.fact.help[lang])")
      if q.fact.kind != .date && q.path.hasSuffix(".date") == false {
        let shown = q.answers.enumerated().map { i, a in
          let words = q.fact.words(for: a, lang)
          return words == a ? "\(i + 1)) \(a)" : "\(i + 1)) \(a) — \(words)"
        }
        print("   answers: " + shown.joined(separator: "   "))
      } else {
        print("   answer: a date, YYYY-MM-DD")
      }
      let why = q.decides.map { "\($0.action.rawValue) (if \($0.by.joined(separator: " or ")))" }
      print("   why: it would decide \(why.joined(separator: ", "))")
      if !q.clauses.isEmpty { print("   under: \(q.clauses.prefix(4).joined(separator: "; "))") }
      while true {
        guard let line = readLine() else {
          finish(step, engine, lang, count - 1)
          return
        }
        var answer = line.trimmingCharacters(in: .whitespaces).lowercased()
        if answer.isEmpty || answer == "skip" || answer == "?" || answer == "unknown" {
          skipped.insert(q.key)
          break
        }
        if let i = Int(answer), i >= 1, i <= q.answers.count, q.path != "person.charges",
          q.path != "person.convictions"
        {
          answer = q.answers[i - 1]
        }
        if ["yes", "y", "sí", "si", "s"].contains(answer) { answer = "true" }
        if ["no", "n"].contains(answer) && q.answers.contains("true") { answer = "false" }
        if let exact = q.answers.first(where: { $0.lowercased() == answer }) { answer = exact }
        do {
          c = try engine.answering(c, q, answer)
          break
        } catch {
          print("   \(error.description)")
        }
      }
    }
  }

  func finish(_ step: InterviewStep, _ engine: Engine, _ lang: Language, _ asked: Int) {
    print("")
    if format == .json {
      print(step.json())
      return
    }
    print(lang == .es ? "Decisión tras \(asked) preguntas:" : "Decision after \(asked) questions:")
    for a in step.actions {
      let d = step.decision[a]
      let cite = d.because.first.map { " — \($0.cite)" } ?? ""
      print("  \(a.rawValue): \(d.status.rawValue)\(cite)")
    }
    for (a, because) in step.open {
      print("  \(a.rawValue) stays open: \(because.prefix(2).joined(separator: "; "))")
    }
    print(
      "Law version \(step.decision.lawVersion). Accord is not legal advice; verify against the cited sources."
    )
  }
}
