import AccordAudit
import AccordCore
import AccordData
import ArgumentParser
import Foundation

/// `accord agreements`: ICE's 287(g) sheets against the law in force (the logic is
/// ``AgreementsReport`` in AccordAudit).
struct Agreements: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "287(g) agreements in force on a date, by state and model, over time, and against the law.",
    discussion: """
      Reads ICE's participating-agency sheets (CSV or ICE's XLSX; the 2025–26 layout and the \
      earlier ones), ICE's pending-agencies sheet, and the derived monthly snapshots and episodes \
      files, detecting each from its header. Counts the agreements in force on --date (default: \
      the sheet's own date, or the latest snapshot) by state and by model, draws the timeline over \
      several sheets or the snapshots, and decides `enter-287g` for every agreement with the law in \
      force: an agreement in a place whose law bars it is a finding. Every row is processed or \
      rejected with its file, row and reason. Exit code 1 when a file cannot be read.

      With --compare, exactly two sheets, older first: the agencies new, ended and changed \
      between them, each list held against the law of its own date, and the findings created \
      (a new agreement, or a law come into force) and cured (an agreement ended, or a law changed).
      """)

  @Argument(help: "287(g) sheets: CSV or XLSX.")
  var sheets: [String]

  @Option(help: "The date to examine (YYYY-MM-DD; default: the sheet's own date, or the latest snapshot).")
  var date: String?

  @Flag(help: "Compare two sheets (older first): what changed, and which changes create or cure a finding.")
  var compare = false

  @Option(help: "Output format: text, json or html (html: not with --compare).")
  var format: ReportFormat = .text

  @Option(help: "Write the report to this file instead of standard output.")
  var out: String?

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    var day: CivilDate?
    if let date {
      guard let d = CivilDate(parsing: date) else {
        throw ValidationError("`\(date)` is not a date: write YYYY-MM-DD")
      }
      day = d
    }
    let engine = try lawOptions.engine()
    var files: [AgreementFile] = []
    var failed = false
    for path in sheets {
      do {
        let f = try AgreementSheets.read(path: path)
        FileHandle.standardError.write(
          Data(
            "\(path): detected \(f.detectedFormat); read \(f.read) = processed \(f.processed) + rejected \(f.rejected) (\(String(format: "%.2f", f.seconds)) s)\n"
              .utf8))
        files.append(f)
      } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        failed = true
      }
    }
    guard !files.isEmpty else { throw ExitCode(1) }
    if compare {
      guard sheets.count == 2 else {
        throw ValidationError("--compare takes exactly two sheets, older first")
      }
      guard files.count == 2 else { throw ExitCode(1) }
      guard format != .html else { throw ValidationError("--compare writes text or json") }
      let c = AgreementsComparison(old: files[0], new: files[1], engine: engine)
      try write(format == .json ? c.json() + "\n" : c.text())
      return
    }
    let report = AgreementsReport(files: files, date: day, engine: engine)
    let text =
      switch format {
      case .text: report.text()
      case .json: report.json() + "\n"
      case .html: report.html()
      }
    try write(text)
    if failed { throw ExitCode(1) }
  }

  func write(_ text: String) throws {
    if let out {
      do {
        try text.write(toFile: out, atomically: true, encoding: .utf8)
      } catch {
        throw fail("\(out): cannot write the report: \(error.localizedDescription)")
      }
      FileHandle.standardError.write(Data("wrote \(out)\n".utf8))
    } else {
      print(text, terminator: "")
    }
  }
}
