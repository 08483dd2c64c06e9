import DRAICore
import DRAIDevices
import DRAIPlasticity
import DRAIReference
import DRAITile
import DRAIWorkloads
import Foundation
import Testing

/// The fixed-point crossbar tile against theory and against the double-precision reference.
@Suite struct ChipKuramotoTests {
  @Test("Chip tile, N = 500, γ = 1, K = 3: r within 0.01 of the RK4 reference and 0.02 of sqrt(1 − 2/K)")
  func chipOrderParameter() {
    // Theory 0.57735; finite-N quantiles match it within ~0.01 at N = 500 and Euler at dt = 0.01
    // biases r by about −0.17·dt = −0.0017 (Docs/results.md).
    func spec(chip: Bool) -> KuramotoRun.Specification {
      .init(oscillators: 500, coupling: 3, distribution: .lorentzian(gamma: 1), chipModel: chip, phaseBits: 16,
            dt: 0.01, transient: 30, average: 40, seed: 5)
    }
    let chip = KuramotoRun.run(spec(chip: true)).orderParameterMean
    let reference = KuramotoRun.run(spec(chip: false)).orderParameterMean
    #expect(abs(chip - reference) < 0.01)
    #expect(abs(chip - 0.57735) < 0.02)
  }

  /// A tile with ideal devices and converters holding `weights` (rad/µs, row-major).
  func idealTile(bits: Int, omega: [Double], weights: [Double], phases: [Double], dt: Double) -> OscillatorTile {
    let n = omega.count
    let config = TileConfiguration(
      oscillators: n, phaseFormat: PhaseFormat(bits: bits), clockMHz: 1 / dt,
      naturalFrequenciesMHz: omega.map { $0 / (2 * Double.pi) }, referenceFrequencyMHz: 0, couplingPeriodCycles: 1,
      device: .ideal(gMinSiemens: 0, gMaxSiemens: 1e-3), couplingGain: 1000, dacBits: 0,
      adcBits: 0, adcFullScaleFraction: 1, readNoiseSigma: 0, forcingStrength: 0, samplePeriodCycles: 1,
      windowSamples: 1,
      rule: LearningRule(function: .cosine, potentiationThreshold: 1, depressionThreshold: -1, learningRate: 0,
                         decayFraction: 0, maxIncomingWeight: nil))
    var tile = OscillatorTile(configuration: config, initialPhases: phases, seed: 1)
    for i in 0..<n { for j in 0..<n where j != i { tile.writeWeight(i, j, radiansPerMicrosecond: weights[i * n + j]) } }
    return tile
  }

  @Test("Identical oscillators stay identical to the bit, in the eight-lane groups and in the tail")
  func laneAndTailAgree() {
    // 11 identical oscillators (one group of eight lanes, a tail of three), equal weights,
    // equal phases, all forced in phase, plasticity on (drive sums) with rate 0, a 6-bit ADC
    // whose full scale is small enough to saturate: by symmetry every oscillator sees the same
    // bit-line currents and does the same operations, so the registers must stay equal, and
    // every coupling period saturates all 11 ADC pairs or none.
    let n = 11, dt = 0.01
    let config = TileConfiguration(
      oscillators: n, phaseFormat: PhaseFormat(bits: 16), clockMHz: 1 / dt,
      naturalFrequenciesMHz: [Double](repeating: 1, count: n), referenceFrequencyMHz: 1.1, couplingPeriodCycles: 1,
      device: .ideal(gMinSiemens: 0, gMaxSiemens: 1e-3), couplingGain: 1000, dacBits: 8,
      adcBits: 6, adcFullScaleFraction: 0.05, readNoiseSigma: 0, forcingStrength: 2, samplePeriodCycles: 1,
      windowSamples: 10,
      rule: LearningRule(function: .cosine, potentiationThreshold: 1, depressionThreshold: -1, learningRate: 0,
                         decayFraction: 0, maxIncomingWeight: nil))
    var tile = OscillatorTile(configuration: config, initialPhases: [Double](repeating: 2.5, count: n), seed: 1)
    for i in 0..<n { for j in 0..<n where j != i { tile.writeWeight(i, j, radiansPerMicrosecond: 0.4) } }
    tile.setForcingPattern([Bool](repeating: true, count: n))
    tile.forcingEnabled = true
    tile.plasticityEnabled = true
    var free = tile
    free.forcingEnabled = false
    tile.run(cycles: Cycles(3000))
    free.run(cycles: Cycles(3000))
    let registers = tile.phaseRegisters
    #expect(Set(registers).count == 1, "\(registers)")
    #expect(registers != free.phaseRegisters)  // the forcing acted: a non-trivial run
    #expect(tile.counters.adcSaturations > 0 && tile.counters.adcSaturations % UInt64(n) == 0)
  }

  /// Largest wrapped phase error after `steps` between the tile and Euler in double precision
  /// with the tile's own (LSB-quantised) natural frequencies.
  func trajectoryError(bits: Int) -> Double {
    let n = 16, dt = 0.01, steps = 2000
    var rng = SeededRNG(seed: 21, stream: "trajectory")
    var w = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in (i + 1)..<n { let v = 0.2 * rng.nextUnit(); w[i * n + j] = v; w[j * n + i] = v } }
    let omega = (0..<n).map { _ in 2 * Double.pi + 0.3 * rng.nextGaussian() }
    let phases = (0..<n).map { _ in 2 * Double.pi * rng.nextUnit() }
    var tile = idealTile(bits: bits, omega: omega, weights: w, phases: phases, dt: dt)
    let start = tile.phasesRadians
    let effective = (0..<n).map { 2 * Double.pi * tile.effectiveFrequencyMHz($0) }
    var reference = KuramotoReference(naturalFrequencies: effective, coupling: .matrix(w), initialPhases: start)
    tile.run(cycles: Cycles(UInt64(steps)))
    reference.integrate(steps: steps, dt: dt, method: .euler)
    return zip(tile.phasesRadians, reference.phases).map { a, b in
      abs(remainder(a - b, 2 * Double.pi))
    }.max()!
  }

  @Test("Chip phases track double-precision Euler, with an error that shrinks as phase_bits grow")
  func trajectoryConvergence() {
    // Each step rounds the coupling increment to the register LSB (2π/2^bits): over 2000 steps
    // the error is a few LSB·sqrt(steps) at most, so it must fall roughly 16× per 4 bits.
    let e12 = trajectoryError(bits: 12), e16 = trajectoryError(bits: 16), e20 = trajectoryError(bits: 20)
    #expect(e16 < e12 / 4)
    #expect(e20 < e16 / 4)
    #expect(e16 < 0.01)
  }

  @Test("Two oscillators on the chip lock at sin ψ* = Δω/(w12 + w21)", arguments: [16, 24])
  func chipLock(bits: Int) {
    // Δω = 1 rad/µs, w12 = 0.7, w21 = 0.5: ψ* = asin(1/1.2) = 0.98511 rad. Euler shares the ODE's
    // fixed points; rounding each coupling increment to the LSB makes every ψ at which the
    // rounded increments cancel Δω a lock point: an interval of width 1/(S·cos ψ*) rad, with
    // S = (w12 + w21)·dt·2^bits/2π the coupling slope in LSB. 16 bits: 0.0289 rad; 24: 1.1e-4.
    let dt = 0.005
    var tile = idealTile(bits: bits, omega: [10, 11], weights: [0, 0.7, 0.5, 0], phases: [0, 0], dt: dt)
    tile.run(cycles: Cycles(40_000))
    let p = tile.phasesRadians
    let psi = remainder(p[1] - p[0], 2 * Double.pi)
    let dOmega = 2 * Double.pi * (tile.effectiveFrequencyMHz(1) - tile.effectiveFrequencyMHz(0))
    let expected = asin(dOmega / 1.2)
    let slope = 1.2 * dt * Double(1 << bits) / (2 * Double.pi)
    #expect(abs(psi - expected) <= 1.05 / (slope * cos(expected)))
    #expect(abs(expected - 0.98511) < 0.01)  // Δω quantisation: ½ LSB per step of each increment
  }
}
