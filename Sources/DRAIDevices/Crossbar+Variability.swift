import DRAICore
import RealModule

/// What a device of a crossbar can still do.
enum DeviceState: UInt8, Sendable, Codable {
  /// Switches as its model says.
  case working
  /// Stuck at gMin or gMax from manufacture.
  case stuck
  /// Reached its endurance limit and keeps its last conductance.
  case wornOut
}

extension Crossbar {
  /// Draws each device's lifetime step scale and its faults (called once, by `init`).
  mutating func drawDevices(seed: UInt64, stream: String) {
    let devices = 2 * rows * columns
    let v = variability
    var d2d = SeededRNG(seed: seed, stream: stream + "/d2d")
    var faults = SeededRNG(seed: seed, stream: stream + "/faults")
    stepScale = (0..<devices).map { _ in v.deviceToDeviceSigma > 0 ? Swift.max(0, 1 + v.deviceToDeviceSigma * d2d.nextGaussian()) : 1 }
    state = [DeviceState](repeating: .working, count: devices)
    if v.endurancePulses > 0 { pulsesIssued = [UInt32](repeating: 0, count: devices) }
    if v.conductanceRangeSigma > 0 {
      // Each device's own bounds; it starts at its lower one, so a pair may hold a small offset.
      var range = SeededRNG(seed: seed, stream: stream + "/range")
      let span = device.gMaxSiemens - device.gMinSiemens
      lowerBound = []; upperBound = []
      for d in 0..<devices {
        let lo = device.gMinSiemens * Double.exp(v.conductanceRangeSigma * range.nextGaussian())
        // The range never shrinks below 5 % of the nominal span (an assumed floor, not a published one).
        let hi = Swift.max(lo + 0.05 * span, device.gMaxSiemens + v.conductanceRangeSigma * span * range.nextGaussian())
        lowerBound.append(lo); upperBound.append(hi)
        setConductance(device: d, lo)
      }
    }
    if v.asymmetryDeviceSigma > 0 {
      var asymmetry = SeededRNG(seed: seed, stream: stream + "/asymmetry")
      // |r| < 1 keeps a SET raising and a RESET lowering the device (the ±0.95 clamp is assumed).
      asymmetryOffset = (0..<devices).map { _ in Swift.min(Swift.max(v.asymmetryDeviceSigma * asymmetry.nextGaussian(), -0.95), 0.95) }
    }
    if v.driftNu > 0 {
      programmedConductance = (0..<devices).map { bounds($0).lo }
      programmedAtMicroseconds = [Double](repeating: 0, count: devices)
    }
    for d in 0..<devices {
      let u = faults.nextUnit()
      guard u < v.stuckAtMinFraction + v.stuckAtMaxFraction else { continue }
      state[d] = .stuck
      if u >= v.stuckAtMinFraction { setConductance(device: d, bounds(d).hi) }
    }
  }

  /// The bounds of device `d` (siemens): its own with conductance-range variability, else the
  /// model's gMin and gMax.
  @inline(__always) func bounds(_ d: Int) -> (lo: Double, hi: Double) {
    lowerBound.isEmpty ? (device.gMinSiemens, device.gMaxSiemens) : (lowerBound[d], upperBound[d])
  }

  /// Applies conductance drift at the current ``timeMicroseconds``: every working device
  /// programmed at t_p to G₀ conducts max(lower bound, G₀·((t − t_p)/t₀)^(−ν)) once t − t_p > t₀
  /// (the lower bound is gMin, or the device's own with conductance-range variability).
  /// Nothing without drift. - Complexity: O(rows × columns).
  public mutating func applyDrift() {
    let nu = variability.driftNu, t0 = variability.driftT0Microseconds
    guard nu > 0 else { return }
    for k in 0..<(rows * columns) {
      var g = (plus[k], minus[k])
      for d in (2 * k)...(2 * k + 1) where isWorking(d) {
        let age = timeMicroseconds - programmedAtMicroseconds[d]
        guard age > t0 else { continue }
        let drifted = Swift.max(bounds(d).lo, programmedConductance[d] * Double.pow(age / t0, -nu))
        if d % 2 == 0 { g.0 = drifted } else { g.1 = drifted }
      }
      if g.0 != plus[k] || g.1 != minus[k] { store(k, plus: g.0, minus: g.1, programmed: false) }
    }
  }

  /// Stuck devices among the 2·rows·columns (for reports and tests).
  public var stuckDevices: Int { state.reduce(0) { $0 + ($1 == .stuck ? 1 : 0) } }

  /// Devices that reached their endurance limit.
  public var wornOutDevices: Int { state.reduce(0) { $0 + ($1 == .wornOut ? 1 : 0) } }

  /// Sets the conductance of device `d` (2·cell for G⁺, 2·cell + 1 for G⁻) and its cell's
  /// differential value.
  mutating func setConductance(device d: Int, _ g: Double) {
    let k = d / 2
    if d % 2 == 0 { store(k, plus: g, minus: minus[k]) } else { store(k, plus: plus[k], minus: g) }
  }

  /// Sets both conductances of cell k, keeping the differential value and the array's total;
  /// with drift, a device whose conductance `programmed` changes restarts its drift clock.
  mutating func store(_ k: Int, plus p: Double, minus m: Double, programmed: Bool = true) {
    if programmed && !programmedAtMicroseconds.isEmpty {
      if p != plus[k] { programmedConductance[2 * k] = p; programmedAtMicroseconds[2 * k] = timeMicroseconds }
      if m != minus[k] { programmedConductance[2 * k + 1] = m; programmedAtMicroseconds[2 * k + 1] = timeMicroseconds }
    }
    totalConductanceSiemens += (p - plus[k]) + (m - minus[k])
    generation &+= 1
    plus[k] = p
    minus[k] = m
    let i = k % rows, j = k / rows
    if wireResistanceOhms > 0 {
      differential[readIndex(row: i, column: j)] =
        Float(effectiveConductance(p, row: i, column: j) - effectiveConductance(m, row: i, column: j))
    } else {
      differential[readIndex(row: i, column: j)] = Float(p - m)
    }
  }

  /// What a read sees of a device of conductance `g` at cell (row, column) through the wires: a
  /// first-order IR-drop model in which the cell is in series with the wire segments between it
  /// and its word-line driver (row + 1 segments; drivers at bit line 0's end) and its bit-line
  /// sense amplifier (columns − column segments), g/(1 + g·r·((row + 1) + (columns − column))).
  /// It ignores the drop that other cells' currents cause on shared wires, so it understates
  /// IR drop in dense, highly conductive arrays; the model is this project's first-order
  /// approximation, not a published one. `g` and the result in siemens. Precondition: row and
  /// column inside the array. - Complexity: O(1).
  public func effectiveConductance(_ g: Double, row: Int, column: Int) -> Double {
    guard wireResistanceOhms > 0 else { return g }
    let segments = Double(row + 1 + columns - column)
    return g / (1 + g * wireResistanceOhms * segments)
  }

  /// Sets the wire resistance per segment (ohms, ≥ 0) and recomputes what reads see.
  public mutating func setWireResistance(_ ohms: Double) {
    precondition(ohms >= 0, "wire resistance cannot be negative")
    wireResistanceOhms = ohms
    for k in 0..<(rows * columns) { store(k, plus: plus[k], minus: minus[k], programmed: false) }
  }

  /// Counts a pulse on working device `d` towards its endurance limit.
  mutating func countEndurance(_ d: Int) {
    guard variability.endurancePulses > 0 else { return }
    pulsesIssued[d] += 1
    if pulsesIssued[d] >= UInt32(variability.endurancePulses) { state[d] = .wornOut }
  }

  /// Conductance of device `d`.
  func conductance(device d: Int) -> Double { d % 2 == 0 ? plus[d / 2] : minus[d / 2] }

  /// Whether device `d` still switches.
  func isWorking(_ d: Int) -> Bool { state.isEmpty || state[d] == .working }

  /// One programming pulse on device `d`: the device model's step (on the device's own range,
  /// stretched, with conductance-range variability), scaled by its asymmetry (1 ± r), its
  /// lifetime scale and this pulse's cycle-to-cycle factor, plus the additive cycle-to-cycle
  /// noise, clamped to the device's bounds, counted in `pulses` (ineffective when the
  /// conductance did not change: a stuck or worn-out device, or one at its bound).
  mutating func pulse(device d: Int, set: Bool, into pulses: inout PulseCount) {
    let g = conductance(device: d)
    guard isWorking(d) else { pulses.add(set: set, before: g, after: g); return }
    var step: Double
    if lowerBound.isEmpty {
      step = device.pulseStep(g, set: set)
    } else {
      let (lo, hi) = bounds(d), stretch = (hi - lo) / (device.gMaxSiemens - device.gMinSiemens)
      step = device.pulseStep(device.gMinSiemens + (g - lo) / stretch, set: set) * stretch
    }
    if !asymmetryOffset.isEmpty { step *= set ? 1 + asymmetryOffset[d] : 1 - asymmetryOffset[d] }
    step *= variabilityScale(device: d)
    if variability.cycleToCycleAdditiveSigma > 0 {
      step += variability.cycleToCycleAdditiveSigma * (device.gMaxSiemens - device.gMinSiemens) * programmingRNG.nextGaussian()
    }
    moveDevice(d, to: g + step)
    pulses.add(set: set, before: g, after: conductance(device: d))
  }

  /// The factor of one pulse's change on device `d`: its lifetime scale times this pulse's
  /// multiplicative cycle-to-cycle factor 1 + σ·ξ (1 without variability).
  mutating func variabilityScale(device d: Int) -> Double {
    guard !variability.isNone else { return 1 }
    var scale = stepScale[d]
    if variability.cycleToCycleSigma > 0 {
      scale *= 1 + variability.cycleToCycleSigma * programmingRNG.nextGaussian()
    }
    return scale
  }

  /// Moves working device `d` to `target` clamped to its bounds (within a billionth of the range
  /// of a bound counts as the bound) and counts the pulse towards its endurance.
  mutating func moveDevice(_ d: Int, to target: Double) {
    let (lo, hi) = bounds(d), snap = 1e-9 * (hi - lo)
    var g = Swift.min(Swift.max(target, lo), hi)
    if g - lo < snap { g = lo } else if hi - g < snap { g = hi }
    if g != conductance(device: d) { setConductance(device: d, g) }
    countEndurance(d)
  }

  /// Write-verify programming of cell (row, column) towards the signed conductance `target`:
  /// a read of the pair, then one pulse at a time in the pair scheme's direction, each followed
  /// by a read, until |w − target| ≤ half a nominal step, ``writeVerifyMaxPulses`` pulses were
  /// issued, or a pulse moved nothing.
  /// Returns the pulses and reads. Precondition: a stepped device.
  /// - Complexity: O(write-verify limit).
  public mutating func programVerified(row: Int, column: Int, targetSiemens target: Double) -> PulseCount {
    guard let step = device.stepSiemens else { preconditionFailure("stepped device expected") }
    let k = column * rows + row
    var pulses = PulseCount()
    // The controller reads the pair first, then after every pulse; a pulse that moved nothing
    // (a stuck, worn-out or saturated device) ends the loop, since repeating it cannot help.
    pulses.verifyReads += 1
    pulses.verifyConductanceSum += plus[k] + minus[k]
    for _ in 0..<writeVerifyMaxPulses {
      let w = plus[k] - minus[k]
      if Swift.abs(w - target) <= step / 2 { break }
      let ineffective = pulses.ineffective
      pulsePair(k, up: target > w, into: &pulses)
      if pulses.ineffective > ineffective { break }
      pulses.verifyReads += 1
      pulses.verifyConductanceSum += plus[k] + minus[k]
    }
    return pulses
  }

  /// Moves the weight of cell (row, column) by `steps` nominal steps, pulse by pulse, with the
  /// pair scheme of ``program(row:column:steps:)``: to raise it, RESET G⁻ while it is above gMin
  /// and still switches, otherwise SET G⁺; to lower it, the mirror image. Every pulse is
  /// counted; one that changes nothing is also counted as ineffective. - Complexity: O(|steps|).
  mutating func programPulseByPulse(row: Int, column: Int, steps: Int) -> PulseCount {
    let k = column * rows + row
    var pulses = PulseCount()
    for _ in 0..<steps.magnitude { pulsePair(k, up: steps > 0, into: &pulses) }
    return pulses
  }

  /// One pulse of the pair scheme on cell `k`: to raise the weight (`up`), RESET G⁻ while it is
  /// above its lower bound and still switches, otherwise SET G⁺; to lower it, the mirror image.
  mutating func pulsePair(_ k: Int, up: Bool, into pulses: inout PulseCount) {
    let (raise, lower) = up ? (2 * k, 2 * k + 1) : (2 * k + 1, 2 * k)  // SET this one, RESET that one
    if conductance(device: lower) > bounds(lower).lo && isWorking(lower) {
      pulse(device: lower, set: false, into: &pulses)
    } else {
      pulse(device: raise, set: true, into: &pulses)
    }
  }
}

/// One device named in a fault map: stuck at a bound from manufacture.
public struct FaultMapEntry: Hashable, Sendable, Codable {
  /// The tile of a multi-tile chip (0 for a single tile).
  public var tile: Int
  /// Bit line (row) and word line (column) of the cell in that tile's crossbar.
  public var row: Int, column: Int
  /// Whether the device is G⁻ (else G⁺).
  public var minusDevice: Bool
  /// Whether it is stuck at gMax (else at gMin).
  public var stuckAtMax: Bool

  /// Memberwise initialiser.
  public init(tile: Int, row: Int, column: Int, minusDevice: Bool, stuckAtMax: Bool) {
    self.tile = tile
    self.row = row
    self.column = column
    self.minusDevice = minusDevice
    self.stuckAtMax = stuckAtMax
  }
}

extension Crossbar {
  /// Whether every device follows its model exactly (no variability, no fault).
  var isPristine: Bool { variability.isNone && state.isEmpty }

  /// Makes the mapped devices stuck at their bounds (they sit there from now on and never
  /// move). Entries of other tiles are ignored. Precondition: rows and columns in range (the
  /// description loader checks them against the file first).
  public mutating func applyFaults(_ entries: [FaultMapEntry], tile: Int) {
    let mine = entries.filter { $0.tile == tile }
    guard !mine.isEmpty else { return }
    if state.isEmpty { state = [DeviceState](repeating: .working, count: 2 * rows * columns) }
    for e in mine {
      precondition(e.row < rows && e.column < columns, "fault map entry outside the crossbar")
      let d = 2 * (e.column * rows + e.row) + (e.minusDevice ? 1 : 0)
      state[d] = .stuck
      setConductance(device: d, e.stuckAtMax ? bounds(d).hi : bounds(d).lo)
    }
  }
}
