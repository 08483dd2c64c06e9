import RealModule

/// The fixed-point format of a phase register.
///
/// A phase register holds `bits` bits, and 2^bits ≙ 2π, so wrap-around is free. The emulator
/// stores every register left-aligned in a `UInt32` (the register's LSB is bit `32 - bits`),
/// so that one wrapping add serves all widths and a phase difference is a wrapping subtraction.
/// Values written into a register are always multiples of ``lsb``.
public struct PhaseFormat: Hashable, Sendable, Codable {
  /// Register width in bits, 8...24.
  public let bits: Int

  /// Smallest allowed width.
  public static let minimumBits = 8
  /// Largest allowed width (coupling increments are rounded through a double whose integer
  /// part must stay exact; 24 bits keeps a 2^28 margin).
  public static let maximumBits = 24

  /// Creates a format. Precondition: `minimumBits...maximumBits` contains `bits` (description
  /// loading reports a clear error before this is reached).
  public init(bits: Int) {
    precondition((Self.minimumBits...Self.maximumBits).contains(bits), "phase_bits out of range")
    self.bits = bits
  }

  /// Left shift from register LSBs to the left-aligned `UInt32` storage.
  @inlinable public var shift: UInt32 { UInt32(32 - bits) }

  /// The register LSB in left-aligned storage units.
  @inlinable public var lsb: UInt32 { 1 << shift }

  /// Radians per register LSB: 2π / 2^bits.
  @inlinable public var radiansPerLSB: Double { 2 * Double.pi / Double(1 << bits) }

  /// Register LSBs per radian.
  @inlinable public var lsbPerRadian: Double { Double(1 << bits) / (2 * Double.pi) }

  /// The register value nearest to `radians` (any real; wrapped into [0, 2π)).
  public func register(radians: Double) -> UInt32 {
    let lsbs = (radians * lsbPerRadian).rounded(.toNearestOrEven)
    let wrapped = lsbs - Double(1 << bits) * (lsbs / Double(1 << bits)).rounded(.down)
    return UInt32(UInt64(wrapped) & UInt64((1 << bits) - 1)) << shift
  }

  /// The phase in radians in [0, 2π) of a left-aligned register value.
  @inlinable public static func radians(_ storage: UInt32) -> Double {
    Double(storage) * (2 * Double.pi / 4_294_967_296.0)
  }

  /// The signed phase difference `a - b` in radians, wrapped into [-π, π).
  @inlinable public static func signedDifference(_ a: UInt32, _ b: UInt32) -> Double {
    Double(Int32(bitPattern: a &- b)) * (2 * Double.pi / 4_294_967_296.0)
  }

}

/// Rounds `x` to the nearest integer (ties to even) without the range check of `Int64(_:)`.
///
/// Precondition: |x| < 2^51. Uses the 1.5·2^52 magic constant: adding it forces the FPU's
/// round-to-nearest-even at the units place, and the low mantissa bits are then the integer.
@inlinable public func fastRoundToInt64(_ x: Double) -> Int64 {
  let magic = 6_755_399_441_055_744.0  // 1.5 · 2^52
  return Int64(bitPattern: (x + magic).bitPattern) &- Int64(bitPattern: magic.bitPattern)
}
