import DRAICore
import DRAIReference
import Foundation
import Testing

/// The reference integrator against the closed-form results of the Kuramoto model.
@Suite struct KuramotoReferenceTests {
  /// Time-averaged r of the all-to-all model with Lorentzian quantile frequencies.
  func lorentzianOrderParameter(n: Int, k: Double) -> Double {
    let omega = FrequencyDistribution.lorentzianQuantiles(count: n, gamma: 1)
    var rng = SeededRNG(seed: 7, stream: "phases")
    let phases = (0..<n).map { _ in 2 * Double.pi * rng.nextUnit() }
    var model = KuramotoReference(naturalFrequencies: omega, coupling: .allToAll(k: k), initialPhases: phases)
    model.integrate(steps: 4000, dt: 0.01)  // 40 time units of transient
    var sum = 0.0
    for _ in 0..<600 { model.integrate(steps: 10, dt: 0.01); sum += model.orderParameter }
    return sum / 600
  }

  @Test("Lorentzian γ=1: r = sqrt(1 − 2/K) at K = 3 and 4 within 0.01 (N = 1000 quantiles)")
  func lorentzianTheory() {
    // sqrt(1 − 2/3) = 0.57735, sqrt(1 − 2/4) = 0.70711 (Kuramoto 1975).
    #expect(abs(lorentzianOrderParameter(n: 1000, k: 3) - 0.57735) < 0.01)
    #expect(abs(lorentzianOrderParameter(n: 1000, k: 4) - 0.70711) < 0.01)
  }

  @Test("Random phases: E[r²] = 1/N")
  func randomPhases() {
    // For N = 10 independent uniform phases E[r²] = 1/N = 0.1 exactly; Var(r²) ≈ 1/N², so the
    // mean of 40 000 draws has a standard error of 0.1/200 = 0.0005; tolerance 0.0025 (5σ).
    var rng = SeededRNG(seed: 3, stream: "r2")
    var sum = 0.0
    let draws = 40_000
    for _ in 0..<draws {
      let r = KuramotoReference.orderParameter((0..<10).map { _ in 2 * Double.pi * rng.nextUnit() })
      sum += r * r
    }
    #expect(abs(sum / Double(draws) - 0.1) < 0.0025)
  }

  @Test("Two oscillators lock at sin ψ* = Δω/(w12 + w21)")
  func twoOscillatorLock() {
    // Δω = 1, w12 = 0.7, w21 = 0.5: ψ* = asin(1/1.2) = 0.98511.
    var m = KuramotoReference(naturalFrequencies: [0, 1], coupling: .matrix([0, 0.7, 0.5, 0]), initialPhases: [0, 0])
    m.integrate(steps: 20_000, dt: 0.005)
    let psi = m.phases[1] - m.phases[0]
    #expect(abs(psi - 0.98511) < 1e-4)
    #expect(abs(KuramotoTheory.lockedPhaseDifference(deltaOmega: 1, w12: 0.7, w21: 0.5)! - 0.98511) < 1e-5)
  }

  @Test("Two unlocked oscillators slip with period 2π/sqrt(Δω² − (w12+w21)²)")
  func twoOscillatorSlip() {
    // Δω = 1, w12 + w21 = 0.8: T = 2π/0.6 = 10.4720.
    var m = KuramotoReference(naturalFrequencies: [0, 1], coupling: .matrix([0, 0.4, 0.4, 0]), initialPhases: [0, 0])
    let dt = 0.001
    var crossings: [Double] = []
    var previous = 0.0
    var t = 0.0
    while crossings.count < 4 {
      m.integrate(steps: 1, dt: dt)
      t += dt
      let psi = m.phases[1] - m.phases[0]
      let k = (psi / (2 * Double.pi)).rounded(.down)
      if k > (previous / (2 * Double.pi)).rounded(.down) {
        // linear interpolation of the crossing time
        let target = k * 2 * Double.pi
        crossings.append(t - dt * (psi - target) / (psi - previous))
      }
      previous = psi
    }
    #expect(abs((crossings[3] - crossings[1]) / 2 - 10.4720) < 1e-3)
    #expect(abs(KuramotoTheory.slipPeriod(deltaOmega: 1, w12: 0.4, w21: 0.4)! - 10.4720) < 1e-4)
    #expect(KuramotoTheory.lockedPhaseDifference(deltaOmega: 1, w12: 0.4, w21: 0.4) == nil)
  }

  @Test("Symmetric W: Σ_i dφ_i/dt = Σ_i ω_i")
  func frequencySum() {
    var rng = SeededRNG(seed: 11, stream: "w")
    let n = 12
    var w = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in (i + 1)..<n { let v = rng.nextGaussian(); w[i * n + j] = v; w[j * n + i] = v } }
    let omega = (0..<n).map { _ in rng.nextGaussian() }
    let phases = (0..<n).map { _ in 2 * Double.pi * rng.nextUnit() }
    let m = KuramotoReference(naturalFrequencies: omega, coupling: .matrix(w), initialPhases: phases)
    var d = [Double](repeating: 0, count: n)
    m.derivative(phases, into: &d)
    #expect(abs(d.reduce(0, +) - omega.reduce(0, +)) < 1e-12)
  }

  @Test("Lorentzian quantiles: γ·tan(π(j − ½)/N − π/2)")
  func quantiles() {
    // N = 4: tan(−3π/8) = −2.41421, tan(−π/8) = −0.41421, then the mirror images.
    let q = FrequencyDistribution.lorentzianQuantiles(count: 4, gamma: 1)
    let expected = [-2.414214, -0.414214, 0.414214, 2.414214]
    for (a, b) in zip(q, expected) { #expect(abs(a - b) < 1e-6) }
    #expect(FrequencyDistribution.lorentzian(gamma: 1.5).criticalCoupling == 3)
  }
}
