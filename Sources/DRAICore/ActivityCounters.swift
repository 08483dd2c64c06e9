/// Counts of every costed operation of a chip, kept by the model and turned into joules by
/// DRAIEnergy (the model itself knows no energies).
///
/// All counts are exact integers except ``densePulseEstimate``, which is the expected number of
/// programming pulses a counterfactual dense update would have issued (see Docs/model.md).
/// Window, event and update counts are per synapse (i ← j); detector samples are per oscillator
/// pair, because one detector serves both synapses of a pair (g is even).
public struct ActivityCounters: Hashable, Sendable, Codable {
  /// Chip-clock cycles simulated.
  public var cycles: UInt64 = 0
  /// Oscillator-cycles: oscillators × cycles during which the oscillators ran.
  public var oscillatorCycles: UInt64 = 0
  /// The idle part of ``oscillatorCycles``: cycles an oscillator only advanced by its natural
  /// increment (no coupling update in that cycle, e.g. between coupling periods).
  public var oscillatorIdleCycles: UInt64 = 0
  /// Tile-cycles with the learning domain (detectors, window logic, pulse controller) powered,
  /// i.e. with plasticity on; in the other tile-cycles it is power-gated and only retains state.
  public var learningPoweredCycles: UInt64 = 0
  /// Phase spikes: forward wraps of phase registers.
  public var phaseSpikes: UInt64 = 0
  /// Coupling periods in which the crossbar was read (each is two reads, cos and sin).
  public var couplingPeriods: UInt64 = 0
  /// Memristor cell reads (each cell of a differential pair counts; two reads per period).
  public var crossbarCellReads: UInt64 = 0
  /// DAC conversions (word-line drives).
  public var dacConversions: UInt64 = 0
  /// ADC conversions (bit-line samples).
  public var adcConversions: UInt64 = 0
  /// ADC conversions that saturated at full scale.
  public var adcSaturations: UInt64 = 0
  /// Per-oscillator digital coupling updates (s·cos φ − c·sin φ and the phase add).
  public var couplingUpdates: UInt64 = 0
  /// Phase-difference samples g(φ_i − φ_j) accumulated by resonance detectors (one per synapse).
  public var detectorSamples: UInt64 = 0
  /// Synapse windows that ended (one threshold comparison per synapse).
  public var windowsEvaluated: UInt64 = 0
  /// Resonance events (R_ij = 1): windows whose mean passed a threshold.
  public var resonanceEvents: UInt64 = 0
  /// Resonance events above the potentiation threshold.
  public var potentiationEvents: UInt64 = 0
  /// Resonance events below the depression threshold.
  public var depressionEvents: UInt64 = 0
  /// Windows that ended with no resonance event (no weight change, no learning energy).
  public var skippedWindows: UInt64 = 0
  /// Resonance events that issued at least one programming pulse.
  public var weightUpdates: UInt64 = 0
  /// Weight updates by their number of pulses: element k − 1 counts updates of k pulses for
  /// k = 1...31, element 31 those of 32 or more.
  public var updatesByPulses = SIMD32<UInt64>()
  /// Pulses issued by weight updates (their sum over ``updatesByPulses``, overflow included).
  public var updatePulses: UInt64 = 0
  /// SET pulses (conductance up), whatever their cause.
  public var setPulses: UInt64 = 0
  /// RESET pulses (conductance down), whatever their cause.
  public var resetPulses: UInt64 = 0
  /// Pulses that found the cell at its bound and changed nothing (they still cost energy).
  public var ineffectivePulses: UInt64 = 0
  /// Pulses issued by decay of weights that were not in resonance.
  public var decayPulses: UInt64 = 0
  /// Pulses issued by homeostatic scaling of an oscillator's incoming weights.
  public var homeostaticPulses: UInt64 = 0
  /// Flits that crossed an east-west link (router traversal included).
  public var nocHopsEastWest: UInt64 = 0
  /// Flits that crossed a north-south link (router traversal included).
  public var nocHopsNorthSouth: UInt64 = 0
  /// Flits delivered to their destination tile (ejection).
  public var nocDeliveries: UInt64 = 0
  /// Expected pulses that updating every synapse at every window would have issued.
  public var densePulseEstimate: Double = 0
  /// Write-verify reads of a differential pair (each also counted as 2 crossbar cell reads, and
  /// priced as learning energy).
  public var verifyReads: UInt64 = 0
  /// Σ G⁺ + G⁻ over the write-verify reads, siemens (also in ``readConductanceSum``).
  public var verifyConductanceSum: Double = 0
  /// Σ over SET pulses of the device's conductance during the pulse (mean of before and after),
  /// siemens: with V and t, the cell's V²·G·t energy of every SET pulse.
  public var setPulseConductanceSum: Double = 0
  /// The same over RESET pulses, siemens.
  public var resetPulseConductanceSum: Double = 0
  /// Σ over reads of the conductance of the cells read, weighted by the squared word-line
  /// input (a full-scale input counts 1), siemens: with V_read and t_read, the V²·G·t energy
  /// of the reads. A coupling period's cos and sin reads together add the array's total
  /// conductance, since cos² + sin² = 1.
  public var readConductanceSum: Double = 0

  /// All counts zero.
  public init() {}

  /// Programming pulses of all kinds.
  public var programmingPulses: UInt64 { setPulses + resetPulses }
}
