import AccordAudit
import AccordCore
import AccordData
import ArgumentParser
import Foundation

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, html
}

struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Hold real detainer records against the law in force on their dates.",
    discussion: """
      Reads Accord's own event format (docs/EVENTS.md) and the layouts of the Deportation Data
      Project, NPR's ICE FOIA files, the Pennsylvania extract and UWCHR's Pierce County files,
      detected from the header. Every row is processed or rejected with its reason. Datasets and
      verdicts go to SQLite (--db); a file already ingested is not read again, and an interrupted
      ingest resumes where it stopped.
      """)

  @Argument(help: "Data files (CSV, or ICE's XLSX workbooks).")
  var files: [String]

  @Option(help: "Output format: text, json or html.")
  var format: ReportFormat = .text

  @Option(help: "Write report.{txt,json,html} (all three) into this directory.")
  var out: String?

  @Option(help: "SQLite database for datasets and verdicts.")
  var db: String = "accord-audit.sqlite"

  @Flag(help: "Keep the records' person identifiers as they are instead of keyed hashes.")
  var keepIdentifiers = false

  @Option(help: "Rows per committed batch.")
  var batchSize = 5_000

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    let engine = try lawOptions.engine()
    let store: AuditStore
    do { store = try AuditStore(path: db) } catch { throw fail("\(db): cannot open the database: \(error)") }
    let auditor = Auditor(engine: engine)
    var results: [IngestResult] = []
    var failed = false
    for file in files {
      let started = Date()
      do {
        let r = try store.ingest(
          path: file, auditor: auditor, keepIdentifiers: keepIdentifiers, batchSize: batchSize
        ) {
          committed in
          FileHandle.standardError.write(Data("\(file): \(committed) rows committed\n".utf8))
        }
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(
          Data(
            "\(file): detected \(r.detectedFormat); \(r.mode); read \(r.dataset.read) = processed \(r.dataset.processed) + rejected \(r.dataset.rejected) (\(String(format: "%.2f", seconds)) s)\n"
              .utf8))
        results.append(r)
      } catch let e as DataError {
        FileHandle.standardError.write(Data((e.description + "\n").utf8))
        failed = true
      } catch {
        FileHandle.standardError.write(Data("\(file): error: \(error)\n".utf8))
        failed = true
      }
    }
    let report = try AuditReport(store: store, results: results, engine: engine)
    if let out {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      try report.text().write(toFile: out + "/report.txt", atomically: true, encoding: .utf8)
      try report.json().write(toFile: out + "/report.json", atomically: true, encoding: .utf8)
      try report.html().write(toFile: out + "/report.html", atomically: true, encoding: .utf8)
      FileHandle.standardError.write(Data("wrote \(out)/report.txt, report.json, report.html\n".utf8))
    }
    switch format {
    case .text: print(report.text(), terminator: "")
    case .json: print(report.json())
    case .html: print(report.html(), terminator: "")
    }
    if failed { throw ExitCode(1) }
  }
}
