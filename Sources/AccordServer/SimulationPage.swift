import AccordAudit
import AccordCore
import AccordSim
import Dispatch
import Foundation
import Hummingbird

/// The microsimulation (AccordSim) over HTTP and as a page: a form for place, year, reform and
/// runs → AccordSim's report with its charts.
final class SimulationService: @unchecked Sendable {
  // @unchecked: `loaded` is only touched with `lock` held; the rest is immutable.
  let directory: String
  let lawFiles: [(path: String, text: String)]
  let engine: Engine
  private let lock = NSLock()
  private var loaded: Result<(Scenario, [String]), APIError>?
  /// Simulations run here, off Swift's cooperative threads, one at a time.
  private let queue = DispatchQueue(label: "accord.simulation")

  init(directory: String, lawFiles: [(path: String, text: String)], engine: Engine) {
    self.directory = directory
    self.lawFiles = lawFiles
    self.engine = engine
  }

  var paramsDirectory: String { URL(fileURLWithPath: directory).appendingPathComponent("params").path }
  var reformsDirectory: String { URL(fileURLWithPath: directory).appendingPathComponent("reforms").path }

  /// The baseline scenario and the reform files' names, read once.
  func baseline() throws -> (Scenario, [String]) {
    try lock.withLock {
      if loaded == nil {
        do {
          let params = try ParamLibrary(directory: paramsDirectory, root: repositoryRoot)
          let reforms = ((try? FileManager.default.contentsOfDirectory(atPath: reformsDirectory)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
          loaded = .success((Scenario(files: lawFiles, engine: engine, params: params), reforms))
        } catch {
          loaded = .failure(
            APIError(
              .serviceUnavailable, "the simulation's parameter files (\(paramsDirectory)) are not available",
              help: "start the server from the repository's folder, or pass --sim DIR"))
        }
      }
      return try loaded!.get()
    }
  }

  var repositoryRoot: String? {
    let up = URL(fileURLWithPath: directory).standardizedFileURL.deletingLastPathComponent()
    return FileManager.default.fileExists(atPath: up.appendingPathComponent("Data").path) ? up.path : nil
  }

  /// Runs a simulation described by the query: `place`, `year`, `reform` (a file of the reforms
  /// folder), `runs` (1–20), `seed`.
  /// - Throws: ``APIError`` 400 for a bad parameter or an input the simulator refuses.
  func run(_ query: FormData) async throws -> SimulationReport {
    let (scenario, reforms) = try baseline()
    guard let place = query["place"], !place.isEmpty else {
      throw APIError(
        .badRequest, "give a place", path: "place", help: "US-NJ, or US for every place with parameters")
    }
    guard let year = Int(query["year"] ?? ""), (1990...2100).contains(year) else {
      throw APIError(.badRequest, "give a year between 1990 and 2100", path: "year")
    }
    let runs = Int(query["runs"] ?? "") ?? 5
    guard (1...20).contains(runs) else { throw APIError(.badRequest, "runs must be 1 to 20", path: "runs") }
    let seed = UInt64(query["seed"] ?? "") ?? 1
    var reformed: Scenario?
    if let name = query["reform"], !name.isEmpty {
      guard reforms.contains(name) else {
        throw APIError(
          .badRequest, "unknown reform `\(name)`", path: "reform",
          help: "reforms are \(reforms.joined(separator: ", "))")
      }
      let path = URL(fileURLWithPath: reformsDirectory).appendingPathComponent(name).path
      do {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        reformed = try scenario.applying(
          try Reform(path: "sim/reforms/" + name, text: text, root: repositoryRoot))
      } catch let e as SimulationInputError {
        throw APIError(.badRequest, e.description, path: "reform")
      }
    }
    var options = SimulationOptions(place: place, year: year)
    options.runs = runs
    options.seed = seed
    options.threads = 1
    let reform = reformed
    let settings = options
    return try await withCheckedThrowingContinuation { continuation in
      queue.async {
        do {
          let result = try Simulator.run(settings, baseline: scenario, reform: reform)
          continuation.resume(returning: SimulationReport(result))
        } catch let error as SimulationInputError {
          continuation.resume(throwing: APIError(.badRequest, error.description, path: "place"))
        } catch {
          continuation.resume(throwing: APIError(.badRequest, "the simulation failed", path: "place"))
        }
      }
    }
  }

  /// The form and, when the query asks for one, the simulation's report.
  func page(_ query: FormData) async throws -> String {
    let e = HTML.escape
    var h = "<h1>Simulation</h1>"
    let (scenario, reforms): (Scenario, [String])
    do {
      (scenario, reforms) = try baseline()
    } catch let error as APIError {
      return h + "<p class=error>\(e(error.message))</p>"
    }
    h +=
      "<p>A year of bookings passes through the fingerprint match, ICE's detainer and the agency's choice under the law in force, decided by the engine; parameters come from dated, cited files (<code>sim/params</code>). A reform patches the law or the parameters (<code>sim/reforms</code>); the report shows both and the change, with 5th–95th percentile bands over the runs.</p>"
    h += "<form class=filters method=get action=\"/simulate\">"
    h +=
      "<label>place <select name=place>\(Pages.options((["US"] + scenario.params.places).map { ($0, $0 == "US" ? "US (every place with parameters)" : $0) }, selected: query["place"] ?? "US-NJ"))</select></label>"
    h +=
      "<label>year <input type=number name=year min=1990 max=2100 value=\"\(e(query["year"] ?? "2020"))\"></label>"
    h +=
      "<label>reform <select name=reform>\(Pages.options([("", "none")] + reforms.map { ($0, $0) }, selected: query["reform"] ?? ""))</select></label>"
    h += "<label>runs <input type=number name=runs min=1 max=20 value=\"\(e(query["runs"] ?? "5"))\"></label>"
    h += "<label>seed <input type=number name=seed min=0 value=\"\(e(query["seed"] ?? "1"))\"></label>"
    h += "<button>Simulate</button></form>"
    guard query["place"] != nil else { return h }
    do {
      let report = try await run(query)
      h += reportBody(report.html())
    } catch let error as APIError {
      h += "<p class=error>\(e(error.message))</p>"
    }
    return h
  }
}

func addSimulationRoutes(_ router: Router<BasicRequestContext>, _ state: ServerState) {
  router.get("/v1/simulate") { request, _ in
    Response.json(try await state.simulation.run(FormData(query: request.uri.query)).json())
  }
  router.get("/simulate") { request, _ in
    Response.html(
      Pages.page("Simulation", try await state.simulation.page(FormData(query: request.uri.query))))
  }
}
