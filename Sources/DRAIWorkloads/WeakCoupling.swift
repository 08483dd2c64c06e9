import DRAIChip
import Foundation

/// The run-time precision guard on learned weights (JSON `weak_coupling`): how many oscillators
/// end the run with a coupling step K_i·dt above zero but below the safe quantum, where
/// rounding to the phase LSB, not the weights, decides their dynamics (``Chip/weakCoupling()``).
/// The description loader refuses chips whose largest weights fall below the quantum; this
/// counts what learning did to the weights after that check.
public struct WeakCoupling: Codable, Sendable, Equatable {
  /// Oscillators whose coupling step lies in (0, `safeStepPhaseLSB`).
  public var oscillators: Int
  /// The smallest such step, phase LSBs; nil when there is none.
  public var smallestStepPhaseLSB: Double?
  /// The safe quantum, phase LSBs (``Chip/safeCouplingStepPhaseLSBs``).
  public var safeStepPhaseLSB: Double

  enum CodingKeys: String, CodingKey {
    case oscillators, smallestStepPhaseLSB = "smallest_step_phase_lsb", safeStepPhaseLSB = "safe_step_phase_lsb"
  }

  /// The guard's reading of `chip`'s weights now. - Complexity: O(Σ n_k² + inter-tile synapses).
  public init(chip: Chip) {
    let w = chip.weakCoupling()
    oscillators = w.oscillators
    smallestStepPhaseLSB = w.smallestPhaseLSBs
    safeStepPhaseLSB = Chip.safeCouplingStepPhaseLSBs
  }

  /// A one-line warning for the summary, or nil when no oscillator is weakly coupled.
  public var warning: String? {
    guard oscillators > 0, let smallest = smallestStepPhaseLSB else { return nil }
    // Each phase bit doubles a step counted in LSBs.
    let bits = Int(Double.log2(safeStepPhaseLSB / smallest).rounded(.up))
    return "warning: \(oscillators) oscillator\(oscillators == 1 ? "" : "s") end with learned coupling K·dt below "
      + "\(String(format: "%g", safeStepPhaseLSB)) phase LSBs (smallest \(String(format: "%.3g", smallest))): rounding to the phase "
      + "register, not the learned weights, sets their dynamics, so this run's figures do not describe the model; raise "
      + "oscillators.phase_bits by \(bits) or more (each bit doubles K·dt in LSBs), or crossbar.coupling_period_cycles \(1 << bits)-fold"
  }
}
