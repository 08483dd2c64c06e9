// Plugin-free cycles/s measurement: times `Chip.run(cycles:)` with ContinuousClock.
//
//   swift run -c release drai-cycles [--cycles 10000] [--runs 10] [--filter SUBSTRING] [--set key=value ...]
//
// For each case: one untimed warm-up run, then `runs` timed runs of `cycles` cycles on the same
// chip (the simulation continues from run to run); prints median / best / worst cycles/s and
// the crossbar MAC/s (2·N² per coupling period) at the median.
import DRAIBenchSupport
import Foundation

var cycles: UInt64 = 10_000
var runs = 10
var filter: String?
var extraOverrides: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  switch argument {
  case "--cycles": cycles = UInt64(arguments.popFirst() ?? "") ?? cycles
  case "--runs": runs = max(1, Int(arguments.popFirst() ?? "") ?? runs)
  case "--filter": filter = arguments.popFirst()
  case "--set": extraOverrides += arguments.popFirst().map { [$0] } ?? []
  case "-h", "--help":
    print("""
      usage: drai-cycles [--cycles N] [--runs N] [--filter SUBSTRING] [--set key=value ...]
        --set adds a description override to every case (after the case's own, e.g. oscillators.count=256)
        chip description: $DRAI_BENCH_CHIP or \(defaultChipPath())
      """)
    exit(0)
  default:
    FileHandle.standardError.write(Data("drai-cycles: unknown argument \(argument)\n".utf8))
    exit(2)
  }
}

func format(_ value: Double) -> String {
  switch value {
  case 1e9...: return String(format: "%.2f G", value / 1e9)
  case 1e6...: return String(format: "%.2f M", value / 1e6)
  case 1e3...: return String(format: "%.1f k", value / 1e3)
  default: return String(format: "%.0f", value)
  }
}

func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }

print("chip: \(defaultChipPath())")
print("\(cycles) cycles per run, \(runs) timed runs after 1 warm-up run" + (extraOverrides.isEmpty ? "" : ", overrides \(extraOverrides)") + "\n")
print(pad("case", 28) + pad("median cycles/s", 17) + pad("best", 12) + pad("worst", 12) + pad("ns/cycle", 11) + "crossbar MAC/s")
for var chipCase in ChipCase.all where filter.map({ chipCase.name.contains($0) }) ?? true {
  chipCase.overrides += extraOverrides
  let run: ChipRun
  do { run = try ChipRun(chipCase) } catch {
    print("\(chipCase.name): cannot build the chip: \(error)")
    exit(1)
  }
  _ = run.run(cycles: cycles)  // warm-up: caches, page faults, first learning windows
  var results = (0..<runs).map { _ in run.run(cycles: cycles) }
  results.sort { $0.cyclesPerSecond < $1.cyclesPerSecond }
  let median = results[results.count / 2]
  print(
    pad(chipCase.name, 28) + pad(format(median.cyclesPerSecond), 17)
      + pad(format(results.last!.cyclesPerSecond), 12) + pad(format(results.first!.cyclesPerSecond), 12)
      + pad(String(format: "%.0f", 1e9 / median.cyclesPerSecond), 11) + format(run.crossbarMACsPerSecond(median)))
  // Keeps the simulation observable (and shows it ran): Kuramoto order parameter at the end.
  if ProcessInfo.processInfo.environment["DRAI_BENCH_VERBOSE"] != nil {
    print("    r = \(run.orderParameter), cycles simulated = \(run.chip.counters.cycles)")
  }
}
// Router mesh alone: each run is a fresh synthetic-traffic experiment of 10 × `cycles` cycles.
for nocCase in NoCCase.all where filter.map({ nocCase.name.contains($0) }) ?? true {
  let nocCycles = max(10 * cycles, 2_000)
  _ = nocCase.run(cycles: nocCycles, seed: 0)
  var results = (1...runs).map { nocCase.run(cycles: nocCycles, seed: UInt64($0)) }
  results.sort { $0.cyclesPerSecond < $1.cyclesPerSecond }
  let median = results[results.count / 2]
  print(
    pad(nocCase.name, 28) + pad(format(median.cyclesPerSecond), 17)
      + pad(format(results.last!.cyclesPerSecond), 12) + pad(format(results.first!.cyclesPerSecond), 12)
      + pad(String(format: "%.0f", 1e9 / median.cyclesPerSecond), 11)
      + String(format: "accepted %.3f flits/node/cycle", median.acceptedRate))
}
