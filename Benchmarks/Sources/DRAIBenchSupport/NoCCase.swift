import DRAINoC
import Foundation

/// One benchmarked router-mesh setup: synthetic uniform traffic on an 8×8 mesh (2 VCs × 8
/// flits, router and link latency 1, XY routing, 4-flit packets), the configuration that the
/// issue compares with BookSim 2 and Noxim (about 18 k cycles/s on a machine like this one).
public struct NoCCase: Sendable {
  /// Short name used in benchmark output, e.g. "noc-8x8/uniform-0.05".
  public var name: String
  /// Offered load, flits per node per cycle.
  public var rate: Double

  /// The two loads of the suite: 0.05 (the comparison point) and 0.3 (below saturation, ≈ 0.4).
  public static let all: [NoCCase] = [
    NoCCase(name: "noc-8x8/uniform-0.05", rate: 0.05),
    NoCCase(name: "noc-8x8/uniform-0.3", rate: 0.3),
  ]

  /// The mesh.
  public static let mesh = MeshConfiguration(rows: 8, columns: 8, virtualChannels: 2, bufferFlits: 8,
                                              routerLatency: 1, linkLatency: 1, routing: .xy)

  /// What one timed run did.
  public struct Result: Sendable {
    /// Cycles simulated (warm-up included).
    public var cycles: UInt64
    /// Wall-clock seconds.
    public var seconds: Double
    /// Accepted throughput, flits/node/cycle (checks that the run did the work).
    public var acceptedRate: Double
    /// Simulated cycles per wall-clock second.
    public var cyclesPerSecond: Double { Double(cycles) / seconds }
  }

  /// Runs `NoCExperiment.run` for `cycles` cycles (1,000 of them warm-up) with `seed`, timed
  /// with `ContinuousClock`, statistics included (as `drai noc` does).
  @inline(never)
  public func run(cycles: UInt64, seed: UInt64) -> Result {
    let clock = ContinuousClock()
    let start = clock.now
    let stats = NoCExperiment.run(mesh: Self.mesh, pattern: .uniform, rate: rate, packetFlits: 4,
                                  warmup: 1_000, cycles: cycles - 1_000, seed: seed)
    let d = start.duration(to: clock.now).components
    return Result(cycles: cycles, seconds: Double(d.seconds) + Double(d.attoseconds) * 1e-18,
                  acceptedRate: stats.acceptedRate)
  }
}
