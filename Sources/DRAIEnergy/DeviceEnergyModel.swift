import DRAICore

/// Pulse and read energies from the devices' conductances instead of per-operation constants:
/// E = V²·G·t for each SET pulse, RESET pulse and cell read, with G the device's conductance
/// (during a pulse, the mean of before and after). Chosen by a chip description's
/// `crossbar.pulse_energy: device` (Docs/devices.md).
public struct DeviceEnergyModel: Hashable, Sendable {
  /// SET and RESET pulse amplitudes, volts.
  public var setVoltage: Double, resetVoltage: Double
  /// Programming pulse width, seconds.
  public var pulseWidthSeconds: Double
  /// Read voltage at full-scale input, volts, and read time, seconds.
  public var readVoltage: Double, readTimeSeconds: Double

  /// Memberwise initialiser; the description loader checks the ranges (all > 0).
  public init(setVoltage: Double, resetVoltage: Double, pulseWidthSeconds: Double, readVoltage: Double,
              readTimeSeconds: Double) {
    self.setVoltage = setVoltage
    self.resetVoltage = resetVoltage
    self.pulseWidthSeconds = pulseWidthSeconds
    self.readVoltage = readVoltage
    self.readTimeSeconds = readTimeSeconds
  }

  /// V_set²·t·Σ G over the SET pulses, joules.
  public func setEnergy(_ c: ActivityCounters) -> Double { setVoltage * setVoltage * pulseWidthSeconds * c.setPulseConductanceSum }

  /// V_reset²·t·Σ G over the RESET pulses, joules.
  public func resetEnergy(_ c: ActivityCounters) -> Double {
    resetVoltage * resetVoltage * pulseWidthSeconds * c.resetPulseConductanceSum
  }

  /// V_read²·t_read·Σ G over the cells read (full-scale inputs), joules.
  public func readEnergy(_ c: ActivityCounters) -> Double { readEnergy(conductanceSum: c.readConductanceSum) }

  /// V_read²·t_read·`conductanceSum` (siemens summed over the reads), joules.
  public func readEnergy(conductanceSum: Double) -> Double { readVoltage * readVoltage * readTimeSeconds * conductanceSum }
}
