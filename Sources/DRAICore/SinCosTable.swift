import RealModule

/// Sine and cosine of a left-aligned phase register, by table and angle addition.
///
/// The top 11 bits of the phase index a table of (sin a, cos a); the remaining bits give a small
/// angle b < 2π/2048 whose sine and cosine come from their Taylor series to b³ and b⁴
/// (truncation error below 1e-12), so sin(a + b) = sin a cos b + cos a sin b is exact to double
/// rounding for every register width. This models the quadrature outputs of an oscillator.
///
/// - Complexity: O(1) per call, 32 KiB of table, built once per process and never changed.
public struct SinCosTable: Sendable, Codable {
  @usableFromInline static let indexBits: UInt32 = 11
  /// The interleaved (sin, cos) table: constant data, written once before first use and only
  /// read afterwards, so sharing it between threads is safe. Held outside any array so that
  /// hot loops read it without reference counting.
  @usableFromInline nonisolated(unsafe) static let table: UnsafePointer<Double> = {
    let n = 1 << Int(indexBits)
    let t = UnsafeMutablePointer<Double>.allocate(capacity: 2 * n)
    for k in 0..<n {
      let a = 2 * Double.pi * Double(k) / Double(n)
      t[2 * k] = Double.sin(a)
      t[2 * k + 1] = Double.cos(a)
    }
    return UnsafePointer(t)
  }()

  /// The table (shared by every instance).
  public init() {}

  /// Calls `body` with the interleaved (sin, cos) table, for loops that call
  /// ``sinCos(_:table:)``.
  @inlinable public func withTable<R>(_ body: (UnsafePointer<Double>) throws -> R) rethrows -> R {
    try body(Self.table)
  }

  /// (sin φ, cos φ) of the left-aligned register value `phase`, from the table that
  /// ``withTable(_:)`` lends: the same values as ``sinCos(_:)``.
  @inlinable @inline(__always)
  public static func sinCos(_ phase: UInt32, table t: UnsafePointer<Double>) -> (sin: Double, cos: Double) {
    let index = Int(phase >> (32 - Self.indexBits))
    return corrected(phase, sinA: t[2 &* index], cosA: t[2 &* index &+ 1])
  }

  /// sin(a + b) and cos(a + b) from the table's (sin a, cos a) of `phase`'s top bits and the
  /// Taylor series of the residual angle b: the one formula of ``sinCos(_:table:)`` and
  /// ``sinCos(phases:sin:cos:)``, so both give the same bits.
  @inlinable @inline(__always)
  static func corrected(_ phase: UInt32, sinA sa: Double, cosA ca: Double) -> (sin: Double, cos: Double) {
    let residual = phase & ((1 << (32 - Self.indexBits)) - 1)
    let b = Double(residual) * (2 * Double.pi / 4_294_967_296.0)
    let b2 = b * b
    let sb = b * (1 - b2 * (1.0 / 6))
    let cb = 1 - b2 * 0.5 * (1 - b2 * (1.0 / 12))
    return (sa * cb + ca * sb, ca * cb - sa * sb)
  }

  /// (sin φ, cos φ) of every register in `phases`, into `sin` and `cos`: the values of
  /// ``sinCos(_:table:)``, bit for bit, in two passes (table loads, then the residual's
  /// correction in a branch-free loop that vectorises).
  ///
  /// Preconditions: `sin` and `cos` hold at least `phases.count` elements.
  /// - Complexity: O(n), no allocation.
  @inlinable
  public static func sinCos(
    phases: UnsafeBufferPointer<UInt32>, sin: UnsafeMutableBufferPointer<Double>, cos: UnsafeMutableBufferPointer<Double>
  ) {
    let n = phases.count
    precondition(sin.count >= n && cos.count >= n, "one output per phase")
    guard n > 0 else { return }
    let ph = phases.baseAddress!, s = sin.baseAddress!, c = cos.baseAddress!, t = table
    for i in 0..<n {
      let index = Int(ph[i] >> (32 - Self.indexBits))
      s[i] = t[2 &* index]
      c[i] = t[2 &* index &+ 1]
    }
    var i = 0
    while i &+ 8 <= n {
      let v = corrected(
        UnsafeRawPointer(ph + i).loadUnaligned(as: SIMD8<UInt32>.self),
        sinA: UnsafeRawPointer(s + i).loadUnaligned(as: SIMD8<Double>.self),
        cosA: UnsafeRawPointer(c + i).loadUnaligned(as: SIMD8<Double>.self))
      UnsafeMutableRawPointer(s + i).storeBytes(of: v.sin, as: SIMD8<Double>.self)
      UnsafeMutableRawPointer(c + i).storeBytes(of: v.cos, as: SIMD8<Double>.self)
      i &+= 8
    }
    while i < n {
      let v = corrected(ph[i], sinA: s[i], cosA: c[i])
      s[i] = v.sin
      c[i] = v.cos
      i &+= 1
    }
  }

  /// ``corrected(_:sinA:cosA:)`` on eight registers at once: the same operations in the same
  /// order in every lane, so the same bits.
  @inlinable @inline(__always)
  static func corrected(
    _ phase: SIMD8<UInt32>, sinA sa: SIMD8<Double>, cosA ca: SIMD8<Double>
  ) -> (sin: SIMD8<Double>, cos: SIMD8<Double>) {
    let residual = phase & ((1 << (32 - Self.indexBits)) - 1)
    let b = SIMD8<Double>(residual) * (2 * Double.pi / 4_294_967_296.0)
    let b2 = b * b
    let sb = b * (1 - b2 * (1.0 / 6))
    let cb = 1 - b2 * 0.5 * (1 - b2 * (1.0 / 12))
    return (sa * cb + ca * sb, ca * cb - sa * sb)
  }

  /// (sin φ, cos φ) of the left-aligned register value `phase`.
  @inlinable public func sinCos(_ phase: UInt32) -> (sin: Double, cos: Double) {
    withTable { Self.sinCos(phase, table: $0) }
  }
}
