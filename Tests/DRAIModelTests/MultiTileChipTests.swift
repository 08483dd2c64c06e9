import DRAIChip
import DRAICore
import DRAINoC
import DRAIPlasticity
import DRAITile
import Foundation
import Testing

/// Chips of several tiles: routed phase spikes as phase kicks, inter-tile learning by packets.
@Suite struct MultiTileChipTests {
  /// A 1 × `tiles` chip of `perTile` identical 1 MHz oscillators at 100 MHz, 16-bit phases,
  /// ideal devices (weights up to 10 rad/µs) and converters, no forcing; the rule is Hebbian
  /// with thresholds ±0.5.
  /// `offsetsMHz`: fixed natural-frequency offsets from 1 MHz (identical if nil).
  func chip(tiles: Int = 2, perTile: Int = 1, linkLatency: Int = 1, compensation: Bool, learningRate: Double = 0,
            forcing: Double = 0, offsetsMHz: [Double]? = nil) -> Chip {
    let tile = TileConfiguration(
      oscillators: perTile, phaseFormat: PhaseFormat(bits: 16), clockMHz: 100, naturalFrequenciesMHz: [],
      referenceFrequencyMHz: 1, couplingPeriodCycles: 1, device: .ideal(gMinSiemens: 0, gMaxSiemens: 1e-2),
      couplingGain: 1000, dacBits: 0, adcBits: 0, adcFullScaleFraction: 1, readNoiseSigma: 0,
      forcingStrength: forcing, samplePeriodCycles: 10, windowSamples: 50,
      rule: LearningRule(mode: .hebbian, function: .cosine, potentiationThreshold: 0.5, depressionThreshold: -0.5,
                         learningRate: learningRate, decayFraction: 0, maxIncomingWeight: nil))
    let mesh = MeshConfiguration(rows: 1, columns: tiles, virtualChannels: 2, bufferFlits: 8, routerLatency: 1,
                                 linkLatency: linkLatency, separateClasses: true)
    return Chip(configuration: ChipConfiguration(
      name: "test", centerFrequencyMHz: 1, frequencyDistribution: offsetsMHz.map { .fixed($0) } ?? .identical,
      tile: tile, mesh: mesh, latencyCompensation: compensation), seed: 3)
  }

  /// Mean drift (rad/µs) of oscillator 0's phase against the 1 MHz reference between 50 and
  /// 1050 µs, from samples every µs, unwrapped.
  func drift(_ c: inout Chip) -> Double {
    c.run(cycles: Cycles(5_000))
    var last = c.relativePhasesRadians[0], total = 0.0
    for _ in 0..<1_000 {
      c.run(cycles: Cycles(100))
      let p = c.relativePhasesRadians[0]
      var d = p - last
      if d > .pi { d -= 2 * .pi } else if d < -.pi { d += 2 * .pi }
      total += d
      last = p
    }
    return total / 1_000
  }

  @Test("Two tiles, w = 0.1 rad/µs both ways: in-phase lock at Ω = ω − w·sin(ω·τ), τ the packet delay", arguments: [1, 4])
  func delayedLockFrequency(linkLatency: Int) {
    // One hop at zero load: H·(R + L) + R = 2 + L cycles from stamp to arrival (MeshConfiguration),
    // plus on average ½ cycle from the register's wrap to the stamp. An arriving spike kicks by
    // w·T·sin(0 − φ_i) with φ_i = ω·τ for the in-phase pair, once per period T: the common
    // frequency drops by w·sin(ωτ) (Sakaguchi–Kuramoto phase lag α = ωτ, ψ = 0 stays stable
    // since cos α > 0). ω = 2π rad/µs, one cycle = 0.01 µs. The averaging holds for weak
    // coupling, w·T ≪ 2π: at w = 0.5 the lag already reads ~10 % off.
    let w = 0.1
    let tau = (2 + Double(linkLatency) + 0.5) * 0.01
    let expected = -w * sin(2 * Double.pi * tau)  // L = 1: −0.02182; L = 4: −0.03971 rad/µs
    var c = chip(linkLatency: linkLatency, compensation: false)
    c.writeWeight(0, 1, radiansPerMicrosecond: w)
    c.writeWeight(1, 0, radiansPerMicrosecond: w)
    let measured = drift(&c)
    #expect(abs(measured - expected) < 0.03 * abs(expected), "drift \(measured) vs \(expected)")
    let difference = c.relativePhasesRadians[1] - c.relativePhasesRadians[0]
    #expect(abs(remainder(difference, 2 * .pi)) < 0.02, "locked in phase")
  }

  @Test("Latency compensation: the same pair locks at ω (no lag)", arguments: [1, 4])
  func compensatedLock(linkLatency: Int) {
    // With φ̂_j = residual + ω·age the kick is w·T·sin(φ_j − φ_i) = 0 for the in-phase pair:
    // no drift, up to the register's rounding (under 2 % of the uncompensated lag at L = 1).
    var c = chip(linkLatency: linkLatency, compensation: true)
    c.writeWeight(0, 1, radiansPerMicrosecond: 0.1)
    c.writeWeight(1, 0, radiansPerMicrosecond: 0.1)
    let d = drift(&c)
    #expect(abs(d) < 0.0004)
  }

  @Test("Two tiles, Δω beyond w12 + w21: the pair slips with period 2π/sqrt(Δω² − (w12 + w21)²)")
  func slipPeriod() {
    // Kuramoto pair (DESIGN §6), reached through pulse coupling: with compensation the kicks
    // average to w sin(φ_j − φ_i). Oscillator 1 runs 0.1 MHz faster: Δω = 0.6283 rad/µs;
    // w12 + w21 = 0.4 ⇒ slip period 2π/sqrt(0.6283² − 0.4²) = 12.95 µs, i.e. the phase
    // difference gains 2π·1000/12.95 = 485 rad in 1000 µs (uncoupled it would gain 628).
    var c = chip(compensation: true, offsetsMHz: [0, 0.1])
    c.writeWeight(0, 1, radiansPerMicrosecond: 0.2)
    c.writeWeight(1, 0, radiansPerMicrosecond: 0.2)
    c.run(cycles: Cycles(5_000))
    var last = c.relativePhasesRadians[1] - c.relativePhasesRadians[0], total = 0.0
    for _ in 0..<10_000 {
      c.run(cycles: Cycles(10))
      let p = c.relativePhasesRadians[1] - c.relativePhasesRadians[0]
      total += remainder(p - last, 2 * .pi)
      last = p
    }
    let period = 2 * Double.pi / (total / 1_000)
    #expect(abs(period - 12.95) < 0.02 * 12.95, "slip period \(period) µs")
  }

  @Test("Inter-tile learning: one detector per pair, the partner synapse programmed by a resonance-event packet")
  func resonanceEventPackets() {
    // Two tiles of one oscillator, forced in phase (F = 5 rad/µs), Hebbian, η = 0.01 rad/µs.
    // Tile 1 detects the pair; each 5 µs window m ≈ 1 (in phase, compensated) fires one event:
    // w_10 += η·m at tile 1 and a packet makes tile 0 add the same to w_01. After 20 windows
    // (100 µs) both weights are 20·η·m ≈ 0.2 rad/µs, and 20 resonance packets were delivered.
    var c = chip(compensation: true, learningRate: 0.01, forcing: 5)
    c.setForcingPattern([true, true])
    c.forcingEnabled = true
    c.run(cycles: Cycles(2_000))  // lock to the forcing first (F·t = 100 rad of pull)
    c.plasticityEnabled = true
    c.run(cycles: Cycles(10_000 + 20))  // 20 windows, plus the last packet's flight
    let w10 = c.weight(1, 0), w01 = c.weight(0, 1)
    #expect(abs(w10 - 0.2) < 0.002, "w10 = \(w10)")
    // The partner gets the same changes from the packets' bodies, up to the Q2.5 rounding of m
    // (away from zero, at most 1/32): at most 20 events × η / 32 = 0.00625 rad/µs apart.
    #expect(w01 >= w10 && w01 - w10 <= 20 * 0.01 / 32, "w01 = \(w01)")
    // Tiles 0 and 1: 0 + 1 is odd, so tile 1 holds the detector (detectorTile); each packet is a
    // head and one body flit, one hop: 2·R + L + 1 = 4 cycles at zero load.
    #expect(detectorTile(0, 1) == 1)
    let events = c.network!.classCounts[PacketClass.resonanceEvent.rawValue]
    #expect(events.packets == 20 && events.delivered == 20 && events.flits == 40)
    #expect(events.max == 4)
    #expect(c.counters.resonanceEvents == 40, "two synapses per window")
  }

  @Test("Resonance messages: nearest-rounded means, and the owner acts on the detector's decision, not the rounded mean")
  func resonanceDecision() {
    let m = ResonanceMessage(destinationTile: 0, post: 0, windowMeans: [0.47, -0.5, 1.0, 2.0], resonant: [false, true, true, true])
    #expect(m.means == [15, -16, 32, 64])  // 0.47·32 = 15.04 → 15
    #expect(m.flits == 1 + 2)  // 4 pairs × 9 bits = 36 bits: two 32-bit body flits
    // The body flits: pair k at bits 9k..<9k+9, the byte then the decision bit. 15 = 0x00F;
    // −16 = 0xF0 | 0x100 = 0x1F0 at bit 9; 32 | 0x100 = 0x120 at bit 18; 64 | 0x100 = 0x140 at
    // bit 27, whose low 5 bits (0x00) end word 0 and high 4 bits (0x140 >> 5 = 0xA) start word 1.
    #expect(m.bodyWords == [0x00F | 0x1F0 << 9 | 0x120 << 18, 0xA])
    let back = ResonanceMessage(destinationTile: 0, post: 0, count: 4, body: m.bodyWords)
    #expect(back.means == m.means && back.resonant == m.resonant)
    // Tile 0 of two, one oscillator each, η = 0.01, Hebbian, thresholds ±0.5: a byte of 16
    // (0.5, at the threshold) flagged non-resonant programs nothing; 15 (0.46875) flagged
    // resonant programs η·15/32.
    var tile = chip(compensation: true, learningRate: 0.01).tiles[0]
    tile.receiveResonanceEvents(fromTile: 1, post: 0, means: [16], resonant: [false])
    #expect(tile.interTileWeight(0, presynaptic: 1) == 0 && tile.counters.skippedWindows == 1)
    tile.receiveResonanceEvents(fromTile: 1, post: 0, means: [15], resonant: [true])
    #expect(abs(tile.interTileWeight(0, presynaptic: 1)! - 0.01 * 15 / 32) < 1e-12)
    #expect(tile.counters.resonanceEvents == 1)
  }

  @Test("A kick that pushes a phase back across zero does not make a second spike")
  func backwardWrap() {
    // Two tiles of one oscillator, no compensation; oscillator 1 runs at 1.5 MHz and kicks
    // oscillator 0 (1 MHz) by −w·T·sin φ_0 with w·T = 2 rad: for 0 < φ_0 < 1.89 rad that
    // overshoots zero (φ_0 − 2 sin φ_0 < 0), as many simultaneous arrivals can on a real chip.
    // They never lock (Δω = π > w), so this happens again and again. Oscillator 0's spikes must
    // equal its net forward revolutions, counted independently by unwrapping its phase every
    // cycle (a step is below π: 2 + 0.063 rad).
    var c = chip(compensation: false, offsetsMHz: [0, 0.5])
    c.writeWeight(0, 1, radiansPerMicrosecond: 2)
    let start = c.tiles[0].phasesRadians[0]
    var last = start, unwrapped = 0.0, backwards = 0
    for _ in 0..<10_000 {
      c.run(cycles: Cycles(1))
      let p = c.tiles[0].phasesRadians[0]
      let d = remainder(p - last, 2 * .pi)
      if last + d < 0 && d < 0 { backwards += 1 }  // crossed zero going backwards
      unwrapped += d
      last = p
    }
    let revolutions = ((start + unwrapped) / (2 * .pi)).rounded(.down)
    #expect(backwards > 0, "the test must push the phase back across zero")
    #expect(Double(c.tiles[0].counters.phaseSpikes) == revolutions)
  }

  @Test("Spikes become packets to every other tile; all are delivered or in flight")
  func spikeConservation() {
    // 2×2 tiles of 4 oscillators at 1 MHz for 100 µs: ≈ 100 spikes each, 3 packets per spike.
    var c = Chip(configuration: {
      var cfg = chip(tiles: 2, perTile: 4, compensation: true).configuration
      cfg.mesh = MeshConfiguration(rows: 2, columns: 2, virtualChannels: 2, bufferFlits: 4, separateClasses: true)
      return cfg
    }(), seed: 3)
    c.run(cycles: Cycles(10_000))
    let spikes = c.counters.phaseSpikes
    let net = c.network!
    let counts = net.classCounts[PacketClass.phaseSpike.rawValue]
    #expect(counts.packets == Int(spikes) * 3)
    // Single-flit packets not yet delivered are queued at a source or are a flit in a buffer or
    // on a link: the running counts agree with the network's occupancy.
    #expect(net.packetsInFlight == net.packetsQueuedAtSources + net.flitsInNetwork)
    #expect(abs(Double(spikes) - 16 * 100) <= 16, "one spike per oscillator per µs")
    #expect(c.counters.nocDeliveries == UInt64(counts.delivered))
    // Slots are recycled: the pool holds the packets in flight at the busiest moment, not all.
    #expect(net.packets.count < counts.packets / 10)
  }
}
