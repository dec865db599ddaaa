import Foundation
import Testing

@testable import AccordCore

/// The fact table is the one place a fact is declared: everything derived from it must agree.
@Suite struct FactTableTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func lanesAreUniqueAndFit() {
    let lanes = FactTable.scalars.compactMap(\.lane)
    #expect(lanes == Array(0..<lanes.count), "scalar lanes are 0, 1, 2, … in order")
    #expect(lanes.count <= FactLanes.scalarCount, "more scalar facts than FactLanes holds: widen it")
    #expect(Set(FactTable.all.map(\.path)).count == FactTable.all.count, "a path is declared twice")
    // Keys are unique within each JSON object (the reader looks them up by key).
    for section in ["", "ice", "person", "offense"] {
      let keys = FactTable.keys(in: section)
      #expect(Set(keys).count == keys.count, "duplicate key in \(section)")
    }
  }

  @Test func everyFactHasWordsInEveryLanguage() {
    for f in FactTable.all {
      for l in Language.allCases {
        #expect(!f.question[l].isEmpty && !f.help[l].isEmpty && !f.label[l].isEmpty, "\(f.path) \(l)")
      }
      if case .choice(let values) = f.kind {
        for v in values { #expect(f.answers[v] != nil, "\(f.path): no words for `\(v)`") }
      }
      if case .bool = f.kind, f.lane != nil {
        #expect(f.answers["true"] != nil && f.answers["false"] != nil, "\(f.path): no words for yes/no")
      }
    }
  }

  /// Every value of every scalar fact is written where its path says and read back to the same case.
  @Test func everyScalarValueRoundTrips() throws {
    for f in FactTable.scalars {
      let values: [String] = if case .bool = f.kind { ["true", "false"] } else { f.values ?? [] }
      for v in values {
        var c = Case(date: CivilDate(parsing: "2025-06-01")!, place: "US-NJ")
        c[fact: f.path] = v
        #expect(c[fact: f.path] == v, "\(f.path) = \(v) not set")
        let json = c.json()
        let node = try JSONReader.parse(json)
        var at: JSONNode? = node
        for part in f.path.split(separator: ".") { at = at?[String(part)] }
        switch at?.value {
        case .bool(let b): #expect(String(b) == v, "\(f.path) written as \(b)")
        case .string(let s): #expect(s == v, "\(f.path) written as \(s)")
        default: Issue.record("\(f.path) = \(v) not written at its path: \(json)")
        }
        let back = try Case(json: json)
        #expect(back == c, "\(f.path) = \(v) does not read back")
        // The evaluator sees the same lane.
        #expect(back.lanes[f.lane!] == c.lanes[f.lane!])
      }
    }
  }

  @Test func wrongValuesNameTheFactAndItsAnswers() {
    for f in FactTable.scalars {
      let section = f.section
      let bad = f.kind == .bool ? "\"maybe\"" : "\"no-such-value\""
      let body = section.isEmpty ? "\"\(f.key)\": \(bad)" : "\"\(section)\": {\"\(f.key)\": \(bad)}"
      let json = "{\"date\": \"2025-06-01\", \"place\": \"US-NJ\", \(body)}"
      do {
        _ = try Case(json: json)
        Issue.record("\(f.path): a wrong value was accepted")
      } catch {
        #expect(error.path == f.path, "\(f.path): error names \(error.path)")
        if case .choice(let values) = f.kind {
          #expect(
            error.help?.contains(values.joined(separator: ", ")) == true, "\(f.path): \(error.help ?? "")")
        }
      }
    }
  }

  @Test func evaluatorLanesAreTheTables() {
    #expect(Facts.scalars.map(\.path) == FactTable.scalars.map(\.path))
    for (s, f) in zip(Facts.scalars, FactTable.scalars) {
      #expect(s.lane == f.lane)
      if case .choice(let v) = f.kind { #expect(s.values == v) } else { #expect(s.values == nil) }
    }
  }

  /// docs/INTERFACE.md and docs/LAW-LANGUAGE.md carry the table `accord facts --format markdown` prints.
  @Test(arguments: ["docs/INTERFACE.md", "docs/LAW-LANGUAGE.md"])
  func docsCarryTheCurrentTable(_ doc: String) throws {
    let text = try String(contentsOf: Self.root.appendingPathComponent(doc), encoding: .utf8)
    let begin = try #require(text.range(of: "<!-- facts:begin -->\n"), "\(doc) has no facts block")
    let end = try #require(text.range(of: "<!-- facts:end -->", range: begin.upperBound..<text.endIndex))
    #expect(
      String(text[begin.upperBound..<end.lowerBound]) == FactTable.markdown(),
      "\(doc) is stale: replace its facts block with `accord facts --format markdown`")
  }

  @Test func openAPICaseSchemaListsEveryFact() throws {
    let schema = try JSONReader.parse(FactTable.openAPICaseSchema)
    for f in FactTable.all {
      var at: JSONNode? = schema
      if f.isItemFact {
        at = at?["properties"]?["person"]?["properties"]?["charges"]?["items"]?["properties"]?[f.key]
      } else {
        if !f.section.isEmpty { at = at?["properties"]?[f.section] }
        at = at?["properties"]?[f.key]
      }
      #expect(at != nil, "\(f.path) missing from the OpenAPI case schema")
    }
  }
}
