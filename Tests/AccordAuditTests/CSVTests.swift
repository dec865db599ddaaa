import AccordData
import Testing

@Suite struct CSVTests {
  func records(_ text: String) -> ([CSVReader.Record], [DataError]) {
    var reader = CSVReader(bytes: Array(text.utf8), name: "t.csv")
    var out: [CSVReader.Record] = []
    var errors: [DataError] = []
    while true {
      do {
        guard let r = try reader.next() else { break }
        out.append(r)
      } catch { errors.append(error) }
    }
    return (out, errors)
  }

  @Test func quotedFieldsAndLineEnds() {
    let (r, e) = records("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\"two\nlines\",2,3\n")
    #expect(e.isEmpty)
    #expect(r.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", ""], ["two\nlines", "2", "3"]])
    #expect(r.map(\.line) == [1, 2, 3])
  }

  @Test func byteOrderMarkAndNoFinalNewline() {
    let (r, _) = records("\u{FEFF}h1,h2\n1,2")
    #expect(r.map(\.fields) == [["h1", "h2"], ["1", "2"]])
  }

  /// A malformed record is reported with its line and column, and the next line still reads.
  @Test func malformedRecordsAreReportedAndSkipped() {
    let (r, e) = records("a,b\n1,x\"y\n2,3\n\"4\"z,5\n6,7\n")
    #expect(r.map(\.fields) == [["a", "b"], ["2", "3"], ["6", "7"]])
    #expect(e.map(\.line) == [2, 4])
    #expect(e.map(\.column) == [4, 4])
  }

  @Test func truncatedQuoteAndBadUTF8() {
    let (_, e1) = records("a,b\n1,\"open")
    #expect(e1.count == 1 && e1[0].message.contains("not closed"))
    var reader = CSVReader(bytes: [0x61, 0x0A, 0xFF, 0xFE, 0x0A], name: "bad.csv")
    _ = try? reader.next()
    #expect(throws: DataError.self) { try reader.next() }
  }
}

@Suite struct CSVEncodingTests {
  /// A bad byte in a middle field rejects that record only; the next line reads whole.
  @Test func badByteMidRecordSkipsTheLine() {
    var reader = CSVReader(
      bytes: Array("a,b,c\n".utf8) + [0x31, 0xFF, 0x2C, 0x32, 0x2C, 0x33, 0x0A] + Array("4,5,6\n".utf8),
      name: "m.csv")
    #expect((try? reader.next())??.fields == ["a", "b", "c"])
    #expect(throws: DataError.self) { try reader.next() }
    #expect((try? reader.next())??.fields == ["4", "5", "6"])
    #expect((try? reader.next()) ?? nil == nil)
  }
}
