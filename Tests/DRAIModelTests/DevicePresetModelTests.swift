import DRAIDevices
import Foundation
import Testing

/// The device features behind the published presets: aihwkit's exponential step, NeuroSim's
/// additive pulse noise and depression curve, and per-device asymmetry and range spreads.
@Suite struct DevicePresetModelTests {
  let lo = 1e-6, hi = 1e-4


  /// aihwkit's ReRamES fit on a 1–100 µS device (so 1 weight unit = 49.5 µS).
  var reramES: ExpStepParameters {
    ExpStepParameters(gMinSiemens: lo, gMaxSiemens: hi, weightMin: -1, weightMax: 1, dwMin: 0.00135, upDown: 0.259359,
                      a: -0.5, b: -0.5, gammaUp: 5, gammaDown: 5, aUp: -1.18445, aDown: -0.081404)
  }

  @Test("Exponential step (aihwkit ReRamES): steps at gMin, mid-range and gMax by hand")
  func expStep() {
    let p = reramES, perWeight = (hi - lo) / 2
    // At gMin, w = −1, z = 2·(−1)/2·(−0.5) − 0.5 = 0: SET y = 1 + 1.18445 = 2.18445, scale_up = dw_min
    // (up_down > 0 leaves SET alone): Δw = 2.18445 × 0.00135 = 0.0029490075.
    #expect(abs(p.pulseStep(lo, set: true) - 0.0029490075 * perWeight) < 1e-12 * perWeight)
    // At gMax, w = 1, z = −1: RESET y = 1 + 0.081404·e^5 = 13.0814248, scale_down = dw_min·(1 − 0.259359):
    // Δw = −13.0814248 × 0.00135 × 0.740641 = −0.0130796634.
    #expect(abs(p.pulseStep(hi, set: false) + 0.0130796634 * perWeight) < 1e-9 * perWeight)
    // Mid-range, w = 0, z = −0.5: SET y = 1 + 1.18445·e^(−2.5) = 1.0972256, RESET y = 1 + 0.081404·e^2.5 = 1.9917037.
    let mid = (lo + hi) / 2
    #expect(abs(p.pulseStep(mid, set: true) - 1.0972256 * 0.00135 * perWeight) < 1e-6 * 0.00135 * perWeight)
    #expect(abs(p.pulseStep(mid, set: false) + 1.9917037 * 0.00135 * 0.740641 * perWeight) < 1e-6 * 0.00135 * perWeight)
    // Through the crossbar: a SET on G⁺ at gMin lands exactly one step up, and the nominal step is dw_min.
    var x = Crossbar(rows: 1, columns: 1, device: .expStep(p))
    _ = x.program(row: 0, column: 0, steps: 1)
    #expect(abs(x.conductances(row: 0, column: 0).plus - (lo + 0.0029490075 * perWeight)) < 1e-12 * hi)
    #expect(abs(MemristorDevice.expStep(p).stepSiemens! - 0.00135 * perWeight) < 1e-15)
  }

  @Test("NeuroSim's depression curve with negative A is our RESET mirror curve, pulse for pulse")
  func neuroSimDepression() {
    // NeuroSim (formula.cpp NonlinearWeight): G(P) = Gmin + B(1 − e^(−P/A)), B = ΔG/(1 − e^(−Pmax/A)); its LTD
    // uses A < 0 and walks P down from Pmax. Our RESET curve from gMax uses A > 0 with the same |A|.
    let pMax = 31.0, a = 0.249748 * pMax
    let neuroA = -a, b = (hi - lo) / (1 - exp(-pMax / neuroA))
    func neuroSim(_ p: Double) -> Double { lo + b * (1 - exp(-p / neuroA)) }
    let device = MemristorDevice.softBounds(gMinSiemens: lo, gMaxSiemens: hi, levels: 32, nonlinearitySet: 0.249748,
                                            nonlinearityReset: 0.249748)
    var g = hi
    for k in 1...31 {
      g = device.afterPulse(g, set: false)
      #expect(abs(g - neuroSim(pMax - Double(k))) < 1e-9 * hi, "after \(k) RESET pulses")
    }
    #expect(abs(g - lo) < 1e-9 * hi)
  }

  @Test("Additive pulse noise (NeuroSim): one SET changes G by Δg + σ·range·ξ; mean Δg, s.d. σ·range over 2500 cells")
  func additiveNoise() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 32)
    let dg = device.stepSiemens!, sigma = 0.005
    var x = Crossbar(rows: 50, columns: 50, device: device, variability: DeviceVariability(cycleToCycleAdditiveSigma: sigma), seed: 3)
    var changes: [Double] = []
    for i in 0..<50 {
      for j in 0..<50 {
        x.writeWeight(row: i, column: j, siemens: 15 * dg)  // mid-range, away from the bounds
        let before = x.conductances(row: i, column: j).plus
        _ = x.program(row: i, column: j, steps: 1)          // G⁻ at gMin, so one SET on G⁺
        changes.append(x.conductances(row: i, column: j).plus - before)
      }
    }
    let (mean, sd) = meanAndSD(changes), expectedSD = sigma * (hi - lo)
    #expect(abs(mean - dg) < 4 * expectedSD / 50)     // 4 standard errors
    #expect(abs(sd / expectedSD - 1) < 0.1)           // s.d. of a 2500-sample s.d. is 1.4 %
  }

  @Test("Multiplicative pulse noise is not clipped: with σ = 2, Φ(−0.5) = 30.9 % of SETs move G down")
  func unclippedNoise() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 32)
    var x = Crossbar(rows: 50, columns: 50, device: device, variability: DeviceVariability(cycleToCycleSigma: 2), seed: 5)
    var down = 0
    for i in 0..<50 {
      for j in 0..<50 {
        x.writeWeight(row: i, column: j, siemens: 15 * device.stepSiemens!)
        let before = x.conductances(row: i, column: j).plus
        _ = x.program(row: i, column: j, steps: 1)
        if x.conductances(row: i, column: j).plus < before { down += 1 }
      }
    }
    // Binomial(2500, 0.3085): s.d. 0.92 %; allow 4 of them.
    #expect(abs(Double(down) / 2500 - 0.3085) < 0.037)
  }

  @Test("Asymmetry spread: each device's SET step is Δg(1 + r), its RESET step Δg(1 − r), r ~ N(0, σ²)")
  func asymmetrySpread() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 32)
    let dg = device.stepSiemens!
    var x = Crossbar(rows: 40, columns: 40, device: device, variability: DeviceVariability(asymmetryDeviceSigma: 0.1), seed: 9)
    var rs: [Double] = []
    for i in 0..<40 {
      for j in 0..<40 {
        _ = x.program(row: i, column: j, steps: 2)   // two SETs on G⁺ from gMin
        let up = x.conductances(row: i, column: j).plus - lo
        _ = x.program(row: i, column: j, steps: -1)  // one RESET on G⁺
        let down = lo + up - x.conductances(row: i, column: j).plus
        let r = up / (2 * dg) - 1
        #expect(abs(down - dg * (1 - r)) < 1e-12 * hi)   // the same device's r, opposite sign
        rs.append(r)
      }
    }
    let (mean, sd) = meanAndSD(rs)
    #expect(abs(mean) < 4 * 0.1 / 40 && abs(sd / 0.1 - 1) < 0.12)
  }

  @Test("Range spread: devices start at their own lower bound and Pmax SETs reach their own upper bound")
  func rangeSpread() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 32)
    let sigma = 0.1, span = hi - lo
    var x = Crossbar(rows: 40, columns: 40, device: device, variability: DeviceVariability(conductanceRangeSigma: sigma), seed: 11)
    var lows: [Double] = [], highs: [Double] = []
    for i in 0..<40 {
      for j in 0..<40 {
        let start = x.conductances(row: i, column: j).plus
        lows.append(start)
        _ = x.program(row: i, column: j, steps: 31)   // 31 stretched steps span the device's own range
        let top = x.conductances(row: i, column: j).plus
        let p = x.program(row: i, column: j, steps: 1)
        #expect(p.ineffective == 1 && x.conductances(row: i, column: j).plus == top, "already at its own bound")
        highs.append(top)
      }
    }
    // Lower bounds: gMin·e^(σξ), so ln(lo/gMin) has mean 0 and s.d. σ.
    let (meanLog, sdLog) = meanAndSD(lows.map { log($0 / lo) })
    #expect(abs(meanLog) < 4 * sigma / 40 && abs(sdLog / sigma - 1) < 0.12)
    let (meanHigh, sdHigh) = meanAndSD(highs)
    #expect(abs(meanHigh - hi) < 4 * sigma * span / 40 && abs(sdHigh / (sigma * span) - 1) < 0.12)
  }

  @Test("Range spread on the ideal device: a write moves the pair's weight by exactly Δ within its own reach")
  func idealWithRangeSpread() {
    var x = Crossbar(rows: 8, columns: 8, device: .ideal(gMinSiemens: lo, gMaxSiemens: hi),
                     variability: DeviceVariability(conductanceRangeSigma: 0.3), seed: 4)
    for i in 0..<8 {
      for j in 0..<8 {
        let start = x.weightSiemens(row: i, column: j)  // lo⁺ − lo⁻, the pair's offset
        for k in 1...3 {
          _ = x.program(row: i, column: j, deltaSiemens: 1e-6)
          #expect(abs(x.weightSiemens(row: i, column: j) - (start + Double(k) * 1e-6)) < 1e-15, "cell \(i),\(j) write \(k)")
        }
        _ = x.program(row: i, column: j, deltaSiemens: -6e-6)  // through the offset to the other side
        #expect(abs(x.weightSiemens(row: i, column: j) - (start - 3e-6)) < 1e-15)
        let (p, m) = x.conductances(row: i, column: j)
        #expect(p >= lo * 0.01 && m >= lo * 0.01)  // both devices inside their own ranges (lower bounds are > 0)
      }
    }
  }

  @Test("writeWeight honours each device's own bounds and levels")
  func writeWeightOwnBounds() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 32)
    var x = Crossbar(rows: 4, columns: 4, device: device, variability: DeviceVariability(conductanceRangeSigma: 0.2), seed: 2)
    let before = x.conductances(row: 1, column: 2)
    x.writeWeight(row: 1, column: 2, siemens: 0)   // both devices at their own lower bounds
    #expect(x.conductances(row: 1, column: 2) == before)
    x.writeWeight(row: 1, column: 2, siemens: 1)   // far above: G⁺ at its own upper bound, G⁻ at its lower
    let top = x.conductances(row: 1, column: 2).plus
    #expect(x.program(row: 1, column: 2, steps: 1).ineffective == 1 && x.conductances(row: 1, column: 2).plus == top)
  }

  @Test("VTEAM windows: Biolek steps shrink towards the bound they approach; Joglekar cannot leave a bound")
  func vteamWindows() {
    let rOff = 1 / 1e-5, rOn = 1 / 1e-4
    func g(_ x: Double) -> Double { 1 / (rOff + x * (rOn - rOff)) }
    let biolek = MemristorDevice.vteam(gMinSiemens: 1e-5, gMaxSiemens: 1e-4, setStateStep: 0.1, resetStateStep: 0.05, window: .biolek(p: 1))
    // SET from x = 0 with f = 1 − x²: 0.1, then 0.1 + 0.1·0.99 = 0.199, then 0.199 + 0.1·(1 − 0.199²) = 0.2950399.
    var x = Crossbar(rows: 1, columns: 1, device: biolek)
    for expected in [0.1, 0.199, 0.2950399] {
      _ = x.program(row: 0, column: 0, steps: 1)
      #expect(abs(x.conductances(row: 0, column: 0).plus - g(expected)) < 1e-12 * 1e-4)
    }
    // RESET from x = 1 with f = 1 − (x − 1)²: 1 − 0.05 = 0.95, then 0.95 − 0.05·0.9975 = 0.900125.
    #expect(abs(biolek.afterPulse(1e-4, set: false) - g(0.95)) < 1e-12 * 1e-4)
    #expect(abs(biolek.afterPulse(g(0.95), set: false) - g(0.900125)) < 1e-12 * 1e-4)
    // Joglekar, f = 1 − (2x − 1)²: zero at x = 0, so a SET from g_min is ineffective; full step at x = 0.5.
    let joglekar = MemristorDevice.vteam(gMinSiemens: 1e-5, gMaxSiemens: 1e-4, setStateStep: 0.1, resetStateStep: 0.05, window: .joglekar(p: 1))
    var y = Crossbar(rows: 1, columns: 1, device: joglekar)
    #expect(y.program(row: 0, column: 0, steps: 1).ineffective == 1 && y.conductances(row: 0, column: 0).plus == 1e-5)
    #expect(abs(joglekar.afterPulse(g(0.5), set: true) - g(0.6)) < 1e-12 * 1e-4)
  }
}

