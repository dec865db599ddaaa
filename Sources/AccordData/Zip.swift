import CompressNIO
import Foundation
import NIOCore

/// A ZIP archive read whole into memory: its central directory, and each entry inflated on demand
/// with zlib under a size limit.
///
/// Written by hand rather than taken from ZIPFoundation: the only ZIPFoundation here (0.9.20)
/// loops for ever inflating a damaged entry on Linux (fixed upstream, not available), and it does
/// not expose where an entry's data starts, so its directory reader cannot be paired with another
/// inflater. The format needed for workbooks is small: the end-of-central-directory record, the
/// central directory, local headers, and entries stored (method 0) or deflated (method 8).
struct ZipArchive {
  struct Entry {
    var name: String
    var method: UInt16
    var flags: UInt16
    var crc: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeaderOffset: Int
  }

  /// The most a workbook file, one part and all parts together may take, and the most entries.
  static let maxFileSize = 512 << 20
  static let maxPartSize = 128 << 20
  static let maxTotalSize = 256 << 20
  static let maxEntries = 10_000

  let bytes: [UInt8]
  let entries: [String: Entry]
  /// Bytes inflated so far (all parts), against ``maxTotalSize``.
  var inflated = 0

  enum Failure: Error {
    /// Not a ZIP archive, or its directory cannot be read.
    case directory(String)
    /// An entry that cannot be inflated, or is too large.
    case entry(String, help: String)
  }

  init(bytes: [UInt8]) throws(Failure) {
    self.bytes = bytes
    // The end-of-central-directory record: in the last 22 + 65,535 bytes.
    let floor = max(0, bytes.count - 22 - 65_535)
    var eocd = -1
    var i = bytes.count - 22
    while i >= floor {
      if ZipArchive.u32(bytes, i) == 0x0605_4B50 {
        eocd = i
        break
      }
      i -= 1
    }
    guard eocd >= 0 else { throw .directory("no end-of-central-directory record") }
    let count = Int(ZipArchive.u16(bytes, eocd + 10))
    let size = Int(ZipArchive.u32(bytes, eocd + 12))
    let offset = Int(ZipArchive.u32(bytes, eocd + 16))
    guard count <= ZipArchive.maxEntries else {
      throw .directory("\(count) entries (at most \(ZipArchive.maxEntries))")
    }
    guard offset != 0xFFFF_FFFF, size != 0xFFFF_FFFF else { throw .directory("a ZIP64 archive") }
    guard offset + size <= eocd else { throw .directory("the central directory lies outside the file") }
    var entries: [String: Entry] = [:]
    var p = offset
    for _ in 0..<count {
      guard p + 46 <= eocd, ZipArchive.u32(bytes, p) == 0x0201_4B50 else {
        throw .directory("a central directory entry is damaged")
      }
      let nameLength = Int(ZipArchive.u16(bytes, p + 28))
      let extraLength = Int(ZipArchive.u16(bytes, p + 30))
      let commentLength = Int(ZipArchive.u16(bytes, p + 32))
      guard p + 46 + nameLength <= eocd else { throw .directory("an entry's name runs past the directory") }
      let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
      entries[name] = Entry(
        name: name, method: ZipArchive.u16(bytes, p + 10), flags: ZipArchive.u16(bytes, p + 8),
        crc: ZipArchive.u32(bytes, p + 16), compressedSize: Int(ZipArchive.u32(bytes, p + 20)),
        uncompressedSize: Int(ZipArchive.u32(bytes, p + 24)),
        localHeaderOffset: Int(ZipArchive.u32(bytes, p + 42)))
      p += 46 + nameLength + extraLength + commentLength
    }
    self.entries = entries
  }

  static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
  static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
  }

  /// An entry's bytes, `nil` when the archive has no such entry.
  mutating func read(_ name: String) throws(Failure) -> [UInt8]? {
    guard let e = entries[name] else { return nil }
    let damaged = Failure.entry(
      "the workbook part `\(name)` cannot be decompressed: the file is damaged or truncated",
      help: "download the workbook again")
    guard e.uncompressedSize <= ZipArchive.maxPartSize else {
      throw .entry(
        "the workbook part `\(name)` would inflate to \(e.uncompressedSize) bytes, more than the \(ZipArchive.maxPartSize >> 20) MB Accord reads",
        help: "split the sheet, or export it as CSV")
    }
    guard inflated + e.uncompressedSize <= ZipArchive.maxTotalSize else {
      throw .entry(
        "the workbook's parts would inflate to more than \(ZipArchive.maxTotalSize >> 20) MB",
        help: "export the sheet as CSV")
    }
    let h = e.localHeaderOffset
    guard h + 30 <= bytes.count, ZipArchive.u32(bytes, h) == 0x0403_4B50 else { throw damaged }
    let start = h + 30 + Int(ZipArchive.u16(bytes, h + 26)) + Int(ZipArchive.u16(bytes, h + 28))
    guard e.flags & 1 == 0 else {
      throw .entry("the workbook part `\(name)` is encrypted", help: "save the workbook without a password")
    }
    guard start <= bytes.count, e.compressedSize <= bytes.count - start else { throw damaged }
    let raw = bytes[start..<(start + e.compressedSize)]
    var out: [UInt8]
    switch e.method {
    case 0:
      out = Array(raw)
    case 8:
      var input = ByteBuffer(bytes: raw)
      var output = ByteBufferAllocator().buffer(capacity: e.uncompressedSize)
      do {
        try input.decompress(to: &output, with: .deflate())
      } catch {
        throw damaged
      }
      out = output.readBytes(length: output.readableBytes) ?? []
    default:
      throw .entry(
        "the workbook part `\(name)` uses compression method \(e.method), which Accord does not read",
        help: "open the workbook in a spreadsheet program and save it again as .xlsx")
    }
    guard out.count == e.uncompressedSize, ZipArchive.crc32(out) == e.crc else { throw damaged }
    inflated += out.count
    return out
  }

  static let crcTable: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}
