import DRAICore
import DRAIDevices
import DRAIPlasticity

/// One tile: N phase oscillators coupled through an N × N memristor crossbar, with input
/// forcing, resonance detectors and the DRAI learning rule.
///
/// ## Cycle semantics
/// Cycle t is processed in this fixed order (Docs/model.md):
/// 1. *evaluate* — from the phases committed at the start of t: if t is a multiple of the
///    coupling period, read the crossbar with (cos φ, sin φ) through DAC → array → noise → ADC
///    and compute the coupling and forcing increments (and, while plasticity is on, accumulate
///    each oscillator's in-phase drive λ_i); if plasticity is on and t is a multiple of the
///    sample period, accumulate one detector sample;
/// 2. *commit* — every phase (and the reference) advances by its natural-frequency increment
///    plus its coupling increment; forward wraps are phase spikes;
/// 3. *learn* — if the window is full, the plasticity engine programs the crossbar; the new
///    conductances are read from cycle t + 1 on.
/// Between coupling and sample instants phases advance in closed form.
public struct OscillatorTile: Sendable, Codable {
  /// The configuration this tile was built from.
  public let configuration: TileConfiguration
  /// The crossbar of differential pairs; row i holds the synapses onto oscillator i.
  public internal(set) var crossbar: Crossbar
  /// Activity counts since creation.
  public internal(set) var counters = ActivityCounters()
  /// The current cycle (the next one to be processed).
  public internal(set) var now: Cycle = .zero
  /// Whether input forcing (injection locking) is applied.
  public var forcingEnabled = false
  /// Whether the detectors sample and windows program the crossbar. Changing it makes a tile
  /// in a mesh step every cycle until its next full step (sample instants come or go).
  public var plasticityEnabled = false {
    didSet { quietUntil = 0 }
  }

  @usableFromInline var phases: [UInt32]
  @usableFromInline var increments: [Int64]  // natural frequency, register LSBs per cycle
  @usableFromInline var referencePhase: UInt32 = 0
  @usableFromInline var referenceIncrement: Int64
  @usableFromInline var forcingOffsets: [UInt32]
  @usableFromInline var detector: ResonanceDetector
  /// Σ over the window's coupling periods of λ_i = Σ_j w_ij cos(φ_j − φ_i) (rad/µs).
  @usableFromInline var driveSums: [Double]
  @usableFromInline var driveSamples = 0
  @usableFromInline var plasticity: PlasticityEngine
  @usableFromInline var noiseRNG: SeededRNG
  @usableFromInline let dac: Converter
  @usableFromInline let adc: Converter
  @usableFromInline var sinCos: SinCosTable { SinCosTable() }
  // Scratch reused every coupling period (no per-cycle allocation), one array per element type
  // so that a coupling period borrows each once (every borrow of an array checks uniqueness).
  /// The array's lines, 4·N: word-line inputs cos φ_j and sin φ_j (DAC outputs), then the
  /// bit-line sums of the cos and sin reads.
  @usableFromInline var lines: [Float]
  /// Per-oscillator quadrature work, 4·N: sin φ_i (which the coupling pass overwrites with the
  /// phase increment Δφ_i in register LSBs, read by the commit), cos φ_i, then the forcing
  /// term's sin(ψ_i − φ_i) and cos(ψ_i − φ_i).
  @usableFromInline var quadrature: [Double]
  /// Scratch of the read noise (N, empty without it): each bit line's summed variance.
  @usableFromInline var noiseVariance: [Double]
  /// Scratch of the forcing term (N): ψ_i − φ_i as a register.
  @usableFromInline var forcingAngles: [UInt32]
  /// The inter-tile synapses, in a multi-tile chip (see ``connectToMesh(tile:fanIn:layout:centreFrequencyMHz:latencyCompensation:seed:)``).
  public internal(set) var interTile: InterTileSynapses
  /// Whether the tile is part of a multi-tile chip (``connectToMesh(tile:fanIn:layout:centreFrequencyMHz:latencyCompensation:seed:)``).
  public internal(set) var isInMesh = false
  /// Multi-tile only: where the chip's tiles hold their oscillators (a presynaptic global
  /// index's tile and local index, for resonance messages).
  public internal(set) var chipLayout: TileLayout?
  /// Multi-tile only: the nominal period T = 1/f_centre (µs) that scales a spike's kick, the
  /// centre frequency's per-cycle register increment, and whether arrivals are compensated.
  @usableFromInline var spikePeriodMicroseconds = 0.0
  @usableFromInline var centreIncrement: Int64 = 0
  @usableFromInline var latencyCompensation = false
  @usableFromInline var tileIndex = 0
  /// How many times oscillator i's register went backwards across zero (a kick, or coupling
  /// or forcing stronger than its natural frequency) and has not re-crossed it: its next
  /// forward wraps re-cross those zeros and are not new spikes (one spike per net revolution).
  @usableFromInline var wrapOwed: [Int32]
  /// Scratch of each oscillator's wraps in the last commit (forward > 0, backward < 0).
  @usableFromInline var wraps: [Int32]
  /// Scratch spike list of ``run(cycles:)``.
  var spikeScratch: [Int32] = []
  /// Multi-tile only: before this cycle, a cycle in which nothing reaches the tile (no arrival,
  /// no delayed synapse due) is free rotation without a spike, so the chip may skip the tile and
  /// bring it up to date later in closed form (``catchUp(to:)``). Set by each full step
  /// (``stepInMesh(spikes:)``): the next coupling, sample or drift instant, and the earliest
  /// cycle in which any oscillator could wrap forwards. 0: step every cycle.
  public internal(set) var quietUntil: UInt64 = 0
  /// The largest natural increment (register LSBs per cycle, 0 if none is positive): bounds
  /// how soon a register can wrap.
  @usableFromInline var largestIncrement: Int64 = 0

  /// Builds a tile with all weights zero, phases from `initialPhases` (radians, N entries) and
  /// random streams derived from `seed`, named "plasticity", "read-noise" and "crossbar…", or,
  /// as tile `tile` of a multi-tile chip, "tile-k/plasticity" and so on, so that no two tiles,
  /// and no two seeds, share a stream. The fault map's entries for this tile (`tile`, or 0)
  /// are applied to the crossbar.
  ///
  /// Preconditions (checked by the description loader with clear errors first): the
  /// configuration's ranges as documented on ``TileConfiguration``; N natural frequencies.
  public init(configuration c: TileConfiguration, initialPhases: [Double], seed: UInt64, tile: Int? = nil) {
    let streamPrefix = tile.map { "tile-\($0)/" } ?? ""
    precondition(c.naturalFrequenciesMHz.count == c.oscillators, "one natural frequency per oscillator")
    precondition(initialPhases.count == c.oscillators, "one initial phase per oscillator")
    configuration = c
    let n = c.oscillators
    crossbar = Crossbar(rows: n, columns: n, device: c.device, variability: c.variability, seed: seed,
                        stream: streamPrefix + "crossbar")
    crossbar.writeVerifyMaxPulses = c.writeVerifyMaxPulses
    crossbar.applyFaults(c.faultMap, tile: tile ?? 0)
    if c.wireResistanceOhms > 0 { crossbar.setWireResistance(c.wireResistanceOhms) }
    let lsbPerCycle = Double(1 << c.phaseFormat.bits) / c.clockMHz
    increments = c.naturalFrequenciesMHz.map { Int64(($0 * lsbPerCycle).rounded()) << Int64(c.phaseFormat.shift) }
    referenceIncrement = Int64((c.referenceFrequencyMHz * lsbPerCycle).rounded()) << Int64(c.phaseFormat.shift)
    phases = initialPhases.map { c.phaseFormat.register(radians: $0) }
    forcingOffsets = [UInt32](repeating: 0, count: n)
    detector = ResonanceDetector(oscillators: n, function: c.rule.function)
    driveSums = [Double](repeating: 0, count: n)
    plasticity = PlasticityEngine(
      rule: c.rule, gain: c.couplingGain, rng: SeededRNG(seed: seed, stream: streamPrefix + "plasticity"))
    noiseRNG = SeededRNG(seed: seed, stream: streamPrefix + "read-noise")
    dac = Converter(bits: c.dacBits, fullScale: 1)
    adc = Converter(
      bits: c.adcBits,
      fullScale: c.adcFullScaleFraction * Double(n) * (c.device.gMaxSiemens - c.device.gMinSiemens))
    lines = [Float](repeating: 0, count: 4 * n)
    quadrature = [Double](repeating: 0, count: 4 * n)
    noiseVariance = c.readNoiseSigma > 0 ? [Double](repeating: 0, count: n) : []
    forcingAngles = [UInt32](repeating: 0, count: n)
    largestIncrement = Swift.max(increments.max() ?? 0, 0)
    wrapOwed = [Int32](repeating: 0, count: n)
    wraps = [Int32](repeating: 0, count: n)
    interTile = InterTileSynapses(fanIn: TileFanIn(), tile: tile ?? 0, oscillators: n, device: c.device, variability: .none,
                                  seed: seed, adcBits: c.adcBits, function: c.rule.function, couplingGain: c.couplingGain)
  }

  /// Number of oscillators.
  @inlinable public var oscillators: Int { configuration.oscillators }

  /// The phase of each oscillator in radians, in [0, 2π).
  public var phasesRadians: [Double] { phases.map(PhaseFormat.radians) }

  /// The phase of each oscillator relative to the reference oscillator, in [−π, π): the chip's
  /// phase readout.
  public var relativePhasesRadians: [Double] {
    phases.map { PhaseFormat.signedDifference($0, referencePhase) }
  }

  /// The left-aligned phase registers (the raw readout).
  public var phaseRegisters: [UInt32] { phases }

  /// The effective natural frequency of oscillator i in MHz after quantisation of its
  /// per-cycle increment to the phase LSB.
  public func effectiveFrequencyMHz(_ i: Int) -> Double {
    Double(increments[i] >> Int64(configuration.phaseFormat.shift)) * configuration.clockMHz
      / Double(1 << configuration.phaseFormat.bits)
  }

  /// The weight w_ij in rad/µs: gain × (G⁺ − G⁻) of cell (i, j).
  public func weight(_ i: Int, _ j: Int) -> Double {
    configuration.couplingGain * crossbar.weightSiemens(row: i, column: j)
  }

  /// Writes weight w_ij (rad/µs) directly through an ideal write-verify (no pulses counted).
  public mutating func writeWeight(_ i: Int, _ j: Int, radiansPerMicrosecond w: Double) {
    crossbar.writeWeight(row: i, column: j, siemens: w / configuration.couplingGain)
  }

  /// Sets the forcing target of each oscillator relative to the reference: `true` ⇒ in phase
  /// (0), `false` ⇒ anti-phase (π). Precondition: N entries.
  public mutating func setForcingPattern(_ pattern: [Bool]) {
    precondition(pattern.count == oscillators, "one forcing target per oscillator")
    forcingOffsets = pattern.map { $0 ? 0 : 1 << 31 }
  }

  /// Sets oscillator `i`'s forcing target alone (as ``setForcingPattern(_:)`` does for all).
  /// Precondition: `i` in 0..<N.
  public mutating func setForcingTarget(_ i: Int, inPhase: Bool) {
    forcingOffsets[i] = inPhase ? 0 : 1 << 31
  }

  /// Discards the detectors' partly filled window (e.g. when the input pattern changes).
  public mutating func clearWindow() {
    detector.clear()
    interTile.clearWindow()
    for i in driveSums.indices { driveSums[i] = 0 }
    driveSamples = 0
  }

  /// Samples accumulated in the open window.
  public var windowSamples: Int { detector.samples }

  /// The Kuramoto order parameter r = |(1/N) Σ_j e^{iφ_j}| of the committed phases.
  public func orderParameter() -> Double {
    var s = 0.0, c = 0.0
    for p in phases { let v = sinCos.sinCos(p); s += v.sin; c += v.cos }
    return (s * s + c * c).squareRoot() / Double(oscillators)
  }
}
