import DRAICore
import DRAIDevices

/// Applies the DRAI rule of a tile at window ends: turns resonance events into SET/RESET pulses
/// on the crossbar's differential pairs, then applies decay and homeostatic scaling.
///
/// A weight change of Δw rad/µs is Δw/(gain·ΔG) device steps for a stepped device of step ΔG;
/// fractional steps are rounded stochastically (unbiased, seeded), so small η still learns on
/// devices with few levels.
public struct PlasticityEngine: Sendable, Codable {
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
    detector: inout ResonanceDetector, drive: [Double], crossbar: inout Crossbar, counters: inout ActivityCounters,
    homeostasis: Bool = true
  ) {
    detector.closeWindow { i, j, mean in
      for (r, c) in [(i, j), (j, i)] {  // a fixed-size literal: stack-promoted by the optimiser
        applyWindow(mean: mean, row: r, column: c, drive: drive[r], crossbar: &crossbar, counters: &counters)
      }
    }
    if homeostasis, let bound = rule.maxIncomingWeight {
      scaleIncoming(bound: bound, crossbar: &crossbar, counters: &counters)
    }
  }

  /// Whether a window mean is a resonance (at or beyond a threshold).
  @inlinable public func isResonant(_ mean: Double) -> Bool {
    mean >= rule.potentiationThreshold || mean <= rule.depressionThreshold
  }

  /// Applies the rule to one synapse, cell (row ← column) of `crossbar`, at the end of a window
  /// whose detector mean is `mean`: a resonance event (η·mean, if the stability gate with the
  /// postsynaptic window-mean drive `drive` (rad/µs) lets it through) or, without one, the decay
  /// step when `decays`. `resonant` is the detector's decision when it was taken elsewhere
  /// (nil: decide from `mean` here). Counts the window, the dense-update estimate, the event or
  /// the skip, and the pulses. Returns whether an event was programmed.
  @discardableResult
  public mutating func applyWindow(
    mean: Double, row r: Int, column c: Int, drive: Double, decays: Bool = true, resonant: Bool? = nil,
    crossbar: inout Crossbar, counters: inout ActivityCounters
  ) -> Bool {
    countWindow(mean: mean, device: crossbar.device, counters: &counters)
    if (resonant ?? isResonant(mean)) && (rule.mode != .stability || drive < rule.stabilityMargin) {
      applyEvent(mean: mean, row: r, column: c, crossbar: &crossbar, counters: &counters)
      return true
    }
    counters.skippedWindows += 1
    if decays { decay(row: r, column: c, crossbar: &crossbar, counters: &counters) }
    return false
  }

  /// Counts a window without a resonance event for a synapse held elsewhere (no pulse, no
  /// decay here: the owner decays its own synapses).
  public func countSkippedWindow(mean: Double, device: MemristorDevice, counters: inout ActivityCounters) {
    countWindow(mean: mean, device: device, counters: &counters)
    counters.skippedWindows += 1
  }

  /// Counts one synapse window and the pulses a dense update of η·mean would have needed.
  func countWindow(mean: Double, device: MemristorDevice, counters: inout ActivityCounters) {
    let dense = rule.learningRate * mean
    counters.windowsEvaluated += 1
    if let step = device.stepSiemens {
      counters.densePulseEstimate += Swift.abs(dense) / (step * gain)
    } else {
      counters.densePulseEstimate += dense == 0 ? 0 : 1
    }
  }

  /// Programs one resonance event Δw = η·mean on cell (row ← column) and counts it.
  public mutating func applyEvent(mean: Double, row r: Int, column c: Int, crossbar: inout Crossbar,
                                  counters: inout ActivityCounters) {
    counters.resonanceEvents += 1
    if mean >= rule.potentiationThreshold { counters.potentiationEvents += 1 } else { counters.depressionEvents += 1 }
    let p = change(row: r, column: c, by: rule.learningRate * mean, crossbar: &crossbar)
    if p.total > 0 {
      counters.weightUpdates += 1
      counters.updatesByPulses[Int(min(p.total, 32)) - 1] &+= 1
      counters.updatePulses += p.total
    }
    record(p, into: &counters)
  }

  /// The explicit decay step of a synapse without a resonance event (nothing if the rule's
  /// decay fraction is 0).
  public mutating func decay(row r: Int, column c: Int, crossbar: inout Crossbar, counters: inout ActivityCounters) {
    guard rule.decayFraction > 0 else { return }
    let w = crossbar.weightSiemens(row: r, column: c) * gain
    let p = change(row: r, column: c, by: -rule.decayFraction * w, crossbar: &crossbar)
    counters.decayPulses += p.total
    record(p, into: &counters)
  }

  /// Scales each row whose Σ_j |w_ij| exceeds `bound` back to it.
  mutating func scaleIncoming(bound: Double, crossbar: inout Crossbar, counters: inout ActivityCounters) {
    for i in 0..<crossbar.rows {
      let total = crossbar.incomingMagnitudeSiemens(row: i) * gain
      guard total > bound else { continue }
      scaleRow(i, by: bound / total, skipping: i, crossbar: &crossbar, counters: &counters)
    }
  }

  /// Homeostatic scaling over a tile's local crossbar (whose diagonal is unused) and its
  /// inter-tile array, which hold the synapses onto the same oscillators: the synapses onto
  /// oscillator i in the inter-tile array are its cells `cells[cellsOnto[i] ..< cellsOnto[i + 1]]`
  /// (row 0, ascending presynaptic index). Each i whose Σ|w| over both exceeds the rule's bound
  /// is scaled back to it. Nothing without a bound.
  /// - Complexity: O(n² + inter-tile synapses) per call, plus the pulses issued.
  public mutating func scaleIncoming(local: inout Crossbar, interTile: inout Crossbar, cellsOnto: [Int32], cells: [Int32],
                                     counters: inout ActivityCounters) {
    guard let bound = rule.maxIncomingWeight else { return }
    for i in 0..<local.rows {
      let range = Int(cellsOnto[i])..<Int(cellsOnto[i + 1])
      var sparse = 0.0
      for e in range { sparse += Swift.abs(interTile.weightSiemens(row: 0, column: Int(cells[e]))) }
      let total = (local.incomingMagnitudeSiemens(row: i) + sparse) * gain
      guard total > bound else { continue }
      scaleRow(i, by: bound / total, skipping: i, crossbar: &local, counters: &counters)
      for e in range {
        let c = Int(cells[e])
        let w = interTile.weightSiemens(row: 0, column: c) * gain
        if w == 0 { continue }
        let p = change(row: 0, column: c, by: (bound / total - 1) * w, crossbar: &interTile)
        counters.homeostaticPulses += p.total
        record(p, into: &counters)
      }
    }
  }

  /// Multiplies every weight of row `i` (but column `skip`) by `factor` through pulses.
  mutating func scaleRow(_ i: Int, by factor: Double, skipping skip: Int, crossbar: inout Crossbar,
                         counters: inout ActivityCounters) {
    for j in 0..<crossbar.columns where j != skip {
      let w = crossbar.weightSiemens(row: i, column: j) * gain
      if w == 0 { continue }
      let p = change(row: i, column: j, by: (factor - 1) * w, crossbar: &crossbar)
      counters.homeostaticPulses += p.total
      record(p, into: &counters)
    }
  }

  /// Programs a weight change of `delta` rad/µs on cell (row, column).
  mutating func change(row: Int, column: Int, by delta: Double, crossbar: inout Crossbar) -> PulseCount {
    guard let step = crossbar.device.stepSiemens else {
      return crossbar.program(row: row, column: column, deltaSiemens: delta / gain)
    }
    // At most the pair's full swing, from one end of its range to the other (2 × the levels
    // between g_min and g_max): further pulses could only hit the bound. This bounds the work
    // of one change, and a huge or non-finite planned change can neither hang nor trap.
    let swing = 2 * ((crossbar.device.gMaxSiemens - crossbar.device.gMinSiemens) / step).rounded()
    let planned = delta / (gain * step)
    let x = planned.isNaN ? 0 : Swift.min(Swift.max(planned, -swing), swing)
    let whole = x.rounded(.down)
    let steps = Int(whole) + (rng.nextUnit() < x - whole ? 1 : 0)
    if steps == 0 { return PulseCount() }
    guard crossbar.writeVerifyMaxPulses > 0 else { return crossbar.program(row: row, column: column, steps: steps) }
    // Closed loop: aim at the planned weight, clamped to the pair's range.
    let span = crossbar.device.gMaxSiemens - crossbar.device.gMinSiemens
    let target = Swift.min(Swift.max(crossbar.weightSiemens(row: row, column: column) + Double(steps) * step, -span), span)
    return crossbar.programVerified(row: row, column: column, targetSiemens: target)
  }

  func record(_ p: PulseCount, into counters: inout ActivityCounters) {
    counters.setPulses += p.set
    counters.resetPulses += p.reset
    counters.ineffectivePulses += p.ineffective
    counters.setPulseConductanceSum += p.setConductanceSum
    counters.resetPulseConductanceSum += p.resetConductanceSum
    counters.crossbarCellReads += 2 * p.verifyReads
    counters.readConductanceSum += p.verifyConductanceSum
    counters.verifyReads += p.verifyReads
    counters.verifyConductanceSum += p.verifyConductanceSum
  }
}
