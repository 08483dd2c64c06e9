import DRAIChip
import DRAICore
import DRAIEnergy

extension EnergyReport {
  /// The energy of `chip`'s activity: `counters` (default: the chip's so far) priced with
  /// `table` (and V²·G·t pulses and reads with `deviceEnergy`), with the chip's tiles, its
  /// routers (one per tile on a mesh, none on one tile) and `elapsedSeconds` of static power
  /// (default: the chip's simulated time).
  public init(chip: Chip, counters: ActivityCounters? = nil, elapsedSeconds: Double? = nil, table: EnergyTable,
              deviceEnergy: DeviceEnergyModel?) {
    self.init(counters: counters ?? chip.counters, table: table, tiles: chip.tiles.count,
              routers: chip.network == nil ? 0 : chip.tiles.count, elapsedSeconds: elapsedSeconds ?? chip.elapsedMicroseconds * 1e-6,
              deviceEnergy: deviceEnergy)
  }
}
