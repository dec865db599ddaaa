/// A calendar day (proleptic Gregorian), stored as days since 1970-01-01.
///
/// Law speaks in days and calendar years, never in instants, so Accord never uses `Date`
/// for the law's own arithmetic.
///
/// ```swift
/// let d = CivilDate(parsing: "2024-02-29")!
/// d.adding(years: -1).description   // "2023-02-28"
/// ```
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public let days: Int32

  /// Creates a date from a count of days since 1970-01-01.
  public init(days: Int32) { self.days = days }

  /// Creates a date from its parts, or `nil` if the day does not exist.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CivilDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.days = Int32(CivilDate.daysFromCivil(year, month, day))
  }

  /// Parses `YYYY-MM-DD`; `nil` for anything else.
  public init?(parsing text: some StringProtocol) {
    let u = Array(text.utf8)
    guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var n = 0
      for i in range {
        let c = u[i]
        guard c >= 48, c <= 57 else { return nil }
        n = n * 10 + Int(c - 48)
      }
      return n
    }
    guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// The year, month and day.
  public var parts: (year: Int, month: Int, day: Int) { CivilDate.civilFromDays(Int(days)) }

  /// `YYYY-MM-DD`.
  public var description: String {
    let (y, m, d) = parts
    func pad(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  /// This date moved by whole calendar years; 29 February becomes 28 February when needed.
  public func adding(years: Int) -> CivilDate { adding(months: years * 12) }

  /// This date moved by whole calendar months, clamping the day to the month's length.
  public func adding(months: Int) -> CivilDate {
    let (y, m, d) = parts
    let total = y * 12 + (m - 1) + months
    let ny = total / 12
    let nm = total % 12 + 1
    guard (1...9999).contains(ny) else { return CivilDate(days: months < 0 ? Int32.min / 2 : Int32.max / 2) }
    let nd = min(d, CivilDate.daysIn(month: nm, year: ny))
    return CivilDate(days: Int32(CivilDate.daysFromCivil(ny, nm, nd)))
  }

  /// This date moved by a number of days.
  public func adding(days n: Int) -> CivilDate { CivilDate(days: days + Int32(n)) }

  public static func < (a: CivilDate, b: CivilDate) -> Bool { a.days < b.days }

  static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  // Howard Hinnant's days_from_civil / civil_from_days.
  static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }
}
