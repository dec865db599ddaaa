import Foundation
import Testing

@testable import AccordCore

/// Each broken fixture names, in its first line, the diagnostic `accord check` must report:
/// `<!-- expect: LINE:COLUMN: message -->`.
@Suite struct CheckerFixtureTests {
  static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appending(
    path: "broken")

  static var fixtures: [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".md") }
      .sorted() ?? []
  }

  @Test func thereAreFixtures() { #expect(Self.fixtures.count >= 15) }

  @Test(arguments: fixtures)
  func brokenFileIsRejectedPrecisely(name: String) throws {
    let text = try String(contentsOf: Self.directory.appending(path: name), encoding: .utf8)
    let first = text.prefix { $0 != "\n" }
    let expectation = try #require(first.firstRange(of: "expect: ").map { first[$0.upperBound...] })
    let spec = expectation.replacingOccurrences(of: " -->", with: "")
    let parts = spec.split(separator: ":", maxSplits: 2)
    let line = Int(parts[0])!
    let column = Int(parts[1])!
    let message = parts[2].trimmingCharacters(in: .whitespaces)
    var files = Synthetic.files
    files.append(("us-zz/\(name)", text))
    let diagnostics = Engine.check(files: files)
    let match = diagnostics.first {
      $0.severity == .error && $0.file == "us-zz/\(name)" && $0.line == line && $0.column == column
    }
    #expect(match != nil, "no diagnostic at \(line):\(column); got \(diagnostics.map(\.description))")
    #expect(match?.message.contains(message) == true, "\(match?.message ?? "") does not contain \(message)")
    #expect(match?.help != nil, "every error carries a help line")
    #expect(throws: LawLoadError.self) { try Engine(files: files) }
  }

  @Test func syntheticLibraryIsClean() {
    #expect(Engine.check(files: Synthetic.files).isEmpty)
  }
}

/// The parser and checker never crash or hang, whatever the input.
@Suite struct FuzzTests {
  typealias Generator = SplitMix64

  static let alphabet = Array("abcdehilnoprstuwy .:-_()[],=!\"#\n  `*§éUS0123456789")
  static let words = [
    "rule", "law", "when", "and", "or", "not", "any", "no", "every", "where", "(", ")", "exception to",
    "cite",
    "\"", "```", "```accord", "\n  ", "category", "within", "5 years", "=", "!=", "in [", "]", "has", ":",
    "is",
  ]

  func mutate(_ text: String, _ g: inout Generator) -> String {
    var chars = Array(text)
    for _ in 0..<(1 + g.below(8)) {
      guard !chars.isEmpty else { break }
      let i = g.below(chars.count)
      switch g.below(6) {
      case 0: chars.remove(at: i)
      case 1: chars.insert(Self.alphabet[g.below(Self.alphabet.count)], at: i)
      case 2: chars.insert(contentsOf: Array(Self.words[g.below(Self.words.count)]), at: i)
      case 3:
        let j = g.below(chars.count)
        chars.swapAt(i, j)
      case 4: chars.removeSubrange(i..<min(chars.count, i + g.below(40)))
      default:
        let j = min(chars.count, i + g.below(60))
        chars.insert(contentsOf: chars[i..<j], at: g.below(chars.count))
      }
    }
    return String(chars)
  }

  @Test func mutatedLawFilesNeverCrash() {
    var g = Generator(state: 20_261_124)
    let base = Synthetic.files
    var rejected = 0
    for _ in 0..<1500 {
      var files = base
      let k = 1 + g.below(3)
      files[k].text = mutate(files[k].text, &g)
      let diagnostics = Engine.check(files: files)
      if diagnostics.contains(where: { $0.severity == .error }) { rejected += 1 }
      for d in diagnostics { #expect(d.line >= 0 && d.column >= 0) }
    }
    #expect(rejected > 500, "most mutations break the law file and must be reported")
  }

  @Test func randomTextNeverCrashes() {
    var g = Generator(state: 7)
    for _ in 0..<500 {
      let n = g.below(400)
      var s = "```accord\n"
      for _ in 0..<n {
        s +=
          g.below(4) == 0
          ? Self.words[g.below(Self.words.count)] : String(Self.alphabet[g.below(Self.alphabet.count)])
      }
      _ = Engine.check(files: [("places.md", Synthetic.places), ("fuzz.md", s)])
    }
  }

  @Test func deeplyNestedConditionIsAnErrorNotACrash() {
    let deep = String(repeating: "(", count: 5000) + "ice.detainer" + String(repeating: ")", count: 5000)
    var files = Synthetic.files
    files[2].text = files[2].text.replacingOccurrences(
      of: "when ice.warrant = judicial", with: "when \(deep)")
    let diagnostics = Engine.check(files: files)
    #expect(diagnostics.contains { $0.message.contains("nested too deeply") })
  }

  @Test func malformedCaseJSONNeverCrashes() {
    var g = Generator(state: 99)
    let base =
      #"{"date":"2024-06-01","place":"US-ZZ","ice":{"detainer":true,"warrant":"judicial"},"person":{"charges":[{"offense":"ZZ 2C:11-3","tags":["serious"]}]}}"#
    for _ in 0..<2000 {
      let text = mutate(base, &g)
      if let c = try? Case(json: text) { _ = Synthetic.engine.decide(c) }
    }
    let deep = String(repeating: "[", count: 100_000)
    #expect(throws: CaseError.self) { try Case(json: deep) }
  }
}
