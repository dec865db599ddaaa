import AccordCore
import AccordLaw
import Foundation
import Testing

/// One golden case: a case of INTERFACE.md and what the law in force must say of some actions.
struct GoldenCase: Sendable, CustomTestStringConvertible {
  var file: String
  var name: String
  var clause: String
  var caseNode: JSONNode
  /// Action → (status, rules that must be in `because` in this order, facts that must be in `needs`,
  /// the exact `possible` statuses of an undetermined answer when given, and text no need may contain).
  var expect:
    [(
      action: String, status: String, because: [String], needs: [String], possible: [String]?,
      notNeeds: [String]
    )]
  /// Conflicts the decision must report: action, prevailing rule, overridden rule.
  var conflicts: [(action: String, prevailing: String?, overridden: String?)] = []
  /// `"ledger": false`: the case checks a clause's encoding on its own, decided on the law files
  /// without the coverage ledger (as if every level were researched). Cases without it are decided
  /// by the bundled library as users get it, ledger and all.
  var ledger = true

  var testDescription: String { "\(file): \(name)" }
}

enum Golden {
  static let directory = Bundle.module.url(forResource: "Golden", withExtension: nil)!

  static func string(_ n: JSONNode?) -> String? {
    if case .string(let s)? = n?.value { return s }
    return nil
  }

  static func strings(_ n: JSONNode?) -> [String] {
    guard case .array(let items)? = n?.value else { return [] }
    return items.compactMap { string($0) }
  }

  /// Every golden case of every `Golden/*.json` file.
  static let cases: [GoldenCase] = {
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".json") }
      .sorted() ?? []
    var out: [GoldenCase] = []
    for name in names {
      let text = (try? String(contentsOf: directory.appending(path: name), encoding: .utf8)) ?? ""
      guard let root = try? JSONReader.parse(text), case .array(let items) = root.value else {
        out.append(
          GoldenCase(
            file: name, name: "file does not parse", clause: "",
            caseNode: JSONNode(value: .null, line: 0, column: 0), expect: []))
        continue
      }
      for item in items {
        var expect: [(String, String, [String], [String], [String]?, [String])] = []
        if case .object(let members)? = item["expect"]?.value {
          for m in members {
            expect.append(
              (
                m.key, string(m.value["status"]) ?? "", strings(m.value["because"]),
                strings(m.value["needs"]),
                m.value["possible"].map { strings($0) }, strings(m.value["notNeeds"])
              ))
          }
        }
        var conflicts: [(String, String?, String?)] = []
        if case .array(let list)? = item["conflicts"]?.value {
          // A missing or null rule: the conflict names no rule on that side (a 287(g) agreement).
          for c in list {
            conflicts.append((string(c["action"]) ?? "", string(c["prevailing"]), string(c["overridden"])))
          }
        }
        out.append(
          GoldenCase(
            file: name, name: string(item["name"]) ?? "(unnamed)", clause: string(item["clause"]) ?? "",
            caseNode: item["case"] ?? JSONNode(value: .null, line: item.line, column: item.column),
            expect: expect, conflicts: conflicts,
            ledger: item["ledger"].map { if case .bool(false) = $0.value { false } else { true } } ?? true))
      }
    }
    return out
  }()

  static let engine: Engine? = try? BundledLaw.engine()
  /// The bundled law files without the coverage ledger (for `"ledger": false` cases).
  static let encodedOnly: Engine? = try? Engine(
    files: BundledLaw.files.filter { !$0.path.hasPrefix("coverage/") })
}

@Suite struct BundledLibraryTests {
  @Test func bundledLibraryChecksClean() {
    let diagnostics = Engine.check(files: BundledLaw.files)
    #expect(
      diagnostics.filter { $0.severity == .error }.isEmpty,
      "\(diagnostics.map(\.description).joined(separator: "\n"))")
    #expect(Golden.engine != nil)
  }

  /// The embedded copy is byte for byte the repository's `law/` folder, so a decision names the
  /// same law version whether it used the bundled library or `--law law`.
  @Test func bundledLibraryMatchesTheLawFolder() throws {
    let law = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appending(path: "law").path
    let onDisk = try Engine.readDirectory(law)
    #expect(onDisk.map(\.path) == BundledLaw.files.map(\.path))
    for (a, b) in zip(onDisk, BundledLaw.files) { #expect(a.text == b.text, "\(a.path)") }
    #expect(try Engine(directory: law).version == Golden.engine?.version)
  }
}

@Suite struct GoldenTests {
  @Test(arguments: Golden.cases)
  func goldenCase(_ g: GoldenCase) throws {
    #expect(!g.expect.isEmpty, "a golden case must check at least one action")
    #expect(!g.clause.isEmpty, "a golden case names the clause it checks")
    let engine = try #require(g.ledger ? Golden.engine : Golden.encodedOnly)
    let c = try Case(node: g.caseNode)
    let d = engine.decide(c)
    for e in g.expect {
      let action = try #require(Action(rawValue: e.action), "unknown action \(e.action)")
      let got = d[action]
      #expect(
        got.status.rawValue == e.status,
        "\(e.action): expected \(e.status), got \(got.status.rawValue) because \(got.because.map(\.rule)) needs \(got.needs)"
      )
      if !e.because.isEmpty {
        let rules = got.because.map(\.rule)
        #expect(Array(rules.prefix(e.because.count)) == e.because, "\(e.action): because \(rules)")
      }
      for n in e.needs {
        #expect(
          got.needs.contains {
            $0 == n || $0.hasPrefix(n + "[") || $0.hasPrefix(n + " ") || $0.hasPrefix(n + ".")
          }, "\(e.action): needs \(got.needs) lacks \(n)")
      }
      if let possible = e.possible {
        #expect(
          Set(got.possible.map(\.rawValue)) == Set(possible),
          "\(e.action): possible \(got.possible.map(\.rawValue))")
      }
      for n in e.notNeeds {
        #expect(!got.needs.contains { $0.contains(n) }, "\(e.action): needs \(got.needs) name \(n)")
      }
      for b in got.because { #expect(!b.cite.isEmpty && b.source.hasPrefix("law/")) }
    }
    for c in g.conflicts {
      #expect(
        d.conflicts.contains {
          $0.action.rawValue == c.action && $0.prevailingRule?.rule == c.prevailing
            && $0.overriddenRule?.rule == c.overridden
        },
        "conflict on \(c.action): \(c.prevailing ?? "-") over \(c.overridden ?? "-") not reported; got \(d.conflicts.map { "\($0.action.rawValue): \($0.prevailingRule?.rule ?? "-") over \($0.overriddenRule?.rule ?? "-")" })"
      )
    }
  }
}
