public import AccordCore

/// The law library bundled with Accord (the package's `law/` folder, embedded at build time).
public enum BundledLaw {
  /// Every file of the bundled library: path relative to `law/`, and text.
  public static var files: [(path: String, text: String)] { bundledLawFiles }

  /// The bundled library, checked and compiled.
  /// - Throws: ``LawLoadError`` if the bundled library has errors (a build that passes its
  ///   tests never does).
  public static func engine() throws(LawLoadError) -> Engine { try Engine(files: bundledLawFiles) }
}
