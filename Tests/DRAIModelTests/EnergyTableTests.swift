import DRAICore
import DRAIEnergy
import Testing

@Suite struct EnergyTableTests {
  /// A table where operation k (in declaration order) costs (k + 1) pJ, band ×0.5 ... ×2; static
  /// power 10 µW (band 5 ... 20).
  static func table() -> EnergyTable {
    var constants: [EnergyOperation: EnergyConstant] = [:]
    for (k, op) in EnergyOperation.allCases.enumerated() {
      let v = op.isPower ? 10e-6 : Double(k + 1) * 1e-12
      constants[op] = EnergyConstant(value: v, low: v / 2, high: 2 * v, unit: op.isPower ? "W" : "J", source: "test", kind: .assumed)
    }
    return EnergyTable(name: "test", constants: constants)
  }

  @Test("Energy = count × constant for every operation, bands propagate, per-update and dense baseline by hand")
  func pricing() {
    var c = ActivityCounters()
    c.oscillatorCycles = 100  // 1 pJ each
    c.crossbarCellReads = 1000  // 2 pJ
    c.dacConversions = 10  // 3 pJ
    c.adcConversions = 10  // 4 pJ
    c.couplingUpdates = 5  // 5 pJ
    c.detectorSamples = 50  // 6 pJ
    c.windowsEvaluated = 20  // 7 pJ
    c.resonanceEvents = 4  // 8 pJ
    c.setPulses = 3  // 9 pJ
    c.resetPulses = 1  // 10 pJ
    c.weightUpdates = 4
    c.densePulseEstimate = 12
    let r = EnergyReport(counters: c, table: Self.table(), tiles: 2, elapsedSeconds: 1e-3)
    // 100 + 2000 + 30 + 40 + 25 + 300 + 140 + 32 + 27 + 10 = 2704 pJ, + 2 tiles × 10 µW × 1 ms = 20 nJ
    // of tile leakage, + the same again of learning-domain retention (plasticity never on).
    let total = 2704e-12 + 20e-9 + 20e-9
    #expect(abs(r.total.value - total) < 1e-21)
    #expect(abs(r.total.low - total / 2) < 1e-21 && abs(r.total.high - 2 * total) < 1e-21)
    // learning = detector 300 + windows 140 + events 32 + pulses 37 = 509 pJ; per update /4.
    #expect(abs(r.learning.value - 509e-12) < 1e-21)
    #expect(abs(r.perUpdate!.value - 509e-12 / 4) < 1e-21)
    // dense: events on all 20 synapse windows (160 pJ) + 12 pulses at (9 + 10)/2 pJ (114 pJ)
    // replace the gated 32 + 37 pJ.
    #expect(abs(r.denseBaseline.value - (total - 69e-12 + 274e-12)) < 1e-21)
    #expect(abs(r.denseLearning.value - (440e-12 + 274e-12)) < 1e-21)
    // Gradient-style estimate: per synapse window (20) a sample (6) + evaluation (7) + event (8)
    // = 21 pJ, + 12 dense pulses at 9.5 pJ: 420 + 114 = 534 pJ, replacing the 509 pJ of learning.
    #expect(abs(r.gradientLearning.value - 534e-12) < 1e-21)
    #expect(abs(r.gradientBaseline.value - (total - 509e-12 + 534e-12)) < 1e-21)
    // A mesh adds its routers' static power: 4 routers × 10 µW × 1 ms = 40 nJ, nothing else.
    let mesh = EnergyReport(counters: c, table: Self.table(), tiles: 2, routers: 4, elapsedSeconds: 1e-3)
    #expect(abs(mesh.total.value - (total + 40e-9)) < 1e-21)
    #expect(abs(mesh.breakdown[.routerStaticPower]!.value - 40e-9) < 1e-21)
  }

  @Test("Device pricing: pulses and reads cost V²·t·ΣG; the dense baseline uses the run's mean pulse energy")
  func devicePricing() {
    var c = ActivityCounters()
    c.setPulses = 3; c.resetPulses = 1
    c.setPulseConductanceSum = 30e-6  // S
    c.resetPulseConductanceSum = 20e-6
    c.readConductanceSum = 1e-3
    c.crossbarCellReads = 1000
    c.densePulseEstimate = 8
    let d = DeviceEnergyModel(setVoltage: 2, resetVoltage: 1.5, pulseWidthSeconds: 10e-9, readVoltage: 0.5, readTimeSeconds: 1e-9)
    let r = EnergyReport(counters: c, table: Self.table(), tiles: 0, elapsedSeconds: 0, deviceEnergy: d)
    // SET: 4 V² × 10 ns × 30 µS = 1.2 pJ; RESET: 2.25 × 10 ns × 20 µS = 0.45 pJ; reads: 0.25 × 1 ns × 1 mS = 0.25 pJ.
    #expect(abs(r.breakdown[.setPulse]!.value - 1.2e-12) < 1e-24)
    #expect(abs(r.breakdown[.resetPulse]!.value - 0.45e-12) < 1e-24)
    #expect(abs(r.breakdown[.crossbarCellRead]!.value - 0.25e-12) < 1e-24)
    #expect(r.breakdown[.setPulse]!.low == r.breakdown[.setPulse]!.high)
    // Dense: 8 pulses at the mean (1.2 + 0.45)/4 pJ = 3.3 pJ, replacing the gated 1.65 pJ (events 0).
    #expect(abs((r.denseBaseline.value - r.total.value) - (3.3e-12 - 1.65e-12)) < 1e-24)
  }

  @Test("Write-verify reads count as learning energy, in table and device pricing")
  func verifyReadsAreLearning() {
    var c = ActivityCounters()
    c.verifyReads = 10
    c.verifyConductanceSum = 400e-6
    // Table: 2 cell reads per verify read at the table's cell-read price (2 pJ, the second
    // operation) = 40 pJ. Device: 0.25 V² × 1 ns × 400 µS = 0.1 pJ.
    let t = EnergyReport(counters: c, table: Self.table(), tiles: 0, elapsedSeconds: 0)
    #expect(abs(t.learning.value - 40e-12) < 1e-24)
    let d = DeviceEnergyModel(setVoltage: 2, resetVoltage: 2, pulseWidthSeconds: 1e-8, readVoltage: 0.5, readTimeSeconds: 1e-9)
    let e = EnergyReport(counters: c, table: Self.table(), tiles: 0, elapsedSeconds: 0, deviceEnergy: d)
    #expect(abs(e.learning.value - 0.1e-12) < 1e-24)
  }

  @Test("Power gating of the learning domain: powered tile-time at its leakage, the rest at retention; idle oscillator cycles apart")
  func learningDomainGating() {
    var c = ActivityCounters()
    c.cycles = 100                 // 1 ms over 100 cycles: 10 µs per cycle
    c.learningPoweredCycles = 60   // tile-cycles, over 2 tiles: 0.6 ms powered, 1.4 ms gated
    c.oscillatorCycles = 1000
    c.oscillatorIdleCycles = 400
    let t = Self.table()
    let r = EnergyReport(counters: c, table: t, tiles: 2, elapsedSeconds: 1e-3)
    #expect(abs(r.breakdown[.learningStaticPower]!.value - 10e-6 * 0.6e-3) < 1e-21)
    #expect(abs(r.breakdown[.learningRetentionPower]!.value - 10e-6 * 1.4e-3) < 1e-21)
    // 600 active oscillator cycles at 1 pJ, 400 idle ones at their own constant.
    #expect(abs(r.breakdown[.oscillatorCycle]!.value - 600e-12) < 1e-21)
    #expect(abs(r.breakdown[.oscillatorIdleCycle]!.value - 400 * t[.oscillatorIdleCycle].value) < 1e-21)
  }
}
