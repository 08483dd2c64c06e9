import ArgumentParser
import DRAICore
import DRAIReference
import DRAIReport
import DRAIWorkloads
import Foundation

/// `drai kuramoto`: the Kuramoto validation run (Docs/results.md).
struct Kuramoto: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "All-to-all Kuramoto from random phases: time-averaged order parameter, reference or chip model.",
    discussion: "Time is in µs and frequencies in rad/µs (so K and γ are in rad/µs). "
      + "The chip model runs the fixed-point crossbar tile with ideal devices and converters at clock 1/dt MHz; "
      + "the reference model integrates dφ_i/dt = ω_i + (K/N) Σ_j sin(φ_j − φ_i) with RK4 in double precision. "
      + "For a Lorentzian of half-width γ the N → ∞ theory is r = sqrt(1 − 2γ/K) above K_c = 2γ. "
      + "K·dt must be below 1 rad (step stability) and, for the chip, at least 5 phase LSBs (K·dt·2^bits/2π ≥ 5); "
      + "for a Lorentzian above K_c, so must the mean-field step K·r·dt with r from theory.")

  @Option(help: "Number of oscillators N.")
  var oscillators: Int = 500

  @Option(help: "Coupling strength K (rad/µs).")
  var coupling: Double

  @Option(help: "Natural-frequency distribution: lorentzian:GAMMA, gaussian:SIGMA or uniform:HALFWIDTH (rad/µs).")
  var frequencies: String = "lorentzian:1"

  @Option(help: "reference (double-precision RK4) or chip (fixed-point crossbar tile).")
  var model: KuramotoModel = .reference

  @Option(help: "Phase register width of the chip model, 8...24 (K·dt must span at least 5 LSB).")
  var phaseBits: Int = 16

  @Option(help: "Time step dt (µs); the chip's clock is 1/dt MHz.")
  var dt: Double = 0.01

  @Option(help: "Transient discarded before averaging (µs).")
  var transient: Double = 50

  @Option(help: "Averaging time after the transient (µs).")
  var average: Double = 100

  @Option(help: "Seed of the initial phases and of the frequency assignment.")
  var seed: UInt64 = 1

  @Option(help: "Write the result as JSON to this path.")
  var json: String?

  func validate() throws {
    let maxN = model == .chip ? 4096 : 100_000
    guard oscillators >= 2 && oscillators <= maxN else {
      throw ValidationError("--oscillators must be in 2...\(maxN) for the \(model.rawValue) model, got \(oscillators)")
    }
    guard coupling.isFinite && coupling >= 0 else { throw ValidationError("--coupling must be a number ≥ 0, got \(coupling)") }
    guard (8...24).contains(phaseBits) else { throw ValidationError("--phase-bits must be in 8...24, got \(phaseBits)") }
    guard dt > 0 && dt <= 0.5 else { throw ValidationError("--dt must be in (0, 0.5] µs, got \(dt)") }
    guard transient.isFinite, average.isFinite, transient >= 0, average > dt else {
      throw ValidationError("--transient must be a finite number ≥ 0 and --average a finite number > --dt")
    }
    guard coupling * dt < 1 else {
      throw ValidationError("K·dt = \(coupling * dt) rad: the step must stay below 1 rad for a stable integration; lower --dt")
    }
    let steps = (transient + average) / dt
    guard steps <= 10_000_000 else {
      throw ValidationError("(--transient + --average)/--dt = \(String(format: "%.3g", steps)) steps; at most 10,000,000 are allowed per run")
    }
    // Work bound (Docs/user-guide.md, "What a run costs"): the reference model costs O(N) per
    // step (mean field, RK4: about 0.1 µs per oscillator-step here), the chip model O(N²).
    let work = model == .chip ? Double(oscillators) * Double(oscillators) * steps : Double(oscillators) * steps
    let maxWork = model == .chip ? 2e11 : 1e9
    guard work <= maxWork else {
      throw ValidationError("--oscillators \(oscillators) × \(String(format: "%.3g", steps)) steps is \(String(format: "%.3g", work)) "
                              + (model == .chip ? "oscillator²-steps" : "oscillator-steps")
                              + "; at most \(String(format: "%g", maxWork)) are allowed per run (about two minutes): fewer oscillators or a shorter --transient/--average")
    }
    let g = try distribution()
    if model == .chip && coupling > 0 {
      let lsbs = coupling * dt * Double(1 << phaseBits) / (2 * Double.pi)
      guard lsbs >= 5 else {
        throw ValidationError(
          "K·dt = \(coupling * dt) rad is \(String(format: "%.2f", lsbs)) phase LSBs at --phase-bits \(phaseBits); at least 5 are needed or rounding breaks locking (raise --phase-bits or --dt)")
      }
      // Above the locking threshold each oscillator feels the mean field K·r, not K: near
      // K_c, r is small and K·r·dt can round away although K·dt does not (the run would report
      // an incoherent state where theory has a partly locked one). For a Lorentzian, r is known.
      if case .lorentzian(let gamma) = g {
        let r = KuramotoTheory.lorentzianOrderParameter(coupling: coupling, gamma: gamma)
        if r > 0 && r * lsbs < 5 {
          let bits = Int((Double.log2(5 * 2 * Double.pi / (coupling * r * dt))).rounded(.up))
          throw ValidationError(
            "near the locking threshold the mean-field step K·r·dt (r = \(String(format: "%.3f", r)) from theory) is only "
              + "\(String(format: "%.2f", r * lsbs)) phase LSBs at --phase-bits \(phaseBits); at least 5 are needed or rounding "
              + "destroys the partial locking: use --phase-bits \(bits) or more" + (bits > 24 ? " (above 24: raise --dt instead)" : ""))
        }
      }
    }
  }

  func distribution() throws -> FrequencyDistribution {
    let parts = frequencies.split(separator: ":", maxSplits: 1).map(String.init)
    guard parts.count == 2, let width = Double(parts[1]), width.isFinite, width >= 0 else {
      throw ValidationError("--frequencies must be lorentzian:GAMMA, gaussian:SIGMA or uniform:HALFWIDTH with a number ≥ 0, got '\(frequencies)'")
    }
    switch parts[0] {
    case "lorentzian": return .lorentzian(gamma: width)
    case "gaussian": return .gaussian(sigma: width)
    case "uniform": return .uniform(halfWidth: width)
    default: throw ValidationError("--frequencies: unknown distribution '\(parts[0])'; allowed: lorentzian, gaussian, uniform")
    }
  }

  func run() throws {
    var plan = OutputPlan()
    plan.file("--json", json)
    try plan.check()
    let spec = KuramotoRun.Specification(
      oscillators: oscillators, coupling: coupling, distribution: try distribution(), chipModel: model == .chip,
      phaseBits: phaseBits, dt: dt, transient: transient, average: average, seed: seed)
    let bar = ProgressBar(label: "drai kuramoto")
    let r = KuramotoRun.run(spec, progress: { bar.update($0) })
    bar.finish()
    print("Kuramoto, N = \(oscillators), K = \(coupling) rad/µs, frequencies \(frequencies), model \(model.rawValue)"
          + (model == .chip ? " (\(phaseBits)-bit phases)" : ""))
    print("order_parameter_mean  \(String(format: "%.5f", r.orderParameterMean))")
    print("order_parameter_std   \(String(format: "%.5f", r.orderParameterStd))")
    if let t = r.theoryOrderParameter { print("theory (N → ∞)        \(String(format: "%.5f", t))") }
    if let kc = r.criticalCoupling { print("critical coupling K_c \(String(format: "%.5f", kc))") }
    if let json { try writeJSON(r, to: json) }
  }
}

/// The two models of `drai kuramoto`.
enum KuramotoModel: String, ExpressibleByArgument, CaseIterable {
  case reference, chip
}
