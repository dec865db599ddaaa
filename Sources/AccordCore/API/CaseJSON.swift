extension Case {
  /// The case as INTERFACE.md's JSON; `Case(json:)` reads it back to an equal case.
  public func json(pretty: Bool = false) -> String {
    var w = JSONWriter(pretty: pretty)
    write(into: &w)
    return w.text
  }

  /// ``json(pretty:)`` (compact) as UTF-8 bytes.
  public func jsonBytes() -> [UInt8] {
    var w = JSONWriter()
    write(into: &w)
    return w.utf8
  }

  /// Writes the case as a JSON object (under `key` when given).
  public func write(into w: inout JSONWriter, key: String? = nil) {
    w.beginObject(key)
    w.string("date", date.description)
    w.string("place", place)
    writeScalars("", into: &w)
    if !agreements287g.isEmpty { w.stringArray("agreements287g", agreements287g) }
    if CaseWriter.ice.contains(where: { lanes[$0.lane] >= 0 }) {
      w.beginObject("ice")
      writeScalars("ice", into: &w)
      w.endObject()
    }
    w.beginObject("person")
    for (name, list) in [("charges", charges), ("convictions", convictions)] {
      guard let list else { continue }
      w.beginArray(name)
      for o in list {
        w.beginObject()
        if let v = o.offense { w.string("offense", v) }
        if let v = o.grade { w.string("grade", v.rawValue) }
        if let v = o.date { w.string("date", v.description) }
        if let v = o.tags { w.stringArray("tags", v) }
        if let v = o.probableCause { w.bool("probableCause", v) }
        w.endObject()
      }
      w.endArray()
    }
    if let registries { w.stringArray("registries", registries) }
    writeScalars("person", into: &w)
    w.endObject()
    w.endObject()
  }
}

/// The scalar facts of each JSON object, in the table's order.
enum CaseWriter {
  static let top = keys(in: "")
  static let ice = keys(in: "ice")
  static let person = keys(in: "person")
  static func keys(in section: String) -> [(key: String, lane: Int)] {
    FactTable.scalars(in: section).map { ($0.key, $0.lane!) }
  }
}

extension Case {
  fileprivate func writeScalars(_ section: String, into w: inout JSONWriter) {
    let facts = section == "" ? CaseWriter.top : section == "ice" ? CaseWriter.ice : CaseWriter.person
    for (key, lane) in facts {
      guard lanes[lane] >= 0 else { continue }
      if FactTable.laneValues[lane] == nil {
        w.bool(key, lanes[lane] == 1)
      } else if let v = choice(lane) {
        w.string(key, v)
      }
    }
  }
}
