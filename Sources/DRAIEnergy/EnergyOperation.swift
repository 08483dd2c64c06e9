import DRAICore

/// A costed operation of the chip, with the activity counter that counts it.
///
/// Every operation except the static powers is an energy per event (joules); a static power is
/// watts per tile or per router, integrated over the simulated time it applies to.
public enum EnergyOperation: String, CaseIterable, Hashable, Sendable {
  /// One oscillator advancing one clock cycle with a coupling update (phase accumulator add and
  /// register; the update itself is `coupling_update`).
  case oscillatorCycle = "oscillator_cycle"
  /// One memristor cell read (each device of a differential pair, each of the cos/sin reads).
  case crossbarCellRead = "crossbar_cell_read"
  /// One DAC conversion driving a word line.
  case dacConversion = "dac_conversion"
  /// One ADC conversion of a bit line.
  case adcConversion = "adc_conversion"
  /// One per-oscillator digital coupling update (two multiplies, two adds, forcing term).
  case couplingUpdate = "coupling_update"
  /// One resonance-detector sample of one oscillator pair (lookup of g and accumulate).
  case detectorSample = "detector_sample"
  /// One end-of-window comparison of a pair's mean against the thresholds.
  case windowEvaluation = "window_evaluation"
  /// One resonance event: event generation and programming-controller setup (not the pulses).
  case resonanceEvent = "resonance_event"
  /// One SET programming pulse.
  case setPulse = "set_pulse"
  /// One RESET programming pulse.
  case resetPulse = "reset_pulse"
  /// Static (leakage) power of one tile, watts.
  case tileStaticPower = "tile_static_power"
  /// One flit crossing an east-west link, with its router traversal.
  case nocHopEastWest = "noc_hop_east_west"
  /// One flit crossing a north-south link, with its router traversal.
  case nocHopNorthSouth = "noc_hop_north_south"
  /// One flit delivered into its destination tile.
  case nocDelivery = "noc_delivery"
  /// Static (leakage) power of one router of the mesh, watts (chips of more than one tile).
  case routerStaticPower = "router_static_power"
  /// One oscillator advancing one cycle without a coupling update (free rotation between
  /// coupling periods: the accumulator alone).
  case oscillatorIdleCycle = "oscillator_idle_cycle"
  /// Leakage of one tile's learning domain (detectors, window logic, pulse controller) while it
  /// is powered (plasticity on), watts.
  case learningStaticPower = "learning_static_power"
  /// Retention power of one tile's learning domain while it is power-gated (plasticity off),
  /// watts: the detector accumulators keep their state.
  case learningRetentionPower = "learning_retention_power"

  /// Whether the constant is a power (W) rather than an energy per event (J).
  public var isPower: Bool {
    self == .tileStaticPower || self == .routerStaticPower || self == .learningStaticPower || self == .learningRetentionPower
  }

  /// The count of this operation in `counters` (nil for the static powers).
  public func count(in c: ActivityCounters) -> Double? {
    switch self {
    case .oscillatorCycle: return Double(c.oscillatorCycles - c.oscillatorIdleCycles)
    case .oscillatorIdleCycle: return Double(c.oscillatorIdleCycles)
    case .crossbarCellRead: return Double(c.crossbarCellReads)
    case .dacConversion: return Double(c.dacConversions)
    case .adcConversion: return Double(c.adcConversions)
    case .couplingUpdate: return Double(c.couplingUpdates)
    case .detectorSample: return Double(c.detectorSamples)
    case .windowEvaluation: return Double(c.windowsEvaluated)
    case .resonanceEvent: return Double(c.resonanceEvents)
    case .setPulse: return Double(c.setPulses)
    case .resetPulse: return Double(c.resetPulses)
    case .tileStaticPower, .routerStaticPower, .learningStaticPower, .learningRetentionPower: return nil
    case .nocHopEastWest: return Double(c.nocHopsEastWest)
    case .nocHopNorthSouth: return Double(c.nocHopsNorthSouth)
    case .nocDelivery: return Double(c.nocDeliveries)
    }
  }

  /// Operations that exist only because the chip learns (detectors, events, pulses).
  public var isLearning: Bool {
    switch self {
    case .detectorSample, .windowEvaluation, .resonanceEvent, .setPulse, .resetPulse: return true
    default: return false
    }
  }
}
