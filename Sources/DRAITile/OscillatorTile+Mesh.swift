import DRAICore
import DRAIDevices
import DRAIPlasticity

extension OscillatorTile {
  /// Makes this tile tile `tile` of a multi-tile chip, with the inter-tile synapses `fanIn`
  /// (weights as given there, zero by default); it is then stepped with
  /// ``stepInMesh(spikes:)``.
  ///
  /// A phase spike of presynaptic oscillator j, stamped with cycle s (the first cycle at which
  /// its wrapped register is committed) and j's register value ρ_j then (the wrap residual,
  /// less than one cycle's increment), arriving at cycle t (plus the synapse's delay d) kicks
  /// each oscillator i that j projects onto here by w_ij·T·sin(φ̂_j − φ_i), T = 1/f_centre:
  /// over one period of j this averages to the Kuramoto term w_ij sin(φ_j − φ_i) (first-order
  /// averaging). φ̂_j is 0 (the phase response curve −sin φ_i of a spike taken at face value)
  /// or, with `latencyCompensation`, ρ_j + ω_centre·(t + d − s) from the packet's send cycle
  /// and payload.
  /// `layout` is the chip's: where every tile's oscillators sit in the global order that
  /// `fanIn`'s presynaptic indices use.
  /// Preconditions: 0 ≤ tile < layout's tiles, the layout gives this tile this tile's size,
  /// centre frequency > 0, `fanIn` well formed for this tile's size.
  /// Device draws of the inter-tile array come from `seed` (stream "tile-k/inter-tile-array").
  public mutating func connectToMesh(tile: Int, fanIn: TileFanIn, layout: TileLayout, centreFrequencyMHz: Double,
                                     latencyCompensation: Bool, seed: UInt64 = 0) {
    precondition(tile >= 0 && tile < layout.tiles && centreFrequencyMHz > 0, "bad mesh position")
    precondition(layout.size(ofTile: tile) == configuration.oscillators, "the layout gives this tile another size")
    chipLayout = layout
    let c = configuration
    interTile = InterTileSynapses(fanIn: fanIn, tile: tile, oscillators: c.oscillators, device: c.device,
                                  variability: c.variability, seed: seed, adcBits: c.adcBits, function: c.rule.function,
                                  couplingGain: c.couplingGain)
    interTile.crossbar.writeVerifyMaxPulses = c.writeVerifyMaxPulses
    isInMesh = true
    spikePeriodMicroseconds = 1 / centreFrequencyMHz
    let lsbPerCycle = Double(1 << c.phaseFormat.bits) / c.clockMHz
    centreIncrement = Int64((centreFrequencyMHz * lsbPerCycle).rounded()) << Int64(c.phaseFormat.shift)
    self.latencyCompensation = latencyCompensation
    tileIndex = tile
  }

  /// The inter-tile weight w_ij (rad/µs) onto local oscillator i from global oscillator
  /// `presynaptic` of another tile, or nil if there is no such synapse. Precondition: connected.
  /// - Complexity: O(log A) for A axons.
  public func interTileWeight(_ i: Int, presynaptic j: Int) -> Double? {
    guard let s = interTile.fanIn.synapse(post: i, presynaptic: j) else { return nil }
    return configuration.couplingGain * interTile.crossbar.weightSiemens(row: 0, column: s)
  }

  /// Writes an inter-tile weight directly through an ideal write-verify (no pulses counted) and
  /// returns whether the synapse exists. Precondition: connected.
  @discardableResult
  public mutating func writeInterTileWeight(_ i: Int, presynaptic j: Int, radiansPerMicrosecond w: Double) -> Bool {
    guard let s = interTile.fanIn.synapse(post: i, presynaptic: j) else { return false }
    interTile.crossbar.writeWeight(row: 0, column: s, siemens: w / configuration.couplingGain)
    return true
  }

  /// Evaluate stage, for phase spikes that arrive now, each on an axon of this tile's
  /// ``TileFanIn``, sent (stamped) at a cycle with the presynaptic register (its residual)
  /// then: reads each axon's cells, queues the kicks of its undelayed synapses for this cycle's
  /// commit and, while plasticity is on, accumulates their drive and (for the synapses this
  /// tile detects) one detector sample g(φ_i − φ̂_j) each; synapses with a delay d act d cycles
  /// later, at the start of that cycle's ``stepInMesh(spikes:)``. Reads only the phases
  /// committed at the start of the cycle. Precondition: connected, valid axons.
  /// - Complexity: O(synapses of the axons).
  @inlinable public mutating func receiveSpikes(_ arrivals: some Collection<SpikeArrival>) {
    guard !arrivals.isEmpty else { return }
    // One concrete, specialised body: contiguous storage is lent, anything else copied once.
    if arrivals.withContiguousStorageIfAvailable({ receiveSpikes(buffer: $0) }) == nil {
      Array(arrivals).withUnsafeBufferPointer { receiveSpikes(buffer: $0) }
    }
  }

  /// ``receiveSpikes(_:)`` on a buffer of arrivals.
  @usableFromInline mutating func receiveSpikes(buffer arrivals: UnsafeBufferPointer<SpikeArrival>) {
    guard !arrivals.isEmpty else { return }
    let learning = plasticityEnabled
    var due = interTile.due  // scratch kept by the tile: no allocation per cycle
    interTile.due = []
    due.removeAll(keepingCapacity: true)
    for a in arrivals {
      let axon = Int(a.axon)
      let age = Int64(now.count) - Int64(a.sentAt)
      let phaseJ = latencyCompensation ? a.residual &+ UInt32(truncatingIfNeeded: centreIncrement &* age) : 0
      if learning { interTile.counts[axon] += 1 }
      if !interTile.axonDelayed.isEmpty && interTile.axonDelayed[axon] {
        // One wheel entry per distinct non-zero delay of the axon (its first synapse of that
        // delay schedules it; an axon has a few synapses, so the scan back is short).
        let lo = Int(interTile.fanIn.axonStart[axon]), hi = Int(interTile.fanIn.axonStart[axon + 1])
        for s in lo..<hi {
          let d = interTile.fanIn.delayCycles[s]
          guard d > 0, !interTile.fanIn.delayCycles[lo..<s].contains(d) else { continue }
          let slot = Int((now.count + UInt64(d)) % UInt64(interTile.delayed.count))
          interTile.delayed[slot].append(.init(axon: Int32(axon), phase: phaseJ, delay: d))
        }
        due.append(DueArrival(axon: axon, phase: phaseJ, delay: 0))
      } else {
        due.append(DueArrival(axon: axon, phase: phaseJ, delay: nil))
      }
    }
    deliver(due)
    interTile.due = due
  }

  /// A single arrival (see ``receiveSpikes(_:)``).
  public mutating func receiveSpike(axon: Int, sentAt sent: Cycle, residual: UInt32) {
    receiveSpikes(CollectionOfOne(SpikeArrival(axon: Int32(axon), sentAt: sent.count, residual: residual)))
  }

  /// Applies, for each (axon, φ̂_j, delay), the synapses of that axon whose delay is `delay`
  /// (nil: all of them): kicks, drive and detector samples, as ``receiveSpikes(_:)``
  /// describes, in order.
  mutating func deliver(_ due: [DueArrival]) {
    let period = spikePeriodMicroseconds
    let kickScale = period * configuration.phaseFormat.lsbPerRadian
    let learning = plasticityEnabled
    interTile.refreshReadWeights(gain: configuration.couplingGain)
    let g = interTile.table
    var saturations = 0, cells = 0, detected = 0
    var conductance = 0.0
    let phases = self.phases, fanIn = interTile.fanIn, reads = interTile.reads
    var kicks = interTile.kicks, drive = interTile.drive, sums = interTile.sums
    interTile.kicks = []
    if learning { interTile.drive = []; interTile.sums = [] }
    sinCos.withTable { table in
      phases.withUnsafeBufferPointer { ph in
        reads.withUnsafeBufferPointer { read in
          fanIn.axonStart.withUnsafeBufferPointer { start in
            kicks.withUnsafeMutableBufferPointer { kick in
              for d in due {
                let axon = d.axon, phaseJ = d.phase, delay = d.delay
                for s in Int(start[axon])..<Int(start[axon + 1]) {
                  if let d = delay, fanIn.delayCycles[s] != d { continue }
                  let r = read[s]
                  let i = Int(r.post)
                  saturations &+= r.saturates ? 1 : 0
                  let w = r.weight
                  conductance += r.conductance
                  let v = SinCosTable.sinCos(phaseJ &- ph[i], table: table)
                  kick[i] += w * kickScale * v.sin
                  if learning {
                    drive[s] += w * v.cos
                    if fanIn.detection[s] != .pairAtPartner {
                      sums[s] += g.lookup(ph[i] &- phaseJ)
                      detected &+= 1
                    }
                  }
                  cells &+= 1
                }
              }
            }
          }
        }
      }
    }
    interTile.kicks = kicks
    if learning { interTile.drive = drive; interTile.sums = sums }
    interTile.hasKicks = true
    counters.crossbarCellReads += 2 * UInt64(cells)
    counters.readConductanceSum += conductance
    counters.adcConversions += UInt64(cells)
    counters.adcSaturations += UInt64(saturations)
    counters.couplingUpdates += UInt64(cells)
    counters.detectorSamples += UInt64(detected)
  }

  /// Applies a resonance-event packet from tile `sourceTile` about the paired synapses onto
  /// local oscillator `post` (a ``ResonanceMessage``'s means and decisions): each pair whose
  /// detector fired is an event (η times its mean), gated in stability mode by the
  /// postsynaptic oscillator's drive in the last closed window; the other pairs are counted as
  /// skipped windows. Precondition: connected; as many means and decisions as this tile holds
  /// synapses onto `post` from `sourceTile` detected there.
  public mutating func receiveResonanceEvents(fromTile sourceTile: Int, post: Int, means: [Int8], resonant: [Bool]) {
    precondition(means.count == resonant.count, "one decision per mean")
    stampTime()
    let layout = chipLayout!
    var k = 0
    for e in Int(interTile.postStart[post])..<Int(interTile.postStart[post + 1]) {
      let s = Int(interTile.postSynapse[e])
      guard interTile.fanIn.detection[s] == .pairAtPartner,
            layout.tile(of: Int(interTile.fanIn.presynaptic[Int(interTile.postAxon[e])])) == sourceTile
      else { continue }
      precondition(k < means.count, "more paired synapses than the message covers")
      let mean = ResonanceMessage.mean(means[k])
      if resonant[k] {
        if plasticity.applyWindow(mean: mean, row: 0, column: s, drive: interTile.lastDrive[post], decays: false,
                                  resonant: true, crossbar: &interTile.crossbar, counters: &counters) {
          interTile.touched[s] = true
        }
      } else {
        plasticity.countSkippedWindow(mean: mean, device: configuration.device, counters: &counters)
      }
      k += 1
    }
    precondition(k == means.count, "the message covers more pairs than this tile holds")
  }

  /// One cycle of a tile in a multi-tile chip: evaluate (delayed synapses due now; crossbar
  /// coupling on coupling instants, plus the kicks queued by this cycle's arrivals; detector
  /// sample on sample instants), commit (spiking oscillators' local indices appended to
  /// `spikes`), learn (at a window end: local pairs, then inter-tile synapses; events for
  /// synapses held elsewhere go to ``InterTileSynapses/outgoing``). Precondition: connected.
  public mutating func stepInMesh(spikes: inout [Int32]) {
    let t = now.count
    if !interTile.delayed.isEmpty { deliverDelayed() }
    let driftInterval = driftIntervalCycles
    if driftInterval > 0 && t % driftInterval == 0 { applyDrift() }
    let couple = t % UInt64(configuration.couplingPeriodCycles) == 0
    let detect = plasticityEnabled && t % UInt64(configuration.samplePeriodCycles) == 0
    if couple { evaluateCoupling() }
    let kicked = interTile.hasKicks
    if kicked {
      let n = oscillators
      quadrature.withUnsafeMutableBufferPointer { delta in  // Δφ_i in its first N elements
        interTile.kicks.withUnsafeMutableBufferPointer { kick in
          if couple {
            for i in 0..<n { delta[i] = delta[i] + kick[i] }
          } else {
            for i in 0..<n { delta[i] = 0 + kick[i] }
          }
          for i in 0..<n { kick[i] = 0 }
        }
      }
      interTile.hasKicks = false
    }
    if detect {
      phases.withUnsafeBufferPointer { detector.sample(phases: $0) }
      counters.detectorSamples += UInt64(detector.pairs)
    }
    commit(coupled: couple || kicked, spikes: &spikes)
    if detect && detector.samples >= configuration.windowSamples { closeMeshWindow() }
    quietUntil = nextBusyCycle()
  }

  /// The first cycle from ``now`` on that must be a full step even if nothing arrives: the next
  /// coupling instant, the next sample instant (plasticity on), the next drift instant, now
  /// itself if delayed synapses wait, or the first cycle in which some oscillator could wrap
  /// forwards (bounded with the largest phase and the largest increment, so never late).
  /// - Complexity: O(n). Mutating only so that a mutating caller passes the tile in place: a
  ///   non-mutating call from one makes the compiler copy the whole tile (and retain its arrays).
  mutating func nextBusyCycle() -> UInt64 {
    let t = now.count
    guard interTile.delayed.allSatisfy({ $0.isEmpty }) else { return t }
    let period = UInt64(configuration.couplingPeriodCycles)
    var next = (t + period - 1) / period * period
    if plasticityEnabled {
      let sample = UInt64(configuration.samplePeriodCycles)
      next = Swift.min(next, (t + sample - 1) / sample * sample)
    }
    let drift = driftIntervalCycles
    if drift > 0 { next = Swift.min(next, (t + drift - 1) / drift * drift) }
    // A wrap bound is never earlier than now: at a busy cycle already, the scan cannot matter.
    if largestIncrement > 0 && next > t {
      var largest: UInt32 = 0
      phases.withUnsafeBufferPointer { ph in for p in ph { largest = Swift.max(largest, p) } }
      // The commit of cycle t + k − 1 leaves φ + k·inc: a wrap needs k ≥ (2^32 − φ)/inc.
      let k = ((Int64(1) << 32) - Int64(largest) + largestIncrement - 1) / largestIncrement
      next = Swift.min(next, t + UInt64(k) - 1)
    }
    return next
  }

  /// Brings a tile that the chip skipped in quiet cycles (``quietUntil``) up to cycle `cycle`:
  /// free rotation in closed form, with the counters those cycles would have counted and, by
  /// construction, no spike. Precondition: connected, `cycle` ≤ ``quietUntil`` or nothing
  /// reached the tile since ``now``.
  public mutating func catchUp(to cycle: UInt64) {
    guard now.count < cycle else { return }
    var none: [Int32] = []
    advanceFreely(by: cycle - now.count, spikes: &none)
    assert(none.isEmpty, "a skipped tile would have spiked")
  }

  /// Applies the delayed synapses due in this cycle (their φ̂_j advanced by ω_centre·d with
  /// latency compensation; 0 without).
  mutating func deliverDelayed() {
    let slot = Int(now.count % UInt64(interTile.delayed.count))
    guard !interTile.delayed[slot].isEmpty else { return }
    var due = interTile.due  // scratch kept by the tile, as in receiveSpikes(buffer:)
    interTile.due = []
    due.removeAll(keepingCapacity: true)
    for a in interTile.delayed[slot] {
      due.append(DueArrival(axon: Int(a.axon), phase: latencyCompensation ? a.phase &+ UInt32(truncatingIfNeeded: centreIncrement &* Int64(a.delay)) : 0, delay: a.delay))
    }
    interTile.delayed[slot].removeAll(keepingCapacity: true)
    deliver(due)
    interTile.due = due
  }

  /// The register of local oscillator i (a spike's residual, read right after the commit).
  @inlinable public func phaseRegister(_ i: Int) -> UInt32 { phases[i] }

  /// Window end of a tile in a mesh: the local pairs as in a lone tile (gated by the drive
  /// from both arrays), then the inter-tile synapses this tile detects, axon by axon (a
  /// resonance-event message per axon whose paired synapses include a resonant one), decay of
  /// inter-tile synapses without an event since the last window end, and homeostasis over
  /// both arrays.
  mutating func closeMeshWindow() {
    stampTime()
    let n = oscillators
    let k = driveSamples > 0 ? 1 / Double(driveSamples) : 0
    for i in 0..<n { driveSums[i] = driveSums[i] * k }
    interTile.addWindowDrive(into: &driveSums)
    plasticity.closeWindow(detector: &detector, drive: driveSums, crossbar: &crossbar, counters: &counters,
                           homeostasis: false)
    let f = interTile.fanIn
    var means: [Double] = [], fired: [Bool] = []
    for axon in 0..<f.axons {
      let lo = Int(f.axonStart[axon]), hi = Int(f.axonStart[axon + 1])
      let arrivals = interTile.counts[axon]
      let inv = arrivals > 0 ? 1 / Double(arrivals) : 0
      means.removeAll(keepingCapacity: true)
      fired.removeAll(keepingCapacity: true)
      var anyResonant = false
      for s in lo..<hi where f.detection[s] != .pairAtPartner {
        let mean = Double(interTile.sums[s]) * inv
        if plasticity.applyWindow(mean: mean, row: 0, column: s, drive: driveSums[Int(f.post[s])], decays: false,
                                  crossbar: &interTile.crossbar, counters: &counters) {
          interTile.touched[s] = true
        }
        if f.detection[s] == .pairHere {
          means.append(mean)
          fired.append(plasticity.isResonant(mean))
          if fired[fired.count - 1] { anyResonant = true }
        }
      }
      guard !means.isEmpty else { continue }
      // The partner synapses w_ji live in j's tile: their means travel there in one packet
      // when any is resonant; otherwise their skipped windows are counted here.
      let j = Int(f.presynaptic[axon])
      if anyResonant {
        let (tile, local) = chipLayout!.locate(j)
        interTile.outgoing.append(ResonanceMessage(destinationTile: tile, post: local, windowMeans: means, resonant: fired))
      } else {
        for m in means { plasticity.countSkippedWindow(mean: m, device: configuration.device, counters: &counters) }
      }
    }
    for s in 0..<f.synapses {
      if !interTile.touched[s] { plasticity.decay(row: 0, column: s, crossbar: &interTile.crossbar, counters: &counters) }
      interTile.touched[s] = false
    }
    plasticity.scaleIncoming(local: &crossbar, interTile: &interTile.crossbar, cellsOnto: interTile.postStart, cells: interTile.postSynapse,
                             counters: &counters)
    for i in 0..<n { interTile.lastDrive[i] = driveSums[i] }
    interTile.clearWindow()
    for i in driveSums.indices { driveSums[i] = 0 }
    driveSamples = 0
  }
}

extension OscillatorTile {
  /// Empties ``InterTileSynapses/outgoing`` once the chip has sent its messages.
  public mutating func clearOutgoing() { interTile.outgoing.removeAll(keepingCapacity: true) }
}
