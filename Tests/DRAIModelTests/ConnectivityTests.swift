import DRAIChip
import DRAICore
import DRAINoC
import DRAIPlasticity
import DRAITile
import Foundation
import Testing

/// Inter-tile connectivity as data, spikes sent once per destination tile, bounded source
/// queues, threads and the one spike list.
@Suite struct ConnectivityTests {
  /// A `rows` × `columns` chip of `n` identical-ish oscillators per tile at 100 MHz (1 MHz
  /// centre, ±0.5 % fixed offsets so that spikes spread), ideal devices and converters.
  func configuration(rows: Int = 2, columns: Int = 2, n: Int = 4, connectivity: InterTileConnectivity,
                     queue: Int = 65_536, policy: ChipConfiguration.OverflowPolicy = .stop,
                     sizes: [Int] = []) -> ChipConfiguration {
    let tile = TileConfiguration(
      oscillators: n, phaseFormat: PhaseFormat(bits: 16), clockMHz: 100, naturalFrequenciesMHz: [],
      referenceFrequencyMHz: 1, couplingPeriodCycles: 1, device: .ideal(gMinSiemens: 0, gMaxSiemens: 1e-2),
      couplingGain: 1000, dacBits: 0, adcBits: 0, adcFullScaleFraction: 1, readNoiseSigma: 0,
      forcingStrength: 0, samplePeriodCycles: 10, windowSamples: 50,
      rule: LearningRule(mode: .hebbian, function: .cosine, potentiationThreshold: 0.5, depressionThreshold: -0.5,
                         learningRate: 0, decayFraction: 0, maxIncomingWeight: nil))
    let mesh = MeshConfiguration(rows: rows, columns: columns, virtualChannels: 2, bufferFlits: 8, routerLatency: 1,
                                 linkLatency: 1, separateClasses: true)
    let total = sizes.isEmpty ? rows * columns * n : sizes.reduce(0, +)
    return ChipConfiguration(
      name: "test", centerFrequencyMHz: 1,
      frequencyDistribution: .fixed((0..<total).map { 0.01 * (Double($0) / Double(total) - 0.5) }),
      tile: tile, mesh: mesh, latencyCompensation: true, connectivity: connectivity,
      sourceQueuePackets: queue, overflowPolicy: policy, tileOscillators: sizes)
  }

  /// Every inter-tile synapse of `chip` as (pre, post) global indices.
  func synapses(_ chip: Chip) -> [(pre: Int, post: Int)] {
    var list: [(Int, Int)] = []
    for (b, t) in chip.tiles.enumerated() {
      let f = t.interTile.fanIn
      for a in 0..<f.axons {
        for s in Int(f.axonStart[a])..<Int(f.axonStart[a + 1]) {
          list.append((Int(f.presynaptic[a]), chip.layout.start[b] + Int(f.post[s])))
        }
      }
    }
    return list
  }

  @Test("fixed fan-in: every oscillator gets exactly k distinct synapses, all from other tiles")
  func fixedFanIn() {
    let chip = Chip(configuration: configuration(rows: 3, columns: 3, n: 8, connectivity: .init(rule: .fixedFanIn(5))), seed: 4)
    let list = synapses(chip)
    #expect(list.count == 9 * 8 * 5)
    for post in 0..<72 {
      let pres = list.filter { $0.post == post }.map(\.pre)
      #expect(pres.count == 5 && Set(pres).count == 5)
      #expect(pres.allSatisfy { $0 / 8 != post / 8 })
    }
    // Another seed draws other synapses; the same seed the same ones.
    let again = synapses(Chip(configuration: chip.configuration, seed: 4))
    let other = synapses(Chip(configuration: chip.configuration, seed: 5))
    #expect(again.map(\.pre) == list.map(\.pre))
    #expect(other.map(\.pre) != list.map(\.pre))
  }

  @Test("fixed fan-out: every oscillator projects onto exactly k distinct oscillators of other tiles")
  func fixedFanOut() {
    let chip = Chip(configuration: configuration(rows: 2, columns: 3, n: 4, connectivity: .init(rule: .fixedFanOut(7))), seed: 2)
    let list = synapses(chip)
    #expect(list.count == 24 * 7)
    for pre in 0..<24 {
      let posts = list.filter { $0.pre == pre }.map(\.post)
      #expect(posts.count == 7 && Set(posts).count == 7 && posts.allSatisfy { $0 / 4 != pre / 4 })
    }
  }

  @Test("one-to-one and all-to-all between tile subsets")
  func oneToOneAndSubsets() {
    // One-to-one on 2×2 tiles of 3: oscillator k of each tile onto oscillator k of the 3 others.
    let one = synapses(Chip(configuration: configuration(n: 3, connectivity: .init(rule: .oneToOne)), seed: 1))
    #expect(one.count == 4 * 3 * 3)
    #expect(one.allSatisfy { $0.pre % 3 == $0.post % 3 && $0.pre / 3 != $0.post / 3 })
    // All-to-all from tiles {0, 1} to tiles {1, 3}: tile 1 gets tile 0's 3 oscillators × its 3,
    // tile 3 gets both tiles' 6 × 3: 9 + 18 = 27 synapses.
    let subset = synapses(Chip(configuration: configuration(n: 3, connectivity: .init(rule: .allToAll, fromTiles: [0, 1], toTiles: [1, 3])), seed: 1))
    #expect(subset.count == 27)
    #expect(subset.allSatisfy { [0, 1].contains($0.pre / 3) && [1, 3].contains($0.post / 3) })
  }

  @Test("distance rule: p = 1 within one hop connects neighbouring tiles fully; the mean count follows p·e^(−(d−1)/λ)")
  func distanceRule() {
    // 3×3 tiles: 12 neighbouring (unordered) pairs, i.e. 24 ordered ones, each n² = 16 synapses.
    let full = synapses(Chip(configuration: configuration(rows: 3, columns: 3, n: 4,
                                                          connectivity: .init(rule: .distance(probability: 1, lengthHops: 1, maxHops: 1))), seed: 1))
    #expect(full.count == 24 * 16)
    // 4×4 tiles of 16, p = 0.3, λ = 1, at most 2 hops. Ordered tile pairs at 1 hop: 2·2·4·3 = 48;
    // at 2 hops: straight (2·(4·2)·2 = 32) plus diagonal (2·(3·3)·2 = 36) = 68. Expected
    // synapses 256·(48·0.3 + 68·0.3/e) = 256·(14.4 + 7.505) = 5,607.7, variance below the mean:
    // four standard deviations are under 300.
    let sparse = synapses(Chip(configuration: configuration(rows: 4, columns: 4, n: 16,
                                                            connectivity: .init(rule: .distance(probability: 0.3, lengthHops: 1, maxHops: 2))), seed: 9))
    #expect(abs(Double(sparse.count) - 5607.7) < 300, "\(sparse.count) synapses")
    func hops(_ p: (pre: Int, post: Int)) -> Int {
      let ta = p.pre / 16, tb = p.post / 16
      return abs(ta % 4 - tb % 4) + abs(ta / 4 - tb / 4)
    }
    #expect(sparse.allSatisfy { hops($0) >= 1 && hops($0) <= 2 })
    // A probability so small that 1 − q rounds to 1 draws nothing (expected 3×3 tiles: 24·16·1e-18).
    let none = synapses(Chip(configuration: configuration(rows: 3, columns: 3, n: 4,
                                                          connectivity: .init(rule: .distance(probability: 1e-18, lengthHops: 1, maxHops: 2))), seed: 1))
    #expect(none.isEmpty)
  }

  @Test("A spike leaves its tile once per destination tile holding synapses from it, and every packet is accounted for")
  func packetsPerDestinationTile() {
    var chip = Chip(configuration: configuration(rows: 2, columns: 3, n: 4, connectivity: .init(rule: .fixedFanIn(3))), seed: 6)
    let n = 4
    // Destination tiles of each oscillator, read from the fan-in tables.
    var destinations = [Set<Int>](repeating: [], count: 24)
    for p in synapses(chip) { destinations[p.pre].insert(p.post / n) }
    var expected = 0, spikes: [Int] = []
    for _ in 0..<3_000 {
      spikes.removeAll()
      chip.step(spikes: &spikes)
      for g in spikes { expected += destinations[g].count }
    }
    let counts = chip.network!.classCounts[PacketClass.phaseSpike.rawValue]
    #expect(counts.packets == expected)
    #expect(expected > 0)
    #expect(Int(chip.counters.phaseSpikes) > 0)
  }

  @Test("A full source queue stops the run with the tile and its load, or drops and counts under the drop policy")
  func sourceQueueOverflow() {
    // All-to-all on 2×2 tiles of 8: a spike becomes 3 packets; a queue of 2 packets overflows at
    // the first burst of two spikes in one tile.
    var stopped = Chip(configuration: configuration(n: 8, connectivity: .init(rule: .allToAll), queue: 2), seed: 1)
    stopped.run(cycles: Cycles(20_000))
    let o = try! #require(stopped.overflow)
    #expect(stopped.now.count < 20_000 && stopped.now.count == o.cycle)  // packets are stamped with the next cycle
    #expect(o.queuePackets == 2 && o.packetClass == .phaseSpike)
    #expect(o.description.contains("tile \(o.tile)") && o.description.contains("packets/cycle"))
    let before = stopped.now
    stopped.run(cycles: Cycles(10))
    #expect(stopped.now == before, "no cycle runs after an overflow")
    var dropping = Chip(configuration: configuration(n: 8, connectivity: .init(rule: .allToAll), queue: 2, policy: .drop), seed: 1)
    dropping.run(cycles: Cycles(20_000))
    #expect(dropping.overflow == nil && dropping.now.count == 20_000)
    let sent = dropping.network!.classCounts[PacketClass.phaseSpike.rawValue].packets
    let offered = (0..<4).reduce(UInt64(0)) { $0 + dropping.offeredPackets[2 * $1] }
    #expect(dropping.droppedPackets[0] > 0)
    #expect(UInt64(sent) + dropping.droppedPackets[0] == offered)
    #expect(offered == 3 * dropping.counters.phaseSpikes)
  }

  @Test("Threads: 1, 2 and 3 threads give identical phases, counters and packets", arguments: [2, 3])
  func threadsAreDeterministic(threads: Int) {
    let c = configuration(rows: 2, columns: 3, n: 6, connectivity: .init(rule: .fixedFanIn(4), initialWeightRadiansPerMicrosecond: 0.3))
    var one = Chip(configuration: c, seed: 8)
    var many = Chip(configuration: c, seed: 8)
    many.threads = threads
    one.run(cycles: Cycles(4_000))
    many.run(cycles: Cycles(4_000))
    #expect(one.tiles.map(\.phaseRegisters) == many.tiles.map(\.phaseRegisters))
    #expect(one.counters.dictionaryForTests == many.counters.dictionaryForTests)
    #expect(one.network!.classCounts == many.network!.classCounts)
  }

  @Test("Skipping quiet tiles changes nothing: one long run equals the same cycles one at a time")
  func quietTilesAreSkippedExactly() {
    // Coupling every 8 cycles, plasticity on (a sample every 10), delays from a file: a long run
    // lets tiles lag through quiet cycles and catch up in closed form; one-cycle runs step every
    // tile every cycle (each run wakes them).
    var c = configuration(rows: 2, columns: 3, n: 6, connectivity: .init(rule: .fixedFanIn(4), initialWeightRadiansPerMicrosecond: 0.3))
    c.tile.couplingPeriodCycles = 8
    var lazy = Chip(configuration: c, seed: 2), eager = Chip(configuration: c, seed: 2)
    lazy.setLearning(true)
    eager.setLearning(true)
    lazy.run(cycles: Cycles(6_000))
    for _ in 0..<6_000 { eager.run(cycles: Cycles(1)) }
    #expect(lazy.tiles.map(\.phaseRegisters) == eager.tiles.map(\.phaseRegisters))
    #expect(lazy.counters.dictionaryForTests == eager.counters.dictionaryForTests)
    #expect(lazy.network!.classCounts == eager.network!.classCounts)
    #expect(lazy.counters.phaseSpikes > 0 && lazy.counters.resonanceEvents > 0)
  }

  @Test("The spike list a cycle-by-cycle driver gets (the C ABI's) is the same on 1 and 2 threads, quiet tiles skipped")
  func spikeListWithThreads() {
    // Coupling every 8 cycles: tiles lag through quiet cycles inside the run, and each listed
    // spike must still carry the chip's cycle, not a lagging tile's.
    var c = configuration(rows: 2, columns: 3, n: 6, connectivity: .init(rule: .fixedFanIn(4), initialWeightRadiansPerMicrosecond: 0.3))
    c.tile.couplingPeriodCycles = 8
    func listed(threads: Int) -> [[Int]] {
      var chip = Chip(configuration: c, seed: 4)
      chip.threads = threads
      var out: [[Int]] = []
      chip.run(cycles: Cycles(3_000)) { cycle, spikes in
        for g in spikes { out.append([Int(cycle), g]) }
        return true
      }
      #expect(chip.now.count == 3_000 && chip.tiles.allSatisfy { $0.now.count == 3_000 })
      return out
    }
    let one = listed(threads: 1)
    #expect(one.count > 100)
    #expect(one == listed(threads: 2))
    // Every cycle a spike is listed in is a cycle of the run, in order.
    #expect(one.map { $0[0] } == one.map { $0[0] }.sorted() && one.last![0] < 3_000)
  }

  @Test("An explicit file's synapse with a delay acts that many cycles later; pairs share a detector, lone synapses detect themselves")
  func explicitDelaysAndPairing() {
    // Tiles of one oscillator; 0 ← 1 with w = 1 rad/µs and delay d, nothing else. Oscillator 0's
    // first departure from free rotation comes d cycles later with the delay than without.
    func firstKick(delay: Int) -> UInt64 {
      var chip = Chip(configuration: configuration(rows: 1, columns: 2, n: 1, connectivity: .init(rule: .file([
        ExplicitSynapse(pre: 1, post: 0, weightRadiansPerMicrosecond: 1, delayCycles: delay)]))), seed: 3)
      var free = Chip(configuration: configuration(rows: 1, columns: 2, n: 1, connectivity: .init(rule: .none)), seed: 3)
      for _ in 0..<1_000 {
        chip.run(cycles: Cycles(1))
        free.run(cycles: Cycles(1))
        if chip.tiles[0].phaseRegisters != free.tiles[0].phaseRegisters { return chip.now.count }
      }
      return 0
    }
    let undelayed = firstKick(delay: 0), delayed = firstKick(delay: 40)
    #expect(undelayed > 0 && delayed == undelayed + 40)
    // Pairing: 0 ↔ 2 both ways (tiles 0 and 1, 0 + 1 odd ⇒ tile 1 detects), 1 → 3 alone.
    let chip = Chip(configuration: configuration(rows: 1, columns: 2, n: 2, connectivity: .init(rule: .file([
      ExplicitSynapse(pre: 0, post: 2, weightRadiansPerMicrosecond: 0, delayCycles: 0),
      ExplicitSynapse(pre: 2, post: 0, weightRadiansPerMicrosecond: 0, delayCycles: 0),
      ExplicitSynapse(pre: 1, post: 3, weightRadiansPerMicrosecond: 0.5, delayCycles: 0)]))), seed: 1)
    #expect(chip.tiles[1].interTile.fanIn.detection == [.pairHere, .own])
    #expect(chip.tiles[0].interTile.fanIn.detection == [.pairAtPartner])
    #expect(abs(chip.weight(3, 1) - 0.5) < 1e-12 && chip.weight(1, 3) == 0 && !chip.hasSynapse(1, 3))
  }

  @Test("The spike list equals the counted spikes on a mesh where kicks push phases back across zero")
  func oneSpikeList() {
    // As MultiTileChipTests.backwardWrap: w·T = 2 rad kicks overshoot zero again and again.
    let c = configuration(rows: 1, columns: 2, n: 1, connectivity: .init(rule: .file([
      ExplicitSynapse(pre: 1, post: 0, weightRadiansPerMicrosecond: 2, delayCycles: 0)])))
    var chip = Chip(configuration: { var x = c; x.frequencyDistribution = .fixed([0, 0.5]); x.latencyCompensation = false; return x }(), seed: 3)
    var listed = 0, spikes: [Int] = []
    for _ in 0..<10_000 {
      spikes.removeAll()
      chip.step(spikes: &spikes)
      listed += spikes.count
    }
    #expect(listed == Int(chip.counters.phaseSpikes))
    #expect(listed > 0)
  }

  @Test("Latency above the counts' dense limit reads as cycles, not as an integer's bits")
  func longLatencyMaximum() {
    // A packet delivered 70,000 cycles after it was sent (beyond the dense array of 65,536).
    var counts = LatencyCounts([PacketRecord(source: 0, destination: 1, flits: 1, created: 0, delivered: 70_000, hops: 1,
                                             packetClass: .phaseSpike, address: 0, payload: 0)])
    #expect(counts.max == 70_000)
    counts = LatencyCounts([])
    #expect(counts.max == 0)
    var net = MeshNetwork(configuration: MeshConfiguration(rows: 1, columns: 2), keepRecords: false)
    net.send(from: 0, to: 1, flits: 1)
    net.run(cycles: 10)
    #expect(net.classCounts[0].max == 3)  // one hop at zero load: 2·R + L = 3 cycles
  }
}

extension ActivityCounters {
  /// The counters as comparable values (every field).
  var dictionaryForTests: [String] { Mirror(reflecting: self).children.map { "\($0.label ?? ""): \($0.value)" } }
}
