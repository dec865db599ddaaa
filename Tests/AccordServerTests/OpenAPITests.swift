import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct OpenAPITests {
  /// `GET /law/**` is the document's `/law/{file}`.
  static func documented(_ route: String) -> String { route.replacingOccurrences(of: "/**", with: "/{file}") }

  /// Every route the router has is in /openapi.json with its method, and every operation the
  /// document names is a route.
  @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
    let h = try await Harness()
    let router = buildRouter(h.state)
    let routes = Set(router.routes.map { "\($0.method.rawValue) \(Self.documented($0.path.description))" })
    let document = try await h.run { client in
      try await client.execute(uri: "/openapi.json", method: .get) { r in
        #expect(r.status == .ok)
        return r.text
      }
    }
    let root = try JSONReader.parse(document)
    #expect(root["openapi"]?.string?.hasPrefix("3.") == true)
    var operations = Set<String>()
    for path in root["paths"]?.keys ?? [] {
      for method in root["paths"]?[path]?.keys ?? [] { operations.insert("\(method.uppercased()) \(path)") }
    }
    #expect(routes.subtracting(operations).sorted() == [], "routes missing from the document")
    #expect(operations.subtracting(routes).sorted() == [], "documented operations with no route")
    #expect(routes.count >= 25)
    // Every `$ref` points at a schema the document defines.
    let schemas = Set(root["components"]?["schemas"]?.keys ?? [])
    var refs: [String] = []
    func walk(_ n: JSONNode) {
      switch n.value {
      case .object(let members):
        for m in members {
          if m.key == "$ref", let s = m.value.string { refs.append(s) } else { walk(m.value) }
        }
      case .array(let items): items.forEach(walk)
      default: break
      }
    }
    walk(root)
    #expect(!refs.isEmpty)
    for r in refs { #expect(schemas.contains(String(r.dropFirst("#/components/schemas/".count))), "\(r)") }
  }
}
