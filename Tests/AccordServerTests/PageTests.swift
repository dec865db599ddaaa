import AccordAudit
import AccordCore
import AccordLaw
import AccordServer
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PageTests {
  static let engine = try! BundledLaw.engine()

  @Test func homeSaysWhatAccordIsAndLinksEveryPage() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.headers[.contentType] == "text/html; charset=utf-8")
        #expect(
          r.text.contains("Accord turns the law on local cooperation with federal immigration enforcement"))
        for link in [
          "/case", "/matrix", "/map", "/law", "/audits", "/agreements", "/simulate", "/openapi.json",
        ] {
          #expect(r.text.contains("href=\"\(link)\""))
        }
      }
    }
  }

  @Test func matrixShowsEveryPlaceAndFilters() async throws {
    let h = try await Harness()
    let c = Self.engine.compare(places: ["US-TX"], date: CivilDate(parsing: "2025-06-01")!, agency: "jail")
    try await h.run { client in
      try await client.execute(uri: "/matrix?date=2025-06-01&agency=jail", method: .get) { r in
        #expect(r.status == .ok)
        for p in Self.engine.places { #expect(r.text.contains(">\(p.id)</a>")) }
        #expect(r.text.contains(c.places[0].summary.replacingOccurrences(of: "'", with: "'")))
      }
      try await client.execute(
        uri: "/matrix?place=US-NJ&date=2025-06-01&profile=felony-3y/judicial", method: .get
      ) {
        r in
        #expect(r.status == .ok)
        #expect(r.text.contains("ICE (administrative) warrant"))
        #expect(r.text.components(separatedBy: "<td class=\"st ").count - 1 == 100)
      }
      try await client.execute(uri: "/matrix?place=US-ZZ", method: .get) { r in
        #expect(r.status == .badRequest)
        #expect(r.text.contains("unknown place"))
      }
    }
  }

  @Test func mapColoursEncodedStatesAndGreysTheRest() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/map?date=2025-06-01", method: .get) { r in
        #expect(r.status == .ok)
        // The 50 states, D.C. and the five territories.
        #expect(r.text.components(separatedBy: "<g id=\"tile-").count - 1 == 56)
        // Texas requires cooperation; California and New Jersey restrict it (their law encoded).
        #expect(r.text.contains("id=\"tile-TX\" data-score=\"-3\" data-coverage=\"encoded\""))
        #expect(r.text.contains("id=\"tile-CA\" data-score=\"3\" data-coverage=\"encoded\""))
        #expect(r.text.contains("id=\"tile-NJ\" data-score=\"3\" data-coverage=\"encoded\""))
        // Ohio's law is not researched: dark grey with a question mark, not a federal answer.
        #expect(r.text.contains("id=\"tile-OH\" data-score=\"0\" data-coverage=\"unresearched\""))
        #expect(r.text.contains(">OH?</text>"))
        // Nevada was researched and its one known law (NRS 211.007) speaks to questions and interviews only.
        #expect(r.text.contains("id=\"tile-NV\" data-score=\"0\" data-coverage=\"researched\""))
        #expect(r.text.contains("verified: no state law"))
      }
    }
  }

  @Test func coveragePageTellsTheKindsApart() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/coverage?date=2025-06-01", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("id=\"cov-US-OR\""))
        #expect(r.text.contains("data-coverage=\"unresearched\""))
        #expect(r.text.contains("data-coverage=\"encoded\""))
        #expect(r.text.contains("<b>States, D.C. and territories: 56</b>"))
      }
      try await client.execute(uri: "/coverage?date=not-a-date", method: .get) { r in
        #expect(r.status == .badRequest)
      }
      try await client.execute(uri: "/v1/coverage?date=2025-06-01", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.json?["absentFromLedger"]?.array.isEmpty == true)
        #expect((r.json?["jurisdictions"]?.array.count ?? 0) >= 64)
      }
    }
  }

  /// The interview page: one question per screen from the engine's interview, answers in the POST
  /// body, back and change, Spanish, and everything a user sends escaped.
  @Test func interviewPageAsksTheEnginesQuestionsInTurn() async throws {
    let h = try await Harness()
    let c = Case(date: CivilDate(parsing: "2025-06-01")!, place: "US-CA")
    let first = try #require(Self.engine.interview(c, actions: [.hold, .interviewAccess]).next)
    @Sendable func post(_ body: String) -> ByteBuffer { ByteBuffer(string: body) }
    let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    try await h.run { client in
      try await client.execute(uri: "/interview", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("name=place"))
        // 287(g) agreements are given at the start (a case stating none has none).
        #expect(r.text.contains("<input type=checkbox name=g287 value=WSO>"))
      }
      try await client.execute(
        uri: "/interview", method: .post, headers: headers,
        body: post("place=US-CA&date=2025-06-01&action=enter-287g&g287=JEM&g287=bogus")
      ) { r in
        #expect(r.text.contains("<input type=hidden name=g287 value=\"JEM\">"))
        #expect(!r.text.contains("bogus"))
      }
      let start = "place=US-CA&date=2025-06-01&action=hold&action=interview-access"
      try await client.execute(uri: "/interview", method: .post, headers: headers, body: post(start)) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("<input type=hidden name=q value=\"\(first.path)\">"))
        #expect(r.text.contains(first.fact.question.en))
      }
      try await client.execute(
        uri: "/interview", method: .post, headers: headers,
        body: post(start + "&lang=es&q=agency&qc=&answer=jail")
      ) { r in
        #expect(r.text.contains("¿Aceptó la persona una entrevista con ICE?"))
        #expect(r.text.contains("name=a value=\"agency||jail\""))
        #expect(r.text.contains("st-prohibited\">prohibited</td>"))
      }
      // Change the first answer: back to before it.
      try await client.execute(
        uri: "/interview", method: .post, headers: headers, body: post(start + "&a=agency%7C%7Cjail&back=0")
      ) { r in
        #expect(r.text.contains("<input type=hidden name=q value=\"\(first.path)\">"))
        #expect(!r.text.contains("name=a value="))
      }
      // A wrong answer is refused with the answers allowed, and what was sent is escaped.
      try await client.execute(
        uri: "/interview", method: .post, headers: headers,
        body: post(start + "&q=agency&qc=&answer=%3Cscript%3Ex%3C%2Fscript%3E")
      ) { r in
        #expect(r.status == .ok)
        #expect(!r.text.contains("<script>x"))
        #expect(r.text.contains("answer one of jail, police, state-prison, probation"))
      }
    }
    // The interview is not a decision on the record.
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 0))
  }

  /// The printed record: made from the interview's answers (or a case), logged like any decision,
  /// naming its committed log entry, in English and Spanish, with a link that keeps the answers
  /// out of the URL the server sees.
  @Test func decisionRecordNamesItsLogEntryAndEveryClause() async throws {
    let h = try await Harness()
    @Sendable func post(_ body: String) -> ByteBuffer { ByteBuffer(string: body) }
    let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    var c = Case(date: CivilDate(parsing: "2025-06-01")!, place: "US-CA")
    c.agency = "jail"
    c.detainer = true
    c.warrant = "administrative"
    let json = String(decoding: c.jsonBytes(), as: UTF8.self)
    let d = Self.engine.decide(c)
    let holdStatus = d[.hold].status
    let cite = try #require(d[.hold].because.first?.cite)
    let fields =
      "place=US-CA&date=2025-06-01&action=hold&a=agency%7C%7Cjail&a=ice.detainer%7C%7Ctrue&a=ice.warrant%7C%7Cadministrative"
    let decisionHash = SHA256.hash(data: d.jsonBytes()).map { String(format: "%02x", $0) }.joined()
    try await h.run { client in
      try await client.execute(uri: "/record", method: .post, headers: headers, body: post(fields)) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("<code class=hash>\(decisionHash)</code>"))
        #expect(r.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
        #expect(r.text.contains("<td class=\"st st-\(holdStatus.rawValue)\">\(holdStatus.rawValue)</td>"))
        #expect(r.text.contains(HTML.escape(cite)))
        #expect(r.text.contains("<code>\(Self.engine.version)</code>"))
        #expect(r.text.contains("Decision log entry</th><td>no. 1,"))
        // The answers ride in the link's fragment, never in a query the server would see;
        // decoded, the fragment gives back the fields posted.
        #expect(!r.text.contains("/interview?"))
        let link = r.text.components(separatedBy: "href=\"/interview#r=").dropFirst().first?
          .prefix { $0 != "\"" }
        var b64 = String(link ?? "").replacingOccurrences(of: "-", with: "+").replacingOccurrences(
          of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        let query = Data(base64Encoded: b64).map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(query == fields.replacingOccurrences(of: "date=2025-06-01", with: "date=2025-06-01&lang=en"))
      }
      // Spanish, from a case's JSON.
      try await client.execute(
        uri: "/record", method: .post, headers: headers,
        body: post("lang=es&case=\(json.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
      ) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("Registro de decisión"))
        #expect(r.text.contains("Hechos usados"))
        #expect(r.text.contains(">\(RecordPage.statusWord(holdStatus, .es))</td>"))
        #expect(r.text.contains("n.º 2,"))
      }
      // A case that cannot be read is a 400 naming where, and what was sent is escaped.
      try await client.execute(
        uri: "/record", method: .post, headers: headers,
        body: post(
          "case=\(#"{"date":"2025-06-01","place":"<script>x</script>"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        )
      ) { r in
        #expect(r.status == .badRequest)
        #expect(r.text.contains("line 1"))
        #expect(!r.text.contains("<script>x"))
      }
      try await client.execute(uri: "/static/accord.js", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("location.hash"))
      }
    }
    // Each record is a logged decision, and the log names the entry the page printed.
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 2))
    let entry = try #require(try await h.state.store.logEntry(decisionHash: decisionHash))
    #expect(entry.seq == 2)
  }

  @Test func caseExplorerDecidesTheFormsFactsWithCitations() async throws {
    let h = try await Harness()
    var c = Case(date: CivilDate(parsing: "2025-06-01")!, place: "US-NJ/essex-county")
    c.agency = "jail"
    c.detainer = true
    c.warrant = "administrative"
    c.convictions = [Offense(grade: .indictable, date: CivilDate(parsing: "2022-03-14")!, tags: [])]
    let d = Self.engine.decide(c)
    let query =
      "place=US-NJ%2Fessex-county&date=2025-06-01&agency=jail&detainer=yes&warrant=administrative&convictionGrade=indictable&convictionDate=2022-03-14"
    try await h.run { client in
      try await client.execute(uri: "/case?\(query)", method: .get) { r in
        #expect(r.status == .ok)
        for a in d.actions {
          #expect(r.text.contains("<tr id=\"action-\(a.action.rawValue)\">"))
          #expect(r.text.contains("st-\(a.status.rawValue)\">\(a.status.rawValue)</td>"))
          if let b = a.because.first {
            #expect(
              r.text.contains("href=\"/law/us-nj/immigrant-trust-directive.md#rule-\(b.rule)\"")
                || b.place == "US")
          }
        }
        #expect(r.text.contains("APPLIES"))
      }
      try await client.execute(uri: "/case?json=%7B%22place%22%3A1%7D", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("The case cannot be read"))
      }
    }
    #expect(try await h.state.store.verifyLog() == LogVerification(entries: 1))
  }

  /// Every citation any reference case yields lands on its rule's anchor in the law browser.
  @Test func everyCitationIsReachableInTheLawBrowser() async throws {
    let h = try await Harness()
    var byFile: [String: Set<String>] = [:]
    for date in ["2016-06-01", "2019-06-01", "2025-06-01", "2025-10-01"] {
      for agency in Case.agencies {
        let c = Self.engine.compare(
          places: Self.engine.places.map(\.id), date: CivilDate(parsing: date)!, agency: agency)
        for p in c.places {
          for d in p.decisions {
            for a in d.actions {
              for b in a.because {
                let path = String(b.source.dropFirst(4).prefix { $0 != ":" })
                byFile[path, default: []].insert(b.rule)
                byFile[path, default: []].insert("L" + String(b.source.split(separator: ":").last!))
              }
            }
          }
        }
      }
    }
    #expect(byFile.count >= 15)
    let files = byFile
    try await h.run { client in
      for (path, anchors) in files {
        try await client.execute(uri: "/law/\(path)", method: .get) { r in
          #expect(r.status == .ok, "\(path)")
          for a in anchors {
            let id = a.hasPrefix("L") && Int(a.dropFirst()) != nil ? a : "rule-\(a)"
            #expect(r.text.contains("id=\"\(id)\""), "\(path)#\(id)")
          }
        }
      }
    }
  }

  @Test func lawFileIsRenderedAsProseQuotesAndCode() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/law/us-nj/immigrant-trust-directive.md", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("<h1 id=\"L1\">New Jersey Attorney General"))
        #expect(r.text.contains("<blockquote>"))
        #expect(r.text.contains("<pre class=\"accord\">"))
        #expect(r.text.contains("id=\"rule-us-nj.itd.hold.indictable-5y\""))
        #expect(r.text.contains("<span class=kw>rule</span>"))
      }
      try await client.execute(uri: "/law", method: .get) { r in
        #expect(r.status == .ok)
        for f in Self.engine.files { #expect(r.text.contains("href=\"/law/\(f.path)\"")) }
      }
      try await client.execute(uri: "/law/us-nj/nothing.md", method: .get) { r in
        #expect(r.status == .notFound)
        #expect(r.headers[.contentType] == "text/html; charset=utf-8")
      }
    }
  }

  @Test func agreementsTimelineFromTheSheetsArchive() async throws {
    let h = try await Harness()
    try await h.run { client in
      try await client.execute(uri: "/agreements", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("287(g) agreements per month by model"))
        #expect(r.text.contains("<svg"))
        #expect(r.text.contains("Cape May") || r.text.contains("CAPE MAY"))
      }
      try await client.execute(uri: "/agreements/report", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.hasPrefix("<!doctype html>"))
      }
    }
    let missing = try await Harness { $0.agreementsDirectory = "/nonexistent" }
    try await missing.run { client in
      try await client.execute(uri: "/agreements", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("is not available"))
      }
    }
  }
}
