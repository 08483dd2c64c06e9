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

  /// Draws the synapses of `connectivity` on a mesh of tiles laid out as `layout` (tiles of
  /// one size or of several: candidates are counted and drawn over global indices, so tiles of
  /// one size n draw exactly as tile t = index / n, local = index mod n).
  /// Preconditions (checked by the description loader first): valid tile lists, a fan-in or
  /// fan-out no larger than its candidates, explicit synapses between different tiles, unique.
  /// - Complexity: O(S log S) for S synapses, plus O(tiles) for the fixed rules' bookkeeping
  ///   (and O(log tiles) per draw with tiles of several sizes), and O(n · tiles within reach)
  ///   per to tile for the distance rule.
  init(connectivity c: InterTileConnectivity, mesh: MeshConfiguration, layout: TileLayout, seed: UInt64) {
    let tiles = mesh.routers, first = layout.start
    @inline(__always) func size(_ k: Int) -> Int { first[k + 1] - first[k] }
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
      for b in to {
        for a in from where a != b { for k in 0..<size(a) { for i in 0..<size(b) { keys[b].append(key(first[a] + k, i)) } } }
      }
    case .oneToOne:
      // Oscillator k onto oscillator k, for the k both tiles have.
      for b in to { for a in from where a != b { for k in 0..<Swift.min(size(a), size(b)) { keys[b].append(key(first[a] + k, k)) } } }
    case .fixedFanIn(let fan):
      let candidates = Candidates(tiles: from, layout: layout)
      for b in to {
        var rng = SeededRNG(seed: seed, stream: "connectivity/tile-\(b)")
        // Candidates: the oscillators of the from tiles but b, in ascending order.
        let count = candidates.count(without: b)
        for i in 0..<size(b) {
          for idx in Self.draw(fan, of: count, rng: &rng) { keys[b].append(key(candidates.global(idx, without: b), i)) }
        }
      }
    case .fixedFanOut(let fan):
      var rng = SeededRNG(seed: seed, stream: "connectivity")
      let candidates = Candidates(tiles: to, layout: layout)
      for a in from {
        let count = candidates.count(without: a)
        for k in 0..<size(a) {
          for idx in Self.draw(fan, of: count, rng: &rng) {
            let (b, i) = layout.locate(candidates.global(idx, without: a))
            keys[b].append(key(first[a] + k, i))
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
        for i in 0..<size(b) {
          for a in sources {
            let n = size(a)
            let q = p * Double.exp(-Double(hops(a, b) - 1) / length)
            guard q > 0 else { continue }  // e^(−(d−1)/λ) underflowed: no synapse at this distance
            // Bernoulli trials over the n candidates of tile a by geometric skips.
            if q >= 1 { for k in 0..<n { keys[b].append(key(first[a] + k, i)) }; continue }
            let logMiss = Double.log(onePlus: -q)  // exact for tiny q, where log(1 − q) would round to 0
            var k = -1
            while true {
              k += 1 + Int((Double.log(1 - rng.nextUnit()) / logMiss).rounded(.down).clamped(to: 0...Double(n)))
              if k >= n { break }
              keys[b].append(key(first[a] + k, i))
            }
          }
        }
      }
    case .file(let list):
      explicitValues = [[(key: UInt64, weight: Float, delay: UInt16)]](repeating: [], count: tiles)
      for s in list {
        let (b, i) = layout.locate(s.post)
        explicitValues[b].append((key(s.pre, i), Float(s.weightRadiansPerMicrosecond), UInt16(s.delayCycles)))
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
        let j = Int(fanIn[b].presynaptic[axon]), (a, jLocal) = layout.locate(j)
        for s in Int(fanIn[b].axonStart[axon])..<Int(fanIn[b].axonStart[axon + 1]) {
          let i = first[b] + Int(fanIn[b].post[s])
          if symmetric || fanIn[a].synapse(post: jLocal, presynaptic: i) != nil {
            detection[s] = detectorTile(a, b) == b ? .pairHere : .pairAtPartner
          }
        }
      }
      fanIn[b].detection = detection
    }
    // Routing entries, by counting: every axon of tile b is an entry of its presynaptic
    // oscillator, visited in ascending b.
    let total = layout.oscillators
    var start = [Int](repeating: 0, count: total + 1)
    for f in fanIn { for j in f.presynaptic { start[Int(j) + 1] += 1 } }
    for j in 0..<total { start[j + 1] += start[j] }
    var fill = start
    var routeTile = [Int32](repeating: 0, count: start[total])
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

  /// The oscillators of an ascending list of tiles, numbered 0, 1, … tile by tile, with one
  /// tile's left out: what the fixed fan-in and fan-out rules draw from.
  struct Candidates {
    let tiles: [Int]
    let layout: TileLayout
    /// Each listed tile's position in `tiles` (−1 if absent), and the number of candidates
    /// before it (`tiles.count + 1` entries).
    let position: [Int]
    let before: [Int]

    /// - Complexity: O(tiles of the layout).
    init(tiles list: [Int], layout: TileLayout) {
      tiles = list
      self.layout = layout
      position = InterTileWiring.positions(of: list, tiles: layout.tiles)
      var before = [0]
      for t in list { before.append(before.last! + layout.size(ofTile: t)) }
      self.before = before
    }

    /// Candidates when tile `own` (listed or not) is left out.
    func count(without own: Int) -> Int {
      before[tiles.count] - (position[own] >= 0 ? layout.size(ofTile: own) : 0)
    }

    /// The global index of candidate `index` when tile `own` is left out: candidates at or
    /// past `own`'s place shift by its size. - Complexity: O(log tiles).
    func global(_ index: Int, without own: Int) -> Int {
      var idx = index
      let p = position[own]
      if p >= 0 && idx >= before[p] { idx += layout.size(ofTile: own) }
      // The listed tile whose range of candidates holds idx: the last with before ≤ idx.
      if layout.isUniform {
        let n = before[1]
        return layout.start[tiles[idx / n]] + idx % n
      }
      var lo = 0, hi = tiles.count - 1
      while lo < hi {
        let mid = (lo + hi + 1) / 2
        if before[mid] <= idx { lo = mid } else { hi = mid - 1 }
      }
      return layout.start[tiles[lo]] + (idx - before[lo])
    }
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
