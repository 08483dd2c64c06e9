import DRAICore
import DRAIDevices
import DRAIPlasticity

/// Everything that defines one oscillator tile: oscillators, crossbar, converters, forcing,
/// detectors and learning rule. Built by the description loader (which validates every range)
/// or directly by code.
///
/// Units: frequencies in MHz, time in µs (cycles / `clockMHz`), weights in rad/µs
/// (w_ij = `couplingGain` × (G⁺ − G⁻)), conductances in siemens. Crossbar signals are kept
/// normalised by the read voltage (bit-line current / V_read, in siemens).
public struct TileConfiguration: Hashable, Sendable, Codable {
  /// Number of oscillators N (the crossbar is N × N).
  public var oscillators: Int
  /// Phase register format.
  public var phaseFormat: PhaseFormat
  /// Chip clock in MHz.
  public var clockMHz: Double
  /// Natural frequency of each oscillator in MHz (N entries; signed values are allowed for
  /// rotating-frame studies such as the Kuramoto validation).
  public var naturalFrequenciesMHz: [Double]
  /// Natural frequency of the reference oscillator in MHz (input forcing and readout are
  /// relative to it).
  public var referenceFrequencyMHz: Double
  /// Cycles between crossbar reads; the Euler step is dt = couplingPeriodCycles / clockMHz µs.
  public var couplingPeriodCycles: Int
  /// Memristor type of every crossbar cell.
  public var device: MemristorDevice
  /// Coupling gain in rad/µs per siemens of G⁺ − G⁻.
  public var couplingGain: Double
  /// DAC resolution in bits (0 = ideal).
  public var dacBits: Int
  /// ADC resolution in bits (0 = ideal).
  public var adcBits: Int
  /// ADC full scale as a fraction of the largest possible bit-line signal N·(Gmax − Gmin).
  public var adcFullScaleFraction: Double
  /// Relative standard deviation of each cell's read conductance (0 = noiseless).
  public var readNoiseSigma: Double
  /// Injection-locking strength F in rad/µs: dφ_i/dt gains F·sin(ψ_i − φ_i) while forcing.
  public var forcingStrength: Double
  /// Cycles between detector samples while plasticity is on.
  public var samplePeriodCycles: Int
  /// Samples per learning window.
  public var windowSamples: Int
  /// The DRAI rule.
  public var rule: LearningRule
  /// Non-idealities of the crossbar devices beyond their model (default: none).
  public var variability: DeviceVariability
  /// Devices stuck by map (entries of every tile; each tile takes its own).
  public var faultMap: [FaultMapEntry]
  /// Wire resistance per cell segment of the crossbar's word and bit lines, ohms (0: ideal).
  public var wireResistanceOhms: Double
  /// Write-verify limit per planned change (0: open-loop programming); see
  /// ``Crossbar/writeVerifyMaxPulses``.
  public var writeVerifyMaxPulses: Int

  /// Memberwise initialiser; see each property for units and ranges.
  public init(
    oscillators: Int, phaseFormat: PhaseFormat, clockMHz: Double, naturalFrequenciesMHz: [Double],
    referenceFrequencyMHz: Double, couplingPeriodCycles: Int, device: MemristorDevice,
    couplingGain: Double, dacBits: Int, adcBits: Int,
    adcFullScaleFraction: Double, readNoiseSigma: Double, forcingStrength: Double,
    samplePeriodCycles: Int, windowSamples: Int, rule: LearningRule, variability: DeviceVariability = .none,
    writeVerifyMaxPulses: Int = 0, faultMap: [FaultMapEntry] = [], wireResistanceOhms: Double = 0
  ) {
    self.faultMap = faultMap
    self.wireResistanceOhms = wireResistanceOhms
    self.variability = variability
    self.writeVerifyMaxPulses = writeVerifyMaxPulses
    self.oscillators = oscillators
    self.phaseFormat = phaseFormat
    self.clockMHz = clockMHz
    self.naturalFrequenciesMHz = naturalFrequenciesMHz
    self.referenceFrequencyMHz = referenceFrequencyMHz
    self.couplingPeriodCycles = couplingPeriodCycles
    self.device = device
    self.couplingGain = couplingGain
    self.dacBits = dacBits
    self.adcBits = adcBits
    self.adcFullScaleFraction = adcFullScaleFraction
    self.readNoiseSigma = readNoiseSigma
    self.forcingStrength = forcingStrength
    self.samplePeriodCycles = samplePeriodCycles
    self.windowSamples = windowSamples
    self.rule = rule
  }

  /// The Euler step in µs.
  public var couplingStepMicroseconds: Double { Double(couplingPeriodCycles) / clockMHz }

  /// The largest weight magnitude a synapse can hold, gain·(Gmax − Gmin), in rad/µs.
  public var maxWeight: Double { couplingGain * (device.gMaxSiemens - device.gMinSiemens) }
}
