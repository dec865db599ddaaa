import AccordCore
import ArgumentParser
import Foundation

/// Parses `--date`, or today (UTC) when it is absent.
func dayOption(_ date: String?) throws -> CivilDate {
  guard let date else {
    return CivilDate(days: Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
  }
  guard let d = CivilDate(parsing: date) else {
    throw ValidationError("`\(date)` is not a date: write YYYY-MM-DD")
  }
  return d
}

struct Coverage: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "What the library knows of each jurisdiction's law on a date: the coverage ledger.",
    discussion: """
      Every state, D.C., territory and every county or city the library names, with its status on the
      date (encoded, researched with laws not yet encoded, verified to have no such law, or not
      researched), its law files and the completeness of their sources, and the laws known to exist
      that are not encoded. Where a status is not researched or a known law is not encoded, decisions
      answer undetermined for every action that law could change. Exit 1 when a state-level
      jurisdiction is absent from the ledger.
      """)

  @Option(help: "Date (YYYY-MM-DD; default: today).")
  var date: String?

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    let engine = try lawOptions.engine()
    let report = engine.coverageReport(on: try dayOption(date))
    print(format == .json ? report.json() : report.text(), terminator: format == .json ? "\n" : "")
    if !report.absent.isEmpty { throw ExitCode(1) }
  }
}
