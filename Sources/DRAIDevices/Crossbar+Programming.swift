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
  /// (``MemristorDevice/afterPulse(_:set:)``), so a "step" is one pulse, not one exact level.
  ///
  /// Precondition: the device is stepped. - Complexity: O(|steps|).
  public mutating func program(row: Int, column: Int, steps: Int) -> PulseCount {
    guard let step = device.stepSiemens else { preconditionFailure("stepped device expected") }
    guard case .linearStep = device, variability.isNone else {
      return programPulseByPulse(row: row, column: column, steps: steps)
    }
    let lo = device.gMinSiemens
    let maxLevel = Int(((device.gMaxSiemens - lo) / step).rounded())
    let k = column * rows + row
    var lp = Int(((plus[k] - lo) / step).rounded())
    var lm = Int(((minus[k] - lo) / step).rounded())
    var pulses = PulseCount()
    for _ in 0..<steps.magnitude {
      if steps > 0 {
        if lm > 0 { lm -= 1; pulses.reset += 1 }
        else { pulses.set += 1; if lp < maxLevel { lp += 1 } else { pulses.ineffective += 1 } }
      } else {
        if lp > 0 { lp -= 1; pulses.reset += 1 }
        else { pulses.set += 1; if lm < maxLevel { lm += 1 } else { pulses.ineffective += 1 } }
      }
    }
    plus[k] = lo + Double(lp) * step
    minus[k] = lo + Double(lm) * step
    differential[k] = Float(plus[k] - minus[k])
    return pulses
  }

  /// Changes the signed weight of cell (row, column) by `deltaSiemens` on an ideal device: one
  /// pulse per device of the pair that moves (RESET on the device that comes down, SET on the one
  /// that goes up), with the same one-device-above-gMin scheme as the stepped version; the new
  /// weight is clamped to ±(gMax − gMin). Returns the pulses issued.
  public mutating func program(row: Int, column: Int, deltaSiemens: Double) -> PulseCount {
    let k = column * rows + row
    let lo = device.gMinSiemens, span = device.gMaxSiemens - lo
    let old = plus[k] - minus[k]
    let new = Swift.min(Swift.max(old + deltaSiemens, -span), span)
    let newPlus = lo + Swift.max(new, 0), newMinus = lo + Swift.max(-new, 0)
    var pulses = PulseCount()
    if !variability.isNone {
      // Put the change on the devices that still switch: with one of the pair stuck or worn
      // out, the other carries the whole weight. One pulse per device that should move, through
      // its lifetime scale and cycle-to-cycle noise; a pulse that moves nothing is ineffective.
      var targets = (plus: newPlus, minus: newMinus)
      if !isWorking(2 * k) { targets = (plus[k], plus[k] - new) }
      if !isWorking(2 * k + 1) { targets = (isWorking(2 * k) ? minus[k] + new : plus[k], minus[k]) }
      for (d, target) in [(2 * k, targets.plus), (2 * k + 1, targets.minus)] {
        let was = conductance(device: d)
        let clamped = Swift.min(Swift.max(target, lo), device.gMaxSiemens)
        guard clamped != was else { continue }
        if clamped > was { pulses.set += 1 } else { pulses.reset += 1 }
        guard isWorking(d), moveDevice(d, to: was + (clamped - was) * variabilityScale(device: d)) else {
          pulses.ineffective += 1
          continue
        }
      }
      if pulses.total == 0 && deltaSiemens != 0 {
        pulses.set += deltaSiemens > 0 ? 1 : 0
        pulses.reset += deltaSiemens < 0 ? 1 : 0
        pulses.ineffective += 1
      }
      return pulses
    }
    for (was, now) in [(plus[k], newPlus), (minus[k], newMinus)] where was != now {
      if now > was { pulses.set += 1 } else { pulses.reset += 1 }
    }
    if pulses.total == 0 && deltaSiemens != 0 {
      pulses.set += deltaSiemens > 0 ? 1 : 0
      pulses.reset += deltaSiemens < 0 ? 1 : 0
      pulses.ineffective += 1
    }
    plus[k] = newPlus; minus[k] = newMinus
    differential[k] = Float(newPlus - newMinus)
    return pulses
  }

  /// Sum over columns of |G⁺ − G⁻| for `row` (siemens): the L1 norm of its incoming weights.
  public func incomingMagnitudeSiemens(row: Int) -> Double {
    var s = 0.0
    for j in 0..<columns { s += Swift.abs(plus[j * rows + row] - minus[j * rows + row]) }
    return s
  }
}
