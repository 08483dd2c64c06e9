import DRAICore
import DRAIDevices

/// Applies the DRAI rule of a tile at window ends: turns resonance events into SET/RESET pulses
/// on the crossbar's differential pairs, then applies decay and homeostatic scaling.
///
/// A weight change of Δw rad/µs is Δw/(gain·ΔG) device steps for a stepped device of step ΔG;
/// fractional steps are rounded stochastically (unbiased, seeded), so small η still learns on
/// devices with few levels.
public struct PlasticityEngine: Sendable {
  /// The rule.
  public let rule: LearningRule
  /// Coupling gain: rad/µs of weight per siemens of G⁺ − G⁻.
  public let gain: Double
  @usableFromInline var rng: SeededRNG

  /// Creates the engine. Precondition: gain > 0.
  public init(rule: LearningRule, gain: Double, rng: SeededRNG) {
    precondition(gain > 0, "coupling gain must be positive")
    self.rule = rule
    self.gain = gain
    self.rng = rng
  }

  /// Closes the detector's window and applies events, decay and homeostasis to `crossbar`.
  ///
  /// - Parameter drive: in stability mode, the window-mean in-phase drive λ_i of each
  ///   oscillator (rad/µs); ignored in hebbian mode.
  ///
  /// Synapses are visited in a fixed order (pairs i < j ascending, w_ij before w_ji), so the
  /// stochastic-rounding draws are deterministic. Every count is per synapse (i ← j), except
  /// detector samples, which are per pair. - Complexity: O(n²) plus the pulses issued.
  public mutating func closeWindow(
    detector: inout ResonanceDetector, drive: [Double], crossbar: inout Crossbar, counters: inout ActivityCounters
  ) {
    let stepWeight = crossbar.device.stepSiemens.map { $0 * gain }
    let gated = rule.mode == .stability
    detector.closeWindow { i, j, mean in
      let dense = rule.learningRate * mean
      let resonant = mean >= rule.potentiationThreshold || mean <= rule.depressionThreshold
      for (r, c) in [(i, j), (j, i)] {  // a fixed-size literal: stack-promoted by the optimiser
        counters.windowsEvaluated += 1
        counters.densePulseEstimate += stepWeight.map { Swift.abs(dense) / $0 } ?? (dense == 0 ? 0 : 1)
        if resonant && (!gated || drive[r] < rule.stabilityMargin) {
          counters.resonanceEvents += 1
          if mean >= rule.potentiationThreshold { counters.potentiationEvents += 1 } else { counters.depressionEvents += 1 }
          let p = change(row: r, column: c, by: dense, crossbar: &crossbar)
          if p.total > 0 { counters.weightUpdates += 1 }
          record(p, into: &counters)
        } else {
          counters.skippedWindows += 1
          if rule.decayFraction > 0 {
            let w = crossbar.weightSiemens(row: r, column: c) * gain
            let p = change(row: r, column: c, by: -rule.decayFraction * w, crossbar: &crossbar)
            counters.decayPulses += p.total
            record(p, into: &counters)
          }
        }
      }
    }
    if let bound = rule.maxIncomingWeight { scaleIncoming(bound: bound, crossbar: &crossbar, counters: &counters) }
  }

  /// Scales each row whose Σ_j |w_ij| exceeds `bound` back to it.
  mutating func scaleIncoming(bound: Double, crossbar: inout Crossbar, counters: inout ActivityCounters) {
    for i in 0..<crossbar.rows {
      let total = crossbar.incomingMagnitudeSiemens(row: i) * gain
      guard total > bound else { continue }
      let factor = bound / total
      for j in 0..<crossbar.columns where j != i {
        let w = crossbar.weightSiemens(row: i, column: j) * gain
        if w == 0 { continue }
        let p = change(row: i, column: j, by: (factor - 1) * w, crossbar: &crossbar)
        counters.homeostaticPulses += p.total
        record(p, into: &counters)
      }
    }
  }

  /// Programs a weight change of `delta` rad/µs on cell (row, column).
  mutating func change(row: Int, column: Int, by delta: Double, crossbar: inout Crossbar) -> PulseCount {
    guard let step = crossbar.device.stepSiemens else {
      return crossbar.program(row: row, column: column, deltaSiemens: delta / gain)
    }
    let x = delta / (gain * step)
    let whole = x.rounded(.down)
    let steps = Int(whole) + (rng.nextUnit() < x - whole ? 1 : 0)
    if steps == 0 { return PulseCount() }
    return crossbar.program(row: row, column: column, steps: steps)
  }

  func record(_ p: PulseCount, into counters: inout ActivityCounters) {
    counters.setPulses += p.set
    counters.resetPulses += p.reset
    counters.ineffectivePulses += p.ineffective
  }
}
