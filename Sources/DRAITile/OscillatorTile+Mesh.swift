import DRAICore
import DRAIDevices
import DRAIPlasticity

extension OscillatorTile {
  /// Makes this tile tile `tile` of a chip of `tiles` tiles of equal size: it gains the
  /// inter-tile synapses from every oscillator of the other tiles (all zero) and is then
  /// stepped with ``stepInMesh(spikes:)``.
  ///
  /// A phase spike of presynaptic oscillator j, stamped with cycle s (the first cycle at which
  /// its wrapped register is committed) and j's register value ρ_j then (the wrap residual,
  /// less than one cycle's increment), arriving at cycle t kicks every oscillator i of this
  /// tile by w_ij·T·sin(φ̂_j − φ_i), T = 1/f_centre: over one period of j this averages to the
  /// Kuramoto term w_ij sin(φ_j − φ_i) (first-order averaging). φ̂_j is 0 (the phase response
  /// curve −sin φ_i of a spike taken at face value) or, with `latencyCompensation`,
  /// ρ_j + ω_centre·(t − s) from the packet's send cycle and payload.
  /// Preconditions: tiles ≥ 2, 0 ≤ tile < tiles, centre frequency > 0.
  /// Device draws of the inter-tile array come from `seed` (stream "tile-k/inter-tile-array").
  public mutating func connectToMesh(tile: Int, tiles: Int, centreFrequencyMHz: Double, latencyCompensation: Bool,
                                     seed: UInt64 = 0) {
    precondition(tiles >= 2 && (0..<tiles).contains(tile) && centreFrequencyMHz > 0, "bad mesh position")
    let c = configuration
    remote = RemoteSynapses(tile: tile, tiles: tiles, oscillatorsPerTile: c.oscillators, device: c.device,
                            variability: c.variability, seed: seed, adcBits: c.adcBits, function: c.rule.function)
    remote!.crossbar.writeVerifyMaxPulses = c.writeVerifyMaxPulses
    spikePeriodMicroseconds = 1 / centreFrequencyMHz
    let lsbPerCycle = Double(1 << c.phaseFormat.bits) / c.clockMHz
    centreIncrement = Int64((centreFrequencyMHz * lsbPerCycle).rounded()) << Int64(c.phaseFormat.shift)
    self.latencyCompensation = latencyCompensation
    tileIndex = tile
    wrapOwed = [Bool](repeating: false, count: c.oscillators)
  }

  /// The inter-tile weight w_ij (rad/µs) onto local oscillator i from global oscillator
  /// `presynaptic` of another tile. Precondition: connected, `presynaptic` in another tile.
  public func remoteWeight(_ i: Int, presynaptic j: Int) -> Double {
    let c = Int(remote!.column[j])
    precondition(c >= 0, "oscillator \(j) is in this tile")
    return configuration.couplingGain * remote!.crossbar.weightSiemens(row: i, column: c)
  }

  /// Writes an inter-tile weight directly through an ideal write-verify (no pulses counted).
  public mutating func writeRemoteWeight(_ i: Int, presynaptic j: Int, radiansPerMicrosecond w: Double) {
    let c = Int(remote!.column[j])
    precondition(c >= 0, "oscillator \(j) is in this tile")
    remote!.crossbar.writeWeight(row: i, column: c, siemens: w / configuration.couplingGain)
  }

  /// Evaluate stage, for a phase spike of global oscillator `j` that arrives now and was sent
  /// (stamped) at cycle `sent` with j's register `residual` then: reads j's word line of the inter-tile array, queues
  /// the kicks for this cycle's commit and, while plasticity is on, accumulates the drive and
  /// (for the pairs this tile detects) one detector sample g(φ_i − φ̂_j) per oscillator.
  /// Reads only the phases committed at the start of the cycle. Precondition: connected.
  /// - Complexity: O(n).
  public mutating func receiveSpike(from j: Int, sentAt sent: Cycle, residual: UInt32) {
    let n = oscillators
    let c = Int(remote!.column[j])
    precondition(c >= 0, "a tile does not receive its own spikes")
    let age = Int64(now.count) - Int64(sent.count)
    let phaseJ = latencyCompensation ? residual &+ UInt32(truncatingIfNeeded: centreIncrement &* age) : 0
    let learning = plasticityEnabled, detect = learning && remote!.detects[c]
    let gain = configuration.couplingGain, period = spikePeriodMicroseconds
    let kickScale = period * configuration.phaseFormat.lsbPerRadian
    let table = sinCos, g = remote!.table
    var saturations: UInt64 = 0
    var r = remote.take()!
    let adc = r.weightADC
    phases.withUnsafeBufferPointer { ph in
      for i in 0..<n {
        var hit = false
        let w = gain * adc.convert(r.crossbar.weightSiemens(row: i, column: c), saturated: &hit)
        if hit { saturations += 1 }
        let v = table.sinCos(phaseJ &- ph[i])
        r.kicks[i] += w * kickScale * v.sin
        if learning { r.drive[c * n + i] += w * v.cos }
        if detect { r.sums[c * n + i] += g.lookup(ph[i] &- phaseJ) }
      }
    }
    r.hasKicks = true
    if learning { r.counts[c] += 1 }
    remote = r
    counters.crossbarCellReads += UInt64(2 * n)
    counters.readConductanceSum += remote!.crossbar.columnConductanceSiemens(c)
    counters.adcConversions += UInt64(n)
    counters.adcSaturations += saturations
    counters.couplingUpdates += UInt64(n)
    if detect { counters.detectorSamples += UInt64(n) }
  }

  /// Applies a resonance-event packet (a ``ResonanceMessage``'s address, means and decisions)
  /// to the synapses this tile holds: each pair whose detector fired is an event (η times its
  /// mean), gated in stability mode by the postsynaptic oscillator's drive in the last closed
  /// window; the other pairs are counted as skipped windows. Precondition: connected, a valid
  /// address, one decision per mean.
  public mutating func receiveResonanceEvents(address: UInt32, means: [Int8], resonant: [Bool]) {
    precondition(means.count == resonant.count, "one decision per mean")
    stampTime()
    var r = remote.take()!
    let columns = r.presynaptic.count
    let row = Int(address) / columns, base = Int(address) % columns
    for (k, q) in means.enumerated() {
      let mean = ResonanceMessage.mean(q), c = base + k
      if resonant[k] {
        if plasticity.applyWindow(mean: mean, row: row, column: c, drive: r.lastDrive[row], decays: false,
                                  resonant: true, crossbar: &r.crossbar, counters: &counters) {
          r.touched[c * oscillators + row] = true
        }
      } else {
        plasticity.countSkippedWindow(mean: mean, device: configuration.device, counters: &counters)
      }
    }
    remote = r
  }

  /// One cycle of a tile in a multi-tile chip: evaluate (crossbar coupling on coupling
  /// instants, plus the kicks queued by this cycle's arrivals; detector sample on sample
  /// instants), commit (spiking oscillators' local indices appended to `spikes`), learn (at a
  /// window end: local pairs, then inter-tile pairs; events for synapses held elsewhere go to
  /// ``RemoteSynapses/outgoing``). Precondition: connected.
  public mutating func stepInMesh(spikes: inout [Int32]) {
    let t = now.count
    let driftInterval = driftIntervalCycles
    if driftInterval > 0 && t % driftInterval == 0 { applyDrift() }
    let couple = t % UInt64(configuration.couplingPeriodCycles) == 0
    let detect = plasticityEnabled && t % UInt64(configuration.samplePeriodCycles) == 0
    if couple { evaluateCoupling() }
    let kicked = remote!.hasKicks
    if kicked {
      var r = remote.take()!
      for i in 0..<oscillators {
        oscSin[i] = (couple ? oscSin[i] : 0) + r.kicks[i]
        r.kicks[i] = 0
      }
      r.hasKicks = false
      remote = r
    }
    if detect {
      phases.withUnsafeBufferPointer { detector.sample(phases: $0) }
      counters.detectorSamples += UInt64(detector.pairs)
    }
    let before = spikes.count
    commit(coupled: couple || kicked, spikes: &spikes)
    counters.phaseSpikes += UInt64(spikes.count - before)
    if detect && detector.samples >= configuration.windowSamples { closeMeshWindow() }
  }

  /// The register of local oscillator i (a spike's residual, read right after the commit).
  public func phaseRegister(_ i: Int) -> UInt32 { phases[i] }

  /// Commit stage recording the local index of every oscillator whose register wrapped
  /// forwards. A kick can push a register backwards across zero; the forward wrap that follows
  /// re-crosses the same zero and is not a second spike (one spike per net revolution).
  mutating func commit(coupled: Bool, spikes: inout [Int32]) {
    let n = oscillators, shift = Int64(configuration.phaseFormat.shift)
    phases.withUnsafeMutableBufferPointer { ph in
      increments.withUnsafeBufferPointer { inc in
        oscSin.withUnsafeBufferPointer { delta in
          wrapOwed.withUnsafeMutableBufferPointer { owed in
            for i in 0..<n {
              let d = coupled ? fastRoundToInt64(delta[i]) : 0
              let total = Int64(ph[i]) &+ inc[i] &+ (d << shift)
              if total >= 1 << 32 {
                if owed[i] { owed[i] = false } else { spikes.append(Int32(i)) }
              } else if total < 0 {
                owed[i] = true
              }
              ph[i] = UInt32(truncatingIfNeeded: total)
            }
          }
        }
      }
    }
    referencePhase = UInt32(truncatingIfNeeded: Int64(referencePhase) &+ referenceIncrement)
    counters.cycles += 1
    counters.oscillatorCycles += UInt64(n)
    if !coupled { counters.oscillatorIdleCycles += UInt64(n) }
    if plasticityEnabled { counters.learningPoweredCycles += 1 }
    now += Cycles(1)
  }

  /// Window end of a tile in a mesh: the local pairs as in a lone tile (gated by the drive
  /// from both arrays), then the inter-tile pairs this tile detects, decay of inter-tile
  /// synapses without an event since the last window end, and homeostasis over both arrays.
  mutating func closeMeshWindow() {
    stampTime()
    let n = oscillators
    let c = configuration
    let k = driveSamples > 0 ? 1 / Double(driveSamples) : 0
    var r = remote.take()!
    for i in 0..<n { driveSums[i] = driveSums[i] * k + r.windowDrive(i) }
    plasticity.closeWindow(detector: &detector, drive: driveSums, crossbar: &crossbar, counters: &counters,
                           homeostasis: false)
    do {
      let columns = r.presynaptic.count
      var means = [Double](repeating: 0, count: n)
      var fired = [Bool](repeating: false, count: n)
      // Columns come in blocks of n, one per other tile, in ascending tile order.
      for block in 0..<(columns / n) where r.detects[block * n] {
        let partner = r.presynaptic[block * n] / n
        let base = ownerColumnIndex(of: tileIndex * n, inTile: partner, perTile: n)
        for jj in 0..<n {
          let col = block * n + jj
          let arrivals = r.counts[col]
          let inv = arrivals > 0 ? 1 / Double(arrivals) : 0
          var anyResonant = false
          for i in 0..<n {
            let mean = Double(r.sums[col * n + i]) * inv
            if plasticity.applyWindow(mean: mean, row: i, column: col, drive: driveSums[i], decays: false,
                                      crossbar: &r.crossbar, counters: &counters) {
              r.touched[col * n + i] = true
            }
            means[i] = mean
            fired[i] = plasticity.isResonant(mean)
            if fired[i] { anyResonant = true }
          }
          // The partner synapses w_ji live in j's tile: their means travel there in one packet
          // when any is resonant; otherwise their skipped windows are counted here.
          if anyResonant {
            r.outgoing.append(ResonanceMessage(destinationTile: partner, address: UInt32(jj * columns + base),
                                               windowMeans: means, resonant: fired))
          } else {
            for i in 0..<n {
              plasticity.countSkippedWindow(mean: Double(r.sums[col * n + i]) * inv, device: c.device, counters: &counters)
            }
          }
        }
      }
      for col in 0..<columns {
        for i in 0..<n {
          if !r.touched[col * n + i] { plasticity.decay(row: i, column: col, crossbar: &r.crossbar, counters: &counters) }
          r.touched[col * n + i] = false
        }
      }
      plasticity.scaleIncoming(local: &crossbar, remote: &r.crossbar, counters: &counters)
      for i in 0..<n { r.lastDrive[i] = driveSums[i] }
      r.clearWindow()
    }
    remote = r
    for i in driveSums.indices { driveSums[i] = 0 }
    driveSamples = 0
  }

}

/// The column of global oscillator `g` in the inter-tile array of tile `tile` (columns list the
/// other tiles' oscillators in ascending global order).
@inline(__always) func ownerColumnIndex(of g: Int, inTile tile: Int, perTile n: Int) -> Int {
  g < tile * n ? g : g - n
}

extension OscillatorTile {
  /// Empties ``RemoteSynapses/outgoing`` once the chip has sent its messages.
  public mutating func clearOutgoing() { remote?.outgoing.removeAll(keepingCapacity: true) }
}
