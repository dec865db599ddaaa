import AccordAudit
import AccordCore
import Dispatch
import Foundation

/// The 287(g) timeline, read once from the sheets archive's monthly snapshots (about a second)
/// on first use and kept.
final class AgreementsCache: @unchecked Sendable {
  // @unchecked: `loaded` is only touched with `lock` held; the rest is immutable.
  let directory: String
  let engine: Engine
  private let lock = NSLock()
  private var loaded: AgreementsReport??
  private let queue = DispatchQueue(label: "accord.agreements")

  static let snapshots = "ice_287g_monthly_snapshots_2021_2026.csv"

  init(directory: String, engine: Engine) {
    self.directory = directory
    self.engine = engine
  }

  /// The report over the monthly snapshots, or nil when the archive is not there.
  func report() async -> AgreementsReport? {
    if let loaded = lock.withLock({ loaded }) { return loaded }
    return await withCheckedContinuation { (continuation: CheckedContinuation<AgreementsReport?, Never>) in
      queue.async {
        self.lock.lock()
        if let loaded = self.loaded {
          self.lock.unlock()
          continuation.resume(returning: loaded)
          return
        }
        self.lock.unlock()
        let path = URL(fileURLWithPath: self.directory).appendingPathComponent(Self.snapshots).path
        let report = (try? AgreementSheets.read(path: path)).map {
          AgreementsReport(files: [$0], engine: self.engine)
        }
        self.lock.lock()
        self.loaded = .some(report)
        self.lock.unlock()
        continuation.resume(returning: report)
      }
    }
  }

  /// AccordAudit's full report page.
  func reportHTML() async -> String? { await report()?.html() }

  /// The timeline page: agreements in force per month by model, and agreements in places whose
  /// law bars them.
  func page() async -> String {
    let e = HTML.escape
    var h = "<h1>287(g) agreements over time</h1>"
    guard let r = await report() else {
      return h
        + "<p class=error>The 287(g) sheets archive (<code>\(e(directory))/\(Self.snapshots)</code>) is not available to this server. Start it from the repository's folder, or run <code>accord agreements</code> on ICE's sheets.</p>"
    }
    let colours: [Model287g: String] = [.jem: "#0072B2", .tfm: "#D55E00", .wso: "#009E73"]
    h +=
      "<p>ICE's participating-agency sheets, one snapshot a month (<code>\(e(Self.snapshots))</code>): <b>\(r.total)</b> agreements in force on \(r.date) (\(Model287g.allCases.map { "\($0.rawValue) \(r.byModel[$0] ?? 0)" }.joined(separator: ", "))). Rows read \(r.read) = processed \(r.processed) + rejected \(r.rejected). Each agreement's lawfulness is decided by the engine (<code>enter-287g</code>) under the law in force where the agency sits. <a href=\"/agreements/report\">The full report</a> lists every state, finding and rejected row.</p>"
    h += "<p class=legend>"
    for m in Model287g.allCases {
      h +=
        "<span><i class=sw style=\"background:\(colours[m] ?? "#999")\"></i>\(e(m.name)) (\(m.rawValue))</span>"
    }
    h += "</p>"
    h += HTML.stackedBars(
      r.timeline.map(\.month), Model287g.allCases.map { m in r.timeline.map { $0.byModel[m] ?? 0 } },
      colours: Model287g.allCases.map { colours[$0] ?? "#999" }, title: "287(g) agreements per month by model"
    )
    h += "<h2>Agreements in places whose law bars them (\(r.findingsOverTime.count))</h2>"
    if r.findingsOverTime.isEmpty {
      h += "<p>None.</p>"
    } else {
      h +=
        "<table><tr><th>state</th><th>agency</th><th>model</th><th>place</th><th>listed while barred</th><th>monthly lists</th><th>law</th></tr>"
      for f in r.findingsOverTime {
        let law = f.rules.map {
          "<a href=\"\(e(Pages.lawLink($0.source, rule: $0.rule)))\">\(e($0.cite))</a>"
        }.joined(separator: "<br>")
        h +=
          "<tr><td>\(e(f.state))</td><td>\(e(f.agency))</td><td>\(f.model.rawValue)</td><td>\(e(f.place.place))</td><td>\(f.first) … \(f.last)</td><td class=n>\(f.sheets)</td><td>\(law)</td></tr>"
      }
      h += "</table>"
    }
    h += "<h2>By month</h2><table><tr><th>month</th><th>JEM</th><th>TFM</th><th>WSO</th><th>total</th></tr>"
    for p in r.timeline.reversed() {
      h +=
        "<tr><td>\(p.month)</td><td class=n>\(p.byModel[.jem] ?? 0)</td><td class=n>\(p.byModel[.tfm] ?? 0)</td><td class=n>\(p.byModel[.wso] ?? 0)</td><td class=n>\(p.total)</td></tr>"
    }
    return h + "</table>"
  }
}
