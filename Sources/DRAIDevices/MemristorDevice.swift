import RealModule

/// The conductance-programming behaviour of one memristor type.
///
/// A device is programmed by SET pulses (conductance up) and RESET pulses (conductance down).
/// Cycle-to-cycle and device-to-device variability, stuck cells and endurance are added on top
/// of any of them by ``DeviceVariability`` (Docs/devices.md).
public enum MemristorDevice: Hashable, Sendable, Codable {
  /// Any conductance in gMin...gMax can be written exactly; one pulse writes any change.
  case ideal(gMinSiemens: Double, gMaxSiemens: Double)
  /// `levels` equally spaced conductances from gMin to gMax; one pulse moves one level and a
  /// pulse at the bound changes nothing (it still costs energy).
  case linearStep(gMinSiemens: Double, gMaxSiemens: Double, levels: Int)
  /// NeuroSim's nonlinear soft-bounds device (Chen et al., IEEE TCAD 37:3067, 2018): after P SET
  /// pulses from gMin, G(P) = gMin + B·(1 − e^(−P/A)) with B = (gMax − gMin)/(1 − e^(−Pmax/A)),
  /// so Pmax = `levels` − 1 pulses span the range; RESET pulses follow the mirror curve from
  /// gMax with their own A. A is `nonlinearitySet` (or `…Reset`) × Pmax: small values give
  /// large first steps that shrink towards the bound, large values approach linear steps.
  case softBounds(gMinSiemens: Double, gMaxSiemens: Double, levels: Int, nonlinearitySet: Double,
                  nonlinearityReset: Double)
  /// A pulsed step device in the style of IBM aihwkit's constant-step model (Gokmen & Vlasov,
  /// Front. Neurosci. 10:333, 2016): a pulse in direction d (+1 SET, −1 RESET) changes G by
  /// d·Δg·(1 + d·β), clipped to gMin...gMax, with Δg = (gMax − gMin)/(`levels` − 1); β ≠ 0
  /// makes up and down steps unequal.
  case asymmetricStep(gMinSiemens: Double, gMaxSiemens: Double, levels: Int, asymmetry: Double)
  /// A voltage-driven device after VTEAM (Kvatinsky et al., IEEE TCAS-II 62:786, 2015), with a
  /// normalised state x ∈ [0, 1] and a resistance linear in it, R = 1/gMin + x·(1/gMax − 1/gMin).
  /// A pulse moves x by `setStateStep` (SET) or `resetStateStep` (RESET) times the window
  /// f(x) (``VTEAMWindow``), each step k·(|V|/v_threshold − 1)^α·t_pulse for a pulse above
  /// threshold and 0 below it (VTEAM's rate law), computed by the description loader from the
  /// chip's pulse amplitude and width, so that they change the step as well as the energy.
  case vteam(gMinSiemens: Double, gMaxSiemens: Double, setStateStep: Double, resetStateStep: Double,
             window: VTEAMWindow = .rectangular)
  /// IBM aihwkit's exponential-step device (``ExpStepParameters``), whose step depends on the
  /// conductance through an exponential in each direction; aihwkit fits it to measured ReRAM
  /// (its ReRamES preset, after Gong et al., Nat. Commun. 9, 2018, doi:10.1038/s41467-018-04485-1).
  case expStep(ExpStepParameters)

  /// Lowest conductance (siemens).
  @inlinable public var gMinSiemens: Double {
    switch self {
    case .ideal(let g, _), .linearStep(let g, _, _), .softBounds(let g, _, _, _, _), .asymmetricStep(let g, _, _, _),
         .vteam(let g, _, _, _, _): return g
    case .expStep(let p): return p.gMinSiemens
    }
  }

  /// Highest conductance (siemens).
  @inlinable public var gMaxSiemens: Double {
    switch self {
    case .ideal(_, let g), .linearStep(_, let g, _), .softBounds(_, let g, _, _, _), .asymmetricStep(_, let g, _, _),
         .vteam(_, let g, _, _, _): return g
    case .expStep(let p): return p.gMaxSiemens
    }
  }

  /// Nominal conductance change of one pulse (siemens): the range over `levels` − 1 (the
  /// planner's unit; a nonlinear or asymmetric device's actual steps differ), or nil for the
  /// ideal device.
  @inlinable public var stepSiemens: Double? {
    switch self {
    case .ideal: return nil
    case .linearStep(let lo, let hi, let levels), .softBounds(let lo, let hi, let levels, _, _),
         .asymmetricStep(let lo, let hi, let levels, _):
      return (hi - lo) / Double(levels - 1)
    case .vteam(let lo, let hi, let up, let down, _):
      // The mean conductance change per unit of state, times the mean state step.
      return (hi - lo) * (up + down) / 2
    case .expStep(let p): return p.stepSiemens
    }
  }

  /// The conductance after one noise-free pulse on a device at `g` (SET if `set`, else RESET),
  /// clamped to the range. The ideal device has no pulse of its own and returns `g`.
  /// - Complexity: O(1) (two exponentials and a logarithm for the soft-bounds device).
  public func afterPulse(_ g: Double, set: Bool) -> Double {
    Swift.min(Swift.max(g + pulseStep(g, set: set), gMinSiemens), gMaxSiemens)
  }

  /// The model's conductance change for one pulse on a device at `g`, before clamping to the
  /// range (so that a scaled step still reaches the bound it would have reached). Soft-bounds
  /// curves are continued past Pmax for this purpose.
  public func pulseStep(_ g: Double, set: Bool) -> Double {
    switch self {
    case .ideal: return 0
    case .linearStep(let lo, let hi, let levels):
      let step = (hi - lo) / Double(levels - 1)
      return set ? step : -step
    case .asymmetricStep(let lo, let hi, let levels, let beta):
      let step = (hi - lo) / Double(levels - 1)
      return set ? step * (1 + beta) : -step * (1 - beta)
    case .softBounds(let lo, let hi, let levels, let nlSet, let nlReset):
      let pMax = Double(levels - 1)
      // Distance travelled along the curve in pulse units, one more pulse, back to conductance.
      func curve(_ x: Double, _ nl: Double) -> Double {  // x: conductance gone from the start bound
        let a = nl * pMax, b = (hi - lo) / (1 - Double.exp(-pMax / a))
        let p = -a * Double.log(Swift.max(1 - x / b, 1e-300))
        return b * (1 - Double.exp(-(p + 1) / a))
      }
      return set ? lo + curve(g - lo, nlSet) - g : (hi - curve(hi - g, nlReset)) - g
    case .vteam(let lo, let hi, let up, let down, let window):
      let rOff = 1 / lo, rOn = 1 / hi
      let x = Swift.min(Swift.max((1 / g - rOff) / (rOn - rOff), 0), 1)  // state from conductance
      let next = Swift.min(Swift.max(x + (set ? up : -down) * window.factor(x, set: set), 0), 1)
      return 1 / (rOff + next * (rOn - rOff)) - g
    case .expStep(let p): return p.pulseStep(g, set: set)
    }
  }
}

/// The window function f(x) of a VTEAM device, which scales the state step near the bounds
/// (x = 0 at gMin, OFF; x = 1 at gMax, ON).
public enum VTEAMWindow: Hashable, Sendable, Codable {
  /// f = 1: the step is the same everywhere (VTEAM's own choice, with hard bounds).
  case rectangular
  /// Joglekar & Wolf (Eur. J. Phys. 30:661, 2009): f(x) = 1 − (2x − 1)^(2p). f = 0 at both
  /// bounds, so a device at a bound never leaves it (the model's known terminal-state problem).
  case joglekar(p: Int)
  /// Biolek et al. (Radioengineering 18:210, 2009): f(x) = 1 − (x − stp(−i))^(2p), with
  /// stp(−i) = 1 for RESET and 0 for SET: steps shrink towards the bound they approach, and a
  /// device at a bound can leave it.
  case biolek(p: Int)

  /// f(x) for a SET (`set`) or RESET pulse. Precondition: x ∈ [0, 1], p ≥ 1.
  public func factor(_ x: Double, set: Bool) -> Double {
    switch self {
    case .rectangular: return 1
    case .joglekar(let p): return 1 - Self.power(2 * x - 1, 2 * p)
    case .biolek(let p): return 1 - Self.power(x - (set ? 0 : 1), 2 * p)
    }
  }

  static func power(_ b: Double, _ e: Int) -> Double { (0..<e).reduce(1) { r, _ in r * b } }
}

/// Non-idealities of the devices of a crossbar beyond their pulse response, all drawn from the
/// crossbar's seed (Docs/devices.md).
public struct DeviceVariability: Hashable, Sendable, Codable {
  /// Cycle-to-cycle: each pulse's conductance change is scaled by (1 + σ·ξ), ξ ~ N(0, 1), not
  /// clipped, so a large σ can move a device against its pulse (aihwkit's `dw_min_std`).
  public var cycleToCycleSigma: Double
  /// Cycle-to-cycle, additive: each pulse adds σ·(gMax − gMin)·ξ, ξ ~ N(0, 1), whatever its step
  /// (NeuroSim's `sigmaCtoC` as a fraction of the conductance range; over n pulses σ·√n).
  public var cycleToCycleAdditiveSigma: Double
  /// Device-to-device: each device's steps are scaled for life by max(0, 1 + σ·ξ).
  public var deviceToDeviceSigma: Double
  /// Device-to-device asymmetry: each device draws r = σ·ξ for life (clamped to ±0.95) and its
  /// SET steps are scaled by (1 + r), its RESET steps by (1 − r) (after aihwkit's `up_down_dtod`,
  /// which adds r to the step's gain instead of multiplying).
  public var asymmetryDeviceSigma: Double
  /// Device-to-device conductance range: each device's bounds are gMin·e^(σ·ξ₁) (log-normal,
  /// so never negative) and gMax + σ·(gMax − gMin)·ξ₂ (at least 5 % of the range above its
  /// lower bound), and its pulse response is stretched to that range, as NeuroSim's B uses the
  /// device's own bounds (`conductanceRangeVar`).
  /// aihwkit's `w_min_dtod`/`w_max_dtod` spread the ends of a weight range likewise but keep
  /// the step, so a wider device takes more pulses there.
  public var conductanceRangeSigma: Double
  /// Fraction of devices stuck at gMin (they never move; pulses on them are ineffective).
  public var stuckAtMinFraction: Double
  /// Fraction of devices stuck at gMax.
  public var stuckAtMaxFraction: Double
  /// Pulses after which a device stops switching and keeps its conductance (0: unlimited).
  public var endurancePulses: Int
  /// Conductance drift exponent ν: a device programmed to G₀ at time t_p conducts
  /// max(gMin, G₀·((t − t_p)/t₀)^(−ν)) once t − t_p > t₀ (0: no drift). Phase-change and
  /// some resistive devices show ν ≈ 0.005–0.1 (Ielmini et al., IEEE TED 54:308, 2007).
  public var driftNu: Double
  /// t₀ of the drift law, µs; > 0 (the law divides by it; the description loader checks it).
  public var driftT0Microseconds: Double

  /// Creates a variability description; the description loader checks the ranges (σ ≥ 0,
  /// fractions in [0, 1] with a sum ≤ 1, endurance ≥ 0, range σ ≤ 1).
  public init(cycleToCycleSigma: Double = 0, deviceToDeviceSigma: Double = 0, stuckAtMinFraction: Double = 0,
              stuckAtMaxFraction: Double = 0, endurancePulses: Int = 0, driftNu: Double = 0, driftT0Microseconds: Double = 1,
              cycleToCycleAdditiveSigma: Double = 0, asymmetryDeviceSigma: Double = 0, conductanceRangeSigma: Double = 0) {
    self.cycleToCycleAdditiveSigma = cycleToCycleAdditiveSigma
    self.asymmetryDeviceSigma = asymmetryDeviceSigma
    self.conductanceRangeSigma = conductanceRangeSigma
    self.driftNu = driftNu
    self.driftT0Microseconds = driftT0Microseconds
    self.cycleToCycleSigma = cycleToCycleSigma
    self.deviceToDeviceSigma = deviceToDeviceSigma
    self.stuckAtMinFraction = stuckAtMinFraction
    self.stuckAtMaxFraction = stuckAtMaxFraction
    self.endurancePulses = endurancePulses
  }

  /// No variability: every device follows its model exactly.
  public static let none = DeviceVariability()

  /// Whether anything here departs from the ideal (t₀ alone does not).
  public var isNone: Bool { self == DeviceVariability(driftT0Microseconds: driftT0Microseconds) }
}

/// Pulses issued by one programming operation.
public struct PulseCount: Hashable, Sendable {
  /// SET pulses.
  public var set: UInt64 = 0
  /// RESET pulses.
  public var reset: UInt64 = 0
  /// Pulses that found their cell at a bound and changed nothing.
  public var ineffective: UInt64 = 0
  /// Σ over the SET pulses of the device conductance during the pulse (mean of before and
  /// after), siemens, for V²·G·t pulse energy.
  public var setConductanceSum: Double = 0
  /// The same over the RESET pulses.
  public var resetConductanceSum: Double = 0
  /// Write-verify reads of a differential pair (each reads both devices).
  public var verifyReads: UInt64 = 0
  /// Σ G⁺ + G⁻ over those reads, siemens (for V²·G·t read energy).
  public var verifyConductanceSum: Double = 0

  /// No pulses.
  public init() {}

  /// All pulses.
  @inlinable public var total: UInt64 { self.set + self.reset }

  /// Adds the counts of `b` to `a`.
  @inlinable public static func += (a: inout PulseCount, b: PulseCount) {
    a.set += b.set; a.reset += b.reset; a.ineffective += b.ineffective
    a.setConductanceSum += b.setConductanceSum; a.resetConductanceSum += b.resetConductanceSum
    a.verifyReads += b.verifyReads; a.verifyConductanceSum += b.verifyConductanceSum
  }

  /// Counts one pulse on a device that went from `before` to `after` siemens.
  @inlinable mutating func add(set: Bool, before: Double, after: Double) {
    if set { self.set += 1; setConductanceSum += (before + after) / 2 } else { reset += 1; resetConductanceSum += (before + after) / 2 }
    if before == after { ineffective += 1 }
  }
}
