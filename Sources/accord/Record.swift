import AccordCore
import AccordServer
import ArgumentParser
import Foundation

struct Record: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "A decision record to print (HTML, English or Spanish): the facts used, the law version, each action's status and clause, the sources' completeness and the warnings.",
    discussion: """
      The same page as the server's /record, made offline: no decision log holds it, and the page
      says so (it still gives the case's and the decision's hashes). Print it from a browser, or
      with `chromium --headless --print-to-pdf=record.pdf record.html`.
      """)

  @Argument(help: "Case file (JSON), or - for standard input.")
  var file: String

  @Option(help: "Language of the record: en or es.")
  var language: String = "en"

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    guard let lang = Language(rawValue: language) else { throw ValidationError("language is en or es") }
    let engine = try lawOptions.engine()
    let text = try readInput(file)
    let c: Case
    do { c = try Case(json: text) } catch { throw fail("\(file):\(error)") }
    let d = engine.decide(c)
    print(RecordPage.html(c, d, engine, lang, stamp: RecordPage.Stamp(offline: c, d)), terminator: "")
  }
}
