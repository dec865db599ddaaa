import AccordCore
import AccordData
import AccordLaw
import Foundation
import Testing

/// The inputs a reliability probe found breaking Accord (`Tests/Reliability/`, with its README):
/// each now gives what that README says it should.
@Suite struct ReliabilityTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appending(path: "Reliability").path

  /// A damaged workbook is a located error at once; a padded or inflating one is refused by a
  /// limit instead of taking the memory (546 MB, 2.1 GB before).
  @Test(arguments: [
    ("corrupt-1byte.xlsx", "cannot be decompressed"), ("widerows-2000.xlsx", "beyond the 1024 columns"),
    ("bomb-1.0g.xlsx", "would inflate to"),
  ])
  func damagedAndHostileWorkbooksEndInAnError(_ name: String, _ message: String) throws {
    let clock = ContinuousClock()
    let start = clock.now
    do {
      let book = try XLSXReader(path: "\(Self.root)/xlsx/\(name)")
      _ = try book.rows()
      Issue.record("\(name) was read")
    } catch {
      #expect(error.message.contains(message), "\(error.message)")
      #expect(error.help != nil)
    }
    #expect(clock.now - start < .seconds(5))
  }

  /// A stray opening quote rejects its own line only; every physical line is accounted for.
  @Test func aStrayQuoteLosesOneLineNotEightyFive() throws {
    var reader = try CSVReader(path: "\(Self.root)/csv/stray-quote-row10.csv")
    var records = 0
    var errors: [DataError] = []
    while true {
      do {
        guard try reader.next() != nil else { break }
        records += 1
      } catch {
        errors.append(error)
      }
    }
    let text = try String(contentsOfFile: "\(Self.root)/csv/stray-quote-row10.csv", encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).count
    #expect(errors.count == 1)
    #expect(errors.first?.line == 11)
    #expect(records + errors.count == lines)
  }

  /// 8,000 empty charges are refused with a located error, not ten seconds of CPU.
  @Test func aCaseWithThousandsOfChargesIsRefused() throws {
    let text = try String(contentsOfFile: "\(Self.root)/cases/min-ca-8000.json", encoding: .utf8)
    #expect(throws: CaseError.self) { try Case(json: text) }
    do { _ = try Case(json: text) } catch { #expect(error.message.contains("at most \(Case.maxOffenses)")) }
  }

  /// CRLF law files read exactly as LF ones: the D.C. hold stays prohibited.
  @Test func crlfLawFilesDecideAsLFOnes() throws {
    let crlf = BundledLaw.files.map { f in (f.path, f.text.replacingOccurrences(of: "\n", with: "\r\n")) }
    let cr = BundledLaw.files.map { f in (f.path, f.text.replacingOccurrences(of: "\n", with: "\r")) }
    let text = try String(contentsOfFile: "\(Self.root)/cases/dc-case.json", encoding: .utf8)
    let c = try Case(json: text)
    let lf = try BundledLaw.engine().decide(c)
    #expect(lf[.hold].status == .prohibited)
    for files in [crlf, cr] {
      let d = try Engine(files: files).decide(c)
      #expect(d[.hold].status == lf[.hold].status)
      #expect(d[.hold].because.map(\.rule) == lf[.hold].because.map(\.rule))
    }
  }

  /// A law file whose `until` precedes its `effective` is a located error, not a crash.
  @Test func untilBeforeEffectiveIsALocatedError() throws {
    let files = try Engine.readDirectory("\(Self.root)/law-until-before-effective")
    let errors = Engine.check(files: files).filter { $0.severity == .error }
    #expect(
      errors.contains {
        $0.file == "us-zz/law.md" && $0.line == 10 && $0.message.contains("before `effective`")
      })
  }
}
