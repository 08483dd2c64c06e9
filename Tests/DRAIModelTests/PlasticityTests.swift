import DRAICore
import DRAIDevices
import DRAIEnergy
import DRAIPlasticity
import DRAITile
import Testing

/// The DRAI rule on two oscillators, with ideal devices so that weights are exact.
@Suite struct PlasticityTests {
  /// Two oscillators at 100 MHz, 16-bit phases, F = 5 rad/µs, windows of 50 samples every 10
  /// cycles (500 cycles), η = 0.01 rad/µs, thresholds ±0.5.
  func tile(frequencies: [Double] = [1, 1], mode: LearningMode = .hebbian, margin: Double = 0,
            windowSamples: Int = 50, decay: Double = 0, bound: Double? = nil) -> OscillatorTile {
    let config = TileConfiguration(
      oscillators: 2, phaseFormat: PhaseFormat(bits: 16), clockMHz: 100, naturalFrequenciesMHz: frequencies,
      referenceFrequencyMHz: 1, couplingPeriodCycles: 1, device: .ideal(gMinSiemens: 0, gMaxSiemens: 1e-3),
      couplingGain: 1000, dacBits: 0, adcBits: 0, adcFullScaleFraction: 1, readNoiseSigma: 0,
      forcingStrength: 5, samplePeriodCycles: 10, windowSamples: windowSamples,
      rule: LearningRule(mode: mode, function: .cosine, potentiationThreshold: 0.5, depressionThreshold: -0.5,
                         learningRate: 0.01, decayFraction: decay, maxIncomingWeight: bound, stabilityMargin: margin))
    return OscillatorTile(configuration: config, initialPhases: [0.3, 2.0], seed: 9)
  }

  /// Forces `pattern`, lets the phases lock for 2000 cycles, then learns for `windows` windows.
  func learn(_ t: inout OscillatorTile, pattern: [Bool], windows: UInt64) {
    t.setForcingPattern(pattern)
    t.forcingEnabled = true
    t.run(cycles: Cycles(2000))
    t.plasticityEnabled = true
    t.run(cycles: Cycles(500 * windows))
  }

  @Test("Forced in phase: both weights grow by η·m per window (m = cos 0 = 1)")
  func inPhaseGrows() {
    var t = tile()
    learn(&t, pattern: [true, true], windows: 10)
    // 10 windows × η = 0.01 × m ≈ 1 → w = 0.1 rad/µs (m differs from 1 by the locked phase
    // difference of a few LSB: 1 − cos(1e-3) ≈ 5e-7).
    #expect(abs(t.weight(0, 1) - 0.1) < 1e-5)
    #expect(abs(t.weight(1, 0) - 0.1) < 1e-5)
    #expect(t.counters.resonanceEvents == 20 && t.counters.potentiationEvents == 20)
    #expect(t.counters.weightUpdates == 20 && t.counters.skippedWindows == 0)
  }

  @Test("Forced in anti-phase: both weights shrink (m = cos π = −1)")
  func antiPhaseShrinks() {
    var t = tile()
    learn(&t, pattern: [true, false], windows: 10)
    #expect(abs(t.weight(0, 1) + 0.1) < 1e-5)
    #expect(abs(t.weight(1, 0) + 0.1) < 1e-5)
    #expect(t.counters.depressionEvents == 20)
  }

  @Test("Between the thresholds: no event, no pulse, no learning energy")
  func betweenThresholds() {
    // Unforced and uncoupled at 1.0 and 1.1 MHz: the phase difference turns once per 10 µs, and
    // a window of 100 samples × 10 cycles at 100 MHz spans exactly that beat, so m = ⟨cos⟩ = 0
    // (up to the 2^-12 lookup rounding) — inside (−0.5, 0.5).
    var t = tile(frequencies: [1.0, 1.1], windowSamples: 100)
    t.plasticityEnabled = true
    t.run(cycles: Cycles(5000))
    let c = t.counters
    #expect(c.windowsEvaluated == 10)  // 5 windows × 2 synapses
    #expect(c.resonanceEvents == 0 && c.programmingPulses == 0 && c.weightUpdates == 0)
    #expect(c.skippedWindows == 10)
    #expect(c.detectorSamples == 500)  // 1 pair × 500 samples
    #expect(t.weight(0, 1) == 0 && t.weight(1, 0) == 0)
    let report = EnergyReport(counters: c, table: EnergyTableTests.table(), tiles: 1, elapsedSeconds: 5e-5)
    for op in [EnergyOperation.resonanceEvent, .setPulse, .resetPulse] { #expect(report.breakdown[op]!.value == 0) }
  }

  @Test("Stability mode: an oscillator whose drive Σ w cos(φ_j − φ_i) reaches the margin stops learning")
  func stabilityGate() {
    // w = 0.5 both ways, forced in phase: λ = 0.5 per window, then 0.51, 0.52, ...; with margin
    // 0.555 the windows with λ = 0.50 ... 0.55 (six) fire, leaving w = 0.56 and 12 events.
    var t = tile(mode: .stability, margin: 0.555)
    t.writeWeight(0, 1, radiansPerMicrosecond: 0.5)
    t.writeWeight(1, 0, radiansPerMicrosecond: 0.5)
    learn(&t, pattern: [true, true], windows: 10)
    #expect(abs(t.weight(0, 1) - 0.56) < 1e-5)
    #expect(t.counters.resonanceEvents == 12)
    #expect(t.counters.skippedWindows == 8)
    // With a margin below the starting drive nothing is ever learned.
    var u = tile(mode: .stability, margin: 0.3)
    u.writeWeight(0, 1, radiansPerMicrosecond: 0.5)
    u.writeWeight(1, 0, radiansPerMicrosecond: 0.5)
    learn(&u, pattern: [true, true], windows: 10)
    #expect(u.counters.resonanceEvents == 0 && u.counters.programmingPulses == 0)
  }

  @Test("Decay: a synapse without resonance loses λ·w per window")
  func decay() {
    // 1.0 and 1.1 MHz (Δω = 0.628 rad/µs) with w = 0.05 both ways: w12 + w21 = 0.1 < Δω, so
    // they slip and the window mean stays near 0 — no event — and each window multiplies w by
    // 1 − λ = 0.9: after 5 windows w = 0.05·0.9^5 = 0.0295245.
    var t = tile(frequencies: [1.0, 1.1], windowSamples: 100, decay: 0.1)
    t.writeWeight(0, 1, radiansPerMicrosecond: 0.05)
    t.writeWeight(1, 0, radiansPerMicrosecond: 0.05)
    t.plasticityEnabled = true
    t.run(cycles: Cycles(5000))
    #expect(t.counters.resonanceEvents == 0)
    #expect(abs(t.weight(0, 1) - 0.0295245) < 1e-7)
    #expect(t.counters.decayPulses == 10)  // one RESET of G⁺ per synapse per window (ideal device)
  }

  @Test("Homeostasis: Σ_j |w_ij| is scaled back to the bound")
  func homeostasis() {
    // In phase, +η = 0.01 per window: 0.01 ... 0.05 in five windows; the sixth reaches 0.06 and
    // is scaled back to the bound 0.05, and so on: w = 0.05 after 10 windows, 5 scalings each way.
    var t = tile(bound: 0.05)
    learn(&t, pattern: [true, true], windows: 10)
    #expect(abs(t.weight(0, 1) - 0.05) < 1e-9 && abs(t.weight(1, 0) - 0.05) < 1e-9)
    #expect(t.counters.homeostaticPulses == 10)
  }

  @Test("Stochastic rounding makes the expected pulse count η·m / (gain·ΔG)")
  func stochasticRounding() {
    // 64 levels over 0...63 µS: ΔG = 1 µS, gain 1000 → one level is 1e-3 rad/µs; η·m = 0.01·1
    // = 10 levels per window exactly (no rounding) on the way up from zero.
    let config = TileConfiguration(
      oscillators: 2, phaseFormat: PhaseFormat(bits: 16), clockMHz: 100, naturalFrequenciesMHz: [1, 1],
      referenceFrequencyMHz: 1, couplingPeriodCycles: 1, device: .linearStep(gMinSiemens: 0, gMaxSiemens: 63e-6, levels: 64),
      couplingGain: 1000, dacBits: 0, adcBits: 0, adcFullScaleFraction: 1, readNoiseSigma: 0,
      forcingStrength: 5, samplePeriodCycles: 10, windowSamples: 50,
      rule: LearningRule(function: .cosine, potentiationThreshold: 0.5, depressionThreshold: -0.5,
                         learningRate: 0.0099999, decayFraction: 0, maxIncomingWeight: nil))
    var t = OscillatorTile(configuration: config, initialPhases: [0, 1], seed: 4)
    learn(&t, pattern: [true, true], windows: 3)
    // x = 9.9999·m per event rounds up to 10 with probability ≈ 0.9999 (m ≈ 1): 30 SET pulses
    // per synapse in 3 windows with overwhelming probability, i.e. w = 0.03 rad/µs.
    #expect(t.counters.setPulses == 60)
    #expect(abs(t.weight(0, 1) - 0.03) < 1e-9)
  }
}
