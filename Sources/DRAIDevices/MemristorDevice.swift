/// The conductance-programming behaviour of one memristor type.
///
/// A device is programmed by SET pulses (conductance up) and RESET pulses (conductance down).
/// The issue-2 device models are the ideal device and the linear-step device; the enum leaves
/// room for nonlinear, asymmetric and noisy models without existentials in the hot path.
public enum MemristorDevice: Hashable, Sendable {
  /// Any conductance in gMin...gMax can be written exactly; one pulse writes any change.
  case ideal(gMinSiemens: Double, gMaxSiemens: Double)
  /// `levels` equally spaced conductances from gMin to gMax; one pulse moves one level and a
  /// pulse at the bound changes nothing (it still costs energy).
  case linearStep(gMinSiemens: Double, gMaxSiemens: Double, levels: Int)

  /// Lowest conductance (siemens).
  @inlinable public var gMinSiemens: Double {
    switch self {
    case .ideal(let g, _), .linearStep(let g, _, _): return g
    }
  }

  /// Highest conductance (siemens).
  @inlinable public var gMaxSiemens: Double {
    switch self {
    case .ideal(_, let g), .linearStep(_, let g, _): return g
    }
  }

  /// Conductance change of one pulse (siemens), or nil for the ideal device.
  @inlinable public var stepSiemens: Double? {
    switch self {
    case .ideal: return nil
    case .linearStep(let lo, let hi, let levels): return (hi - lo) / Double(levels - 1)
    }
  }
}

/// Pulses issued by one programming operation.
public struct PulseCount: Hashable, Sendable {
  /// SET pulses.
  public var set: UInt64 = 0
  /// RESET pulses.
  public var reset: UInt64 = 0
  /// Pulses that found their cell at a bound and changed nothing.
  public var ineffective: UInt64 = 0

  /// No pulses.
  public init() {}

  /// All pulses.
  @inlinable public var total: UInt64 { self.set + self.reset }

  /// Adds the counts of `b` to `a`.
  @inlinable public static func += (a: inout PulseCount, b: PulseCount) {
    a.set += b.set; a.reset += b.reset; a.ineffective += b.ineffective
  }
}
