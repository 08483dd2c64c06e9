import DRAIChip
import DRAICore
import Testing

/// The run-time precision guard on learned weights: the coupling step K_i·dt in phase LSBs.
@Suite struct WeakCouplingTests {
  @Test("Coupling steps in phase LSBs by hand, over crossbar and inter-tile weights; zero rows are not counted")
  func stepsByHand() {
    let helper = ConnectivityTests()
    // 2×2 tiles of 4 oscillators, 16-bit phases, 100 MHz clock, coupling every cycle:
    // dt = 0.01 µs and one radian is 65,536 / 2π = 10,430.378 LSBs, so a weight sum K (rad/µs)
    // steps K × 104.30378 LSBs. Ideal devices store the weights exactly.
    var chip = Chip(configuration: helper.configuration(connectivity: .init(rule: .allToAll)), seed: 1)
    for i in 0..<16 { for j in 0..<16 where chip.hasSynapse(i, j) { chip.writeWeight(i, j, radiansPerMicrosecond: 0) } }
    chip.writeWeight(0, 1, radiansPerMicrosecond: 0.01)    // crossbar of tile 0
    chip.writeWeight(0, 2, radiansPerMicrosecond: -0.01)   // crossbar of tile 0 (|w| counts)
    chip.writeWeight(0, 5, radiansPerMicrosecond: 0.005)   // inter-tile, tile 1 → tile 0
    chip.writeWeight(5, 4, radiansPerMicrosecond: -0.1)    // crossbar of tile 1
    chip.writeWeight(13, 0, radiansPerMicrosecond: 0.015)  // inter-tile, tile 0 → tile 3
    // Oscillator 0: K = 0.025 → 2.6076 LSBs (weak); 5: 0.1 → 10.430 (safe); 13: 0.015 →
    // 1.5646 (weak, the smallest); every other row is zero.
    let lsbPerRadPerMicrosecond = 65_536 / (2 * Double.pi) * 0.01
    #expect(abs(chip.tiles[0].couplingStepPhaseLSBs()[0] - 0.025 * lsbPerRadPerMicrosecond) < 1e-9)
    #expect(abs(chip.tiles[1].couplingStepPhaseLSBs()[1] - 0.1 * lsbPerRadPerMicrosecond) < 1e-9)
    #expect(chip.tiles[2].couplingStepPhaseLSBs() == [0, 0, 0, 0])
    let weak = chip.weakCoupling()
    #expect(weak.oscillators == 2)
    #expect(abs(weak.smallestPhaseLSBs! - 1.564557) < 1e-5)
  }
}
