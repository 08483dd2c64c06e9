import DRAICore
import DRAINoC
import DRAITile
import RealModule

/// The inter-tile synapses of a chip, built from its ``InterTileConnectivity``: each tile's
/// fan-in (stored at the destination) and each oscillator's routing entries (the destination
/// tiles its spikes go to, and the axon each arrives on there).
struct InterTileWiring: Sendable {
  /// Per tile, the synapses onto it.
  var fanIn: [TileFanIn]
  /// Routing entries of global oscillator j: `routeStart[j] ..< routeStart[j + 1]` (N + 1
  /// offsets) index `routeTile` and `routeAxon`.
  var routeStart: [Int]
  /// Each entry's destination tile (ascending within an oscillator's entries).
  var routeTile: [Int32]
  /// Each entry's axon in its destination tile's ``TileFanIn``.
  var routeAxon: [Int32]

  /// Draws the synapses of `connectivity` on a mesh of `tiles` tiles of `n` oscillators.
  /// Preconditions (checked by the description loader first): valid tile lists, a fan-in or
  /// fan-out no larger than its candidates, explicit synapses between different tiles, unique.
  /// - Complexity: O(S log S) for S synapses, plus O(tiles) per from or to tile for the fixed
  ///   rules' bookkeeping and O(n · tiles within reach) per to tile for the distance rule.
  init(connectivity c: InterTileConnectivity, mesh: MeshConfiguration, oscillatorsPerTile n: Int, seed: UInt64) {
    let tiles = mesh.routers
    let from = c.fromTiles.isEmpty ? Array(0..<tiles) : c.fromTiles
    let to = c.toTiles.isEmpty ? Array(0..<tiles) : c.toTiles
    var keys = [[UInt64]](repeating: [], count: tiles)  // pre << 16 | post, per destination tile
    var explicitValues: [[(key: UInt64, weight: Float, delay: UInt16)]] = []
    @inline(__always) func key(_ pre: Int, _ post: Int) -> UInt64 { UInt64(pre) << 16 | UInt64(post) }
    func hops(_ a: Int, _ b: Int) -> Int {
      abs(a % mesh.columns - b % mesh.columns) + abs(a / mesh.columns - b / mesh.columns)
    }
    switch c.rule {
    case .none: break
    case .allToAll:
      for b in to { for a in from where a != b { for k in 0..<n { for i in 0..<n { keys[b].append(key(a * n + k, i)) } } } }
    case .oneToOne:
      for b in to { for a in from where a != b { for k in 0..<n { keys[b].append(key(a * n + k, k)) } } }
    case .fixedFanIn(let fan):
      let fromIndex = Self.positions(of: from, tiles: tiles)
      for b in to {
        var rng = SeededRNG(seed: seed, stream: "connectivity/tile-\(b)")
        // Candidates: the from tiles but b, in ascending order (b's position skipped).
        let skip = fromIndex[b], count = from.count - (skip >= 0 ? 1 : 0)
        for i in 0..<n {
          for idx in Self.draw(fan, of: count * n, rng: &rng) {
            let t = idx / n
            keys[b].append(key(from[skip >= 0 && t >= skip ? t + 1 : t] * n + idx % n, i))
          }
        }
      }
    case .fixedFanOut(let fan):
      var rng = SeededRNG(seed: seed, stream: "connectivity")
      let toIndex = Self.positions(of: to, tiles: tiles)
      for a in from {
        let skip = toIndex[a], count = to.count - (skip >= 0 ? 1 : 0)
        for k in 0..<n {
          for idx in Self.draw(fan, of: count * n, rng: &rng) {
            let t = idx / n
            keys[to[skip >= 0 && t >= skip ? t + 1 : t]].append(key(a * n + k, idx % n))
          }
        }
      }
    case .distance(let p, let length, let maxHops):
      let isFrom = Self.positions(of: from, tiles: tiles).map { $0 >= 0 }
      for b in to {
        var rng = SeededRNG(seed: seed, stream: "connectivity/tile-\(b)")
        // The from tiles within reach, in ascending order: O(maxHops²), not O(tiles).
        let bx = b % mesh.columns, by = b / mesh.columns
        var sources: [Int] = []
        for y in Swift.max(0, by - maxHops)...Swift.min(mesh.rows - 1, by + maxHops) {
          let reach = maxHops - abs(y - by)
          for x in Swift.max(0, bx - reach)...Swift.min(mesh.columns - 1, bx + reach) {
            let a = y * mesh.columns + x
            if a != b && isFrom[a] { sources.append(a) }
          }
        }
        for i in 0..<n {
          for a in sources {
            let q = p * Double.exp(-Double(hops(a, b) - 1) / length)
            guard q > 0 else { continue }  // e^(−(d−1)/λ) underflowed: no synapse at this distance
            // Bernoulli trials over the n candidates of tile a by geometric skips.
            if q >= 1 { for k in 0..<n { keys[b].append(key(a * n + k, i)) }; continue }
            let logMiss = Double.log(onePlus: -q)  // exact for tiny q, where log(1 − q) would round to 0
            var k = -1
            while true {
              k += 1 + Int((Double.log(1 - rng.nextUnit()) / logMiss).rounded(.down).clamped(to: 0...Double(n)))
              if k >= n { break }
              keys[b].append(key(a * n + k, i))
            }
          }
        }
      }
    case .file(let list):
      explicitValues = [[(key: UInt64, weight: Float, delay: UInt16)]](repeating: [], count: tiles)
      for s in list {
        explicitValues[s.post / n].append((key(s.pre, s.post % n), Float(s.weightRadiansPerMicrosecond), UInt16(s.delayCycles)))
      }
    }
    var fanIn = [TileFanIn](repeating: TileFanIn(), count: tiles)
    let weight = Float(c.initialWeightRadiansPerMicrosecond)
    for b in 0..<tiles {
      var f = TileFanIn()
      var sorted: [UInt64]
      if explicitValues.isEmpty {
        keys[b].sort()
        sorted = keys[b]
        keys[b] = []
        if weight != 0 { f.weightRadiansPerMicrosecond = [Float](repeating: weight, count: sorted.count) }
      } else {
        explicitValues[b].sort { $0.key < $1.key }
        sorted = explicitValues[b].map(\.key)
        if explicitValues[b].contains(where: { $0.weight != 0 }) { f.weightRadiansPerMicrosecond = explicitValues[b].map(\.weight) }
        if explicitValues[b].contains(where: { $0.delay != 0 }) { f.delayCycles = explicitValues[b].map(\.delay) }
      }
      f.post = sorted.map { UInt16(truncatingIfNeeded: $0) }
      f.axonStart = []
      var last: UInt64 = .max
      for (s, k) in sorted.enumerated() where k >> 16 != last {
        last = k >> 16
        f.presynaptic.append(Int32(last))
        f.axonStart.append(Int32(s))
      }
      f.axonStart.append(Int32(sorted.count))
      fanIn[b] = f
    }
    // Detection: a synapse i ← j whose partner j ← i exists shares the pair's detector.
    let symmetric: Bool
    switch c.rule {
    case .allToAll, .oneToOne: symmetric = Set(from) == Set(to)
    default: symmetric = false
    }
    for b in 0..<tiles {
      var detection = [SynapseDetection](repeating: .own, count: fanIn[b].synapses)
      for axon in 0..<fanIn[b].axons {
        let j = Int(fanIn[b].presynaptic[axon]), a = j / n
        for s in Int(fanIn[b].axonStart[axon])..<Int(fanIn[b].axonStart[axon + 1]) {
          let i = b * n + Int(fanIn[b].post[s])
          if symmetric || fanIn[a].synapse(post: j % n, presynaptic: i) != nil {
            detection[s] = detectorTile(a, b) == b ? .pairHere : .pairAtPartner
          }
        }
      }
      fanIn[b].detection = detection
    }
    // Routing entries, by counting: every axon of tile b is an entry of its presynaptic
    // oscillator, visited in ascending b.
    var start = [Int](repeating: 0, count: tiles * n + 1)
    for f in fanIn { for j in f.presynaptic { start[Int(j) + 1] += 1 } }
    for j in 0..<(tiles * n) { start[j + 1] += start[j] }
    var fill = start
    var routeTile = [Int32](repeating: 0, count: start[tiles * n])
    var routeAxon = routeTile
    for (b, f) in fanIn.enumerated() {
      for (axon, j) in f.presynaptic.enumerated() {
        routeTile[fill[Int(j)]] = Int32(b)
        routeAxon[fill[Int(j)]] = Int32(axon)
        fill[Int(j)] += 1
      }
    }
    self.fanIn = fanIn
    routeStart = start
    self.routeTile = routeTile
    self.routeAxon = routeAxon
  }

  /// For each tile, its position in the ascending list `list`, or −1.
  static func positions(of list: [Int], tiles: Int) -> [Int] {
    var index = [Int](repeating: -1, count: tiles)
    for (k, t) in list.enumerated() { index[t] = k }
    return index
  }

  /// `k` distinct indices drawn uniformly from 0..<`count`, ascending. Precondition: k ≤ count.
  /// - Complexity: O(k log k) expected when k ≪ count; O(count) when k is a large fraction.
  static func draw(_ k: Int, of count: Int, rng: inout SeededRNG) -> [Int] {
    precondition(k <= count, "cannot draw \(k) of \(count)")
    if 2 * k >= count {
      // Selection sampling (Knuth's Algorithm S): one pass, exact.
      var chosen: [Int] = []
      chosen.reserveCapacity(k)
      for i in 0..<count where chosen.count < k {
        if Double(count - i) * rng.nextUnit() < Double(k - chosen.count) { chosen.append(i) }
      }
      return chosen
    }
    var chosen: [Int] = []
    chosen.reserveCapacity(k)
    while chosen.count < k {
      for _ in chosen.count..<k { chosen.append(Int(UInt64(count).multipliedFullWidth(by: rng.next()).high)) }
      chosen.sort()
      var unique = 0
      for x in chosen where unique == 0 || chosen[unique - 1] != x {
        chosen[unique] = x
        unique += 1
      }
      chosen.removeLast(chosen.count - unique)
    }
    return chosen
  }
}

extension Double {
  func clamped(to r: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, r.lowerBound), r.upperBound) }
}
