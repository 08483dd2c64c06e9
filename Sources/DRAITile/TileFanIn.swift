/// Who detects the resonance of an inter-tile synapse (i ← j).
public enum SynapseDetection: UInt8, Hashable, Sendable, Codable {
  /// The synapse has no partner (j ← i does not exist): the tile that holds it samples
  /// g(φ_i − φ̂_j) at each of j's arrivals and programs it at its own window end.
  case own = 0
  /// The partner synapse exists and this tile holds the pair's detector (``detectorTile(_:_:)``):
  /// it programs this synapse and sends the partner's window means in a resonance-event packet.
  case pairHere = 1
  /// The partner synapse exists and the other tile holds the pair's detector: this synapse is
  /// programmed by the resonance-event packets that arrive from there.
  case pairAtPartner = 2
}

/// The inter-tile synapses onto one tile, as the chip builds them from its connectivity
/// (``InterTileConnectivity`` in DRAIChip): grouped by presynaptic oscillator, one group (an
/// *axon*, as in Loihi's and SpiNNaker's routing tables) per oscillator of another tile that
/// has at least one synapse here, axons in ascending global index, each axon's synapses in
/// ascending postsynaptic index. A phase spike arrives addressed to its axon and is expanded
/// here through it.
///
/// Memory: 8 bytes per axon (index and offset) plus 2 (post) + 1 (detection) bytes per
/// synapse, and 4 + 2 per synapse for weights and delays when they are not all zero.
public struct TileFanIn: Hashable, Sendable, Codable {
  /// Global index of each axon's presynaptic oscillator, ascending (A entries).
  public var presynaptic: [Int32]
  /// Axon a's synapses are `axonStart[a] ..< axonStart[a + 1]` (A + 1 entries, from 0).
  public var axonStart: [Int32]
  /// Local index of each synapse's postsynaptic oscillator (S entries), ascending within an axon.
  public var post: [UInt16]
  /// Initial weight of each synapse, rad/µs (S entries), or empty for all zero.
  public var weightRadiansPerMicrosecond: [Float]
  /// Synaptic delay of each synapse in cycles, added to the routing latency (S entries), or
  /// empty for all zero.
  public var delayCycles: [UInt16]
  /// Who detects each synapse's resonance (S entries).
  public var detection: [SynapseDetection]

  /// No synapses.
  public init() {
    presynaptic = []
    axonStart = [0]
    post = []
    weightRadiansPerMicrosecond = []
    delayCycles = []
    detection = []
  }

  /// Axons (presynaptic oscillators with a synapse here).
  public var axons: Int { presynaptic.count }
  /// Synapses.
  public var synapses: Int { post.count }

  /// The axon of global oscillator `j`, or nil if it has no synapse here.
  /// - Complexity: O(log A).
  public func axon(of j: Int) -> Int? {
    var lo = 0, hi = presynaptic.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if Int(presynaptic[mid]) < j { lo = mid + 1 } else { hi = mid }
    }
    return lo < presynaptic.count && Int(presynaptic[lo]) == j ? lo : nil
  }

  /// The synapse onto local oscillator `i` from global oscillator `j`, or nil.
  /// - Complexity: O(log A + log fan-out of j here).
  public func synapse(post i: Int, presynaptic j: Int) -> Int? {
    guard let a = axon(of: j) else { return nil }
    var lo = Int(axonStart[a]), hi = Int(axonStart[a + 1])
    while lo < hi {
      let mid = (lo + hi) / 2
      if Int(post[mid]) < i { lo = mid + 1 } else { hi = mid }
    }
    return lo < Int(axonStart[a + 1]) && Int(post[lo]) == i ? lo : nil
  }
}

/// A phase spike arriving at a tile: the axon it arrives on, its send cycle and the
/// presynaptic register then (the wrap residual), as its packet carries them.
public struct SpikeArrival: Hashable, Sendable, Codable {
  /// The axon of the destination's ``TileFanIn``.
  public var axon: Int32
  /// The send cycle (the first cycle at which the wrapped phase was committed).
  public var sentAt: UInt64
  /// The presynaptic phase register at the send cycle.
  public var residual: UInt32

  /// Memberwise initialiser.
  public init(axon: Int32, sentAt: UInt64, residual: UInt32) {
    self.axon = axon
    self.sentAt = sentAt
    self.residual = residual
  }
}
