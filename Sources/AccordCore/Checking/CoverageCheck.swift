/// Checks the coverage ledger: every entry's place, periods and known laws, and that its encoded
/// periods and the law files agree.
extension Checker {
  mutating func collectCoverage(_ parsed: [ParsedFile]) {
    var declared: [String: SourceLocation] = [:]
    for f in parsed {
      for d in f.coverage {
        let id = d.place.value
        guard library.places[id] != nil else {
          error(
            d.place.location, "unknown place `\(id)` in the coverage ledger",
            help: "declare it with a `place` block in places.md, or fix the ID")
          continue
        }
        if let first = declared[id] {
          error(
            d.place.location,
            "place `\(id)` has a second coverage entry (the first is at line \(first.line))",
            help: "keep one entry per place; give it several periods")
          continue
        }
        declared[id] = d.location
        let periods = checkPeriods(d)
        let known = d.known.compactMap { checkKnown($0) }
        library.coverage[id] = CoverageEntry(
          place: id, periods: periods.map(\.0), known: known,
          location: "\(d.location.file):\(d.location.line)")
        checkEncodedPeriods(id, periods)
      }
    }
    guard !library.coverage.isEmpty else { return }
    // Every place the library names has an entry; every law file lies inside an encoded period.
    for id in library.places.keys.sorted() where library.coverage[id] == nil {
      let declaring = parsed.first { $0.places.contains { $0.id.value == id } }
      let loc =
        declaring?.places.first { $0.id.value == id }?.id.location
        ?? SourceLocation(file: "places.md", line: 1, column: 1)
      error(
        loc, "place `\(id)` has no entry in the coverage ledger",
        help:
          "add `coverage \(id)` with its periods (encoded, researched, none or unresearched) to a file in law/coverage/"
      )
    }
    for file in library.files where file.ruleCount > 0 {
      guard let entry = library.coverage[file.place], let start = entry.periods.map(\.from).min() else {
        continue
      }
      // The part of the file's validity the ledger speaks to.
      let from = max(file.effective, start)
      if let u = file.until, u < from { continue }
      let encoded = entry.periods.filter { $0.status == .encoded }
      if let gap = firstUncovered(from: from, until: file.until, by: encoded.map { ($0.from, $0.until) }) {
        error(
          SourceLocation(file: file.path, line: 1, column: 1),
          "law file `\(file.path)` is in force on \(gap), outside every encoded period of \(file.place) in the coverage ledger",
          help: "mark that period `encoded` in \(entry.location), or fix the file's effective/until dates")
      }
    }
  }

  /// The first day in `from…until` (nil = open) that no range covers, or nil when all are covered.
  func firstUncovered(from: CivilDate, until: CivilDate?, by ranges: [(CivilDate, CivilDate?)]) -> CivilDate?
  {
    var day = from
    let sorted = ranges.sorted { $0.0 < $1.0 }
    while until.map({ day <= $0 }) ?? true {
      guard let r = sorted.first(where: { $0.0 <= day && ($0.1.map { day <= $0 } ?? true) }) else {
        return day
      }
      guard let end = r.1 else { return nil }
      day = CivilDate(days: end.days + 1)
    }
    return nil
  }

  /// The entry's valid periods, sorted, each with where it is written.
  mutating func checkPeriods(_ d: CoverageDecl) -> [(CoveragePeriod, SourceLocation)] {
    var out: [(CoveragePeriod, CoverageDecl.Period)] = []
    for p in d.periods {
      guard let status = CoverageStatus(rawValue: p.status.value) else {
        error(
          p.status.location, "unknown coverage status `\(p.status.value)`",
          help: "use encoded, researched, none or unresearched")
        continue
      }
      guard let fromWord = p.from else {
        error(p.location, "a period needs `from YYYY-MM-DD`", help: DeclarationParser.periodShape)
        continue
      }
      guard let from = date(fromWord, what: "from") else { continue }
      let until = date(p.until, what: "until")
      if p.until != nil, until == nil { continue }
      if let until, until < from {
        error(
          p.until!.location, "`until` \(until) is before `from` \(from)",
          help: "until is the last day of the period; swap or fix the dates")
        continue
      }
      let verified = date(p.verified, what: "verified")
      if status == .researched || status == .none {
        if p.source == nil {
          error(
            p.location, "a `\(status.rawValue)` period needs the `source` that records the research",
            help: "add `source \"FILE\"` naming a file under law/sources/")
        }
        if p.verified == nil {
          error(
            p.location, "a `\(status.rawValue)` period needs the date it was `verified`",
            help: "add `verified YYYY-MM-DD`")
        }
      }
      if let s = p.source { checkSourceName(s) }
      var actions: [Action]? = nil
      if !p.actions.isEmpty {
        let list = checkActions(p.actions).actions
        if status == .unresearched {
          error(
            p.location, "an `unresearched` period cannot name `actions`",
            help: "name the actions on the encoded, researched or none period; the others are unresearched")
        }
        actions = list
      }
      out.append(
        (
          CoveragePeriod(
            status: status, from: from, until: until, source: p.source?.value, verified: verified,
            actions: actions), p
        ))
    }
    out.sort { $0.0.from < $1.0.from }
    for (a, b) in zip(out, out.dropFirst()) {
      guard let end = a.0.until else {
        error(
          b.1.location, "period from \(b.0.from) overlaps the open-ended period from \(a.0.from)",
          help: "give the earlier period `until` the day before \(b.0.from)")
        continue
      }
      if b.0.from <= end {
        error(
          b.1.location, "period from \(b.0.from) overlaps the period \(a.0.from) to \(end)",
          help: "periods may not overlap: end the earlier one the day before")
      }
    }
    if out.isEmpty {
      error(
        d.location, "coverage entry for `\(d.place.value)` has no period",
        help: "add at least `period unresearched from 2014-01-01`")
    }
    return out.map { ($0.0, $0.1.location) }
  }

  /// The actions named, each once; an unknown one is an error (`allKnown` false).
  mutating func checkActions(_ words: [Located<String>]) -> (actions: [Action], allKnown: Bool) {
    var list: [Action] = []
    var allKnown = true
    for a in words {
      guard let action = Action(rawValue: a.value) else {
        error(
          a.location, "unknown action `\(a.value)`",
          help: "actions are \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
        allKnown = false
        continue
      }
      if !list.contains(action) { list.append(action) }
    }
    return (list, allKnown)
  }

  mutating func checkSourceName(_ s: Located<String>) {
    if !sourceNames.isEmpty, !sourceNames.contains(s.value) {
      error(
        s.location, "source file `\(s.value)` is not in law/sources/",
        help: "copy the source text there, or fix the file name")
    }
  }

  mutating func checkKnown(_ k: CoverageDecl.Known) -> KnownLaw? {
    let shape = DeclarationParser.knownShape
    var ok = true
    var direction = LawDirection.mixed
    if let d = k.direction, let v = LawDirection(rawValue: d.value) {
      direction = v
    } else {
      error(
        k.location, "known law \"\(k.citation)\" needs a direction: limits, requires or mixed", help: shape)
      ok = false
    }
    if k.encoded == nil {
      error(k.location, "known law \"\(k.citation)\" must say `encoded` or `not-encoded`", help: shape)
      ok = false
    }
    if let s = k.source {
      checkSourceName(s)
    } else {
      error(k.location, "known law \"\(k.citation)\" needs the `source` file it was read in", help: shape)
      ok = false
    }
    guard let fromWord = k.from else {
      error(
        k.location, "known law \"\(k.citation)\" needs `from YYYY-MM-DD` (the day it took effect)",
        help: shape)
      return nil
    }
    guard let from = date(fromWord, what: "from") else { return nil }
    let until = date(k.until, what: "until")
    if let until, until < from {
      error(
        k.until!.location, "`until` \(until) is before `from` \(from)", help: "until is the last day in force"
      )
      ok = false
    }
    let (actions, allKnown) = checkActions(k.actions)
    if !allKnown { ok = false }
    for a in k.agencies where !Case.agencies.contains(a.value) {
      error(
        a.location, "unknown agency kind `\(a.value)`",
        help: "agency kinds are \(Case.agencies.joined(separator: ", "))")
      ok = false
    }
    let governments = FactTable.values(of: "agencyGovernment")
    for g in k.governments where !governments.contains(g.value) {
      error(
        g.location, "unknown government `\(g.value)`",
        help: "governments are \(governments.joined(separator: ", ")) (the case fact agencyGovernment)")
      ok = false
    }
    guard ok else { return nil }
    return KnownLaw(
      citation: k.citation, direction: direction, from: from, until: until, encoded: k.encoded ?? false,
      source: k.source?.value ?? "", actions: actions.isEmpty ? Action.allCases : actions,
      agencies: k.agencies.isEmpty ? nil : k.agencies.map(\.value),
      governments: k.governments.isEmpty ? nil : k.governments.map(\.value))
  }

  /// An encoded period is covered, day by day, by the place's law files.
  mutating func checkEncodedPeriods(_ id: String, _ periods: [(CoveragePeriod, SourceLocation)]) {
    let files = (library.places[id]?.files ?? []).map { library.files[$0] }
    for (p, location) in periods where p.status == .encoded {
      if let gap = firstUncovered(from: p.from, until: p.until, by: files.map { ($0.effective, $0.until) }) {
        error(
          location,
          files.isEmpty
            ? "period from \(p.from) is `encoded` but \(id) has no law file"
            : "period from \(p.from) is `encoded` but no law file of \(id) is in force on \(gap)",
          help: "mark the uncovered dates `unresearched`, `researched` or `none`, or add the law file")
      }
    }
  }
}
