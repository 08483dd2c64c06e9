import DRAICore
import DRAIDevices
import DRAIPlasticity

extension OscillatorTile {
  /// Simulates `cycles` chip cycles (see the cycle semantics on ``OscillatorTile``).
  ///
  /// - Complexity: O(N²) per coupling period and per detector sample, O(N) per other event
  ///   instant; stretches without events advance in closed form.
  /// - Precondition: a lone tile; a tile connected to a mesh is stepped by its chip with
  ///   ``stepInMesh(spikes:)``.
  public mutating func run(cycles: Cycles) {
    var scratch = spikeScratch
    spikeScratch = []
    // In stretches of at most 2^16 cycles, so that the spike list (not kept) stays bounded
    // whatever the run's length.
    var left = cycles.count
    while left > 0 {
      let stretch = Swift.min(left, 1 << 16)
      run(cycles: Cycles(stretch), spikes: &scratch)
      scratch.removeAll(keepingCapacity: true)
      left -= stretch
    }
    spikeScratch = scratch
  }

  /// Simulates `cycles` chip cycles, appending the local index of every oscillator that
  /// spiked at an event instant to `spikes` (a cycle-by-cycle driver, one cycle at a time,
  /// gets every spike with its cycle; spikes inside closed-form stretches are only counted).
  /// Precondition: a lone tile.
  public mutating func run(cycles: Cycles, spikes: inout [Int32]) {
    precondition(!isInMesh, "a tile in a mesh steps with stepInMesh(spikes:)")
    let end = now + cycles
    let period = UInt64(configuration.couplingPeriodCycles)
    let sample = UInt64(configuration.samplePeriodCycles)
    let driftInterval = driftIntervalCycles
    while now < end {
      let t = now.count
      if driftInterval > 0 && t % driftInterval == 0 { applyDrift() }
      let couple = t % period == 0
      let learning = plasticityEnabled
      let detect = learning && t % sample == 0
      if !couple && !detect {
        // Next instant at which anything but free rotation happens.
        var next = (t / period + 1) * period
        if learning { next = Swift.min(next, (t / sample + 1) * sample) }
        if driftInterval > 0 { next = Swift.min(next, (t / driftInterval + 1) * driftInterval) }
        advanceFreely(by: Swift.min(next, end.count) - t, spikes: &spikes)
        continue
      }
      if couple { evaluateCoupling() }
      if detect {
        phases.withUnsafeBufferPointer { detector.sample(phases: $0) }
        counters.detectorSamples += UInt64(detector.pairs)
      }
      commit(coupled: couple, spikes: &spikes)
      if detect && detector.samples >= configuration.windowSamples { closeWindow() }
    }
  }

  /// Cycles between drift updates of the crossbar(s): one learning window, or 0 without drift.
  var driftIntervalCycles: UInt64 {
    configuration.variability.driftNu > 0 ? UInt64(configuration.samplePeriodCycles * configuration.windowSamples) : 0
  }

  /// Stamps the crossbar(s) with the current time (µs), for drift and programming times.
  mutating func stampTime() {
    guard configuration.variability.driftNu > 0 else { return }
    let t = Double(now.count) / configuration.clockMHz
    crossbar.timeMicroseconds = t
    if isInMesh { interTile.crossbar.timeMicroseconds = t }
  }

  /// Drift of every conductance at the current time (Docs/devices.md).
  mutating func applyDrift() {
    stampTime()
    crossbar.applyDrift()
    if isInMesh { interTile.crossbar.applyDrift() }
  }

  /// Free rotation for `k` cycles: φ += k·ω, spikes counted in closed form (one per net
  /// forward revolution, as ``commit(coupled:spikes:)`` counts them); with k = 1 each spike's
  /// index is appended to `spikes`.
  @usableFromInline mutating func advanceFreely(by k: UInt64, spikes list: inout [Int32]) {
    if k == 1 { commit(coupled: false, spikes: &list); return }
    let n = oscillators
    var spikes: UInt64 = 0
    phases.withUnsafeMutableBufferPointer { ph in
      increments.withUnsafeBufferPointer { inc in
        wrapOwed.withUnsafeMutableBufferPointer { owed in
          for i in 0..<n {
            let total = Int64(ph[i]) &+ inc[i] &* Int64(k)  // |inc|·k < 2^63 for k < 2^31
            let wrapped = total >> 32  // net revolutions, forward > 0
            if wrapped > 0 {
              let recrossed = Swift.min(wrapped, Int64(owed[i]))
              owed[i] -= Int32(recrossed)
              spikes &+= UInt64(wrapped - recrossed)
            } else if wrapped < 0 {
              owed[i] = Swift.min(Int64(owed[i]) - wrapped, Int64(Int32.max)).int32  // saturates
            }
            ph[i] = UInt32(truncatingIfNeeded: total)
          }
        }
      }
    }
    referencePhase = UInt32(truncatingIfNeeded: Int64(referencePhase) &+ referenceIncrement &* Int64(k))
    counters.phaseSpikes += spikes
    counters.cycles += k
    counters.oscillatorCycles += k * UInt64(n)
    counters.oscillatorIdleCycles += k * UInt64(n)
    if plasticityEnabled { counters.learningPoweredCycles += k }
    now += Cycles(k)
  }

  /// Commit stage recording the local index of every oscillator whose register wrapped
  /// forwards. A kick can push a register backwards across zero; the forward wrap that follows
  /// re-crosses the same zero and is not a second spike (one spike per net revolution).
  ///
  /// The phases advance in one branch-free pass that notes each wrap; only a commit in which
  /// some register wrapped scans the notes (in index order) for spikes.
  @usableFromInline mutating func commit(coupled: Bool, spikes: inout [Int32]) {
    let n = oscillators, shift = Int64(configuration.phaseFormat.shift)
    var any: Int32 = 0
    phases.withUnsafeMutableBufferPointer { ph in
      wraps.withUnsafeMutableBufferPointer { w in
        increments.withUnsafeBufferPointer { inc in
          if coupled {
            quadrature.withUnsafeBufferPointer { delta in  // Δφ_i in its first N elements
              for i in 0..<n {
                let total = Int64(ph[i]) &+ inc[i] &+ (fastRoundToInt64(delta[i]) << shift)
                ph[i] = UInt32(truncatingIfNeeded: total)
                let wrap = Int32(truncatingIfNeeded: total >> 32)  // |total| < 2^63: revolutions fit
                w[i] = wrap
                any |= wrap
              }
            }
          } else {
            for i in 0..<n {
              let total = Int64(ph[i]) &+ inc[i]
              ph[i] = UInt32(truncatingIfNeeded: total)
              let wrap = Int32(truncatingIfNeeded: total >> 32)
              w[i] = wrap
              any |= wrap
            }
          }
        }
      }
    }
    if any != 0 {
      let before = spikes.count
      wraps.withUnsafeMutableBufferPointer { w in
        wrapOwed.withUnsafeMutableBufferPointer { owed in
          for i in 0..<n where w[i] != 0 {
            if w[i] > 0 {
              // Forward wraps first re-cross the zeros crossed backwards; the rest are spikes.
              let recrossed = Swift.min(w[i], owed[i])
              owed[i] -= recrossed
              for _ in 0..<(w[i] - recrossed) { spikes.append(Int32(i)) }
            } else {
              owed[i] = Swift.min(Int64(owed[i]) - Int64(w[i]), Int64(Int32.max)).int32  // saturates
            }
          }
        }
      }
      counters.phaseSpikes += UInt64(spikes.count - before)
    }
    referencePhase = UInt32(truncatingIfNeeded: Int64(referencePhase) &+ referenceIncrement)
    counters.cycles += 1
    counters.oscillatorCycles += UInt64(n)
    if !coupled { counters.oscillatorIdleCycles += UInt64(n) }
    if plasticityEnabled { counters.learningPoweredCycles += 1 }
    now += Cycles(1)
  }

  /// Evaluate stage of a coupling period: crossbar reads and the Euler increment
  /// Δφ_i = dt·[gain·(s_i cos φ_i − c_i sin φ_i) + F·sin(ψ_i − φ_i)], left in the first N
  /// elements of ``quadrature`` in register LSBs.
  ///
  /// Passes over the oscillators, each a branch-free loop over unsafe buffers that vectorises
  /// (quadrature outputs by ``SinCosTable/sinCos(phases:sin:cos:)``; DACs; the two array
  /// reads; the forcing term's sines, likewise; ADCs, rates and drive).
  /// - Complexity: O(N²) for the reads, O(N) otherwise; no allocation.
  @usableFromInline mutating func evaluateCoupling() {
    let n = oscillators
    let dac = dac, adc = adc
    let forcing = forcingEnabled ? configuration.forcingStrength : 0
    // sin(ψ_i − φ_i) first: it reads only the phases, so its place in the pass changes nothing.
    if forcing != 0 { evaluateForcingSines() }
    // Mutable borrows first, then the read-only ones: a uniqueness check between loading an
    // array and using it makes the compiler retain that array.
    lines.withUnsafeMutableBufferPointer { line in
      quadrature.withUnsafeMutableBufferPointer { q in
        phases.withUnsafeBufferPointer { ph in
          let xc = line.baseAddress!, xs = xc + n, yc = xs + n, ys = yc + n
          let sn = q.baseAddress!, cs = sn + n
          SinCosTable.sinCos(phases: ph, sin: .init(start: sn, count: n), cos: .init(start: cs, count: n))
          // A DAC input is |cos|, |sin| ≤ 1 = full scale: it never saturates.
          for i in 0..<n {
            xc[i] = Float(dac.convertInRange(cs[i]))
            xs[i] = Float(dac.convertInRange(sn[i]))
          }
          crossbar.read(cosInputs: .init(start: xc, count: n), sinInputs: .init(start: xs, count: n),
                        cosOutputs: .init(start: yc, count: n), sinOutputs: .init(start: ys, count: n))
        }
      }
    }
    if configuration.readNoiseSigma > 0 { addReadNoise() }
    let scale = configuration.couplingStepMicroseconds * configuration.phaseFormat.lsbPerRadian
    let gain = configuration.couplingGain
    let trackDrive = plasticityEnabled
    if trackDrive { driveSamples += 1 }
    let saturations = driveSums.withUnsafeMutableBufferPointer { drive in
      quadrature.withUnsafeMutableBufferPointer { q in
        lines.withUnsafeBufferPointer { line in
          let yc = line.baseAddress! + 2 * n, sn = q.baseAddress!
          let buffers = CouplingRates.Buffers(
            bitCos: yc, bitSin: yc + n, cos: sn + n, sin: sn, drive: drive.baseAddress!, forcingSine: sn + 2 * n)
          return CouplingRates.run(n: n, adc: adc, gain: gain, forcing: forcing, scale: scale, buffers, driven: trackDrive)
        }
      }
    }
    counters.couplingPeriods += 1
    counters.crossbarCellReads += UInt64(4 * n * n)
    counters.readConductanceSum += crossbar.totalConductanceSiemens
    counters.dacConversions += UInt64(2 * n)
    counters.adcConversions += UInt64(2 * n)
    counters.adcSaturations += UInt64(saturations)
    counters.couplingUpdates += UInt64(n)
  }

  /// sin(ψ_i − φ_i) and cos(ψ_i − φ_i) of every oscillator into the third and fourth quarters
  /// of ``quadrature``, ψ_i being the reference phase plus the oscillator's forcing offset (the
  /// same bits as ``SinCosTable/sinCos(_:table:)``).
  /// - Complexity: O(N), no allocation.
  mutating func evaluateForcingSines() {
    let n = oscillators, reference = referencePhase
    forcingAngles.withUnsafeMutableBufferPointer { angle in
      quadrature.withUnsafeMutableBufferPointer { q in
        phases.withUnsafeBufferPointer { ph in
          forcingOffsets.withUnsafeBufferPointer { target in
            for i in 0..<n { angle[i] = reference &+ target[i] &- ph[i] }
          }
        }
        let fs = q.baseAddress! + 2 * n
        SinCosTable.sinCos(phases: UnsafeBufferPointer(angle), sin: .init(start: fs, count: n), cos: .init(start: fs + n, count: n))
      }
    }
  }

  /// Ends the window: resonance events (gated by the window-mean drive in stability mode),
  /// pulses, decay and homeostasis; then clears the drive accumulators.
  @usableFromInline mutating func closeWindow() {
    stampTime()
    // The sums become means in place (no allocation per window), then restart from zero.
    let k = driveSamples > 0 ? 1 / Double(driveSamples) : 0
    for i in driveSums.indices { driveSums[i] *= k }
    plasticity.closeWindow(detector: &detector, drive: driveSums, crossbar: &crossbar, counters: &counters)
    for i in driveSums.indices { driveSums[i] = 0 }
    driveSamples = 0
  }

  /// Adds the summed read noise of the bit lines: each cell's conductance has independent
  /// relative noise σ, so bit line i gets a Gaussian of variance σ²·Σ_j (G⁺² + G⁻²)·x_j².
  mutating func addReadNoise() {
    let sigma = configuration.readNoiseSigma, n = oscillators
    for bits in 0..<2 {
      // Word lines of the read (cos, then sin) at `bits·n`, its bit lines at `(2 + bits)·n`.
      lines.withUnsafeBufferPointer { line in
        noiseVariance.withUnsafeMutableBufferPointer { v in
          crossbar.noiseVariance(inputs: .init(rebasing: line[(bits * n)..<((bits + 1) * n)]), into: v)
        }
      }
      for i in 0..<n {
        let noise = Float(sigma * noiseVariance[i].squareRoot() * noiseRNG.nextGaussian())
        lines[(2 + bits) * n + i] += noise
      }
    }
  }
}

extension Int64 {
  /// The value as an Int32. Precondition: it fits (callers clamp first).
  @inline(__always) var int32: Int32 { Int32(truncatingIfNeeded: self) }
}
