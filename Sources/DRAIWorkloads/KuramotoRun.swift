import DRAICore
import DRAIDevices
import DRAIPlasticity
import DRAIReference
import DRAITile
import Foundation

/// The all-to-all Kuramoto validation run, on the reference integrator or on the chip's tile.
public enum KuramotoRun {
  /// What to run. Time in µs, rates in rad/µs.
  public struct Specification: Sendable {
    /// Oscillators N.
    public var oscillators: Int
    /// Coupling K, rad/µs (w_ij = K/N).
    public var coupling: Double
    /// Natural frequencies ω_i, rad/µs.
    public var distribution: FrequencyDistribution
    /// true: the fixed-point crossbar tile; false: the RK4 reference.
    public var chipModel: Bool
    /// Phase register width of the chip model.
    public var phaseBits: Int
    /// Time step, µs (the chip clock is 1/dt MHz).
    public var dt: Double
    /// Time discarded before averaging, µs.
    public var transient: Double
    /// Averaging time, µs.
    public var average: Double
    /// Seed of phases and frequency assignment.
    public var seed: UInt64

    /// Memberwise initialiser; `drai kuramoto` validates the ranges.
    public init(oscillators: Int, coupling: Double, distribution: FrequencyDistribution, chipModel: Bool,
                phaseBits: Int, dt: Double, transient: Double, average: Double, seed: UInt64) {
      self.oscillators = oscillators; self.coupling = coupling; self.distribution = distribution
      self.chipModel = chipModel; self.phaseBits = phaseBits; self.dt = dt; self.transient = transient
      self.average = average; self.seed = seed
    }
  }

  /// The result (JSON keys in snake_case).
  public struct Result: Codable, Sendable {
    /// "chip" or "reference".
    public var model: String
    /// Oscillators N.
    public var oscillators: Int
    /// Coupling K, rad/µs.
    public var coupling: Double
    /// The natural-frequency distribution as given (e.g. "lorentzian:1").
    public var frequencies: String
    /// Phase register width (chip model), bits.
    public var phaseBits: Int?
    /// Time step, µs.
    public var dt: Double
    /// Transient discarded, µs.
    public var transient: Double
    /// Averaging time, µs.
    public var average: Double
    /// Seed.
    public var seed: UInt64
    /// Time average of r after the transient.
    public var orderParameterMean: Double
    /// Standard deviation of r over the same samples.
    public var orderParameterStd: Double
    /// Number of r samples (one per 0.1 µs).
    public var samples: Int
    /// sqrt(1 − 2γ/K) for a Lorentzian, else nil.
    public var theoryOrderParameter: Double?
    /// K_c = 2/(π g(0)) of the distribution, where defined.
    public var criticalCoupling: Double?
    enum CodingKeys: String, CodingKey {
      case model, oscillators, coupling, frequencies, phaseBits = "phase_bits", dt, transient, average, seed
      case orderParameterMean = "order_parameter_mean"
      case orderParameterStd = "order_parameter_std", samples, theoryOrderParameter = "theory_order_parameter"
      case criticalCoupling = "critical_coupling"
    }
  }

  /// A tile configured as the all-to-all Kuramoto network: ideal devices and converters, clock
  /// 1/dt MHz, w_ij = K/N written into every off-diagonal cell.
  public static func chipTile(_ s: Specification, naturalFrequencies omega: [Double], initialPhases: [Double]) -> OscillatorTile {
    let n = s.oscillators
    let gMax = 1e-4
    let weight = s.coupling / Double(n)
    let gain = weight > 0 ? weight / (0.5 * gMax) : 1  // K/N at half the conductance range
    let config = TileConfiguration(
      oscillators: n, phaseFormat: PhaseFormat(bits: s.phaseBits), clockMHz: 1 / s.dt,
      naturalFrequenciesMHz: omega.map { $0 / (2 * Double.pi) }, referenceFrequencyMHz: 0,
      couplingPeriodCycles: 1, device: .ideal(gMinSiemens: 0, gMaxSiemens: gMax), couplingGain: gain,
      dacBits: 0, adcBits: 0, adcFullScaleFraction: 1, readNoiseSigma: 0, forcingStrength: 0,
      samplePeriodCycles: 1, windowSamples: 1,
      rule: LearningRule(function: .cosine, potentiationThreshold: 1, depressionThreshold: -1, learningRate: 0,
                         decayFraction: 0, maxIncomingWeight: nil))
    var tile = OscillatorTile(configuration: config, initialPhases: initialPhases, seed: s.seed)
    for i in 0..<n { for j in 0..<n where j != i { tile.writeWeight(i, j, radiansPerMicrosecond: weight) } }
    return tile
  }

  /// Runs `s`: random initial phases (stream "initial-phases"), frequencies from the
  /// distribution (stream "frequencies"), r sampled every 0.1 µs after the transient.
  public static func run(_ s: Specification, progress: ((Double) -> Void)? = nil) -> Result {
    var frequencyRNG = SeededRNG(seed: s.seed, stream: "frequencies")
    let omega = s.distribution.offsets(count: s.oscillators, rng: &frequencyRNG)
    var phaseRNG = SeededRNG(seed: s.seed, stream: "initial-phases")
    let phases = (0..<s.oscillators).map { _ in 2 * Double.pi * phaseRNG.nextUnit() }
    let transientSteps = Int((s.transient / s.dt).rounded())
    let sampleSteps = max(1, Int((0.1 / s.dt).rounded()))
    let samples = max(1, Int((s.average / (Double(sampleSteps) * s.dt)).rounded()))
    var rs: [Double] = []
    if s.chipModel {
      var tile = chipTile(s, naturalFrequencies: omega, initialPhases: phases)
      tile.run(cycles: Cycles(UInt64(transientSteps)))
      for k in 0..<samples {
        tile.run(cycles: Cycles(UInt64(sampleSteps)))
        rs.append(tile.orderParameter())
        if k % 50 == 0 { progress?(Double(k) / Double(samples)) }
      }
    } else {
      var ref = KuramotoReference(naturalFrequencies: omega, coupling: .allToAll(k: s.coupling), initialPhases: phases)
      ref.integrate(steps: transientSteps, dt: s.dt)
      for k in 0..<samples {
        ref.integrate(steps: sampleSteps, dt: s.dt)
        rs.append(ref.orderParameter)
        if k % 50 == 0 { progress?(Double(k) / Double(samples)) }
      }
    }
    let mean = rs.reduce(0, +) / Double(rs.count)
    let variance = rs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rs.count)
    var theory: Double?
    if case .lorentzian(let g) = s.distribution { theory = KuramotoTheory.lorentzianOrderParameter(coupling: s.coupling, gamma: g) }
    return Result(
      model: s.chipModel ? "chip" : "reference", oscillators: s.oscillators, coupling: s.coupling,
      frequencies: s.distribution.specification, phaseBits: s.chipModel ? s.phaseBits : nil, dt: s.dt,
      transient: s.transient, average: s.average, seed: s.seed,
      orderParameterMean: mean, orderParameterStd: variance.squareRoot(), samples: rs.count,
      theoryOrderParameter: theory, criticalCoupling: s.distribution.criticalCoupling)
  }
}
