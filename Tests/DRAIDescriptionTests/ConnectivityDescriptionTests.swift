import DRAIChip
import DRAIDescription
import DRAIWorkloads
import Foundation
import Testing

/// The `connectivity` and source-queue keys, the chip estimate and the free-run workload.
@Suite struct ConnectivityDescriptionTests {
  let mesh = repo("Hardware/chips/mesh-2x2.yaml")

  func error(_ overrides: [String], path: String? = nil) -> DescriptionError? {
    do { _ = try ChipDescription(path: path ?? mesh, overrides: overrides); return nil } catch let e as DescriptionError {
      return e
    } catch { return nil }
  }

  @Test("The bundled large chips load with the connectivity their files describe")
  func bundledChips() throws {
    let c8 = try ChipDescription(path: repo("Hardware/chips/mesh-8x8.yaml"))
    #expect(c8.configuration.connectivity.rule == .fixedFanIn(64) && c8.configuration.oscillators == 4096)
    // 4096 oscillators × 64 synapses each, exactly.
    #expect(c8.estimate.interTileSynapses == 262_144)
    let c16 = try ChipDescription(path: repo("Hardware/chips/mesh-16x16-256.yaml"))
    #expect(c16.configuration.oscillators == 65_536)
    let million = try ChipDescription(path: repo("Hardware/chips/million.yaml"))
    #expect(million.configuration.oscillators == 1_048_576)
    // About 100 inter-tile synapses per oscillator (tiles at the edge have fewer neighbours).
    let perOscillator = million.estimate.interTileSynapses / 1_048_576
    #expect(perOscillator > 90 && perOscillator < 100, "\(perOscillator)")
    #expect(million.estimate.memoryBytes < 16 * 1_073_741_824)
  }

  @Test("Estimate of the 2×2 chip by hand: 3,072 synapses, 192 axons, 0.48 spike packets per tile per cycle")
  func estimateByHand() throws {
    let d = try ChipDescription(path: mesh)
    // All-to-all, 4 tiles of 16: each tile holds 3 × 16 presynaptic oscillators × 16 posts =
    // 768 synapses (3,072 in all) and 48 axons (192); a 1 MHz oscillator at 100 MHz spikes 0.01
    // times per cycle, so a tile offers 16 × 0.01 × 3 destination tiles = 0.48 packets per cycle,
    // and on a 2 × 2 mesh the busiest link carries about max(2, 2)/4 × 0.48 = 0.24 flits.
    #expect(d.estimate.interTileSynapses == 3072 && d.estimate.axons == 192)
    #expect(abs(d.estimate.spikePacketsPerTilePerCycle - 0.48) < 1e-12)
    #expect(abs(d.estimate.busiestLinkFlitsPerCycle! - 0.24) < 1e-12)
  }

  @Test("A chip whose spikes no network could carry is refused before it runs, naming the load")
  func refusedLoad() throws {
    // 16 × 16 tiles all-to-all: 0.01 spikes/cycle × 255 destination tiles × 16 = 40.8 packets.
    let e = try #require(error(["mesh.rows=16", "mesh.columns=16"]))
    #expect(e.key == "mesh.rows" && e.code == .outOfRange)
    #expect(e.description.contains("40.8 phase-spike packets per cycle"))
    // Fixed fan-in 4 still loads the busiest link beyond one flit per cycle (each spike reaches
    // about 4 tiles: 0.64 packets per tile per cycle × 16/4); fan-in 1 fits (0.16 × 4 = 0.64).
    let four = try #require(error(["mesh.rows=16", "mesh.columns=16", "connectivity.rule=fixed_fan_in", "connectivity.fan_in=4"]))
    #expect(four.description.contains("busiest link"))
    #expect(error(["mesh.rows=16", "mesh.columns=16", "connectivity.rule=fixed_fan_in", "connectivity.fan_in=1"]) == nil)
  }

  @Test("Connectivity keys are checked: their rule, the tiles, fan-in against candidates")
  func keyChecks() throws {
    let other = try #require(error(["connectivity.fan_in=3"]))
    #expect(other.key == "connectivity.fan_in" && other.description.contains("only used with connectivity.rule: fixed_fan_in"))
    // 2×2 tiles of 16: an oscillator can draw from the 48 of the other three tiles.
    let big = try #require(error(["connectivity.rule=fixed_fan_in", "connectivity.fan_in=49"]))
    #expect(big.key == "connectivity.fan_in" && big.description.contains("at most 48"))
    #expect(error(["connectivity.rule=fixed_fan_in", "connectivity.fan_in=48"]) == nil)
    let tile = try #require(error(["connectivity.from_tiles=[0, 4]"]))
    #expect(tile.key == "connectivity.from_tiles" && tile.description.contains("4 is not a tile"))
    // A rule changed by --set drops the file's keys of the old rule (mesh-8x8 gives fan_in: 64);
    // a key of another rule given by --set is still an error.
    #expect(error(["connectivity.rule=one_to_one"], path: repo("Hardware/chips/mesh-8x8.yaml")) == nil)
    let both = try #require(error(["connectivity.rule=one_to_one", "connectivity.fan_out=3"], path: repo("Hardware/chips/mesh-8x8.yaml")))
    #expect(both.key == "connectivity.fan_out")
    // The distance rule's drawing work is bounded before anything is drawn: 4,096 tiles × the
    // whole mesh within 100 hops × 256 oscillators is 4.3e9 pairs.
    let far = try #require(error(["connectivity.max_distance_hops=100"], path: repo("Hardware/chips/million.yaml")))
    #expect(far.key == "connectivity.max_distance_hops" && far.description.contains("at most 4e9"))
    let missing = try #require(error(["connectivity.rule=file"]))
    #expect(missing.key == "connectivity.file" && missing.code == .missingKey)
  }

  @Test("A connectivity file's rows are checked with their line numbers")
  func connectivityFile() throws {
    func chip(_ csv: String) throws -> DescriptionError? {
      let file = try temporaryFile("synapses.csv", csv)
      return error(["connectivity.rule=file", "connectivity.file=\(file)"])
    }
    #expect(try chip("pre,post,weight_rad_per_us,delay_cycles\n0,16,0.01,0\n16,0,0.01,3\n") == nil)
    // Windows line endings read the same.
    #expect(try chip("pre,post,weight_rad_per_us,delay_cycles\r\n0,16,0.01,0\r\n16,0,0.01,3\r\n") == nil)
    let same = try #require(try chip("pre,post,weight_rad_per_us,delay_cycles\n0,5,0.01,0\n"))
    #expect(same.line == 2 && same.description.contains("both in tile 0"))
    let twice = try #require(try chip("pre,post,weight_rad_per_us,delay_cycles\n0,16,0.01,0\n# comment\n0,16,0.02,0\n"))
    #expect(twice.line == 4 && twice.description.contains("also on line 2"))
    let range = try #require(try chip("pre,post,weight_rad_per_us,delay_cycles\n0,64,0.01,0\n"))
    #expect(range.key == "post" && range.description.contains("0...63"))
    let header = try #require(try chip("from,to\n0,16\n"))
    #expect(header.code == .badData && header.line == 1)
    let delay = try #require(try chip("pre,post,weight_rad_per_us,delay_cycles\n0,16,0.01,70000\n"))
    #expect(delay.key == "delay_cycles")
  }

  @Test("Workload kinds: the free run loads; keys of the other kind and missing digits keys are errors")
  func workloadKinds() throws {
    let free = try FreeRunWorkload(path: repo("Hardware/workloads/free-run.yaml"))
    #expect(free.cycles == 10_000 && free.forcing && !free.plasticity)
    if case .freeRun = try AnyWorkload(path: repo("Hardware/workloads/free-run.yaml")) {} else { Issue.record("not a free run") }
    do {
      _ = try FreeRunWorkload(path: repo("Hardware/workloads/free-run.yaml"), overrides: ["recall.cue_cycles=10"])
      Issue.record("a digits key in a free run must be refused")
    } catch let e as DescriptionError {
      #expect(e.key == "recall.cue_cycles" && e.description.contains("digits_recall"))
    }
    let text = "workload:\n  kind: digits_recall\n"
    do {
      _ = try DigitsRecallWorkload(path: try temporaryFile("w.yaml", text))
      Issue.record("a digits workload without a dataset must be refused")
    } catch let e as DescriptionError {
      #expect(e.key == "dataset.path" && e.code == .missingKey)
    }
  }
}
