import AccordCore
import AccordLaw
import ArgumentParser
import Foundation

@main
struct Accord: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Executable, cited, date-versioned law of local cooperation with federal immigration enforcement.",
    discussion: Decision.disclaimer,
    subcommands: [
      Decide.self, Explain.self, Record.self, Check.self, Places.self, Coverage.self, Facts.self,
      Interview.self,
      Compare.self, Diff.self,
      Prove.self,
      Audit.self,
      Agreements.self, Lists.self,
      Simulate.self,
      Serve.self, Token.self, Log.self,
      Bench.self,
    ]
  )
}

/// Options shared by commands that read a law library.
struct LawOptions: ParsableArguments {
  @Option(name: .long, help: "Law directory (default: the bundled library).")
  var law: String?

  func engine() throws -> Engine {
    do {
      if let law { return try Engine(directory: law) }
      return try BundledLaw.engine()
    } catch let e as LawLoadError {
      FileHandle.standardError.write(Data((e.description + "\n").utf8))
      throw ExitCode(2)
    }
  }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

/// The most a single input (a case, a batch, a law or data file given by path or on standard input)
/// may hold: `decide - < /dev/zero` ends with an error, not with the machine's memory.
let maxInputBytes = 256 << 20

/// The bytes of a file, or of standard input for `-`, up to ``maxInputBytes``.
func readInputBytes(_ path: String) throws -> [UInt8] {
  let handle: FileHandle
  if path == "-" {
    handle = FileHandle.standardInput
  } else {
    var directory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
      throw ValidationError("cannot read `\(path)`: no such file")
    }
    if directory.boolValue { throw ValidationError("`\(path)` is a directory, not a file") }
    guard let h = FileHandle(forReadingAtPath: path) else {
      throw ValidationError("cannot read `\(path)`: permission denied or not a regular file")
    }
    handle = h
  }
  var out: [UInt8] = []
  while true {
    guard let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
    out += chunk
    if out.count > maxInputBytes {
      throw ValidationError(
        "`\(path == "-" ? "standard input" : path)` holds more than \(maxInputBytes >> 20) MB: split the input"
      )
    }
  }
  return out
}

/// A file's text (or standard input's): it must be UTF-8, and the error says where it is not.
func readInput(_ path: String) throws -> String {
  let bytes = try readInputBytes(path)
  if let bad = firstInvalidUTF8(bytes) {
    throw ValidationError(
      "\(path == "-" ? "<stdin>" : path):\(bad.line):\(bad.column): not valid UTF-8 (byte 0x\(String(bytes[bad.offset], radix: 16))): save it as UTF-8"
    )
  }
  return String(decoding: bytes, as: UTF8.self)
}

/// Where the first byte that breaks UTF-8 is: offset, 1-based line and column (in bytes).
func firstInvalidUTF8(_ bytes: some Collection<UInt8>) -> (offset: Int, line: Int, column: Int)? {
  var line = 1
  var lineStart = 0
  var i = 0
  let b = Array(bytes)
  while i < b.count {
    let c = b[i]
    var n = 0
    if c < 0x80 {
      if c == 0x0A {
        line += 1
        lineStart = i + 1
      }
      i += 1
      continue
    } else if c >= 0xC2 && c <= 0xDF {
      n = 1
    } else if c >= 0xE0 && c <= 0xEF {
      n = 2
    } else if c >= 0xF0 && c <= 0xF4 {
      n = 3
    } else {
      return (i, line, i - lineStart + 1)
    }
    guard i + n < b.count else { return (i, line, i - lineStart + 1) }
    for k in 1...n where b[i + k] & 0xC0 != 0x80 { return (i, line, i - lineStart + 1) }
    // Overlong and surrogate forms.
    if c == 0xE0 && b[i + 1] < 0xA0 || c == 0xED && b[i + 1] > 0x9F || c == 0xF0 && b[i + 1] < 0x90
      || c == 0xF4 && b[i + 1] > 0x8F
    {
      return (i, line, i - lineStart + 1)
    }
    i += n + 1
  }
  return nil
}

func fail(_ message: String) -> ExitCode {
  FileHandle.standardError.write(Data((message + "\n").utf8))
  return ExitCode(1)
}

struct Decide: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Decide every action for a case (INTERFACE.md's JSON), or a batch of cases (JSON Lines).")

  @Argument(help: "Case file (JSON), or - for standard input.")
  var file: String?

  @Option(
    help: "A JSON Lines file of cases, one per line (- for standard input); prints one decision per line.")
  var batch: String?

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    let engine = try lawOptions.engine()
    if let batch {
      try runBatch(engine, batch)
      return
    }
    guard let file else { throw ValidationError("give a case file, `-` for standard input, or --batch FILE") }
    let text = try readInput(file)
    let c: Case
    do { c = try Case(json: text) } catch { throw fail("\(file):\(error)") }
    let d = engine.decide(c)
    print(format == .json ? d.json(pretty: true) : d.text(), terminator: format == .json ? "\n" : "")
  }

  func runBatch(_ engine: Engine, _ path: String) throws {
    let bytes = try readInputBytes(path)
    var out = ""
    var read = 0
    var rejected = 0
    var lineNumber = 0
    // Byte lines (LF, CRLF or CR), so that a line with a byte that is not UTF-8 is rejected alone,
    // at its place, by path and by standard input alike.
    let separator: UInt8 = bytes.contains(0x0A) ? 0x0A : 0x0D
    for var raw in bytes.split(separator: separator, omittingEmptySubsequences: false) {
      if raw.last == 0x0D { raw = raw.dropLast() }
      lineNumber += 1
      if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      read += 1
      if let bad = firstInvalidUTF8(raw) {
        rejected += 1
        var w = JSONWriter()
        w.beginObject()
        w.int("line", lineNumber)
        w.int("column", bad.column)
        w.string("field", "")
        w.string("error", "not valid UTF-8")
        w.string("help", "save the file as UTF-8")
        w.endObject()
        out += w.text + "\n"
        continue
      }
      let line = String(decoding: raw, as: UTF8.self)
      do {
        let c = try Case(json: line)
        out += engine.decide(c).json() + "\n"
      } catch {
        rejected += 1
        var w = JSONWriter()
        w.beginObject()
        w.int("line", lineNumber)
        w.int("column", error.column)
        w.string("field", error.path)
        w.string("error", error.message)
        if let h = error.help { w.string("help", h) }
        w.endObject()
        out += w.text + "\n"
      }
      if out.utf8.count > 1 << 20 {
        FileHandle.standardOutput.write(Data(out.utf8))
        out = ""
      }
    }
    FileHandle.standardOutput.write(Data(out.utf8))
    FileHandle.standardError.write(
      Data("read \(read) cases: \(read - rejected) decided, \(rejected) rejected\n".utf8))
  }
}

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Explain one action's decision in plain words.")

  @Argument(help: "Case file (JSON), or - for standard input.")
  var file: String

  @Option(help: "The action to explain (hold, notify-release, transfer, …).")
  var action: String

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    guard let a = Action(rawValue: action) else {
      throw ValidationError(
        "unknown action `\(action)`; actions are \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    let engine = try lawOptions.engine()
    let c: Case
    do { c = try Case(json: try readInput(file)) } catch let e as CaseError { throw fail("\(file):\(e)") }
    print(engine.explain(c, action: a).text(place: c.place, date: c.date), terminator: "")
  }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a law directory: syntax, names, types, exceptions, overlaps, citations, provenance.")

  @Argument(help: "Law directory (default: the bundled library).")
  var directory: String?

  func run() throws {
    let files: [(path: String, text: String)]
    var unreadable: [Diagnostic] = []
    do {
      if let directory {
        (files, unreadable) = try Engine.readDirectoryReporting(directory)
      } else {
        files = BundledLaw.files
      }
    } catch let e as LawLoadError {
      throw fail(e.description)
    }
    let diagnostics = unreadable + Engine.check(files: files)
    let prefix = directory.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "law/"
    for d in diagnostics {
      var shown = d
      shown.file = prefix + d.file
      print(shown)
    }
    let errors = diagnostics.filter { $0.severity == .error }.count
    let lawFiles = files.filter { !$0.path.hasPrefix("sources/") }.count
    if errors > 0 {
      throw fail("\(errors) error\(errors == 1 ? "" : "s") in \(lawFiles) law files")
    }
    let engine = try Engine(files: files)
    print(
      "ok: \(lawFiles) files, \(engine.places.count) places, \(engine.ruleCount) rules (law version \(engine.version))"
    )
  }
}

struct Places: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List places with their level, law files, dates in force and provenance.")

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    let engine = try lawOptions.engine()
    if format == .json {
      var w = JSONWriter(pretty: true)
      w.beginObject()
      w.string("lawVersion", engine.version)
      w.beginArray("places")
      for p in engine.places {
        w.beginObject()
        w.string("id", p.id)
        w.string("name", p.name)
        w.string("level", p.level.rawValue)
        if let parent = p.parent { w.string("parent", parent) } else { w.null("parent") }
        w.beginArray("files")
        for f in p.files.map({ engine.files[$0] }) {
          w.beginObject()
          f.writeProvenance(into: &w)
          w.int("rules", f.ruleCount)
          w.bool("thisPlaceOnly", f.thisPlaceOnly)
          w.stringArray("gaps", f.gaps)
          w.endObject()
        }
        w.endArray()
        w.endObject()
      }
      w.endArray()
      w.string("disclaimer", Decision.disclaimer)
      w.endObject()
      print(w.text)
      return
    }
    print("Law version \(engine.version)\n")
    for p in engine.places {
      let depth = engine.chain(for: p.id).count - 1
      let pad = String(repeating: "  ", count: depth)
      print("\(pad)\(p.id)  \(p.name) (\(p.level.rawValue))")
      if p.files.isEmpty { print("\(pad)  no law of its own encoded") }
      for f in p.files.map({ engine.files[$0] }) {
        let dates = "\(f.effective)…\(f.until?.description ?? "")"
        print("\(pad)  law/\(f.path): \(f.title)")
        print(
          "\(pad)    in force \(dates); \(f.ruleCount) rules; source law/sources/\(f.source) (\(f.completeness.rawValue)); verified \(f.verified)"
        )
        if f.thisPlaceOnly {
          print("\(pad)    binds \(f.place)'s own agencies only, not the places beneath it")
        }
        for g in f.gaps { print("\(pad)    gap: \(g)") }
      }
    }
    print("\n\(Decision.disclaimer)")
  }
}

struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Compare places: every action under reference profiles, from no record to a final order of removal.",
    discussion: """
      Each profile is a jail case with an ICE detainer, decided with an administrative and with a
      judicial warrant. Without places, every place in the library is compared.
      """)

  @Argument(help: "Places to compare, e.g. US-NJ US-CA/los-angeles (default: every place).")
  var places: [String] = []

  @Option(help: "Date the law is taken at (YYYY-MM-DD; default: today).")
  var date: String?

  @Option(help: "The agency in every profile: jail, police, state-prison or probation.")
  var agency: String = "jail"

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var lawOptions: LawOptions

  func run() throws {
    let engine = try lawOptions.engine()
    let day = try dayOption(date)
    guard Case.agencies.contains(agency) else {
      throw ValidationError("unknown agency `\(agency)`: use \(Case.agencies.joined(separator: ", "))")
    }
    let known = Set(engine.places.map(\.id))
    for p in places where !Case.isPlaceID(p) {
      throw ValidationError("`\(p)` is not a place ID: write US, US-XX or US-XX/lowercase-slug")
    }
    for p in places where !known.contains(p) {
      FileHandle.standardError.write(
        Data(
          "note: \(p) is not declared in the library; it takes the law of \(engine.chain(for: p).last ?? "US")\n"
            .utf8))
    }
    let comparison = engine.compare(
      places: places.isEmpty ? engine.places.map(\.id) : places, date: day, agency: agency)
    print(format == .json ? comparison.json() : comparison.text(), terminator: format == .json ? "\n" : "")
  }
}
