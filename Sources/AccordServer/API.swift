import AccordCore
import Foundation
import Hummingbird

/// The JSON API under `/v1` (audits are in AuditRoutes.swift).
func addAPIRoutes(_ router: Router<BasicRequestContext>, _ state: ServerState) {
  let configuration = state.configuration

  router.get("/v1/health") { _, _ in Response.json(#"{"status":"ok"}"#) }

  router.post("/v1/decide") { request, _ in
    let text = try await bodyText(
      request, limit: configuration.maxDecideBody, timeout: configuration.bodyTimeout)
    let (_, json) = try await state.decide(try readCase(text))
    return Response.json(bytes: json)
  }

  router.post("/v1/interview") { request, _ in
    let text = try await bodyText(
      request, limit: configuration.maxDecideBody, timeout: configuration.bodyTimeout)
    let (c, actions, skip) = try readInterview(text)
    return Response.json(state.engine.interview(c, actions: actions, skipping: skip).json(pretty: false))
  }

  router.post("/v1/decide/batch") { request, _ in
    let text = try await bodyText(
      request, limit: configuration.maxBatchBody, timeout: configuration.bodyTimeout)
    return Response.json(try await decideBatch(text, state))
  }

  router.get("/v1/places") { _, _ in Response.json(placesJSON(state.engine)) }
  router.get("/v1/coverage") { request, _ in
    let query = FormData(query: request.uri.query)
    return Response.json(
      state.engine.coverageReport(on: try dateParameter(query["date"])).json(pretty: false))
  }

  router.get("/v1/compare") { request, _ in
    let query = FormData(query: request.uri.query)
    let places = try placeList(query["places"], state)
    let date = try dateParameter(query["date"])
    let agency = try agencyParameter(query["agency"])
    return Response.json(state.engine.compare(places: places, date: date, agency: agency).json(pretty: false))
  }

  router.get("/v1/law/:state") { _, context in
    try Response.json(lawJSON(context.parameters.require("state"), state))
  }
  router.get("/v1/law/:state/:local") { _, context in
    let place = try context.parameters.require("state") + "/" + context.parameters.require("local")
    return try Response.json(lawJSON(place, state))
  }

  router.get("/v1/log/verify") { request, _ in
    _ = try await state.authorize(request, .admin)
    let v = try await state.store.verifyLog()
    var w = JSONWriter()
    w.beginObject()
    w.bool("intact", v.isIntact)
    w.int("entries", v.entries)
    if let bad = v.firstBadEntry { w.int("firstBadEntry", Int(bad)) }
    if let p = v.problem { w.string("problem", p) }
    w.endObject()
    return Response.json(w.text)
  }
}

/// An interview request: `{"case": {…}, "actions": ["hold"], "skip": ["person.proofOfStatus"]}`,
/// or a 400 naming what is wrong.
func readInterview(_ text: String) throws -> (Case, [Action]?, Set<String>) {
  let node: JSONNode
  do {
    node = try JSONReader.parse(text)
  } catch {
    throw APIError(.badRequest, error.message, line: error.line, column: error.column)
  }
  guard case .object(let members) = node.value else {
    throw APIError(.badRequest, "expected an object", line: node.line, column: node.column)
  }
  for m in members where !["case", "actions", "skip"].contains(m.key) {
    throw APIError(
      .badRequest, "unknown field `\(m.key)`", line: m.value.line, column: m.value.column, path: m.key,
      help: "fields are case, actions, skip")
  }
  guard let caseNode = node["case"] else {
    throw APIError(
      .badRequest, "no `case`", path: "case", help: "send {\"case\": {\"date\": …, \"place\": …}}")
  }
  let c: Case
  do {
    c = try Case(node: caseNode)
  } catch {
    throw APIError(
      .badRequest, error.message, line: error.line, column: error.column,
      path: error.path.isEmpty ? "case" : "case.\(error.path)", help: error.help)
  }
  func strings(_ key: String) throws -> [String]? {
    guard let n = node[key] else { return nil }
    guard case .array(let items) = n.value else {
      throw APIError(
        .badRequest, "`\(key)` must be an array of strings", line: n.line, column: n.column, path: key)
    }
    return try items.enumerated().map { i, item in
      guard case .string(let s) = item.value else {
        throw APIError(
          .badRequest, "expected a string", line: item.line, column: item.column, path: "\(key)[\(i)]")
      }
      return s
    }
  }
  var actions: [Action]?
  if let names = try strings("actions") {
    actions = try names.enumerated().map { i, name in
      guard let a = Action(rawValue: name) else {
        throw APIError(
          .badRequest, "unknown action `\(name)`", path: "actions[\(i)]",
          help: "actions are \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      return a
    }
  }
  return (c, actions, Set(try strings("skip") ?? []))
}

/// A case from JSON text, or a 400 naming where it went wrong.
func readCase(_ text: String) throws -> Case {
  do {
    return try Case(json: text)
  } catch {
    throw APIError(error)
  }
}

/// The request's body as text, refused with 413 past `limit` bytes.
func bodyText(_ request: Request, limit: Int, timeout: Duration = .seconds(60)) async throws -> String {
  String(decoding: try await bodyBytes(request, limit: limit, timeout: timeout), as: UTF8.self)
}

/// The request's body, refused with 413 past `limit` bytes (before reading it, when the client
/// says its length).
func bodyBytes(_ request: Request, limit: Int, timeout: Duration = .seconds(60)) async throws -> [UInt8] {
  let tooLarge = APIError(
    .contentTooLarge, "the request body is larger than this endpoint accepts (\(limit) bytes)",
    help: "split the input into smaller requests")
  if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
  let body = request.body
  do {
    return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
      group.addTask { Array(try await body.collect(upTo: limit).readableBytesView) }
      group.addTask {
        try await Task.sleep(for: timeout)
        return nil
      }
      defer { group.cancelAll() }
      guard let first = try await group.next(), let bytes = first else {
        throw APIError(
          .requestTimeout, "the request body did not arrive within \(timeout)",
          help: "send the whole body at once; large inputs go in several requests")
      }
      return bytes
    }
  } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
    throw tooLarge
  } catch let e as APIError {
    throw e
  } catch is CancellationError {
    throw CancellationError()
  } catch {
    // Malformed chunked framing, a body shorter than its Content-Length, a dropped connection.
    throw APIError(
      .badRequest, "the request body could not be read: it is malformed or cut short",
      help: "send a complete body whose length matches Content-Length, or valid chunked framing")
  }
}

/// A batch: a JSON array of cases, or JSON Lines (one case per line). Each case gives its
/// decision or its own error; the request fails only if the whole body is unreadable or holds
/// more cases than the limit.
func decideBatch(_ text: String, _ state: ServerState) async throws -> String {
  let limit = state.configuration.maxBatchCases
  var items: [Result<Case, APIError>] = []
  let first = text.utf8.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
  if first == UInt8(ascii: "[") {
    let root: JSONNode
    do {
      root = try JSONReader.parse(text)
    } catch {
      throw APIError(
        .badRequest, error.message, line: error.line, column: error.column, path: "",
        help: "send a JSON array of cases, or one case per line (JSON Lines)")
    }
    guard case .array(let nodes) = root.value else { throw APIError(.badRequest, "expected an array") }
    if nodes.count > limit { throw tooManyCases(nodes.count, limit) }
    for (i, node) in nodes.enumerated() {
      do {
        items.append(.success(try Case(node: node)))
      } catch {
        var e = APIError(error)
        e.path = "[\(i)]" + (error.path.isEmpty ? "" : "." + error.path)
        items.append(.failure(e))
      }
    }
  } else {
    let lines = text.textLines()
    var count = 0
    for (n, line) in lines.enumerated() {
      if line.allSatisfy({ $0 == " " || $0 == "\r" || $0 == "\t" }) { continue }
      count += 1
      if count > limit { throw tooManyCases(lines.count(where: { !$0.allSatisfy(\.isWhitespace) }), limit) }
      do {
        items.append(.success(try Case(json: String(line))))
      } catch {
        var e = APIError(error)
        e.line = n + 1
        items.append(.failure(e))
      }
    }
  }
  var results: [String] = []
  results.reserveCapacity(items.count)
  var served: [(Case, [UInt8])] = []
  for item in items {
    switch item {
    case .success(let c):
      let json = state.engine.decide(c).jsonBytes()
      served.append((c, json))
      results.append(String(decoding: json, as: UTF8.self))
    case .failure(let e):
      var w = JSONWriter()
      w.beginObject()
      e.write(into: &w, key: "error")
      w.endObject()
      results.append(w.text)
    }
  }
  try await state.append(served, lawVersion: state.engine.version)
  var head = JSONWriter()
  head.beginObject()
  head.int("read", items.count)
  head.int("decided", served.count)
  head.int("rejected", items.count - served.count)
  head.string("lawVersion", state.engine.version)
  head.endObject()
  // `{"read":…,"lawVersion":"…"` + `,"results":[…]}`: decisions go in exactly as /v1/decide gives them.
  return String(head.text.dropLast()) + ",\"results\":[" + results.joined(separator: ",") + "]}"
}

func tooManyCases(_ count: Int, _ limit: Int) -> APIError {
  APIError(
    .contentTooLarge, "the batch holds \(count) cases; the limit is \(limit)",
    help: "send at most \(limit) cases per request")
}

/// `places=US-NJ,US-CA` (empty: every place), each a declared place.
func placeList(_ raw: String?, _ state: ServerState) throws -> [String] {
  guard let raw, !raw.isEmpty else { return state.engine.places.map(\.id) }
  let places = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
    !$0.isEmpty
  }
  for p in places where !state.placeIDs.contains(p) {
    throw APIError(
      .badRequest, "unknown place `\(p)`", path: "places",
      help: "GET /v1/places lists the places the library declares")
  }
  return places
}

/// `date=YYYY-MM-DD`, today (UTC) when absent.
func dateParameter(_ raw: String?) throws -> CivilDate {
  guard let raw, !raw.isEmpty else { return today() }
  guard let d = CivilDate(parsing: raw) else {
    throw APIError(
      .badRequest, "`\(raw)` is not a date", path: "date", help: "write YYYY-MM-DD, e.g. 2025-06-01")
  }
  return d
}

/// `agency=jail|police|state-prison|probation`, a jail when absent.
func agencyParameter(_ raw: String?) throws -> String {
  guard let raw, !raw.isEmpty else { return "jail" }
  guard Case.agencies.contains(raw) else {
    throw APIError(
      .badRequest, "unknown agency `\(raw)`", path: "agency",
      help: "use one of \(Case.agencies.joined(separator: ", "))")
  }
  return raw
}

/// Today's date in UTC.
func today() -> CivilDate {
  CivilDate(days: Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
}

func writeFile(_ f: LawFile, into w: inout JSONWriter) {
  w.string("path", f.path)
  w.string("place", f.place)
  w.string("title", f.title)
  w.string("source", "sources/" + f.source)
  w.string("completeness", f.completeness.rawValue)
  w.string("verified", f.verified.description)
  w.string("effective", f.effective.description)
  if let u = f.until { w.string("until", u.description) } else { w.null("until") }
  w.stringArray("gaps", f.gaps)
  w.int("rules", f.ruleCount)
  w.string("url", "/law/" + f.path)
}

/// Every place with its level, parent, chain and law files' provenance.
func placesJSON(_ engine: Engine) -> String {
  var w = JSONWriter()
  w.beginObject()
  w.string("lawVersion", engine.version)
  w.beginArray("places")
  for p in engine.places {
    w.beginObject()
    w.string("id", p.id)
    w.string("name", p.name)
    w.string("level", p.level.rawValue)
    if let parent = p.parent { w.string("parent", parent) } else { w.null("parent") }
    w.stringArray("chain", engine.chain(for: p.id))
    w.beginArray("files")
    for i in p.files {
      w.beginObject()
      writeFile(engine.files[i], into: &w)
      w.endObject()
    }
    w.endArray()
    w.endObject()
  }
  w.endArray()
  w.string("disclaimer", Decision.disclaimer)
  w.endObject()
  return w.text
}

/// A place's law files: provenance, the file's text and its source's text.
func lawJSON(_ place: String, _ state: ServerState) throws -> String {
  let engine = state.engine
  guard let info = engine.places.first(where: { $0.id == place }) else {
    throw APIError(
      .notFound, "no place `\(place)` in the library", path: "place",
      help: "GET /v1/places lists the places the library declares")
  }
  var w = JSONWriter()
  w.beginObject()
  w.string("place", info.id)
  w.string("name", info.name)
  w.string("level", info.level.rawValue)
  w.stringArray("chain", engine.chain(for: info.id))
  w.string("lawVersion", engine.version)
  w.beginArray("files")
  for i in info.files {
    let f = engine.files[i]
    w.beginObject()
    writeFile(f, into: &w)
    w.string("text", state.lawTexts[f.path] ?? "")
    if let source = state.lawTexts["sources/" + f.source] {
      w.string("sourceText", source)
    } else {
      w.null("sourceText")
    }
    w.endObject()
  }
  w.endArray()
  w.string("disclaimer", Decision.disclaimer)
  w.endObject()
  return w.text
}
