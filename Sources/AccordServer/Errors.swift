import AccordCore
import Hummingbird

/// An error the API answers with: a status and a JSON body naming what was wrong and, for a case,
/// where (`line`, `column`, `path`) and how to fix it (`help`).
///
/// ```json
/// {"error": {"status": 400, "message": "expected true or false, found a string",
///            "line": 3, "column": 17, "path": "ice.detainer", "help": "leave the field out if it is unknown"}}
/// ```
struct APIError: Error, HTTPResponseError {
  var status: HTTPResponse.Status
  var message: String
  var line: Int?
  var column: Int?
  var path: String?
  var help: String?
  /// Extra response headers (`WWW-Authenticate` on a 401).
  var headers: HTTPFields = [:]

  init(
    _ status: HTTPResponse.Status, _ message: String, line: Int? = nil, column: Int? = nil,
    path: String? = nil,
    help: String? = nil
  ) {
    self.status = status
    self.message = message
    self.line = line
    self.column = column
    self.path = path
    self.help = help
  }

  /// A case that could not be read.
  init(_ e: CaseError) {
    self.init(.badRequest, e.message, line: e.line, column: e.column, path: e.path, help: e.help)
  }

  /// The error object (without the `error` wrapper), written into `w`.
  func write(into w: inout JSONWriter, key: String?) {
    w.beginObject(key)
    w.int("status", Int(status.code))
    w.string("message", message)
    if let line { w.int("line", line) }
    if let column { w.int("column", column) }
    if let path { w.string("path", path) }
    if let help { w.string("help", help) }
    w.endObject()
  }

  var json: String {
    var w = JSONWriter()
    w.beginObject()
    write(into: &w, key: "error")
    w.endObject()
    return w.text
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    var response = Response.json(json, status: status)
    response.headers.append(contentsOf: headers)
    return response
  }

  static func unauthorized(_ message: String) -> APIError {
    var e = APIError(
      .unauthorized, message,
      help:
        "send `Authorization: Bearer TOKEN` with a token from `accord token create --role viewer|auditor|admin`"
    )
    e.headers[.wwwAuthenticate] = "Bearer realm=\"accord\""
    return e
  }
}

extension Response {
  /// A JSON response.
  static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// A JSON body already in UTF-8 bytes.
  static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  /// An HTML page.
  static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// A redirect after a form (303 See Other).
  static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
    var h = headers
    h[.location] = location
    return Response(status: .seeOther, headers: h)
  }
}
