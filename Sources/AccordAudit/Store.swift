import AccordCore
import Crypto
import Foundation
import GRDB

/// Ingested datasets, their events and verdicts, in SQLite (GRDB). Ingest is incremental (a file
/// already ingested under the same law version is not read again) and resumable: rows are
/// committed in batches, each with the rows it accounts for, so an ingest killed at any moment
/// resumes after the last committed batch with no duplicate and no lost row.
public final class AuditStore: Sendable {
  let db: DatabaseQueue
  /// The installation's secret for ``PersonKeys``.
  public let secret: [UInt8]

  /// Opens (creating if needed) the database at `path`; `":memory:"` for a throwaway one.
  public init(path: String) throws {
    db = path == ":memory:" ? try DatabaseQueue() : try DatabaseQueue(path: path)
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
          CREATE TABLE dataset (
            id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, format TEXT NOT NULL,
            rowsRead INTEGER NOT NULL DEFAULT 0, rowsProcessed INTEGER NOT NULL DEFAULT 0,
            rowsRejected INTEGER NOT NULL DEFAULT 0, complete INTEGER NOT NULL DEFAULT 0,
            lawVersion TEXT NOT NULL, ingestedAt TEXT NOT NULL);
          CREATE TABLE rowStatus (
            dataset INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE, row INTEGER NOT NULL,
            status TEXT NOT NULL, reason TEXT, PRIMARY KEY (dataset, row));
          CREATE TABLE event (
            id INTEGER PRIMARY KEY, dataset INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
            row INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL, until TEXT,
            facility TEXT NOT NULL, state TEXT, place TEXT, agency TEXT, warrant TEXT, heldHours INTEGER,
            personKey TEXT, facts TEXT, outcome TEXT NOT NULL, weight INTEGER NOT NULL,
            verdict TEXT NOT NULL, action TEXT, rule TEXT, cite TEXT, source TEXT, needs TEXT, reason TEXT NOT NULL,
            verdictPlace TEXT, UNIQUE (dataset, row, seq));
          CREATE INDEX eventByDataset ON event(dataset);
          """)
    }
    try migrator.migrate(db)
    secret = try db.write { db in
      if let s = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'personSecret'") {
        return Array(s)
      }
      let s = PersonKeys.randomSecret()
      try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('personSecret', ?)", arguments: [Data(s)])
      return s
    }
  }

  /// One dataset as stored.
  public struct DatasetInfo: Sendable, Equatable {
    public var id: Int64
    public var path: String
    public var sha256: String
    public var format: String
    public var read: Int
    public var processed: Int
    public var rejected: Int
    public var complete: Bool
    public var lawVersion: String
  }

  public func dataset(sha256: String) throws -> DatasetInfo? {
    try db.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE sha256 = ?", arguments: [sha256]).map(Self.info)
    }
  }

  public func datasets() throws -> [DatasetInfo] {
    try db.read { db in try Row.fetchAll(db, sql: "SELECT * FROM dataset ORDER BY id").map(Self.info) }
  }

  static func info(_ r: Row) -> DatasetInfo {
    DatasetInfo(
      id: r["id"], path: r["path"], sha256: r["sha256"], format: r["format"], read: r["rowsRead"],
      processed: r["rowsProcessed"], rejected: r["rowsRejected"], complete: r["complete"],
      lawVersion: r["lawVersion"])
  }

  func createDataset(path: String, sha256: String, format: String, lawVersion: String) throws -> Int64 {
    try db.write { db in
      try db.execute(
        sql: "INSERT INTO dataset (path, sha256, format, lawVersion, ingestedAt) VALUES (?, ?, ?, ?, ?)",
        arguments: [path, sha256, format, lawVersion, ISO8601DateFormatter().string(from: Date())])
      return db.lastInsertedRowID
    }
  }

  /// The highest data row already committed for a dataset (0 if none).
  func lastRow(_ dataset: Int64) throws -> Int {
    try db.read { db in
      try Int.fetchOne(db, sql: "SELECT MAX(row) FROM rowStatus WHERE dataset = ?", arguments: [dataset]) ?? 0
    }
  }

  /// Commits one batch: every row's status and the events its rows gave, and the running totals,
  /// in one transaction.
  func commit(
    _ dataset: Int64, rows: [(row: Int, status: String, reason: String?)], events: [(Event, Int, Verdict)],
    complete: Bool
  ) throws {
    try db.write { db in
      for r in rows {
        try db.execute(
          sql: "INSERT INTO rowStatus (dataset, row, status, reason) VALUES (?, ?, ?, ?)",
          arguments: [dataset, r.row, r.status, r.reason])
      }
      for (e, seq, v) in events {
        try db.execute(
          sql: """
            INSERT INTO event (dataset, row, seq, kind, date, until, facility, state, place, agency, warrant,
              heldHours, personKey, facts, outcome, weight, verdict, action, rule, cite, source, needs, reason,
              verdictPlace)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            dataset, e.row, seq, e.kind.rawValue, e.date.description, e.until?.description, e.facility,
            e.state,
            e.place, e.agency, e.warrant, e.heldHours, e.personKey, EventFacts(e).json, e.outcome, e.weight,
            v.status.rawValue, v.action, v.rule, v.cite, v.source, v.needs.joined(separator: "\n"), v.reason,
            v.place,
          ])
      }
      try db.execute(
        sql: """
          UPDATE dataset SET
            rowsRead = (SELECT COUNT(*) FROM rowStatus WHERE dataset = :d),
            rowsProcessed = (SELECT COUNT(*) FROM rowStatus WHERE dataset = :d AND status != 'rejected'),
            rowsRejected = (SELECT COUNT(*) FROM rowStatus WHERE dataset = :d AND status = 'rejected'),
            complete = :c
          WHERE id = :d
          """, arguments: ["d": dataset, "c": complete])
    }
  }

  /// Re-judges every stored event of a dataset under the engine's law (after the law changed).
  func rejudge(_ dataset: Int64, auditor: Auditor) throws {
    let rows = try db.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM event WHERE dataset = ?", arguments: [dataset])
    }
    try db.write { db in
      for r in rows {
        guard let e = Self.event(r) else { continue }
        let v = auditor.verdict(e)
        try db.execute(
          sql: """
            UPDATE event SET verdict = ?, action = ?, rule = ?, cite = ?, source = ?, needs = ?, reason = ?,
              verdictPlace = ? WHERE id = ?
            """,
          arguments: [
            v.status.rawValue, v.action, v.rule, v.cite, v.source, v.needs.joined(separator: "\n"), v.reason,
            v.place,
            r["id"] as Int64,
          ])
      }
      try db.execute(
        sql: "UPDATE dataset SET lawVersion = ? WHERE id = ?", arguments: [auditor.engine.version, dataset])
    }
  }

  /// An audited event as stored.
  public struct StoredEvent: Sendable {
    public var event: Event
    public var verdict: Verdict
  }

  /// Every stored event of the datasets, with its verdict, in file order.
  public func events(datasets ids: [Int64]) throws -> [StoredEvent] {
    try db.read { db in
      var out: [StoredEvent] = []
      for id in ids {
        let rows = try Row.fetchCursor(
          db, sql: "SELECT * FROM event WHERE dataset = ? ORDER BY row, seq", arguments: [id])
        while let r = try rows.next() {
          guard let e = Self.event(r) else { continue }
          let needs: String? = r["needs"]
          let v = Verdict(
            status: Verdict.Status(rawValue: r["verdict"]) ?? .undetermined, action: r["action"],
            rule: r["rule"],
            cite: r["cite"], source: r["source"],
            needs: needs.map { $0.split(separator: "\n").map(String.init) } ?? [],
            reason: r["reason"], place: r["verdictPlace"])
          out.append(StoredEvent(event: e, verdict: v))
        }
      }
      return out
    }
  }

  /// Rejected rows of the datasets: file, row, reason.
  public func rejections(datasets ids: [Int64]) throws -> [(file: String, row: Int, reason: String)] {
    try db.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT d.path AS path, r.row AS row, r.reason AS reason FROM rowStatus r JOIN dataset d ON d.id = r.dataset
          WHERE r.status = 'rejected' AND r.dataset IN (\(ids.map(String.init).joined(separator: ",")))
          ORDER BY r.dataset, r.row
          """
      ).map { (file: $0["path"], row: $0["row"], reason: $0["reason"] ?? "") }
    }
  }

  static func event(_ r: Row) -> Event? {
    guard let kind = Event.Kind(rawValue: r["kind"]), let date = CivilDate(parsing: r["date"] as String)
    else {
      return nil
    }
    var e = Event(
      kind: kind, date: date, facility: r["facility"], outcome: r["outcome"], file: "", row: r["row"])
    e.until = (r["until"] as String?).flatMap { CivilDate(parsing: $0) }
    e.state = r["state"]
    e.place = r["place"]
    e.agency = r["agency"]
    e.warrant = r["warrant"]
    e.heldHours = r["heldHours"]
    e.personKey = r["personKey"]
    e.weight = r["weight"]
    if let facts: String = r["facts"] { EventFacts.parse(facts)?.apply(to: &e) }
    return e
  }
}

/// The facts of an event about the person, stored as JSON beside the event.
struct EventFacts {
  var charges: [Offense]?
  var convictions: [Offense]?
  var finalOrderOfRemoval: Bool?
  var registries: [String]?
  var federalFelonyWarrant: Bool?
  var federalCriminalCustody: Bool?
  var proofOfStatus: Bool?
  var terroristScreeningMatch: Bool?
  var agreements287g: [String]?
  var criminality: String?
  var city: String?
  var detainerType: String?

  init(_ e: Event) {
    charges = e.charges
    convictions = e.convictions
    finalOrderOfRemoval = e.finalOrderOfRemoval
    registries = e.registries
    federalFelonyWarrant = e.federalFelonyWarrant
    federalCriminalCustody = e.federalCriminalCustody
    proofOfStatus = e.proofOfStatus
    terroristScreeningMatch = e.terroristScreeningMatch
    agreements287g = e.agreements287g
    criminality = e.criminality
    city = e.city
    detainerType = e.detainerType
  }

  func apply(to e: inout Event) {
    e.charges = charges
    e.convictions = convictions
    e.finalOrderOfRemoval = finalOrderOfRemoval
    e.registries = registries
    e.federalFelonyWarrant = federalFelonyWarrant
    e.federalCriminalCustody = federalCriminalCustody
    e.proofOfStatus = proofOfStatus
    e.terroristScreeningMatch = terroristScreeningMatch
    e.agreements287g = agreements287g
    e.criminality = criminality
    e.city = city
    e.detainerType = detainerType
  }

  /// A case-shaped JSON object, read back with AccordCore's own case reader.
  var json: String {
    var w = JSONWriter(pretty: false)
    w.beginObject()
    w.string("date", "2000-01-01")
    w.string("place", "US")
    if let v = agreements287g { w.stringArray("agreements287g", v) }
    if let v = federalFelonyWarrant {
      w.beginObject("ice")
      w.bool("federalFelonyWarrant", v)
      w.endObject()
    }
    w.beginObject("person")
    for (key, list) in [("charges", charges), ("convictions", convictions)] {
      guard let list else { continue }
      w.beginArray(key)
      for o in list {
        w.beginObject()
        if let v = o.offense { w.string("offense", v) }
        if let v = o.grade { w.string("grade", v.rawValue) }
        if let v = o.date { w.string("date", v.description) }
        if let v = o.tags { w.stringArray("tags", v) }
        w.endObject()
      }
      w.endArray()
    }
    if let v = finalOrderOfRemoval { w.bool("finalOrderOfRemoval", v) }
    if let v = registries { w.stringArray("registries", v) }
    if let v = federalCriminalCustody { w.bool("federalCriminalCustody", v) }
    if let v = proofOfStatus { w.bool("proofOfStatus", v) }
    if let v = terroristScreeningMatch { w.bool("terroristScreeningMatch", v) }
    w.endObject()
    if let v = criminality { w.string("criminality", v) }
    if let v = city { w.string("city", v) }
    if let v = detainerType { w.string("detainerType", v) }
    w.endObject()
    return w.text
  }

  static func parse(_ text: String) -> EventFacts? {
    guard let root = try? JSONReader.parse(text) else { return nil }
    var f = EventFacts(
      Event(kind: .detainerReceived, date: CivilDate(days: 0), facility: "", outcome: "", file: "", row: 0))
    if case .object(let members) = root.value {
      for m in members {
        if case .string(let s) = m.value.value {
          switch m.key {
          case "criminality": f.criminality = s
          case "city": f.city = s
          case "detainerType": f.detainerType = s
          default: break
          }
        }
      }
    }
    // The person's facts through the case reader, so stored facts read exactly as input does.
    var stripped = root
    if case .object(let members) = root.value {
      stripped.value = .object(
        members.filter { ["date", "place", "person", "ice", "agreements287g"].contains($0.key) })
    }
    if let c = try? Case(node: stripped) {
      f.charges = c.charges
      f.convictions = c.convictions
      f.finalOrderOfRemoval = c.finalOrderOfRemoval
      f.registries = c.registries
      f.federalFelonyWarrant = c.federalFelonyWarrant
      f.federalCriminalCustody = c.federalCriminalCustody
      f.proofOfStatus = c.proofOfStatus
      f.terroristScreeningMatch = c.terroristScreeningMatch
      f.agreements287g = members(root).contains("agreements287g") ? c.agreements287g : nil
    }
    return f
  }
}

/// The keys of a JSON object.
private func members(_ n: JSONNode) -> [String] {
  if case .object(let m) = n.value { return m.map(\.key) }
  return []
}

/// SHA-256 of a file's bytes, hex.
func sha256(_ bytes: [UInt8]) -> String {
  SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}
