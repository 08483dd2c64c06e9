import DRAIChip
import DRAICore
import DRAINoC
import DRAITile
import Testing

/// Chips whose tiles differ in size (`oscillators.per_tile`): the global order, every
/// connectivity rule, the spike list and threads.
@Suite struct TileSizeTests {
  let helper = ConnectivityTests()
  /// 2×2 tiles of 3, 5, 2 and 4 oscillators (14 in all): tile 0 holds 0...2, tile 1 3...7,
  /// tile 2 8...9, tile 3 10...13.
  let sizes = [3, 5, 2, 4]

  @Test("The layout: each tile's first oscillator, and every global index's tile and local index")
  func layout() {
    let l = TileLayout(sizes: sizes)
    #expect(l.start == [0, 3, 8, 10, 14] && l.tiles == 4 && l.oscillators == 14 && !l.isUniform && l.largestTile == 5)
    let expected: [(Int, Int)] = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (1, 3), (1, 4), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2), (3, 3)]
    for g in 0..<14 { #expect(l.locate(g) == expected[g], "oscillator \(g)") }
    // Tiles of one size locate by division, and a list of equal sizes is the same layout.
    let u = TileLayout(tiles: 3, oscillatorsPerTile: 4)
    #expect(u.isUniform && u == TileLayout(sizes: [4, 4, 4]) && u.locate(9) == (2, 1))
  }

  @Test("All-to-all, one-to-one and distance between tiles of different sizes: the counts by hand")
  func exactRules() {
    func synapses(_ rule: InterTileConnectivity.Rule) -> [(pre: Int, post: Int)] {
      helper.synapses(Chip(configuration: helper.configuration(connectivity: .init(rule: rule), sizes: sizes), seed: 1))
    }
    let l = TileLayout(sizes: sizes)
    // All-to-all: each oscillator of tile b from every oscillator of the other tiles, N − n_b:
    // Σ n_b (N − n_b) = N² − Σ n_b² = 196 − (9 + 25 + 4 + 16) = 142.
    let all = synapses(.allToAll)
    #expect(all.count == 142)
    for post in 0..<14 {
      let pres = Set(all.filter { $0.post == post }.map(\.pre))
      #expect(pres == Set((0..<14).filter { l.tile(of: $0) != l.tile(of: post) }), "oscillator \(post)")
    }
    // One-to-one: oscillator k onto oscillator k for the k both tiles have; over the ordered
    // pairs, 2 × (min(3,5) + min(3,2) + min(3,4) + min(5,2) + min(5,4) + min(2,4)) = 2 × 16 = 32.
    let one = synapses(.oneToOne)
    #expect(one.count == 32)
    #expect(one.allSatisfy { l.locate($0.pre).local == l.locate($0.post).local && l.tile(of: $0.pre) != l.tile(of: $0.post) })
    // Distance, p = 1 within one hop on 2×2: the neighbours 0–1, 0–2, 1–3, 2–3 fully, the
    // diagonals not: 2 × (3·5 + 3·2 + 5·4 + 2·4) = 98.
    let near = synapses(.distance(probability: 1, lengthHops: 1, maxHops: 1))
    #expect(near.count == 98)
    #expect(near.allSatisfy { Set([l.tile(of: $0.pre), l.tile(of: $0.post)]) != [0, 3] && Set([l.tile(of: $0.pre), l.tile(of: $0.post)]) != [1, 2] })
  }

  @Test("Fixed fan-in and fan-out draw over every other tile's oscillators, whatever their sizes")
  func drawnRules() {
    let l = TileLayout(sizes: sizes)
    let inward = helper.synapses(Chip(configuration: helper.configuration(connectivity: .init(rule: .fixedFanIn(4)), sizes: sizes), seed: 3))
    #expect(inward.count == 14 * 4)
    for post in 0..<14 {
      let pres = inward.filter { $0.post == post }.map(\.pre)
      #expect(pres.count == 4 && Set(pres).count == 4 && pres.allSatisfy { l.tile(of: $0) != l.tile(of: post) })
    }
    // Every candidate can be drawn: over 40 seeds, every oscillator of every other tile shows
    // up as a presynaptic oscillator of tile 2 (each post draws 4 of 12; a given one is missed
    // by all 80 draws of 40 seeds with probability (8/12)^80 ≈ 8e-15).
    var seen = Set<Int>()
    for seed in 1...40 {
      let chip = Chip(configuration: helper.configuration(connectivity: .init(rule: .fixedFanIn(4)), sizes: sizes), seed: UInt64(seed))
      for p in helper.synapses(chip) where l.tile(of: p.post) == 2 { seen.insert(p.pre) }
    }
    #expect(seen == Set((0..<14).filter { l.tile(of: $0) != 2 }))
    let outward = helper.synapses(Chip(configuration: helper.configuration(connectivity: .init(rule: .fixedFanOut(3)), sizes: sizes), seed: 5))
    #expect(outward.count == 14 * 3)
    for pre in 0..<14 {
      let posts = outward.filter { $0.pre == pre }.map(\.post)
      #expect(posts.count == 3 && Set(posts).count == 3 && posts.allSatisfy { l.tile(of: $0) != l.tile(of: pre) })
    }
  }

  @Test("The spike list names global oscillators of the right tiles; weights address them; threads give the same chip")
  func runsAlike() {
    let configuration = helper.configuration(connectivity: .init(rule: .allToAll, initialWeightRadiansPerMicrosecond: 0.05), sizes: sizes)
    var chip = Chip(configuration: configuration, seed: 2)
    #expect(chip.oscillators == 14 && chip.tiles.map(\.oscillators) == sizes)
    // Weights land where the global indices say: 13 ← 0 is an inter-tile synapse of tile 3,
    // 9 ← 8 a crossbar cell of tile 2.
    chip.writeWeight(13, 0, radiansPerMicrosecond: 0.3)
    chip.writeWeight(9, 8, radiansPerMicrosecond: -0.2)
    #expect(abs(chip.weight(13, 0) - 0.3) < 1e-9 && abs(chip.tiles[3].interTileWeight(3, presynaptic: 0)! - 0.3) < 1e-9)
    #expect(abs(chip.weight(9, 8) + 0.2) < 1e-9 && abs(chip.tiles[2].weight(1, 0) + 0.2) < 1e-9)
    #expect(chip.hasSynapse(9, 8) && chip.hasSynapse(13, 0) && !chip.hasSynapse(3, 3))
    var threaded = chip
    threaded.threads = 2
    var perTile = [UInt64](repeating: 0, count: 4), spikes: [Int] = []
    for _ in 0..<4_000 {
      spikes.removeAll()
      chip.step(spikes: &spikes)
      #expect(spikes == spikes.sorted())
      for g in spikes { perTile[TileLayout(sizes: sizes).tile(of: g)] += 1 }
    }
    // Each tile counted exactly the spikes the list gave its oscillators (1 MHz at 100 MHz:
    // about 40 revolutions of each of the 14 oscillators in 4,000 cycles).
    #expect(perTile == chip.tiles.map(\.counters.phaseSpikes))
    #expect(perTile.reduce(0, +) > 500)
    threaded.run(cycles: Cycles(4_000))
    #expect(threaded.tiles.map(\.phaseRegisters) == chip.tiles.map(\.phaseRegisters))
    #expect(threaded.counters.phaseSpikes == chip.counters.phaseSpikes)
  }
}
