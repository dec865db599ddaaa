import AccordAudit
import AccordCore
import AccordData
import AccordLaw
import Foundation
import Testing

enum Fixture {
  /// The repository's root (tests read only the repository's own copies of the data).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static func data(_ path: String) -> String { root.appending(path: "Data/" + path).path }
  static let engine = try! BundledLaw.engine()
  static let auditor = Auditor(engine: engine)

  /// A fresh directory for one test's files.
  static func tempDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "accord-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func write(_ text: String, _ name: String, in dir: URL) -> String {
    let path = dir.appending(path: name).path
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
  }
}

@Suite struct RealFileTests {
  /// Every row of every real file is accounted for, and the counts match the files.
  @Test(arguments: [
    ("pa-ice-detainers-2007-2015/pa_detainers.csv", 32_757, "pa-detainers"),
    (
      "npr-ice-detainers-fy2008-2015/lift_reason_counts_by_facility_fy2008_2015.csv", 16_330,
      "npr-facility-lift-reasons"
    ),
    (
      "npr-ice-detainers-fy2008-2015/declined_vs_other_outcomes_by_facility_year.csv", 1_370,
      "npr-declined-by-facility-year"
    ),
    ("ddp-minnesota-detainers/surge_detainers_by_liftreason.csv", 75, "ddp-facility-outcomes"),
    ("ddp-minnesota-detainers/st_cloud_denied.csv", 22, "ddp-detainers"),
    ("ddp-minnesota-detainers/mn_detainers_by_month.csv", 42, "ddp-detainer-counts"),
    ("uwchr-pierce-county-detainers/allholds_charges_redacted.csv", 691, "pierce-county-holds"),
    (
      "uwchr-pierce-county-detainers/handcoded_bookings_with_hold_redacted.csv", 125,
      "pierce-county-handcoded"
    ),
  ])
  func rowsAreAccountedFor(_ file: String, _ rows: Int, _ format: String) throws {
    let store = try AuditStore(path: ":memory:")
    let r = try store.ingest(path: Fixture.data(file), auditor: Fixture.auditor)
    #expect(r.detectedFormat == format)
    #expect(r.dataset.read == rows)
    #expect(r.dataset.processed + r.dataset.rejected == r.dataset.read)
    #expect(r.dataset.rejected == 0)
  }

  /// The Minnesota aggregates: Hennepin County 119 declined of 186 (DDP, via the source's table).
  @Test func hennepinCountyDeclines() throws {
    let store = try AuditStore(path: ":memory:")
    let r = try store.ingest(
      path: Fixture.data("ddp-minnesota-detainers/surge_detainers_by_liftreason.csv"),
      auditor: Fixture.auditor)
    let report = try AuditReport(store: store, results: [r], engine: Fixture.engine)
    let hennepin = try #require(report.byFacility.first { $0.facility == "HENNEPIN COUNTY ADC" })
    #expect(hennepin.counts.total == 186)
    #expect(hennepin.outcomes["Detainer Declined by LEA"] == 119)
    #expect(hennepin.outcomes["Booked into Detention"] == 13)
    // Minnesota's law is encoded for jail holds only (Esparza v. Nobles County, 2014–2025): the
    // records with a step by the jail are held against it and stay undetermined, because the
    // ledger leaves Minnesota's other actions unresearched; the rest show no step by the agency.
    #expect(hennepin.counts.undetermined == 132)
    #expect(hennepin.counts.outOfScope == 54)
    #expect(!report.outOfScope.contains { $0.reason.contains("US-MN") })
    #expect(
      report.undeterminedNeeds.contains { $0.need.hasPrefix("Minnesota (US-MN): its law is researched") })
  }

  /// The Pierce County charge rows make one event per booking.
  @Test func pierceBookings() throws {
    let store = try AuditStore(path: ":memory:")
    let r = try store.ingest(
      path: Fixture.data("uwchr-pierce-county-detainers/allholds_charges_redacted.csv"),
      auditor: Fixture.auditor)
    let events = try store.events(datasets: [r.dataset.id])
    #expect(events.count == 204)
    // Booking identifiers are re-keyed: none is stored as the file has it.
    #expect(events.allSatisfy { $0.event.personKey?.count == 32 })
    #expect(!events.contains { $0.event.personKey == "03a55422b1381c43fc08568528b5ed6c05410c67" })
  }
}

@Suite struct VerdictTests {
  static let header =
    "date,event,facility,place,agency,warrant,person_id,charges,convictions,final_order_of_removal,registries,federal_felony_warrant,proof_of_status\n"

  func audit(_ rows: String) throws -> (AuditReport, [AuditStore.StoredEvent]) {
    let dir = Fixture.tempDirectory()
    let path = Fixture.write(Self.header + rows, "events.csv", in: dir)
    let store = try AuditStore(path: ":memory:")
    let r = try store.ingest(path: path, auditor: Fixture.auditor)
    return (
      try AuditReport(store: store, results: [r], engine: Fixture.engine),
      try store.events(datasets: [r.dataset.id])
    )
  }

  @Test func theLawOfTheDayDecides() throws {
    let (report, events) = try audit(
      """
      2018-03-01,declined,TRAVIS COUNTY JAIL,US-TX/travis-county,jail,administrative,p1,none,none,false,none,false,
      2016-03-01,declined,TRAVIS COUNTY JAIL,US-TX/travis-county,jail,administrative,p2,none,none,false,none,false,false
      2019-05-01,transferred,SAN DIEGO COUNTY JAIL,US-CA,jail,administrative,p3,none,none,false,none,false,false
      2019-05-01,transferred,SAN DIEGO COUNTY JAIL,US-CA,jail,administrative,p4,none,CA PC 459|felony|2012-01-01|,false,none,false,false
      2020-01-10,declined,ESSEX COUNTY JAIL,US-NJ/essex-county,jail,administrative,p5,none,none,false,none,false,false
      2019-05-01,transferred,SAN DIEGO COUNTY JAIL,US-CA,jail,administrative,p6,,,,,,
      2012-01-01,declined,BUCKS CNTY JAIL,US-PA,jail,,p7,,,,,,
      2018-03-01,declined,HARRIS COUNTY JAIL,US-TX,jail,administrative,p8,none,none,false,none,false,false

      """)
    let v = events.map(\.verdict)
    // Texas after SB 4: declining is a violation of art. 2.251, unless proof of status was shown,
    // which the record does not say.
    #expect(v[0].status == .undetermined && v[0].needs.contains("person.proofOfStatus"))
    // Before SB 4 (2016) Texas law is not researched (the coverage ledger): the audit cannot call
    // the decline consistent, and says why.
    #expect(v[1].status == .undetermined && v[1].needs.contains { $0.contains("not researched") })
    // California, 2019: a transfer without a judicial warrant or a § 7282.5 conviction.
    #expect(v[2].status == .violation && v[2].rule == "us-ca.sb54.transfer.default")
    // A felony burglary within 15 years opens transfer under § 7282.5(a)(3).
    #expect(v[3].status == .consistent)
    #expect(v[4].status == .consistent)
    #expect(v[5].status == .undetermined && !v[5].needs.isEmpty)
    // Pennsylvania, 2012: before the ledger's first day, so not researched — undetermined, and why.
    #expect(v[6].status == .undetermined && v[6].needs.contains { $0.contains("not researched") })
    // Texas after SB 4, no proof of status: declining broke art. 2.251.
    #expect(v[7].status == .violation && v[7].rule == "us-tx.ccp2251.hold")
    #expect(report.verdicts.violation == 2)
    #expect(report.violationsByClause.map(\.cite).contains("Cal. Gov. Code § 7284.6(a)(4)"))
    // Stored facts read back as written: the re-judged verdicts equal the first ones.
    #expect(events[3].event.convictions?.first?.offense == "CA PC 459")
    #expect(events[3].event.registries == [])
  }

  @Test func declinedDetainerInTexasWithNoProofIsAViolation() throws {
    let dir = Fixture.tempDirectory()
    let path = Fixture.write(
      "date,event,facility,place,agency\n2018-03-01,declined,HARRIS COUNTY JAIL,US-TX,jail\n", "e.csv",
      in: dir)
    let store = try AuditStore(path: ":memory:")
    // The proof-of-status fact cannot come from this format, so the verdict stays open: the
    // engine, not the audit, decides what is known.
    let r = try store.ingest(path: path, auditor: Fixture.auditor)
    let e = try store.events(datasets: [r.dataset.id])
    #expect(e.first?.verdict.status == .undetermined)
  }
}

@Suite struct MalformedInputTests {
  @Test func emptyAndUnknownFilesGiveClearErrors() throws {
    let dir = Fixture.tempDirectory()
    let store = try AuditStore(path: ":memory:")
    let empty = Fixture.write("", "empty.csv", in: dir)
    #expect { try store.ingest(path: empty, auditor: Fixture.auditor) } throws: { e in
      (e as? DataError)?.message.contains("empty") == true
    }
    let unknown = Fixture.write("foo,bar\n1,2\n", "unknown.csv", in: dir)
    #expect { try store.ingest(path: unknown, auditor: Fixture.auditor) } throws: { e in
      (e as? DataError)?.message.contains("unknown layout") == true
    }
    #expect(throws: DataError.self) {
      try store.ingest(path: dir.appending(path: "missing.csv").path, auditor: Fixture.auditor)
    }
  }

  /// Truncated rows, bad dates, bad quoting and bad encoding are rejected with their row and
  /// reason; the rows around them are processed.
  @Test func badRowsAreRejectedAndCounted() throws {
    let dir = Fixture.tempDirectory()
    var bytes = Array(
      """
      date,lift_reason,det_facility,city,state,detainer_type
      2014-01-02 00:00:00,Booked into Detention,BUCKS CNTY JAIL,DOYLESTOWN,PENNSYLVANIA,
      2014-13-02,Booked into Detention,BUCKS CNTY JAIL,DOYLESTOWN,PENNSYLVANIA,
      2014-01-03,Lifted,BUCKS CNTY JAIL
      2014-01-04,Lifted,BUCKS "CNTY" JAIL,DOYLESTOWN,PENNSYLVANIA,

      """.utf8)
    bytes += [0x32, 0x30, 0x31, 0x34, 0x2C, 0xFF, 0x0A]  // "2014,\xFF\n"
    bytes += Array("2014-01-05,Lifted,BUCKS CNTY JAIL,DOYLESTOWN,PENNSYLVANIA,\n".utf8)
    let path = dir.appending(path: "bad.csv").path
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    let store = try AuditStore(path: ":memory:")
    let r = try store.ingest(path: path, auditor: Fixture.auditor)
    #expect(r.dataset.read == 6)
    #expect(r.dataset.processed == 2)
    #expect(r.dataset.rejected == 4)
    let reasons = try store.rejections(datasets: [r.dataset.id])
    #expect(reasons.map(\.row) == [2, 3, 4, 5])
    #expect(reasons[0].reason.contains("not a date"))
    #expect(reasons[1].reason.contains("truncated row"))
    #expect(reasons[2].reason.contains("quote"))
    #expect(reasons[3].reason.contains("UTF-8"))
  }
}

@Suite struct StorageTests {
  /// Ingesting the same file again reads nothing and adds nothing.
  @Test func reingestIsIncremental() throws {
    let dir = Fixture.tempDirectory()
    let db = dir.appending(path: "a.sqlite").path
    let file = Fixture.data("ddp-minnesota-detainers/st_cloud_denied.csv")
    let first = try AuditStore(path: db).ingest(path: file, auditor: Fixture.auditor)
    let store = try AuditStore(path: db)
    let second = try store.ingest(path: file, auditor: Fixture.auditor)
    #expect(first.mode == "new" && second.mode == "unchanged" && second.rowsThisRun == 0)
    #expect(try store.events(datasets: [second.dataset.id]).count == 22)
    #expect(try store.datasets().count == 1)
  }

  /// `kill -9` in the middle of an ingest, then run it again: every row once, none lost.
  @Test func killedIngestResumesWithoutDuplicatesOrLosses() throws {
    let accord = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(
      path: "accord")
    let binary = try #require(
      FileManager.default.isExecutableFile(atPath: accord.path) ? accord.path : nil,
      "the accord binary is built beside the tests (swift build --build-tests builds it)")
    let dir = Fixture.tempDirectory()
    let db = dir.appending(path: "k.sqlite").path
    let file = Fixture.data("npr-ice-detainers-fy2008-2015/detainers_FY15YTD_national.csv")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = ["audit", "--db", db, "--batch-size", "2000", "--format", "json", file]
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    // Wait for a few committed batches, then kill it without warning.
    var seen = ""
    while p.isRunning, seen.components(separatedBy: "rows committed").count < 4 {
      let chunk = err.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    #expect(p.isRunning, "the ingest finished before it could be killed")
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    #expect(p.terminationReason == .uncaughtSignal)
    let store = try AuditStore(path: db)
    let partial = try #require(try store.datasets().first)
    #expect(!partial.complete && partial.read > 0 && partial.read < 79_053)
    let resumed = try store.ingest(path: file, auditor: Fixture.auditor)
    #expect(resumed.mode == "resumed")
    #expect(resumed.rowsThisRun == 79_053 - partial.read)
    #expect(resumed.dataset.read == 79_053 && resumed.dataset.processed == 79_053)
    let events = try store.events(datasets: [resumed.dataset.id])
    #expect(events.count == 79_053)
    #expect(Set(events.map(\.event.row)).count == 79_053)
  }
}

@Suite struct ExampleTests {
  /// The README's examples: both of Accord's own formats, every row accounted for.
  @Test func accordFormats() throws {
    let store = try AuditStore(path: ":memory:")
    let csv = try store.ingest(
      path: Fixture.root.appending(path: "examples/audit-events.csv").path, auditor: Fixture.auditor)
    let jsonl = try store.ingest(
      path: Fixture.root.appending(path: "examples/audit-events.jsonl").path, auditor: Fixture.auditor)
    #expect(csv.detectedFormat == "accord-events-csv" && jsonl.detectedFormat == "accord-events-jsonl")
    #expect((csv.dataset.read, csv.dataset.processed, csv.dataset.rejected) == (9, 8, 1))
    #expect((jsonl.dataset.read, jsonl.dataset.processed, jsonl.dataset.rejected) == (4, 3, 1))
    let report = try AuditReport(store: store, results: [csv, jsonl], engine: Fixture.engine)
    #expect(report.read == report.processed + report.rejected)
    let html = report.html()
    #expect(html.contains("<svg"))
    // Offline: nothing is fetched (the SVG namespace URI is a name, not a request).
    #expect(!html.contains("src=") && !html.contains("href=\"http"))
    #expect(!html.contains("<script") && !html.contains("<link"))
    let json = try JSONReader.parse(report.json())
    guard case .number(let read)? = json["read"]?.value else {
      Issue.record("no read")
      return
    }
    #expect(Int(read) == 13)
  }
}
