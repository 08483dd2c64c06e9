/// Which oscillators of different tiles are connected, and how (the chip file's
/// `connectivity` section). Inside a tile the crossbar is dense; between tiles the synapses are
/// data, drawn from this description and the chip's seed (stream "connectivity/tile-k" for the
/// synapses onto tile k, "connectivity" for fan-out draws), and stored sparse at the
/// destination (``TileFanIn``).
///
/// Every rule connects presynaptic oscillators of the tiles in ``fromTiles`` to postsynaptic
/// oscillators of the tiles in ``toTiles`` (empty: every tile), never two oscillators of the
/// same tile (they couple through their crossbar).
public struct InterTileConnectivity: Hashable, Sendable, Codable {
  /// How synapses are drawn.
  public enum Rule: Hashable, Sendable, Codable {
    /// No inter-tile synapses: the tiles run uncoupled.
    case none
    /// Every presynaptic oscillator onto every postsynaptic oscillator of another tile.
    case allToAll
    /// Each postsynaptic oscillator gets this many presynaptic oscillators, drawn uniformly
    /// without replacement from the other tiles' (Brian2's and NEST's `fixed_indegree`).
    case fixedFanIn(Int)
    /// Each presynaptic oscillator projects onto this many postsynaptic oscillators, drawn
    /// uniformly without replacement from the other tiles' (`fixed_outdegree`).
    case fixedFanOut(Int)
    /// Oscillator k of a tile onto oscillator k of every other tile.
    case oneToOne
    /// Each pair of oscillators in tiles d hops apart (Manhattan distance on the mesh, 1 ≤ d ≤
    /// `maxHops`) is a synapse with probability p·e^(−(d − 1)/λ): `probability` p between
    /// neighbouring tiles, decaying with the length λ = `lengthHops`.
    case distance(probability: Double, lengthHops: Double, maxHops: Int)
    /// Exactly the listed synapses (`connectivity.file`: rows of pre, post, weight, delay).
    case file([ExplicitSynapse])
  }

  /// The rule.
  public var rule: Rule
  /// Tiles whose oscillators are presynaptic, ascending (empty: every tile).
  public var fromTiles: [Int]
  /// Tiles whose oscillators are postsynaptic, ascending (empty: every tile).
  public var toTiles: [Int]
  /// Initial weight of every drawn synapse, rad/µs (an explicit synapse carries its own).
  public var initialWeightRadiansPerMicrosecond: Double

  /// A connectivity; by default all-to-all between every two tiles, weights zero.
  public init(rule: Rule = .allToAll, fromTiles: [Int] = [], toTiles: [Int] = [],
              initialWeightRadiansPerMicrosecond: Double = 0) {
    self.rule = rule
    self.fromTiles = fromTiles
    self.toTiles = toTiles
    self.initialWeightRadiansPerMicrosecond = initialWeightRadiansPerMicrosecond
  }
}

/// One synapse of an explicit connectivity, between global oscillator indices of different
/// tiles.
public struct ExplicitSynapse: Hashable, Sendable, Codable {
  /// Presynaptic and postsynaptic global oscillator index.
  public var pre: Int, post: Int
  /// Initial weight, rad/µs.
  public var weightRadiansPerMicrosecond: Double
  /// Synaptic delay added to the routing latency, cycles (0...65,535).
  public var delayCycles: Int

  /// Memberwise initialiser.
  public init(pre: Int, post: Int, weightRadiansPerMicrosecond: Double, delayCycles: Int) {
    self.pre = pre
    self.post = post
    self.weightRadiansPerMicrosecond = weightRadiansPerMicrosecond
    self.delayCycles = delayCycles
  }
}
