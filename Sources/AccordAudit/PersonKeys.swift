import Crypto
import Foundation

/// Turns the identifiers records carry about people into keyed hashes (HMAC-SHA-256), so an audit
/// can follow one person across records without storing who they are. With `keepIdentifiers` (an
/// explicit opt-in) the identifier is kept as is.
public struct PersonKeys: Sendable {
  let secret: [UInt8]
  public let keepIdentifiers: Bool

  /// - Parameter secret: the installation's secret (``AuditStore`` keeps one per database).
  public init(secret: [UInt8], keepIdentifiers: Bool = false) {
    self.secret = secret
    self.keepIdentifiers = keepIdentifiers
  }

  /// A fresh random secret.
  public static func randomSecret() -> [UInt8] { SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) } }

  /// The stored form of an identifier: 32 hex digits of its HMAC, or the identifier if kept.
  public func key(_ identifier: String) -> String {
    if keepIdentifiers { return identifier }
    let mac = HMAC<SHA256>.authenticationCode(for: Data(identifier.utf8), using: SymmetricKey(data: secret))
    return mac.prefix(16).map { String(format: "%02x", $0) }.joined()
  }
}
