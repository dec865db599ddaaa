/// A problem found in a law file or an input file, located to the character.
///
/// Rendered in the style of Cedar and rustc, for law authors rather than Swift programmers:
/// ```
/// law/us-nj/itd.md:88:8: error: unknown action `hodl`
///   help: actions are hold, notify-release, transfer, …
/// ```
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Hashable {
    case error, warning
  }

  public var file: String
  public var line: Int
  public var column: Int
  public var severity: Severity
  public var message: String
  public var help: String?

  public init(
    file: String, line: Int, column: Int, severity: Severity = .error, message: String, help: String? = nil
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.severity = severity
    self.message = message
    self.help = help
  }

  public var description: String {
    var s =
      "\(Diagnostic.visible(file)):\(line):\(column): \(severity.rawValue): \(Diagnostic.visible(message))"
    if let help { s += "\n  help: \(Diagnostic.visible(help))" }
    return s
  }

  /// Control characters (an ESC from a law file could drive the reader's terminal) shown as escapes.
  static func visible(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return s }
    var out = ""
    for u in s.unicodeScalars {
      if u.properties.generalCategory == .control {
        out += "\\u{\(String(u.value, radix: 16))}"
      } else {
        out.unicodeScalars.append(u)
      }
    }
    return out
  }
}

/// Thrown when a law library cannot be loaded: it carries every diagnostic the checker found.
public struct LawLoadError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]
  public var description: String {
    let errors = diagnostics.filter { $0.severity == .error }
    return errors.map(\.description).joined(separator: "\n")
      + "\n\(errors.count) error\(errors.count == 1 ? "" : "s") in the law library"
  }
}
