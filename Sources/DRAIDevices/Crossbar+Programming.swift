import DRAICore

extension Crossbar {
  /// Moves the signed weight of cell (row, column) by `steps` device steps with programming
  /// pulses on the differential pair, and returns the pulses issued.
  ///
  /// Scheme (keeps at most one device of the pair above gMin): to raise the weight, RESET G⁻
  /// while it is above gMin, then SET G⁺; to lower it, RESET G⁺ first, then SET G⁻. One pulse
  /// moves one level. A pulse on a device at its bound is issued, counted as ineffective, and
  /// changes nothing. For the ideal device use ``program(row:column:deltaSiemens:)``. Other
  /// devices, and any device with variability, step pulse by pulse through their model
  /// (``MemristorDevice/pulseStep(_:set:)``, scaled by the variability and clamped to the
  /// device's own bounds), so a "step" is one pulse, not one exact level.
  /// Each pulse also adds the device's mean conductance during it to the pulse count's
  /// conductance sums (for V²·G·t energy).
  ///
  /// Precondition: the device is stepped. - Complexity: O(|steps|).
  public mutating func program(row: Int, column: Int, steps: Int) -> PulseCount {
    guard let step = device.stepSiemens else { preconditionFailure("stepped device expected") }
    guard case .linearStep = device, isPristine else {
      return programPulseByPulse(row: row, column: column, steps: steps)
    }
    let lo = device.gMinSiemens
    let maxLevel = Int(((device.gMaxSiemens - lo) / step).rounded())
    let k = column * rows + row
    var lp = Int(((plus[k] - lo) / step).rounded())
    var lm = Int(((minus[k] - lo) / step).rounded())
    var pulses = PulseCount()
    func g(_ level: Int) -> Double { lo + Double(level) * step }
    for _ in 0..<steps.magnitude {
      // Lower the partner while it is above gMin, else raise this one (a pulse at gMax moves nothing).
      if steps > 0 {
        if lm > 0 { pulses.add(set: false, before: g(lm), after: g(lm - 1)); lm -= 1 }
        else { let n = Swift.min(lp + 1, maxLevel); pulses.add(set: true, before: g(lp), after: g(n)); lp = n }
      } else {
        if lp > 0 { pulses.add(set: false, before: g(lp), after: g(lp - 1)); lp -= 1 }
        else { let n = Swift.min(lm + 1, maxLevel); pulses.add(set: true, before: g(lm), after: g(n)); lm = n }
      }
    }
    store(k, plus: g(lp), minus: g(lm))
    return pulses
  }

  /// Changes the signed weight of cell (row, column) by `deltaSiemens` on an ideal device: one
  /// pulse per device of the pair that moves (RESET on the device that comes down, SET on the one
  /// that goes up), with the same one-device-above-gMin scheme as the stepped version; the new
  /// weight is clamped to ±(gMax − gMin). With variability, a cell whose G⁺ or G⁻ no longer
  /// switches puts the whole change on the other, and each moving device's change passes
  /// through its lifetime scale and cycle-to-cycle noise. A change that moves nothing is one
  /// ineffective pulse. Returns the pulses issued.
  public mutating func program(row: Int, column: Int, deltaSiemens: Double) -> PulseCount {
    let k = column * rows + row
    let (lop, hip) = bounds(2 * k), (lom, him) = bounds(2 * k + 1)
    let old = plus[k] - minus[k]
    // The pair reaches lo⁺ − hi⁻ ... hi⁺ − lo⁻; at most one device sits above its lower bound.
    let new = Swift.min(Swift.max(old + deltaSiemens, lop - him), hip - lom)
    var targets = new >= lop - lom ? (plus: lom + new, minus: lom) : (plus: lop, minus: lop - new)
    if !isPristine {
      if !isWorking(2 * k) { targets = (plus[k], plus[k] - new) }
      if !isWorking(2 * k + 1) { targets = (isWorking(2 * k) ? minus[k] + new : plus[k], minus[k]) }
    }
    var pulses = PulseCount()
    var after = (plus: plus[k], minus: minus[k])
    for (d, target) in [(2 * k, targets.plus), (2 * k + 1, targets.minus)] {
      let was = conductance(device: d), (dlo, dhi) = bounds(d)
      let clamped = Swift.min(Swift.max(target, dlo), dhi)
      guard clamped != was else { continue }
      var now = clamped
      if !isPristine {
        now = isWorking(d) ? Swift.min(Swift.max(was + (clamped - was) * variabilityScale(device: d), dlo), dhi) : was
        if isWorking(d) { countEndurance(d) }
      }
      pulses.add(set: clamped > was, before: was, after: now)
      if d % 2 == 0 { after.plus = now } else { after.minus = now }
    }
    if pulses.total == 0 && deltaSiemens != 0 {
      // At the bound: the pulse on G⁺ (SET to raise, RESET to lower) is issued and moves nothing.
      pulses.add(set: deltaSiemens > 0, before: plus[k], after: plus[k])
    }
    store(k, plus: after.plus, minus: after.minus)
    return pulses
  }

  /// Sum over columns of |G⁺ − G⁻| for `row` (siemens): the L1 norm of its incoming weights.
  public func incomingMagnitudeSiemens(row: Int) -> Double {
    var s = 0.0
    for j in 0..<columns { s += Swift.abs(plus[j * rows + row] - minus[j * rows + row]) }
    return s
  }

  /// Σ_i (G⁺ + G⁻) of word line `column` (siemens): what one read of that word line at full
  /// scale conducts. - Complexity: O(rows).
  public func columnConductanceSiemens(_ column: Int) -> Double {
    var s = 0.0
    for i in 0..<rows { s += plus[column * rows + i] + minus[column * rows + i] }
    return s
  }
}
