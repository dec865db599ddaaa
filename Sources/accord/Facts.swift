import AccordCore
import ArgumentParser

struct Facts: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Every fact a case can state: its path, type, values and the question put to a person.",
    discussion: """
      The one table the case reader and writer, the evaluator, the web form, the OpenAPI schema, the
      interview and docs/INTERFACE.md are derived from. --format markdown prints the table the
      interface document carries.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
  }

  @Option(help: "Output format: text, json or markdown.")
  var format: Format = .text

  @Option(help: "Language of the questions: en or es.")
  var language: String = "en"

  func run() throws {
    guard let lang = Language(rawValue: language) else {
      throw ValidationError("unknown language `\(language)`: use en or es")
    }
    switch format {
    case .json: print(FactTable.json())
    case .markdown: print(FactTable.markdown(lang), terminator: "")
    case .text:
      for f in FactTable.all {
        var line = "\(f.path)  (\(f.kindName)"
        if let v = f.values, f.kind != .bool { line += ": " + v.joined(separator: ", ") }
        print(line + ")")
        print("    \(f.question[lang])")
        print("    \(f.help[lang])")
      }
    }
  }
}
