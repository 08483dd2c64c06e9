import DRAICore

extension OscillatorTile {
  /// Each oscillator's coupling step K_i·dt in phase LSBs: K_i = Σ_j |w_ij| (rad/µs) over its
  /// crossbar row (j ≠ i) and its inter-tile synapses, the largest coupling the weights can give
  /// it, and dt the coupling step (``TileConfiguration/couplingStepMicroseconds``). The drives
  /// sum in the bit lines and the ADC before anything is rounded to the phase LSB, so the sum is
  /// what must stay above the rounding, as the description's check of K·dt ≥ 5 LSB asks of the
  /// largest weights (Docs/model.md, "Precision").
  /// - Returns: N values, local order.
  /// - Complexity: O(N² + the tile's inter-tile synapses).
  public func couplingStepPhaseLSBs() -> [Double] {
    let n = oscillators, c = configuration
    var sums = [Double](repeating: 0, count: n)
    for j in 0..<n {
      for i in 0..<n where i != j { sums[i] += abs(crossbar.weightSiemens(row: i, column: j)) }
    }
    let fanIn = interTile.fanIn
    for s in 0..<fanIn.synapses { sums[Int(fanIn.post[s])] += abs(interTile.crossbar.weightSiemens(row: 0, column: s)) }
    let scale = c.couplingGain * c.couplingStepMicroseconds * c.phaseFormat.lsbPerRadian
    return sums.map { $0 * scale }
  }
}
