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
    if let agency { w.string("agency", agency) }
    if !agreements287g.isEmpty { w.stringArray("agreements287g", agreements287g) }
    if detainer != nil || warrant != nil || federalFelonyWarrant != nil {
      w.beginObject("ice")
      if let detainer { w.bool("detainer", detainer) }
      if let warrant { w.string("warrant", warrant) }
      if let federalFelonyWarrant { w.bool("federalFelonyWarrant", federalFelonyWarrant) }
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
    let booleans: [(String, Bool?)] = [
      ("finalOrderOfRemoval", finalOrderOfRemoval), ("terroristScreeningMatch", terroristScreeningMatch),
      ("requestedByPerson", requestedByPerson), ("federalCriminalCustody", federalCriminalCustody),
      ("proofOfStatus", proofOfStatus), ("statusRelevantToInvestigation", statusRelevantToInvestigation),
      ("reentryAfterRemoval", reentryAfterRemoval),
    ]
    for (k, v) in booleans { if let v { w.bool(k, v) } }
    if let registries { w.stringArray("registries", registries) }
    if let interviewConsent { w.string("interviewConsent", interviewConsent) }
    if let counsel { w.string("counsel", counsel) }
    w.endObject()
    w.endObject()
  }
}
