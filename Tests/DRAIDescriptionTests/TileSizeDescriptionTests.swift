import DRAIChip
import DRAICore
import DRAIDescription
import Foundation
import Testing

/// `oscillators.per_tile`: tiles of different sizes in a chip file.
@Suite struct TileSizeDescriptionTests {
  let mixed = repo("Hardware/chips/mesh-2x2-mixed.yaml")

  func error(_ overrides: [String]) -> DescriptionError? {
    do { _ = try ChipDescription(path: mixed, overrides: overrides); return nil } catch let e as DescriptionError {
      return e
    } catch { return nil }
  }

  @Test("The bundled mixed chip: its layout, and its estimate by hand")
  func bundled() throws {
    let d = try ChipDescription(path: mixed)
    #expect(d.configuration.tileOscillators == [24, 16, 12, 12] && d.configuration.oscillators == 64)
    #expect(d.configuration.layout.start == [0, 24, 40, 52, 64])
    // All-to-all: tile b holds (64 − n_b) presynaptic oscillators × n_b posts:
    // 64² − (24² + 16² + 12² + 12²) = 4,096 − 1,120 = 2,976 synapses, and Σ (64 − n_b) = 192
    // axons. The busiest source is the 24-oscillator tile: 24 × 0.01 spikes per cycle × 3
    // destination tiles = 0.72 packets per cycle; the busiest link about max(2, 2)/4 × 0.72.
    #expect(d.estimate.interTileSynapses == 2976 && d.estimate.axons == 192)
    #expect(abs(d.estimate.spikePacketsPerTilePerCycle - 0.72) < 1e-12)
    #expect(abs(d.estimate.busiestLinkFlitsPerCycle! - 0.36) < 1e-12)
    let chip = Chip(configuration: d.configuration, seed: 1)
    #expect(chip.tiles.map(\.oscillators) == [24, 16, 12, 12])
    #expect(chip.tiles.map { $0.interTile.fanIn.synapses } == [24 * 40, 16 * 48, 12 * 52, 12 * 52])
  }

  @Test("A per-tile list of equal sizes is the chip of oscillators.count")
  func equalSizes() throws {
    let plain = try ChipDescription(path: repo("Hardware/chips/mesh-2x2.yaml"))
    let listed = try ChipDescription(path: repo("Hardware/chips/mesh-2x2.yaml"),
                                     overrides: ["oscillators.per_tile=[16, 16, 16, 16]"])
    var a = Chip(configuration: plain.configuration, seed: 4), b = Chip(configuration: listed.configuration, seed: 4)
    a.forcingEnabled = true
    b.forcingEnabled = true
    a.run(cycles: Cycles(3_000))
    b.run(cycles: Cycles(3_000))
    #expect(a.tiles.map(\.phaseRegisters) == b.tiles.map(\.phaseRegisters))
    #expect(a.counters.phaseSpikes == b.counters.phaseSpikes && a.counters.phaseSpikes > 0)
  }

  @Test("Bad per-tile lists, and files that address a small tile past its size, are one clear error")
  func errors() throws {
    let count = try #require(error(["oscillators.per_tile=[24, 16, 12]"]))
    #expect(count.key == "oscillators.per_tile" && count.description.contains("4 entries, found 3"))
    let largest = try #require(error(["oscillators.count=16"]))
    #expect(largest.key == "oscillators.count" && largest.description.contains("the largest tile's count: 24, not 16"))
    let small = try #require(error(["oscillators.per_tile=[24, 16, 1, 12]"]))
    #expect(small.key == "oscillators.per_tile" && small.code == .outOfRange)
    // A fault map row 12 in tile 2 (12 oscillators: rows 0...11) is past its crossbar.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drai-sizes-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let faults = folder.appendingPathComponent("faults.csv")
    try "tile,row,column,device,stuck_at\n1,15,0,plus,gmax\n2,12,0,plus,gmax\n".write(to: faults, atomically: true, encoding: .utf8)
    let fault = try #require(error(["crossbar.fault_map=\(faults.path)"]))
    #expect(fault.file == faults.path && fault.line == 3 && fault.key == "row" && fault.value == "12")
    // Oscillators 24 and 39 are both in tile 1 (24...39); 39 → 40 crosses into tile 2.
    let synapses = folder.appendingPathComponent("synapses.csv")
    try "pre,post,weight_rad_per_us,delay_cycles\n39,40,0.1,0\n24,39,0.1,0\n".write(to: synapses, atomically: true, encoding: .utf8)
    let same = try #require(error(["connectivity.rule=file", "connectivity.file=\(synapses.path)"]))
    #expect(same.line == 3 && same.description.contains("both in tile 1"))
  }
}
