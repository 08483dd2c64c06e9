// Scaling figures of Benchmarks/README.md ("Scale"): ns per simulated cycle of the bundled
// large chips and of one tile of the same design, thread CPU time for one thread and wall time
// for two, and synaptic events per second on a spike-heavy chip.
//
//   swift run -c release drai-scale [--runs 5] [--filter SUBSTRING] [--quick]
//
// Each case builds its chip from a description (untimed), forces every oscillator with the fixed
// half/half pattern, runs a warm-up, then `runs` timed runs; it prints one JSON line per case
// with the median and best ns per cycle (and the events rate for the spike case). Run
// ../shared/reference-kernels' `calib quick` right before or after, with the same build flags,
// and divide (Benchmarks/README.md, "Scale", shows how the table was made).
#if canImport(Glibc)
import Glibc
#endif
import DRAIBenchSupport
import DRAIChip
import DRAIDescription
import Foundation

var runs = 5
var filter: String?
var quick = false
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
  switch a {
  case "--runs": runs = max(1, Int(arguments.popFirst() ?? "") ?? runs)
  case "--filter": filter = arguments.popFirst()
  case "--quick": quick = true
  default:
    FileHandle.standardError.write(Data("usage: drai-scale [--runs N] [--filter SUBSTRING] [--quick]\n".utf8))
    exit(2)
  }
}

/// CPU time of the calling thread, ns.
func threadCPUNanoseconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
}

/// Wall clock, ns.
func wallNanoseconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
}

struct Case {
  var name: String
  var file: String
  var overrides: [String]
  var threads: Int
  var cycles: UInt64
  /// Report synaptic events per second (cells read by arriving spikes).
  var events = false
  /// Force every oscillator with the fixed half/half pattern (false: free-running oscillators,
  /// as the reference kernels' are).
  var forced = true
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
let scale: UInt64 = quick ? 1 : 4
let cases: [Case] = [
  Case(name: "tile-64/p1", file: "mesh-8x8.yaml", overrides: ["mesh.rows=1", "mesh.columns=1"], threads: 1, cycles: 50_000 * scale),
  Case(name: "tile-64/p8", file: "mesh-8x8.yaml", overrides: ["mesh.rows=1", "mesh.columns=1", "crossbar.coupling_period_cycles=8"],
       threads: 1, cycles: 200_000 * scale),
  // Runs of whole oscillation periods (20,000 cycles at 50 kHz and 1 GHz): forced oscillators
  // spike in bursts twice a period, so shorter runs see more or fewer bursts.
  Case(name: "mesh-8x8/p1/t1", file: "mesh-8x8.yaml", overrides: [], threads: 1, cycles: 5_000 * scale),
  Case(name: "mesh-8x8/p1/t2", file: "mesh-8x8.yaml", overrides: [], threads: 2, cycles: 5_000 * scale),
  Case(name: "mesh-8x8/p8/t1", file: "mesh-8x8.yaml", overrides: ["crossbar.coupling_period_cycles=8"], threads: 1,
       cycles: 5_000 * scale),
  Case(name: "mesh-8x8/p8/t2", file: "mesh-8x8.yaml", overrides: ["crossbar.coupling_period_cycles=8"], threads: 2,
       cycles: 5_000 * scale),
  // Unforced: free-running oscillators from random phases, like the kernels' (no forcing term,
  // spikes spread over the period instead of two bursts).
  Case(name: "unforced/tile-64/p1", file: "mesh-8x8.yaml", overrides: ["mesh.rows=1", "mesh.columns=1"], threads: 1,
       cycles: 50_000 * scale, forced: false),
  Case(name: "unforced/tile-64/p8", file: "mesh-8x8.yaml", overrides: ["mesh.rows=1", "mesh.columns=1", "crossbar.coupling_period_cycles=8"],
       threads: 1, cycles: 200_000 * scale, forced: false),
  Case(name: "unforced/mesh-8x8/p1/t1", file: "mesh-8x8.yaml", overrides: [], threads: 1, cycles: 5_000 * scale, forced: false),
  Case(name: "unforced/mesh-8x8/p1/t2", file: "mesh-8x8.yaml", overrides: [], threads: 2, cycles: 5_000 * scale, forced: false),
  Case(name: "unforced/mesh-8x8/p8/t1", file: "mesh-8x8.yaml", overrides: ["crossbar.coupling_period_cycles=8"], threads: 1,
       cycles: 5_000 * scale, forced: false),
  // Spike-heavy: 2×2 tiles of 1,024 oscillators, all-to-all between tiles (every arriving spike
  // is 1,024 synaptic events), 0.2 MHz at 1 GHz (0.61 packets per tile per cycle), crossbar read
  // every 1,000 cycles (forcing and the weight bound lowered to keep that Euler step stable):
  // the cost is the delivery of spikes.
  Case(name: "spikes/2x2x1024", file: "mesh-8x8.yaml",
       overrides: ["mesh.rows=2", "mesh.columns=2", "oscillators.count=1024", "connectivity.rule=all_to_all",
                   "oscillators.natural_frequency_mhz=0.2", "oscillators.reference_frequency_mhz=0.2",
                   "oscillators.frequency_spread_mhz=0.0004", "crossbar.coupling_period_cycles=1000",
                   "forcing.strength_rad_per_us=0.2", "learning.max_incoming_weight_rad_per_us=0.3",
                   "connectivity.initial_weight_rad_per_us=0.0001"],
       threads: 1, cycles: 20_000 * scale, events: true),
  Case(name: "mesh-16x16-256/p1/t2", file: "mesh-16x16-256.yaml", overrides: [], threads: 2, cycles: 20 * scale),
]

for c in cases where filter.map({ c.name.contains($0) }) ?? true {
  let description: ChipDescription
  do {
    description = try ChipDescription(path: root.appendingPathComponent("Hardware/chips/\(c.file)").path,
                                      overrides: c.overrides)
  } catch {
    print("{\"case\": \"\(c.name)\", \"error\": \"\(error)\"}")
    continue
  }
  var chip = Chip(configuration: description.configuration, seed: 1)
  chip.threads = c.threads
  if c.forced {
    chip.setForcingPattern(forcingPattern(count: chip.oscillators))
    chip.forcingEnabled = true
  }
  chip.run(cycles: .init(c.cycles / 4))  // warm-up: caches, page faults, the forced steady state
  var nsPerCycle: [Double] = []
  var eventsPerSecond: [Double] = []
  let n = description.configuration.tile.oscillators
  for _ in 0..<runs {
    let before = chip.counters
    let cpu0 = threadCPUNanoseconds(), wall0 = wallNanoseconds()
    chip.run(cycles: .init(c.cycles))
    let ns = c.threads == 1 ? threadCPUNanoseconds() - cpu0 : wallNanoseconds() - wall0
    nsPerCycle.append(ns / Double(c.cycles))
    if c.events {
      // Inter-tile cells read by arriving spikes: every cell read but the crossbars' 4·n² per
      // coupling period (2 per synaptic event; no verify reads with plasticity off).
      let after = chip.counters
      let cellReads = after.crossbarCellReads - before.crossbarCellReads
      let crossbar = (after.couplingPeriods - before.couplingPeriods) * UInt64(4 * n * n)
      eventsPerSecond.append(Double(cellReads - crossbar) / 2 / (ns * 1e-9))
    }
  }
  nsPerCycle.sort()
  eventsPerSecond.sort()
  var line = "{\"case\": \"\(c.name)\", \"threads\": \(c.threads), \"clock\": \"\(c.threads == 1 ? "thread-cpu" : "wall")\", "
    + "\"cycles\": \(c.cycles), \"ns_per_cycle_median\": \(String(format: "%.1f", nsPerCycle[runs / 2])), "
    + "\"ns_per_cycle_best\": \(String(format: "%.1f", nsPerCycle[0]))"
  if c.events {
    line += ", \"synaptic_events_per_s_median\": \(String(format: "%.4g", eventsPerSecond[runs / 2]))"
  }
  print(line + "}")
}
