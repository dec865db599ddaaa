import AccordAudit
import AccordCore
import AccordData
import AccordLaw
import Foundation
import Testing

/// The federal sanctuary lists beside the law (`accord lists`).
@Suite struct SanctuaryListTests {
  static let engine = try! BundledLaw.engine()

  static func report(_ path: String) throws -> SanctuaryListReport {
    let (entries, read, rejected) = try SanctuaryListReport.read(path: path)
    let sheet = try AgreementSheets.read(path: Sheets.archive("participatingAgencies05182026am.csv"))
    return SanctuaryListReport(
      entries: entries, read: read, rejected: rejected, agreements: [sheet], engine: engine)
  }

  @Test func theDOJListBesideTheLaw() throws {
    let r = try Self.report(
      Workbook.data("federal-sanctuary-lists-2025/doj_sanctuary_jurisdictions_2025-08-05.csv"))
    #expect(r.read == 35 && r.processed == 35 && r.rejectedRows.isEmpty)
    #expect(r.lines.count == 35)
    #expect(r.lines.filter { $0.entry.level == "state" }.count == 13)
    let ca = try #require(r.lines.first { $0.place == "US-CA" })
    #expect(ca.coverage == .encoded && ca.barred.contains(.hold) && ca.barred.contains(.enter287g))
    #expect(ca.cooperationAllowed.contains(.shareStatus))
    // A city the library does not declare: its own law is not researched, and it says so.
    let berkeley = try #require(r.lines.first { $0.entry.name == "Berkeley" })
    #expect(berkeley.place == "US-CA/berkeley" && berkeley.placeBasis.contains("not declared"))
    #expect(berkeley.coverage == .unresearched)
    // A declared consolidated city-county is found under both of its names.
    #expect(r.lines.filter { $0.place == "US-CA/san-francisco" }.count == 2)
    // An unresearched state is not summarised as barring anything.
    let ri = try #require(r.lines.first { $0.place == "US-RI" })
    #expect(
      ri.barred.isEmpty
        && ri.summary.contains("whether it may hold people past release on a detainer is undetermined"))
    // The sheet given is of 2026-05-18, after the list: no agreements are counted, and it says why.
    #expect(ca.agreementsBasis.contains("no 287(g) sheet on or before 2025-08-05"))
    #expect(r.unlisted.contains { $0.place == "US-NJ" })
    #expect(!r.unlisted.contains { $0.place == "US-CA" })
  }

  @Test func badRowsAreRejectedWithTheirReasons() throws {
    let csv = """
      list,list_date,level,name,state_abbr
      DOJ,2025-08-05,state,Oregon,OR
      DOJ,2025-13-05,state,Oregon,OR
      DOJ,2025-08-05,parish,Orleans,LA
      DOJ,2025-08-05,city,Somewhere,Oregon
      DOJ,2025-08-05,city,,OR

      """
    let path = Workbook.write(Array(csv.utf8), "list.csv", in: Workbook.tempDirectory())
    let r = try Self.report(path)
    #expect(r.read == 5 && r.processed == 1 && r.rejectedRows.count == 4)
    #expect(r.rejectedRows.map(\.row) == [3, 4, 5, 6])
    #expect(r.rejectedRows[0].reason.contains("not a date"))
    #expect(r.rejectedRows[1].reason.contains("not state, county or city"))
    #expect(r.rejectedRows[2].reason.contains("postal code"))
    #expect(r.rejectedRows[3].reason.contains("name is empty"))
    let json = try JSONReader.parse(r.json())
    if case .number(let n)? = json["rejected"]?.value {
      #expect(n == 4)
    } else {
      Issue.record("no rejected count")
    }
    let notAList = Workbook.write(Array("a,b\n1,2\n".utf8), "x.csv", in: Workbook.tempDirectory())
    #expect(throws: DataError.self) { try SanctuaryListReport.read(path: notAList) }
  }
}
