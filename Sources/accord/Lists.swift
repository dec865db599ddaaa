import AccordAudit
import AccordCore
import ArgumentParser
import Foundation

/// `accord lists`: the federal "sanctuary jurisdiction" lists of 2025 beside the law (the logic
/// is ``SanctuaryListReport`` in AccordAudit).
struct Lists: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "The federal sanctuary lists beside the law: what each listed place's law lets its agencies do.",
    discussion: """
      Reads a list (CSV: list, list_date, level, name, state_abbr, …; the DOJ list of 2025-08-05 \
      and the partial DHS list of 2025-05-29 are in Data/federal-sanctuary-lists-2025/). For each \
      listed state, county and city: the place decided (a county or city the library does not \
      declare has its own law unresearched, and says so), what the law in force on the list's date \
      lets, makes and bars a county jail (a city's police) do for ICE with no criminal record and \
      an administrative warrant, the 287(g) agreements ICE listed for it then (--agreements), and \
      a sentence; then the unlisted states whose law bars as many actions as a listed state's. \
      Every row is processed or rejected with its row and reason.
      """)

  @Argument(help: "A list: CSV.")
  var list: String

  @Option(help: "ICE's 287(g) sheets or monthly snapshots, for the agreements on the list's date.")
  var agreements: [String] = ["Data/ice-287g-sheets-archive/ice_287g_monthly_snapshots_2021_2026.csv"]

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    let engine = try lawOptions.engine()
    let entries: [SanctuaryListReport.Entry]
    let read: Int
    let rejected: [RejectedRow]
    do {
      (entries, read, rejected) = try SanctuaryListReport.read(path: list)
    } catch {
      throw fail(error.description)
    }
    var files: [AgreementFile] = []
    for path in agreements {
      do {
        files.append(try AgreementSheets.read(path: path))
      } catch {
        FileHandle.standardError.write(Data("\(error.description) (agreements are not counted)\n".utf8))
      }
    }
    let report = SanctuaryListReport(
      entries: entries, read: read, rejected: rejected, agreements: files, engine: engine)
    print(format == .json ? report.json() : report.text(), terminator: format == .json ? "\n" : "")
    FileHandle.standardError.write(
      Data("\(list): read \(read) = processed \(report.processed) + rejected \(rejected.count)\n".utf8))
  }
}
