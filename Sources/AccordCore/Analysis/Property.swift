/// A property of a place's law, checked over every class of cases.
///
/// ```
/// property := implies
/// implies  := or ("=>" implies)?
/// or       := and ("or" and)*
/// and      := unary ("and" unary)*
/// unary    := "not" unary | "(" property ")" | atom
/// atom     := ACTION                          the action is allowed (required or permitted)
///           | ACTION ("is" | "==" | "!=") STATUS
///           | FACT ("==" | "=" | "!=") VALUE   a scalar fact of the case (false when unknown)
///           | FACT "is" "unknown"
///           | FACT                            a boolean fact is true
///           | "agreements287g" "has" MODEL
/// ```
///
/// `hold => ice.warrant == judicial`: every case the law lets a jail hold has a judicial warrant.
public indirect enum Property: Sendable, CustomStringConvertible {
  case action(Action, Status?, negated: Bool)
  case fact(String, value: String?, negated: Bool)
  case factUnknown(String)
  case agreement(String)
  case not(Property)
  case and(Property, Property)
  case or(Property, Property)
  case implies(Property, Property)

  /// The actions the property reads.
  public var actions: [Action] {
    switch self {
    case .action(let a, _, _): [a]
    case .fact, .factUnknown, .agreement: []
    case .not(let p): p.actions
    case .and(let a, let b), .or(let a, let b), .implies(let a, let b): a.actions + b.actions
    }
  }

  /// The facts the property reads.
  public var facts: [String] {
    switch self {
    case .action: []
    case .fact(let f, _, _), .factUnknown(let f): [f]
    case .agreement: ["agreements287g"]
    case .not(let p): p.facts
    case .and(let a, let b), .or(let a, let b), .implies(let a, let b): a.facts + b.facts
    }
  }

  /// Whether a case and its decision satisfy the property.
  public func holds(_ c: Case, _ d: Decision) -> Bool {
    switch self {
    case .action(let a, let status, let negated):
      let s = d[a].status
      let r = status.map { s == $0 } ?? (s == .required || s == .permitted)
      return r != negated
    case .fact(let f, let value, let negated):
      let v = c.scalarValue(f)
      let r = value.map { v == $0 } ?? (v == "true")
      // An unknown fact equals nothing and differs from nothing.
      if v == nil { return false }
      return r != negated
    case .factUnknown(let f): return c.scalarValue(f) == nil
    case .agreement(let m): return c.agreements287g.contains(m)
    case .not(let p): return !p.holds(c, d)
    case .and(let a, let b): return a.holds(c, d) && b.holds(c, d)
    case .or(let a, let b): return a.holds(c, d) || b.holds(c, d)
    case .implies(let a, let b): return !a.holds(c, d) || b.holds(c, d)
    }
  }

  public var description: String {
    switch self {
    case .action(let a, let s, let negated):
      s.map { "\(a.rawValue) \(negated ? "!=" : "is") \($0.rawValue)" } ?? (negated ? "not " : "")
        + a.rawValue
    case .fact(let f, let v, let negated): v.map { "\(f) \(negated ? "!=" : "==") \($0)" } ?? f
    case .factUnknown(let f): "\(f) is unknown"
    case .agreement(let m): "agreements287g has \(m)"
    case .not(let p): "not (\(p))"
    case .and(let a, let b): "(\(a) and \(b))"
    case .or(let a, let b): "(\(a) or \(b))"
    case .implies(let a, let b): "(\(a) => \(b))"
    }
  }

  /// Parses a property.
  /// - Throws: ``PropertyError`` with the column and what was expected.
  public static func parse(_ text: String) throws(PropertyError) -> Property {
    var p = PropertyParser(text: text)
    let result = try p.implies()
    if let t = p.peek { throw p.error("unexpected `\(t.text)`", at: t) }
    return result
  }
}

/// A property that could not be read.
public struct PropertyError: Error, Sendable, CustomStringConvertible {
  public var column: Int
  public var message: String
  public var help: String?
  public var description: String {
    "property:1:\(column): error: \(message)" + (help.map { "\n  help: \($0)" } ?? "")
  }
}

struct PropertyParser {
  struct Token {
    var text: String
    var column: Int
  }
  let tokens: [Token]
  var i = 0
  let end: Int

  init(text: String) {
    (tokens, end) = Self.tokenize(text)
  }

  static func tokenize(_ text: String) -> ([Token], Int) {
    var tokens: [Token] = []
    var col = 1
    var current = ""
    var start = 1
    func flush() {
      if !current.isEmpty { tokens.append(Token(text: current, column: start)) }
      current = ""
    }
    let chars = Array(text)
    var k = 0
    while k < chars.count {
      let ch = chars[k]
      if ch == " " || ch == "\t" {
        flush()
      } else if ch == "(" || ch == ")" {
        flush()
        tokens.append(Token(text: String(ch), column: col))
      } else if ch == "=" && k + 1 < chars.count && (chars[k + 1] == ">" || chars[k + 1] == "=") {
        flush()
        tokens.append(Token(text: "=" + String(chars[k + 1]), column: col))
        k += 1
        col += 1
      } else if ch == "!" && k + 1 < chars.count && chars[k + 1] == "=" {
        flush()
        tokens.append(Token(text: "!=", column: col))
        k += 1
        col += 1
      } else if ch == "=" {
        flush()
        tokens.append(Token(text: "==", column: col))
      } else {
        if current.isEmpty { start = col }
        current.append(ch)
      }
      k += 1
      col += 1
    }
    flush()
    return (tokens, col)
  }

  var peek: Token? { i < tokens.count ? tokens[i] : nil }

  func error(_ message: String, at t: Token?, help: String? = nil) -> PropertyError {
    PropertyError(column: t?.column ?? end, message: message, help: help)
  }

  mutating func take(_ s: String) -> Bool {
    if peek?.text == s {
      i += 1
      return true
    }
    return false
  }

  mutating func implies() throws(PropertyError) -> Property {
    let a = try or()
    if take("=>") { return .implies(a, try implies()) }
    return a
  }

  mutating func or() throws(PropertyError) -> Property {
    var a = try and()
    while take("or") { a = .or(a, try and()) }
    return a
  }

  mutating func and() throws(PropertyError) -> Property {
    var a = try unary()
    while take("and") { a = .and(a, try unary()) }
    return a
  }

  mutating func unary() throws(PropertyError) -> Property {
    if take("not") { return .not(try unary()) }
    if take("(") {
      let p = try implies()
      guard take(")") else { throw error("expected `)`", at: peek) }
      return p
    }
    return try atom()
  }

  static let factHelp =
    "facts: \(Facts.scalars.map(\.path).joined(separator: ", ")), agreements287g has MODEL; actions: \(Action.allCases.map(\.rawValue).joined(separator: ", "))"

  mutating func atom() throws(PropertyError) -> Property {
    guard let t = peek else { throw error("expected an action or a fact", at: nil, help: Self.factHelp) }
    i += 1
    if let a = Action(rawValue: t.text) {
      if take("is") || take("==") { return .action(a, try status(), negated: false) }
      if take("!=") { return .action(a, try status(), negated: true) }
      return .action(a, nil, negated: false)
    }
    if t.text == "agreements287g" {
      guard take("has"), let m = peek, Case.models287g.contains(m.text) else {
        throw error("expected `has JEM`, `has WSO` or `has TFM`", at: peek)
      }
      i += 1
      return .agreement(m.text)
    }
    guard let fact = Facts.scalarByPath[t.text] else {
      throw error("unknown action or fact `\(t.text)`", at: t, help: Self.factHelp)
    }
    if take("is") {
      guard take("unknown") else { throw error("expected `unknown` after `is`", at: peek) }
      return .factUnknown(t.text)
    }
    for (op, negated) in [("==", false), ("!=", true)] where take(op) {
      guard let v = peek else { throw error("expected a value", at: nil) }
      i += 1
      let allowed = fact.values ?? ["true", "false"]
      guard allowed.contains(v.text) else {
        throw error(
          "`\(v.text)` is not a value of \(t.text)", at: v, help: "values: \(allowed.joined(separator: ", "))"
        )
      }
      return .fact(t.text, value: v.text, negated: negated)
    }
    guard fact.values == nil else {
      throw error("`\(t.text)` needs a comparison: \(t.text) == VALUE", at: t)
    }
    return .fact(t.text, value: nil, negated: false)
  }

  mutating func status() throws(PropertyError) -> Status {
    guard let t = peek, let s = Status(rawValue: t.text) else {
      throw error("expected required, permitted, prohibited or undetermined", at: peek)
    }
    i += 1
    return s
  }
}

extension Case {
  /// A scalar fact's value as the law language spells it (`nil` when unknown).
  public func scalarValue(_ path: String) -> String? { self[fact: path] }
}

/// The outcome of checking a property over a place's case space.
public struct Proof: Sendable {
  public let property: Property
  public let side: CaseSpace.Side
  public let classes: Int
  /// The first class (in tree order) whose witness breaks the property, and its decision.
  public let counterexample: (case: Case, decision: Decision, description: [String])?
  public var holds: Bool { counterexample == nil }

  public init(_ property: Property, _ side: CaseSpace.Side) {
    self.property = property
    self.side = side
    let space = CaseSpace(
      sides: [side], actions: Array(Set(property.actions)).sorted { $0.index < $1.index },
      extraFacts: property.facts)
    classes = space.classes.count
    counterexample = space.classes.first { !property.holds($0.witness, $0.decisions[0]) }.map {
      ($0.witness, $0.decisions[0], $0.description)
    }
  }
}
