public import AccordCore

/// The simulator derives its seeds with AccordCore's `SplitMix64` (Steele, Lea and Flood, 2014):
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, so every stream of random numbers is a
/// pure function of the run's seed.
extension SplitMix64 {
  /// A seed for an independent stream, derived from a root seed and a path of indices
  /// (scenario, place, run, chunk): the same path always gives the same seed.
  public static func derive(_ seed: UInt64, _ path: [UInt64]) -> UInt64 {
    var s = SplitMix64(seed: seed)
    var h = s.next()
    for p in path {
      var t = SplitMix64(seed: h ^ (p &* 0xD1B5_4A32_D192_ED03))
      h = t.next()
    }
    return h
  }
}

/// xoshiro256** (Blackman and Vigna, 2018): the simulator's workhorse generator.
///
/// Seeded through SplitMix64 as its authors recommend. Probabilities are compared in 53-bit
/// fixed point (see ``Threshold``), so a share of exactly 0 never fires and exactly 1 always does.
public struct Xoshiro256: Sendable {
  var s0: UInt64
  var s1: UInt64
  var s2: UInt64
  var s3: UInt64

  /// Creates a generator whose whole sequence is fixed by `seed`.
  public init(seed: UInt64) {
    var sm = SplitMix64(seed: seed)
    s0 = sm.next()
    s1 = sm.next()
    s2 = sm.next()
    s3 = sm.next()
  }

  /// The next 64 random bits.
  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }

  /// The next 53 random bits, uniform on `0..<2^53`.
  @inline(__always)
  mutating func next53() -> UInt64 { next() >> 11 }

  /// A uniform double in `[0, 1)`.
  public mutating func nextDouble() -> Double { Double(next53()) * 0x1p-53 }

  /// A uniform integer in `0..<n` (Lemire's multiply-shift; the bias is below 2^-32 for the
  /// small `n` used here).
  @inline(__always)
  mutating func below(_ n: Int) -> Int {
    Int(((next() >> 32) &* UInt64(n)) >> 32)
  }
}

/// A probability in 53-bit fixed point: `draw < value` fires with that probability.
struct Threshold: Sendable, Hashable {
  var value: UInt64

  static let one = UInt64(1) << 53

  init(_ p: Double) {
    let clamped = min(max(p, 0), 1)
    value = clamped >= 1 ? Threshold.one : UInt64((clamped * Double(Threshold.one)).rounded(.down))
  }

  @inline(__always)
  func fires(_ draw53: UInt64) -> Bool { draw53 < value }
}

/// A categorical distribution in 53-bit fixed point: cumulative thresholds, the last one `2^53`.
struct Categorical: Sendable, Hashable {
  var cumulative: [UInt64]

  /// `weights` need not sum to exactly 1; they are normalised.
  init(_ weights: [Double]) {
    let total = weights.reduce(0, +)
    // The last label with any weight takes whatever rounding leaves, so a label of weight 0 is
    // never drawn.
    let last = weights.lastIndex(where: { $0 > 0 }) ?? 0
    var acc = 0.0
    var out: [UInt64] = []
    for (i, w) in weights.enumerated() {
      acc += total > 0 ? w / total : 0
      out.append(i >= last ? Threshold.one : Threshold(acc).value)
    }
    cumulative = out
  }

  @inline(__always)
  func pick(_ draw53: UInt64) -> Int {
    var i = 0
    while i < cumulative.count - 1, draw53 >= cumulative[i] { i += 1 }
    return i
  }
}
