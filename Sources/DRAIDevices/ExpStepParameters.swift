import RealModule

/// The parameters of IBM aihwkit's exponential-step device (`ExpStepDevice`, its update in
/// aihwkit's `src/rpucuda/rpu_expstep_device.cpp`), mapped onto one
/// memristor: aihwkit's weight range [`weightMin`, `weightMax`] is the device's conductance
/// range [gMin, gMax].
///
/// With w the device's position in that weight range and z = 2·w/(weightMax − weightMin)·a + b,
/// a SET pulse moves w by max(0, 1 − A_up·e^(γ_up·z))·dw_min·(1 + min(up_down, 0)) and a RESET
/// pulse by −max(0, 1 − A_down·e^(−γ_down·z))·dw_min·(1 − max(up_down, 0)) (aihwkit's biased
/// up/down scales). Negative A make the steps grow towards a bound, positive A shrink them.
public struct ExpStepParameters: Hashable, Sendable, Codable {
  /// Lowest and highest conductance (siemens).
  public var gMinSiemens: Double, gMaxSiemens: Double
  /// aihwkit's weight range that the conductance range stands for (weightMin < weightMax).
  public var weightMin: Double, weightMax: Double
  /// Nominal step dw_min, in weight units.
  public var dwMin: Double
  /// aihwkit's `up_down`: > 0 shrinks RESET steps by that fraction, < 0 shrinks SET steps.
  public var upDown: Double
  /// aihwkit's `a` and `b` of z.
  public var a: Double, b: Double
  /// aihwkit's `gamma_up`, `gamma_down`.
  public var gammaUp: Double, gammaDown: Double
  /// aihwkit's `A_up`, `A_down`.
  public var aUp: Double, aDown: Double

  /// Memberwise initialiser. Preconditions: gMin < gMax, weightMin < weightMax, dwMin > 0 (the
  /// description loader reports them as errors first).
  public init(gMinSiemens: Double, gMaxSiemens: Double, weightMin: Double, weightMax: Double, dwMin: Double,
              upDown: Double, a: Double, b: Double, gammaUp: Double, gammaDown: Double, aUp: Double, aDown: Double) {
    self.gMinSiemens = gMinSiemens
    self.gMaxSiemens = gMaxSiemens
    self.weightMin = weightMin
    self.weightMax = weightMax
    self.dwMin = dwMin
    self.upDown = upDown
    self.a = a
    self.b = b
    self.gammaUp = gammaUp
    self.gammaDown = gammaDown
    self.aUp = aUp
    self.aDown = aDown
    precondition(gMinSiemens < gMaxSiemens && weightMin < weightMax && dwMin > 0, "exp_step needs gMin < gMax, wMin < wMax, dwMin > 0")
  }

  /// Siemens per weight unit.
  @inlinable var siemensPerWeight: Double { (gMaxSiemens - gMinSiemens) / (weightMax - weightMin) }

  /// The nominal step dw_min in siemens.
  @inlinable public var stepSiemens: Double { dwMin * siemensPerWeight }

  /// The conductance change of one noise-free pulse on a device at `g` (before clamping).
  /// - Complexity: O(1), one exponential.
  public func pulseStep(_ g: Double, set: Bool) -> Double {
    let w = weightMin + (g - gMinSiemens) / siemensPerWeight
    let z = 2 * w / (weightMax - weightMin) * a + b
    if set {
      let y = Swift.max(1 - aUp * Double.exp(gammaUp * z), 0)
      return y * dwMin * (1 + Swift.min(upDown, 0)) * siemensPerWeight
    }
    let y = Swift.max(1 - aDown * Double.exp(-gammaDown * z), 0)
    return -y * dwMin * (1 - Swift.max(upDown, 0)) * siemensPerWeight
  }
}
