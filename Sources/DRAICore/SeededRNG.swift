import RealModule

/// A seeded, splittable pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Every random choice in the emulator comes from a `SeededRNG` derived from the run's seed and
/// a named stream, so that the same seed gives the same results whatever else draws numbers.
/// Algorithms: Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
/// 47(4), 2021 (xoshiro256**, SplitMix64).
public struct SeededRNG: RandomNumberGenerator, Sendable, Codable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// Creates the generator for `seed` and the independent sub-stream `stream`.
  ///
  /// - Parameters:
  ///   - seed: the run's seed.
  ///   - stream: a label that separates independent uses (initial phases, cue noise, ...).
  public init(seed: UInt64, stream: UInt64 = 0) {
    var x = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
    func splitMix(_ x: inout UInt64) -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix(&x); s1 = splitMix(&x); s2 = splitMix(&x); s3 = splitMix(&x)
  }

  /// Creates the generator for `seed` and a stream named by a string (hashed with FNV-1a, which
  /// is stable across runs and platforms, unlike `Hasher`).
  public init(seed: UInt64, stream name: String) {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    self.init(seed: seed, stream: h)
  }

  /// The next 64 random bits.
  @inlinable public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }

  /// A uniform double in [0, 1) with 53 random bits.
  @inlinable public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal deviate (Box-Muller; one of the pair is used so that the stream position
  /// depends only on how many deviates were drawn).
  public mutating func nextGaussian() -> Double {
    let u1 = 1.0 - nextUnit()  // (0, 1]
    let u2 = nextUnit()
    return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
  }
}
