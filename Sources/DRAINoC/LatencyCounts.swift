/// Running delivery and latency counts of one packet class, kept as packets are sent and
/// delivered, so that a long run needs no per-packet records. Latencies are counted exactly
/// (one counter per latency value in cycles, in an array below ``denseLimit`` cycles and a
/// sparse map above it, so a saturated run's huge latencies cost memory only per distinct
/// value), so the percentiles are exact.
public struct LatencyCounts: Hashable, Sendable, Codable {
  /// Packets sent, and their flits.
  public private(set) var packets = 0, flits = 0
  /// Packets delivered (tail ejected).
  public private(set) var delivered = 0
  /// Sum of the delivered packets' latencies, cycles.
  public private(set) var latencySum: UInt64 = 0
  /// Delivered packets by latency below ``denseLimit``: `byLatency[l]` packets took l cycles.
  public private(set) var byLatency: [UInt64] = []
  /// Delivered packets by latency at or above ``denseLimit``.
  public private(set) var longLatencies: [UInt64: UInt64] = [:]
  /// Latencies below this many cycles are counted in an array.
  public static let denseLimit = 65_536

  /// No packets.
  public init() {}

  /// The counts of a set of packet records (e.g. one measurement window).
  /// - Complexity: O(k) for k records, plus the largest latency.
  public init<S: Sequence>(_ records: S) where S.Element == PacketRecord {
    for r in records {
      sent(flits: r.flits)
      if let d = r.delivered { delivered(latency: d - r.created) }
    }
  }

  /// Delivered packets in power-of-two latency buckets: bucket k counts latencies in
  /// [2^k, 2^(k+1)) cycles (bucket 0 also holds 0).
  public var log2Histogram: [Int] {
    var buckets: [Int] = []
    for (l, n) in ascending {
      let k = l < 2 ? 0 : UInt64.bitWidth - 1 - l.leadingZeroBitCount
      while buckets.count <= k { buckets.append(0) }
      buckets[k] += Int(n)
    }
    return buckets
  }

  /// Packets sent and not delivered yet.
  public var inFlight: Int { packets - delivered }

  /// Mean latency of the delivered packets, cycles (0 without deliveries).
  public var mean: Double { delivered == 0 ? 0 : Double(latencySum) / Double(delivered) }

  /// The largest latency, cycles (0 without deliveries).
  public var max: Double {
    // `.map(Double.init)` would pick Double(bitPattern:) for a UInt64 and print 4.65e-319.
    if let long = longLatencies.keys.max() { return Double(long) }
    return Double(Swift.max(byLatency.count - 1, 0))
  }

  /// Every (latency, packets) pair with packets > 0, by ascending latency.
  var ascending: [(latency: UInt64, count: UInt64)] {
    byLatency.enumerated().filter { $0.element > 0 }.map { (UInt64($0.offset), $0.element) }
      + longLatencies.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  /// Nearest-rank percentile: the ⌈q·n⌉-th smallest latency of the n delivered packets, cycles
  /// (0 without deliveries). - Complexity: O(largest latency).
  public func percentile(_ q: Double) -> Double {
    guard delivered > 0 else { return 0 }
    let rank = UInt64(Swift.min(Swift.max(Int((q * Double(delivered)).rounded(.up)), 1), delivered))
    var seen: UInt64 = 0
    for (latency, count) in ascending {
      seen += count
      if seen >= rank { return Double(latency) }
    }
    return max
  }

  /// Counts a packet of `flits` flits sent.
  mutating func sent(flits f: Int) {
    packets += 1
    flits += f
  }

  /// Counts a delivery after `latency` cycles.
  mutating func delivered(latency: UInt64) {
    delivered += 1
    latencySum += latency
    guard latency < UInt64(Self.denseLimit) else { longLatencies[latency, default: 0] += 1; return }
    let l = Int(latency)
    if l >= byLatency.count { byLatency.append(contentsOf: repeatElement(0, count: l + 1 - byLatency.count)) }
    byLatency[l] += 1
  }
}
