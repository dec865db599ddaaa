import AccordCore
import Foundation

/// A scenario file: a draft law, amendments to the law in force, and parameter changes.
///
/// A reform is a Markdown file. Its ```` ```reform ```` block names the amendments; its
/// ```` ```accord ```` blocks are new law (checked and decided by the real checker and engine,
/// like any law file; the file is its own source, so its header says `source "FILE.md"`); its
/// ```` ```params ```` blocks replace parameters.
///
/// ````markdown
/// ```reform
/// title "Judicial warrants only"
/// remove-rule us-nj.itd.transfer.indictable-5y
/// remove-file us-nj/itd-final-order-unconfirmed.md
/// remove-parameter us-nj/immigrant-trust-directive.md indictable-lookback
/// replace us-nj/immigrant-trust-directive.md "effective 2019-03-15" "effective 2018-01-01"
/// ```
/// ````
///
/// `replace` changes text that occurs exactly once in a law file, on one line (so every other
/// rule keeps its line number); the patched file goes through the checker like any other.
public struct Reform: Sendable {
  /// The file as given on the command line.
  public var path: String
  /// `title "…"`, or the path.
  public var title: String
  var removeFiles: [(file: String, line: Int, column: Int)] = []
  var removeRules: [(label: String, line: Int, column: Int)] = []
  var removeParameters: [(file: String, name: String, line: Int, column: Int)] = []
  var replacements: [(file: String, old: String, new: String, line: Int, column: Int)] = []
  /// Parameter definitions that replace the baseline's at the same place and name.
  public var parameters: [ParamDefinition] = []
  /// Whether the file carries law of its own (```` ```accord ```` blocks).
  public var hasLaw: Bool
  var text: String

  static let directives = ["title", "remove-file", "remove-rule", "remove-parameter", "replace"]

  /// The file name the reform's own law is checked under (`reform/NAME.md`), and its source.
  var baseName: String { String(path.split(separator: "/").last ?? "reform.md") }

  /// Reads a reform file.
  /// - Throws: ``SimulationInputError`` with every error, located to the character.
  public init(path: String, text: String, root: String? = nil) throws(SimulationInputError) {
    self.path = path
    self.text = text
    self.title = path
    self.hasLaw = Blocks.hasBlock(text, tag: "accord")
    var diagnostics: [Diagnostic] = []
    func error(_ line: Int, _ column: Int, _ message: String, _ help: String? = nil) {
      diagnostics.append(Diagnostic(file: path, line: line, column: column, message: message, help: help))
    }
    for l in Blocks.lines(of: text, tag: "reform", file: path, diagnostics: &diagnostics) {
      let t = l.tokens
      guard t[0].kind == .atom, Reform.directives.contains(t[0].text) else {
        error(
          l.line, t[0].column, "unknown reform directive `\(t[0].text)`",
          "directives are \(Reform.directives.joined(separator: ", "))")
        continue
      }
      let args = Array(t.dropFirst())
      switch t[0].text {
      case "title":
        guard args.count == 1, args[0].kind == .string else {
          error(l.line, t[0].column, "`title` takes one string", "write `title \"…\"`")
          continue
        }
        title = args[0].text
      case "remove-file":
        guard args.count == 1, args[0].kind == .atom || args[0].kind == .string else {
          error(
            l.line, t[0].column, "`remove-file` takes one law file path", "write `remove-file us-nj/file.md`")
          continue
        }
        removeFiles.append((args[0].text, l.line, args[0].column))
      case "remove-rule":
        guard !args.isEmpty, args.allSatisfy({ $0.kind == .atom }) else {
          error(
            l.line, t[0].column, "`remove-rule` takes rule labels",
            "write `remove-rule us-nj.itd.hold.judicial`")
          continue
        }
        for a in args { removeRules.append((a.text, l.line, a.column)) }
      case "replace":
        guard args.count == 3, args[0].kind == .atom || args[0].kind == .string, args[1].kind == .string,
          args[2].kind == .string
        else {
          error(
            l.line, t[0].column, "`replace` takes a law file, the text to replace and its replacement",
            "write `replace us-nj/immigrant-trust-directive.md \"effective 2019-03-15\" \"effective 2018-01-01\"`"
          )
          continue
        }
        guard !args[1].text.isEmpty, !args[1].text.contains("\n"), !args[2].text.contains("\n") else {
          error(l.line, args[1].column, "`replace` works within one line", "replace text on a single line")
          continue
        }
        replacements.append((args[0].text, args[1].text, args[2].text, l.line, args[1].column))
      default:
        guard args.count == 2, args.allSatisfy({ $0.kind == .atom || $0.kind == .string }) else {
          error(
            l.line, t[0].column, "`remove-parameter` takes a law file and a parameter name",
            "write `remove-parameter us-nj/immigrant-trust-directive.md indictable-lookback`")
          continue
        }
        removeParameters.append((args[0].text, args[1].text, l.line, args[1].column))
      }
    }
    parameters = ParamParser.parse(path: path, text: text, root: root, requirePlace: true, &diagnostics)
    ParamLibrary.checkOverlaps(parameters, &diagnostics)
    if diagnostics.contains(where: { $0.severity == .error }) {
      throw SimulationInputError(diagnostics: diagnostics)
    }
  }

  /// Whether the reform changes nothing at all.
  public var isEmpty: Bool {
    removeFiles.isEmpty && removeRules.isEmpty && removeParameters.isEmpty && replacements.isEmpty
      && parameters.isEmpty && !hasLaw
  }

  /// The law library with the reform applied: files removed, rules and parameters struck out
  /// (their lines blanked, so every other rule keeps its line number), the reform's own law added.
  /// - Throws: ``SimulationInputError`` naming the directive that matched nothing.
  public func apply(to files: [(path: String, text: String)]) throws(SimulationInputError) -> [(
    path: String, text: String
  )] {
    var out = files
    var diagnostics: [Diagnostic] = []
    for r in removeFiles {
      guard let i = out.firstIndex(where: { $0.path == r.file }) else {
        diagnostics.append(
          Diagnostic(
            file: path, line: r.line, column: r.column, message: "no law file `\(r.file)` to remove",
            help:
              "name a file as `accord places` lists it, relative to law/ (e.g. us-nj/immigrant-trust-directive.md)"
          ))
        continue
      }
      out.remove(at: i)
    }
    for r in removeRules {
      if !strike(&out, matching: { $0.hasPrefix("rule \(r.label):") || $0 == "rule \(r.label)" }) {
        diagnostics.append(
          Diagnostic(
            file: path, line: r.line, column: r.column, message: "no rule `\(r.label)` in the law library",
            help: "use a label as `accord explain` shows it, e.g. us-nj.itd.transfer.indictable-5y"))
      }
    }
    for r in removeParameters {
      guard let i = out.firstIndex(where: { $0.path == r.file }) else {
        diagnostics.append(
          Diagnostic(
            file: path, line: r.line, column: r.column, message: "no law file `\(r.file)`",
            help: "name the law file that defines the parameter, relative to law/"))
        continue
      }
      var one = [out[i]]
      let found = strike(&one) { line in
        line.hasPrefix("parameter \(r.name) ") || line.hasPrefix("parameter \(r.name)=")
      }
      if found {
        out[i] = one[0]
      } else {
        diagnostics.append(
          Diagnostic(
            file: path, line: r.line, column: r.column, message: "no parameter `\(r.name)` in `\(r.file)`",
            help: "name a parameter the file declares with `parameter NAME = …`"))
      }
    }
    for r in replacements {
      guard let i = out.firstIndex(where: { $0.path == r.file }) else {
        diagnostics.append(
          Diagnostic(
            file: path, line: r.line, column: r.column, message: "no law file `\(r.file)`",
            help: "name a law file relative to law/, as `accord places` lists it"))
        continue
      }
      let count = out[i].text.components(separatedBy: r.old).count - 1
      guard count == 1 else {
        diagnostics.append(
          Diagnostic(
            file: path, line: r.line, column: r.column,
            message: "`\(r.old)` occurs \(count) times in `\(r.file)`, not once",
            help: "quote enough of the line to find exactly one place"))
        continue
      }
      out[i].text = out[i].text.replacingOccurrences(of: r.old, with: r.new)
    }
    if hasLaw {
      out.append((path: "reform/" + baseName, text: text))
      out.append((path: "sources/" + baseName, text: text))
    }
    if !diagnostics.isEmpty { throw SimulationInputError(diagnostics: diagnostics) }
    return out
  }

  /// Blanks the declaration whose first line satisfies `matches` (at column 1, inside an
  /// `accord` block) and its indented continuation lines. Returns whether one was found.
  func strike(_ files: inout [(path: String, text: String)], matching matches: (Substring) -> Bool) -> Bool {
    var found = false
    for i in files.indices where !files[i].path.hasPrefix("sources/") {
      var lines = files[i].text.textLines().map { String($0) }
      var inside = false
      var striking = false
      for k in lines.indices {
        let line = lines[k]
        if line.hasPrefix("```") {
          inside = inside ? false : line.hasPrefix("```accord")
          striking = false
          continue
        }
        guard inside else { continue }
        let atColumnOne = !line.isEmpty && line.first != " " && line.first != "\t"
        if striking {
          if atColumnOne {
            striking = false
          } else {
            lines[k] = ""
            continue
          }
        }
        if atColumnOne, matches(line[...]) {
          lines[k] = ""
          striking = true
          found = true
        }
      }
      if found {
        files[i].text = lines.joined(separator: "\n")
        return true
      }
    }
    return false
  }
}
