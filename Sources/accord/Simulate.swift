import AccordCore
import AccordLaw
import AccordSim
import ArgumentParser
import Foundation

/// `accord simulate`: the microsimulation (the logic is ``Simulator`` in AccordSim).
struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Simulate a year of bookings: how many people the law in force sends to ICE, and what a reform changes.",
    discussion: """
      Every booking passes through the fingerprint match, ICE's detainer and the agency's choice \
      under the law in force on the day, decided by the engine (once per distinct fact class and \
      law period, then counted). Parameters come from dated, cited files (--params, default \
      sim/params found from the working directory upwards); every figure says where its numbers \
      come from, and the warnings name every number that is derived, calibrated or has no source. \
      --place US simulates every place that has parameters. The same seed gives the same output, \
      byte for byte, whatever the number of threads.
      """)

  @Option(help: "Place: US (every place with parameters), a state such as US-NJ, or a place below one.")
  var place: String?

  @Option(help: "The year to simulate.")
  var year: Int?

  @Option(help: "A reform file: amendments to the law, new law, parameter changes (see sim/reforms).")
  var reform: String?

  @Option(help: "Independent runs; bands are the 5th–95th percentiles over them.")
  var runs: Int = 10

  @Option(help: "Random seed.")
  var seed: UInt64 = 1

  @Option(help: "Output format: text, json or html.")
  var format: ReportFormat = .text

  @Option(help: "Parameter directory (default: sim/params, found from the working directory upwards).")
  var params: String?

  @Option(help: "Worker threads (default: every core); the output does not depend on it.")
  var threads: Int?

  @Option(help: "Write the report to this file instead of standard output.")
  var out: String?

  @Flag(help: "Print the time taken and the engine decisions made to standard error.")
  var timing = false

  @Flag(help: "Check the parameter files (and the reform) and stop.")
  var check = false

  @Flag(
    help: ArgumentHelp(
      "Ask the engine for every person on their own day instead of once per fact class (slow; for checking).",
      visibility: .hidden))
  var decideEach = false

  @Option(
    help: ArgumentHelp(
      "Benchmarks: scale every place's bookings so that the simulated place has this many.",
      visibility: .hidden))
  var bookings: Int?

  @Flag(
    name: .customLong("without-ledger"),
    help:
      "Decide on the encoded law alone, without the coverage ledger (a what-if: levels with no encoded law read as silent; every decision warns)."
  )
  var withoutLedger = false

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    let (paramsDirectory, root) = try locateParams()
    let library: ParamLibrary
    do {
      library = try ParamLibrary(directory: paramsDirectory, root: root)
    } catch let e as SimulationInputError {
      throw fail(e.description)
    }
    var parsedReform: Reform?
    if let reform {
      do {
        parsedReform = try Reform(path: reform, text: try readInput(reform), root: root)
      } catch let e as SimulationInputError {
        throw fail(e.description)
      }
    }
    for w in library.warnings { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
    var files: [(path: String, text: String)]
    do {
      files = try lawOptions.law.map { try Engine.readDirectory($0) } ?? BundledLaw.files
    } catch let e as LawLoadError {
      throw fail(e.description)
    }
    if withoutLedger {
      files = files.filter { !$0.path.hasPrefix("coverage/") }
      FileHandle.standardError.write(
        Data(
          "note: --without-ledger: decided on the encoded law alone; a level with no encoded law reads as silent, so federal law may decide where the real law is not known\n"
            .utf8))
    }
    let engine: Engine
    do { engine = try Engine(files: files) } catch { throw fail(error.description) }
    let baseline = Scenario(files: files, engine: engine, params: library)
    var reformed: Scenario?
    if let parsedReform {
      do { reformed = try baseline.applying(parsedReform) } catch { throw fail(error.description) }
    }
    if check {
      print(
        "ok: \(library.definitions.count) parameter definitions for \(library.places.count) places in \(paramsDirectory)"
          + (parsedReform.map { "; reform \"\($0.title)\" checks" } ?? ""))
      return
    }
    guard let place, let year else {
      throw ValidationError("give --place (e.g. US-NJ, or US for every place) and --year (e.g. 2020)")
    }
    var options = SimulationOptions(place: place, year: year)
    options.runs = runs
    options.seed = seed
    if let threads { options.threads = threads }
    options.decideEach = decideEach
    options.bookings = bookings
    let result: SimulationResult
    do {
      result = try Simulator.run(options, baseline: baseline, reform: reformed)
    } catch {
      throw fail(error.description)
    }
    let report = SimulationReport(result)
    let text =
      switch format {
      case .text: report.text()
      case .json: report.json() + "\n"
      case .html: report.html()
      }
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
    if timing {
      let s = result.stats
      FileHandle.standardError.write(
        Data(
          String(
            format:
              "simulated %d bookings in %.3f s on %d thread%@ (%.1f M bookings/s); %d case lookups answered by %d engine decisions (%.3f s in the engine)\n",
            s.bookings, s.seconds, s.threads, s.threads == 1 ? "" : "s", Double(s.bookings) / s.seconds / 1e6,
            s.lookups, s.decisions, s.decideSeconds
          ).utf8))
    }
  }

  /// The parameter directory, and the repository root (for checking `Data/` sources) if found.
  func locateParams() throws -> (String, String?) {
    func repositoryRoot(above directory: String) -> String? {
      var url = URL(fileURLWithPath: directory).standardizedFileURL
      for _ in 0..<8 {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Data").path) { return url.path }
        url.deleteLastPathComponent()
      }
      return nil
    }
    if let params { return (params, repositoryRoot(above: params)) }
    var url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
    for _ in 0..<16 {
      let candidate = url.appendingPathComponent("sim/params")
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        let shown =
          url.path == FileManager.default.currentDirectoryPath ? "sim/params" : candidate.path
        return (shown, url.path)
      }
      if url.path == "/" { break }
      url.deleteLastPathComponent()
    }
    throw fail(
      "no parameter directory: sim/params was not found from the working directory upwards\n  help: pass --params DIR"
    )
  }
}
