/// Delivery and latency figures of a set of packets (e.g. one class, or one measurement window).
public struct LatencySummary: Hashable, Sendable {
  /// Packets in the set.
  public var packets: Int
  /// Of those, delivered (tail ejected).
  public var delivered: Int
  /// Of those, not delivered yet: in a source queue, a buffer or on a link.
  public var inFlight: Int { packets - delivered }
  /// Latency from creation (the send cycle) to tail delivery of the delivered packets, cycles:
  /// mean, nearest-rank median and 99th percentile, and maximum (all 0 without deliveries).
  public var mean: Double, p50: Double, p99: Double, max: Double
  /// The delivered packets' latencies, sorted ascending (for histograms).
  public var sortedLatencies: [Double]

  /// Summarises `records`. - Complexity: O(k log k) for k packets.
  public init<S: Sequence>(_ records: S) where S.Element == PacketRecord {
    var count = 0
    var latencies: [Double] = []
    for r in records {
      count += 1
      if let d = r.delivered { latencies.append(Double(d - r.created)) }
    }
    latencies.sort()
    packets = count
    delivered = latencies.count
    sortedLatencies = latencies
    mean = latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count)
    // Nearest-rank percentile: the ⌈q·n⌉-th smallest latency.
    func percentile(_ q: Double) -> Double {
      guard !latencies.isEmpty else { return 0 }
      let rank = Int((q * Double(latencies.count)).rounded(.up))
      return latencies[Swift.min(Swift.max(rank, 1), latencies.count) - 1]
    }
    p50 = percentile(0.5)
    p99 = percentile(0.99)
    max = latencies.last ?? 0
  }
}
