import DRAICore

/// A signed, symmetric, mid-tread quantiser: the transfer function of a DAC or an ADC.
///
/// With `bits` b ≥ 2 the output takes the 2^(b−1)·2 − 1 values k·fullScale/q, q = 2^(b−1) − 1,
/// k = −q...q; inputs beyond ±fullScale saturate. `bits == 0` is an ideal converter (identity,
/// never saturates). The maximum error inside the range is fullScale/(2q) (half an LSB).
public struct Converter: Hashable, Sendable, Codable {
  /// Resolution in bits, 0 (ideal) or 2...24.
  public let bits: Int
  /// Input magnitude that maps to the largest code.
  public let fullScale: Double
  @usableFromInline let codesPerUnit: Double
  @usableFromInline let unitsPerCode: Double
  @usableFromInline let maxCode: Double

  /// Creates a converter. Preconditions: `bits == 0 || (2...24).contains(bits)`, `fullScale > 0`.
  public init(bits: Int, fullScale: Double) {
    precondition(bits == 0 || (2...24).contains(bits), "converter bits out of range")
    precondition(fullScale > 0, "converter full scale must be positive")
    self.bits = bits
    self.fullScale = fullScale
    let q = bits == 0 ? 1.0 : Double((1 << (bits - 1)) - 1)
    maxCode = q
    codesPerUnit = q / fullScale
    unitsPerCode = fullScale / q
  }

  /// True when the converter passes values unchanged.
  @inlinable public var isIdeal: Bool { bits == 0 }

  /// Half an LSB: the largest error of an in-range conversion (0 when ideal).
  @inlinable public var maximumError: Double { isIdeal ? 0 : 0.5 * unitsPerCode }

  /// Converts `x`, known to lie within ±fullScale (a DAC driven by cos φ or sin φ), without
  /// a saturation check: the same value as ``convert(_:saturated:)``, branch-free.
  @inlinable @inline(__always) public func convertInRange(_ x: Double) -> Double {
    if isIdeal { return x }
    return ((x * codesPerUnit + Self.roundingMagic) - Self.roundingMagic) * unitsPerCode
  }

  /// Converts `x` and tells whether it saturated: the same value and flag as
  /// ``convert(_:saturated:)`` for every |x| below 10¹⁵ LSBs (beyond, it saturates as well),
  /// branch-free so that loops over bit lines vectorise.
  @inlinable @inline(__always) public func convertCountingSaturation(_ x: Double) -> (value: Double, saturated: Bool) {
    if isIdeal { return (x, false) }
    let rounded = (x * codesPerUnit + Self.roundingMagic) - Self.roundingMagic
    let code = Swift.min(Swift.max(rounded, -maxCode), maxCode)
    return (code * unitsPerCode, code != rounded)
  }

  /// ``convertCountingSaturation(_:)`` of eight values at once (the same bits in every lane):
  /// the values, and a mask of the lanes that saturated.
  @inlinable @inline(__always)
  public func convertCountingSaturation(_ x: SIMD8<Double>) -> (value: SIMD8<Double>, saturated: SIMDMask<SIMD8<Int64>>) {
    if isIdeal { return (x, SIMDMask(repeating: false)) }
    let rounded = (x * codesPerUnit + Self.roundingMagic) - Self.roundingMagic
    // Swift.max(rounded, −q) then Swift.min(·, q), lane by lane (y >= x ? y : x, then
    // y < x ? y : x): a NaN stays NaN and counts as saturated, as in the scalar conversion.
    let low = SIMD8<Double>(repeating: -maxCode), high = SIMD8<Double>(repeating: maxCode)
    let floored = rounded.replacing(with: low, where: low .>= rounded)
    let code = floored.replacing(with: high, where: high .< floored)
    return (code * unitsPerCode, code .!= rounded)
  }

  /// 1.5·2⁵²: adding and subtracting it rounds a double of magnitude below 2⁵¹ to the nearest
  /// integer (ties to even), as ``fastRoundToInt64(_:)`` does.
  @usableFromInline static let roundingMagic = 6_755_399_441_055_744.0

  /// Converts `x`; sets `saturated` when |x| exceeded the range.
  @inlinable public func convert(_ x: Double, saturated: inout Bool) -> Double {
    if isIdeal { return x }
    var code = Double(fastRoundToInt64(x * codesPerUnit))  // |x·codes| ≪ 2^51 after the clamp below
    if !(Swift.abs(x * codesPerUnit) < 1e15) { code = x > 0 ? maxCode : -maxCode }
    if code > maxCode { code = maxCode; saturated = true }
    else if code < -maxCode { code = -maxCode; saturated = true }
    return code * unitsPerCode
  }
}
