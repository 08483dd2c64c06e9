// Simulated chip cycles per second of the DRAI emulator (ordo-one/benchmark suite).
//
// Each iteration runs 10_000 chip cycles of one chip that persists across iterations (forcing
// on with a fixed pattern; plasticity off or on). Metrics:
//   - "cycles/s"         simulated chip cycles per wall-clock second (the figure of merit)
//   - "crossbar MAC/s"   2·N² multiply-accumulates per crossbar read, per second
//   - wallClock          time for the 10_000 cycles
//   - mallocCountTotal   heap allocations during the 10_000 cycles
import Benchmark
import DRAIBenchSupport

/// Cycles simulated per benchmark iteration.
let cyclesPerIteration: UInt64 = 10_000

enum ChipMetric {
  static let cyclesPerSecond = BenchmarkMetric.custom("cycles/s", polarity: .prefersLarger, useScalingFactor: false)
  static let macsPerSecond = BenchmarkMetric.custom("crossbar MAC/s", polarity: .prefersLarger, useScalingFactor: false)
}

let benchmarks: @Sendable () -> Void = {
  for chipCase in ChipCase.all {
    let large = chipCase.overrides.contains("oscillators.count=256")
    Benchmark(
      chipCase.name,
      configuration: .init(
        metrics: [ChipMetric.cyclesPerSecond, ChipMetric.macsPerSecond, .wallClock, .mallocCountTotal],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        // Short runs so that the whole suite stays well under two minutes on 2 cores.
        maxDuration: .seconds(large ? 4 : 3),
        maxIterations: large ? 15 : 100
      )
    ) { benchmark, run in
      let result = run.run(cycles: cyclesPerIteration)
      benchmark.measurement(ChipMetric.cyclesPerSecond, Int(result.cyclesPerSecond.rounded()))
      benchmark.measurement(ChipMetric.macsPerSecond, Int(run.crossbarMACsPerSecond(result).rounded()))
      blackHole(run.chip.now)
    } setup: {
      try ChipRun(chipCase)
    }
  }
  // The router mesh alone: one iteration is a fresh 100,000-cycle uniform-traffic experiment.
  for nocCase in NoCCase.all {
    Benchmark(
      nocCase.name,
      configuration: .init(
        metrics: [ChipMetric.cyclesPerSecond, .wallClock, .mallocCountTotal],
        timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(4), maxIterations: 20)
    ) { benchmark in
      let result = nocCase.run(cycles: 100_000, seed: 1)
      benchmark.measurement(ChipMetric.cyclesPerSecond, Int(result.cyclesPerSecond.rounded()))
      blackHole(result.acceptedRate)
    }
  }
}
