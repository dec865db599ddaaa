extension StringProtocol where SubSequence == Substring {
  /// The text's lines, whatever its line ends: LF, CRLF or a lone CR (Swift reads CRLF as one
  /// character, so splitting on "\n" alone leaves a CRLF file as one line).
  public func textLines() -> [Substring] {
    split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
  }
}
