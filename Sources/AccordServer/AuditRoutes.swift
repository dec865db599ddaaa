import AccordAudit
import AccordCore
import AccordData
import Foundation
import Hummingbird

/// Audits are private: the API wants `Authorization: Bearer TOKEN`; the pages take the same token
/// once at /login and keep it in an HttpOnly, SameSite=Strict cookie.
func addAuditRoutes(_ router: Router<BasicRequestContext>, _ state: ServerState) {
  let limit = state.configuration.maxUploadBody

  router.post("/v1/audits") { request, _ in
    let role = try await state.authorize(request, .auditor)
    let bytes = try await bodyBytes(request, limit: limit, timeout: state.configuration.bodyTimeout)
    let query = FormData(query: request.uri.query)
    let (info, created) = try await state.ingestUpload(
      bytes, name: query["name"], contentType: request.headers[.contentType], role: role)
    return Response.json(auditJSON(info, created: created), status: created ? .created : .ok)
  }

  router.get("/v1/audits") { request, _ in
    _ = try await state.authorize(request, .viewer)
    var w = JSONWriter()
    w.beginObject()
    w.beginArray("audits")
    for a in try await state.store.audits() {
      w.beginObject()
      writeAudit(a, into: &w)
      w.endObject()
    }
    w.endArray()
    w.endObject()
    return Response.json(w.text)
  }

  router.get("/v1/audits/:id") { request, context in
    _ = try await state.authorize(request, .viewer)
    let audit = try await findAudit(context.parameters.get("id"), state)
    return Response.json(audit.json)
  }

  // MARK: Pages

  router.get("/login") { request, _ in
    let next = safeNext(FormData(query: request.uri.query)["next"])
    return Response.html(Pages.page("Sign in", loginForm(next: next, error: nil)))
  }

  router.post("/login") { request, _ in
    let form = FormData(
      query: try await bodyText(request, limit: 16 << 10, timeout: state.configuration.bodyTimeout))
    let next = safeNext(form["next"])
    let token = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    guard token.utf8.count <= 256, (try? await state.store.role(ofToken: token)) ?? nil != nil else {
      return Response.html(
        Pages.page("Sign in", loginForm(next: next, error: "That token is not valid.")), status: .unauthorized
      )
    }
    return Response.redirect(
      next, headers: [.setCookie: "accord_token=\(token); HttpOnly; SameSite=Strict; Path=/; Max-Age=43200"])
  }

  router.post("/logout") { _, _ in
    Response.redirect(
      "/", headers: [.setCookie: "accord_token=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"])
  }

  router.get("/audits") { request, _ in
    let role = try await pageRole(request, state, .viewer)
    return Response.html(Pages.page("Audits", try await auditsPage(role, state, error: nil)))
  }

  router.post("/audits") { request, _ in
    let role = try await pageRole(request, state, .auditor)
    try sameOrigin(request)
    let bytes = try await bodyBytes(
      request, limit: limit + (64 << 10), timeout: state.configuration.bodyTimeout)
    guard let boundary = Multipart.boundary(contentType: request.headers[.contentType]),
      let parts = Multipart.parse(bytes, boundary: boundary),
      let file = parts.first(where: { $0.name == "file" })
    else {
      throw APIError(.badRequest, "the upload form was not sent as multipart/form-data with a file")
    }
    do {
      let (info, _) = try await state.ingestUpload(
        file.data, name: file.filename, contentType: file.contentType, role: role)
      return Response.redirect("/audits/\(info.id)")
    } catch let e as APIError where e.status == .badRequest || e.status == .contentTooLarge {
      return Response.html(
        Pages.page(
          "Audits", try await auditsPage(role, state, error: e.message + (e.help.map { " (\($0))" } ?? ""))),
        status: e.status)
    }
  }

  router.get("/audits/:id") { request, context in
    _ = try await pageRole(request, state, .viewer)
    let audit = try await findAudit(context.parameters.get("id"), state)
    let body =
      "<p class=note><a href=\"/audits\">Audits</a> / \(HTML.escape(audit.info.name)) — <a href=\"/audits/\(audit.info.id)/report\">the report alone</a></p>"
      + reportBody(audit.html)
    return Response.html(Pages.page("Audit \(audit.info.id)", body))
  }

  router.get("/audits/:id/report") { request, context in
    _ = try await pageRole(request, state, .viewer)
    return Response.html(try await findAudit(context.parameters.get("id"), state).html)
  }
}

func findAudit(_ raw: String?, _ state: ServerState) async throws -> (
  info: AuditInfo, json: String, html: String
) {
  guard let raw, let id = Int64(raw), let audit = try await state.store.audit(id: id) else {
    throw APIError(.notFound, "no audit `\(raw ?? "")`", help: "GET /v1/audits lists the audits")
  }
  return audit
}

/// The inside of AccordAudit's report page, to embed in ours.
func reportBody(_ html: String) -> String {
  guard let start = html.range(of: "<body>"), let end = html.range(of: "</body>", options: .backwards),
    start.upperBound <= end.lowerBound
  else { return html }
  return String(html[start.upperBound..<end.lowerBound])
}

/// A `next` that stays on this site: a path of printable ASCII, with no whitespace, control
/// character or backslash anywhere (browsers drop tabs and newlines from URLs, so `/\t/host` would
/// become the protocol-relative `//host`), and not starting with `//`.
func safeNext(_ raw: String?) -> String {
  guard let raw, raw.utf8.count <= 2048, raw.hasPrefix("/"), !raw.hasPrefix("//"),
    raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") })
  else { return "/audits" }
  return raw
}

/// A form post must come from this site (the cookie is SameSite=Strict as well).
func sameOrigin(_ request: Request) throws {
  guard let origin = request.headers[.origin], origin != "null" else { return }
  let host = request.head.authority ?? ""
  let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(
    String.init)
  if originHost != host { throw APIError(.forbidden, "the form was posted from another site") }
}

/// The role of a page request's cookie (or bearer token).
func pageRole(_ request: Request, _ state: ServerState, _ needed: Role) async throws -> Role {
  if request.headers[.authorization] != nil { return try await state.authorize(request, needed) }
  guard let token = cookie("accord_token", in: request.headers[.cookie]), token.utf8.count <= 256,
    let role = try? await state.store.role(ofToken: token)
  else {
    throw APIError(
      .unauthorized, "audits are private: sign in with a token",
      help: "an administrator creates one with `accord token create --role viewer`")
  }
  guard role >= needed else {
    throw APIError(
      .forbidden,
      "\(role == .viewer ? "a" : "an") \(role.rawValue) token cannot do this; it needs \(needed == .viewer ? "a" : "an") \(needed.rawValue) token or higher"
    )
  }
  return role
}

func loginForm(next: String, error: String?) -> String {
  var h = "<h1>Sign in</h1>"
  if let error { h += "<p class=error>\(HTML.escape(error))</p>" }
  h +=
    "<p>Audit data and results are private. Paste the token an administrator gave you (<code>accord token create --role viewer|auditor|admin</code>); it is kept in a cookie for this site only.</p>"
  h +=
    "<form method=post action=\"/login\"><input type=hidden name=next value=\"\(HTML.escape(next))\"><label>token <input type=password name=token size=70 autocomplete=off required></label> <button>Sign in</button></form>"
  return h
}

func auditsPage(_ role: Role, _ state: ServerState, error: String?) async throws -> String {
  let e = HTML.escape
  var h =
    "<h1>Audits</h1><p>Signed in as <b>\(role.rawValue)</b>. <form method=post action=\"/logout\" style=\"display:inline\"><button>Sign out</button></form></p>"
  if let error { h += "<p class=error>\(e(error))</p>" }
  if role >= .auditor {
    h +=
      "<h2>Upload records</h2><p>Accord's event CSV or JSON Lines (<code>docs/EVENTS.md</code>), the Deportation Data Project's, NPR's, Pennsylvania's or Pierce County's files, or ICE's XLSX workbooks; up to \(state.configuration.maxUploadBody >> 20) MB. Every row is processed or rejected with its reason; person identifiers are stored only as keyed hashes.</p>"
    h +=
      "<form method=post action=\"/audits\" enctype=\"multipart/form-data\"><input type=file name=file required accept=\".csv,.jsonl,.json,.xlsx,.txt\"> <button>Audit</button></form>"
  }
  let audits = try await state.store.audits()
  h += "<h2>Uploaded (\(audits.count))</h2>"
  if audits.isEmpty { return h + "<p>None yet.</p>" }
  h +=
    "<table><tr><th>id</th><th>file</th><th>format</th><th>uploaded</th><th>rows read</th><th>rejected</th><th>consistent</th><th>violation</th><th>undetermined</th><th>out of scope</th></tr>"
  for a in audits {
    h +=
      "<tr><td><a href=\"/audits/\(a.id)\">\(a.id)</a></td><td>\(e(a.name))</td><td>\(e(a.format))</td><td>\(e(a.uploadedAt))</td><td class=n>\(a.read)</td><td class=n>\(a.rejected)</td><td class=n>\(a.consistent)</td><td class=n>\(a.violation)</td><td class=n>\(a.undetermined)</td><td class=n>\(a.outOfScope)</td></tr>"
  }
  return h + "</table>"
}

func writeAudit(_ a: AuditInfo, into w: inout JSONWriter) {
  w.int("id", Int(a.id))
  w.string("name", a.name)
  w.string("format", a.format)
  w.string("uploadedAt", a.uploadedAt)
  w.int("read", a.read)
  w.int("processed", a.processed)
  w.int("rejected", a.rejected)
  w.beginObject("verdicts")
  w.int("consistent", a.consistent)
  w.int("violation", a.violation)
  w.int("undetermined", a.undetermined)
  w.int("out-of-scope", a.outOfScope)
  w.endObject()
  w.string("lawVersion", a.lawVersion)
  w.string("report", "/v1/audits/\(a.id)")
}

func auditJSON(_ a: AuditInfo, created: Bool) -> String {
  var w = JSONWriter()
  w.beginObject()
  writeAudit(a, into: &w)
  w.bool("new", created)
  w.endObject()
  return w.text
}

extension ServerState {
  /// Ingests an uploaded file with the audit store and indexes its report. The same bytes
  /// uploaded again give the audit already made (`created` false).
  /// - Throws: ``APIError`` 400 when the file cannot be read as any known layout.
  func ingestUpload(_ bytes: [UInt8], name: String?, contentType: String?, role: Role) async throws -> (
    AuditInfo, created: Bool
  ) {
    guard !bytes.isEmpty else {
      throw APIError(.badRequest, "the upload is empty", help: "send the file's bytes as the request body")
    }
    let ext = Self.fileExtension(bytes, name: name, contentType: contentType)
    let base = Self.safeName(name, ext: ext)
    let (result, prefix) = try await onAuditQueue { try self.ingestFile(bytes, base: base, ext: ext) }
    if result.mode == "unchanged", let existing = try await store.audit(dataset: result.dataset.id) {
      return (existing, false)
    }
    let report = try await onAuditQueue {
      try AuditReport(store: self.auditStore, results: [result], engine: self.engine)
    }
    // The temporary folder means nothing to the reader: the report names the file as uploaded.
    let json = report.json().replacingOccurrences(of: prefix, with: "")
    let html = report.html().replacingOccurrences(of: HTML.escape(prefix), with: "")
    var info = AuditInfo(
      id: 0, dataset: result.dataset.id, name: "\(base).\(ext)", format: result.detectedFormat,
      uploadedAt: timestamp(Date()), read: result.dataset.read, processed: result.dataset.processed,
      rejected: result.dataset.rejected, consistent: report.verdicts.consistent,
      violation: report.verdicts.violation,
      undetermined: report.verdicts.undetermined, outOfScope: report.verdicts.outOfScope,
      lawVersion: engine.version)
    info.id = try await store.addAudit(info, role: role, json: json, html: html)
    return (info, true)
  }

  /// Runs blocking audit work on the audit queue, one job at a time, off Swift's cooperative
  /// threads.
  private func onAuditQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      auditQueue.async { continuation.resume(with: Result { try work() }) }
    }
  }

  static let uploadPrefix = "accord-upload-"

  /// Removes upload folders a crashed server left in the temporary directory (this user's only).
  static func sweepUploads() {
    let tmp = FileManager.default.temporaryDirectory
    let names = (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []
    for n in names where n.hasPrefix(uploadPrefix) {
      let path = tmp.appendingPathComponent(n).path
      guard
        let owner = (try? FileManager.default.attributesOfItem(atPath: path))?[.ownerAccountID] as? NSNumber,
        owner.uint32Value == getuid()
      else { continue }
      try? FileManager.default.removeItem(atPath: path)
    }
  }

  /// Writes the upload to a temporary file and ingests it; returns the result and the temporary
  /// folder's path prefix (to strip from the report).
  private func ingestFile(_ bytes: [UInt8], base: String, ext: String) throws -> (IngestResult, String) {
    // Uploads hold records about people: a folder only this user can enter, a file only this user
    // can read, removed on every path (and swept at start-up after a crash: ``sweepUploads()``).
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(Self.uploadPrefix)\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("\(base).\(ext)")
    guard
      FileManager.default.createFile(
        atPath: file.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
    else { throw APIError(.internalServerError, "the upload could not be stored for reading") }
    do {
      return (try auditStore.ingest(path: file.path, auditor: Auditor(engine: engine)), dir.path + "/")
    } catch let e as DataError {
      throw APIError(
        .badRequest, e.message, line: e.line == 0 ? nil : e.line, column: e.column == 0 ? nil : e.column,
        help: e.help)
    }
  }

  /// `xlsx` for a ZIP workbook, `jsonl` for JSON Lines, else what the name says, else `csv`.
  static func fileExtension(_ bytes: [UInt8], name: String?, contentType: String?) -> String {
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "xlsx" }
    let ext = name.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
    if ["csv", "jsonl", "json", "txt"].contains(ext) { return ext == "json" ? "jsonl" : ext }
    if let contentType, contentType.contains("json") { return "jsonl" }
    return "csv"
  }

  /// A file name with nothing but letters, digits, `.`, `-` and `_`, without its extension.
  static func safeName(_ name: String?, ext: String) -> String {
    let last = name.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? ""
    let kept = String(
      last.unicodeScalars.filter {
        CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0)
      }.prefix(80))
    return kept.isEmpty || kept.hasPrefix(".") ? "upload" : kept
  }
}
