import DRAIDevices
import Foundation
import Testing

/// Device models and variability against closed forms and hand counts (Docs/devices.md).
@Suite struct DeviceModelTests {
  let lo = 1e-6, hi = 1e-4


  @Test("Soft bounds (NeuroSim): k SETs from gMin follow gMin + B(1 − e^(−k/A)); Pmax reach gMax; RESETs mirror from gMax")
  func softBoundsTrajectory() {
    // levels 33 ⇒ Pmax = 32; A = 0.25·32 = 8 pulses (set), 0.5·32 = 16 (reset).
    let device = MemristorDevice.softBounds(gMinSiemens: lo, gMaxSiemens: hi, levels: 33, nonlinearitySet: 0.25,
                                            nonlinearityReset: 0.5)
    let pMax = 32.0, aSet = 8.0, aReset = 16.0
    let bSet = (hi - lo) / (1 - exp(-pMax / aSet)), bReset = (hi - lo) / (1 - exp(-pMax / aReset))
    for k in [1, 5, 16, 32] {
      var x = Crossbar(rows: 1, columns: 1, device: device)
      let p = x.program(row: 0, column: 0, steps: k)  // G⁻ is at gMin, so k SETs on G⁺
      #expect(p.set == UInt64(k) && p.reset == 0)
      let expected = lo + bSet * (1 - exp(-Double(k) / aSet))
      #expect(abs(x.conductances(row: 0, column: 0).plus - expected) < 1e-12 * hi, "k = \(k)")
    }
    // From gMax (written directly), j RESETs on G⁺ follow gMax − B_r(1 − e^(−j/A_r)).
    var y = Crossbar(rows: 1, columns: 1, device: device)
    y.writeWeight(row: 0, column: 0, siemens: hi - lo)
    #expect(y.conductances(row: 0, column: 0).plus == hi)
    _ = y.program(row: 0, column: 0, steps: -10)
    #expect(abs(y.conductances(row: 0, column: 0).plus - (hi - bReset * (1 - exp(-10 / aReset)))) < 1e-12 * hi)
    // The first SET step is the largest: (B/A)-ish, here 1 − e^(−1/8) of B ≈ 3.8 nominal steps.
    #expect(device.afterPulse(lo, set: true) - lo > 3 * device.stepSiemens!)
  }

  @Test("Asymmetric step: a SET moves Δg(1 + β), a RESET Δg(1 − β), clipped at the bounds")
  func asymmetricStep() {
    let device = MemristorDevice.asymmetricStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 100, asymmetry: 0.25)
    let dg = (hi - lo) / 99
    var x = Crossbar(rows: 1, columns: 1, device: device)
    _ = x.program(row: 0, column: 0, steps: 3)  // 3 SETs on G⁺
    #expect(abs(x.conductances(row: 0, column: 0).plus - (lo + 3 * 1.25 * dg)) < 1e-15)
    _ = x.program(row: 0, column: 0, steps: -2)  // 2 RESETs on G⁺ (it is above gMin)
    #expect(abs(x.conductances(row: 0, column: 0).plus - (lo + 3 * 1.25 * dg - 2 * 0.75 * dg)) < 1e-15)
    // 200 SETs saturate at gMax; the extra pulses are counted as ineffective.
    var y = Crossbar(rows: 1, columns: 1, device: device)
    let p = y.program(row: 0, column: 0, steps: 200)
    #expect(y.conductances(row: 0, column: 0).plus == hi && p.set == 200 && p.ineffective == 200 - 80)
  }

  @Test("Cycle-to-cycle noise: one SET per cell changes G by Δg(1 + σξ); mean Δg, spread σΔg over 400 cells")
  func cycleToCycle() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 33)
    let dg = device.stepSiemens!
    var x = Crossbar(rows: 20, columns: 20, device: device, variability: DeviceVariability(cycleToCycleSigma: 0.2), seed: 7)
    var steps: [Double] = []
    for i in 0..<20 { for j in 0..<20 { _ = x.program(row: i, column: j, steps: 1); steps.append((x.conductances(row: i, column: j).plus - lo) / dg) } }
    let (mean, sd) = meanAndSD(steps)
    // Standard error of the mean 0.2/20 = 0.01; of the s.d. about 0.2/sqrt(800) = 0.007.
    #expect(abs(mean - 1) < 0.04 && abs(sd - 0.2) < 0.03, "mean \(mean), sd \(sd)")
  }

  @Test("Device-to-device spread: a device keeps its own step for life; steps spread by σ over devices")
  func deviceToDevice() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 101)
    let dg = device.stepSiemens!
    var x = Crossbar(rows: 20, columns: 20, device: device, variability: DeviceVariability(deviceToDeviceSigma: 0.3), seed: 9)
    var first: [Double] = []
    for i in 0..<20 {
      for j in 0..<20 {
        _ = x.program(row: i, column: j, steps: 1)
        let one = x.conductances(row: i, column: j).plus - lo
        _ = x.program(row: i, column: j, steps: 1)
        #expect(abs(x.conductances(row: i, column: j).plus - lo - 2 * one) < 1e-18, "the same scale at every pulse")
        first.append(one / dg)
      }
    }
    let (mean, sd) = meanAndSD(first)
    #expect(abs(mean - 1) < 0.06 && abs(sd - 0.3) < 0.04, "mean \(mean), sd \(sd)")
  }

  @Test("Scaled steps still reach the bound: up and back down past zero with device-to-device spread")
  func scaledStepsReachGMin() {
    // 16 nominal steps up on G⁺, then 60 down: RESETs bring G⁺ back to g_min exactly (the
    // clamp acts after the device's scale, so a small scale only takes more pulses: 60 cover
    // any scale above 16/60 ≈ 0.27, i.e. −2.4σ), and the remaining pulses SET G⁻.
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 33)
    var x = Crossbar(rows: 4, columns: 4, device: device, variability: DeviceVariability(deviceToDeviceSigma: 0.3), seed: 3)
    for i in 0..<4 {
      for j in 0..<4 {
        _ = x.program(row: i, column: j, steps: 16)
        _ = x.program(row: i, column: j, steps: -60)
        let c = x.conductances(row: i, column: j)
        #expect(c.plus == lo, "G⁺ back at g_min exactly")
        #expect(c.minus > lo && x.weightSiemens(row: i, column: j) < 0)
      }
    }
  }

  @Test("Ideal device with a stuck G⁻: the working G⁺ carries the whole change")
  func idealWithStuckPartner() {
    // Half the devices are stuck at g_max, so about a quarter of the cells have G⁻ stuck there
    // and G⁺ working at g_min; take the first one.
    let device = MemristorDevice.ideal(gMinSiemens: lo, gMaxSiemens: hi)
    var x = Crossbar(rows: 8, columns: 8, device: device, variability: DeviceVariability(stuckAtMaxFraction: 0.5), seed: 5)
    for i in 0..<8 {
      for j in 0..<8 {
        let c = x.conductances(row: i, column: j)
        guard c.minus == hi && c.plus == lo else { continue }
        // w = lo − hi now; raise it by half the range: only G⁺ can move, by the whole change.
        let p = x.program(row: i, column: j, deltaSiemens: (hi - lo) / 2)
        #expect(abs(x.conductances(row: i, column: j).plus - (lo + (hi - lo) / 2)) < 1e-18)
        #expect(x.conductances(row: i, column: j).minus == hi && p.set == 1 && p.ineffective == 0)
        return
      }
    }
    Issue.record("no cell with a stuck G⁻ and a working G⁺")
  }

  @Test("Stuck devices: fractions honoured (binomial bounds), stuck-at-gMax starts at gMax, pulses on them change nothing")
  func stuckDevices() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 33)
    let v = DeviceVariability(stuckAtMinFraction: 0.1, stuckAtMaxFraction: 0.05)
    var x = Crossbar(rows: 100, columns: 100, device: device, variability: v, seed: 11)
    // 20,000 devices: expected 3,000 stuck, binomial s.d. sqrt(20000·0.15·0.85) = 50.
    #expect(abs(x.stuckDevices - 3_000) < 250)
    var atMax = 0
    for i in 0..<100 { for j in 0..<100 { let c = x.conductances(row: i, column: j); atMax += (c.plus == hi ? 1 : 0) + (c.minus == hi ? 1 : 0) } }
    #expect(abs(atMax - 1_000) < 160)  // s.d. sqrt(20000·0.05·0.95) = 31
    // Find a cell whose G⁺ is stuck at gMin and G⁻ works: raising the weight SETs G⁺, in vain.
    for i in 0..<100 {
      for j in 0..<100 {
        let c = x.conductances(row: i, column: j)
        guard c.plus == lo && c.minus == lo else { continue }
        let p = x.program(row: i, column: j, steps: 3)
        if x.conductances(row: i, column: j).plus == lo {
          #expect(p.set == 3 && p.ineffective == 3)
          return
        }
      }
    }
    Issue.record("no stuck-at-gMin G⁺ found among 10,000 cells")
  }

  @Test("Conductance sums for V²·G·t: each pulse adds its device's mean conductance; the array total stays exact")
  func conductanceSums() {
    // 5 levels from 1 µS to 5 µS (step 1 µS). Raise by 3 from zero: SETs on G⁺ through 1→2→3→4
    // µS: Σ = 1.5 + 2.5 + 3.5 = 7.5 µS. Then lower by 5: 3 RESETs on G⁺ (4→1: 3.5 + 2.5 + 1.5 =
    // 7.5 µS), then 2 SETs on G⁻ (1→3: 1.5 + 2.5 = 4 µS). Then 4 more down: 2 SETs on G⁻ (3→5:
    // 3.5 + 4.5 = 8 µS), then 2 pulses at the bound (5 µS each, ineffective).
    let device = MemristorDevice.linearStep(gMinSiemens: 1e-6, gMaxSiemens: 5e-6, levels: 5)
    for variability in [DeviceVariability.none, DeviceVariability(endurancePulses: 1_000)] {  // exact path and pulse-by-pulse path
      var x = Crossbar(rows: 2, columns: 2, device: device, variability: variability, seed: 1)
      let up = x.program(row: 1, column: 0, steps: 3)
      #expect(abs(up.setConductanceSum - 7.5e-6) < 1e-15 && up.resetConductanceSum == 0)
      let down = x.program(row: 1, column: 0, steps: -5)
      #expect(abs(down.resetConductanceSum - 7.5e-6) < 1e-15 && abs(down.setConductanceSum - 4e-6) < 1e-15)
      let more = x.program(row: 1, column: 0, steps: -4)
      #expect(abs(more.setConductanceSum - (8e-6 + 2 * 5e-6)) < 1e-15 && more.ineffective == 2)
      // The array's total conductance: 7 devices at 1 µS and G⁻ of cell (1, 0) at 5 µS.
      #expect(abs(x.totalConductanceSiemens - (7e-6 + 5e-6)) < 1e-18)
      #expect(abs(x.columnConductanceSiemens(0) - (3e-6 + 5e-6)) < 1e-18)
    }
  }

  @Test("Write-verify: pulse and read until within half a step of the target, or the limit")
  func writeVerify() {
    // Asymmetric step, β = 0.3: SET +1.3Δg, RESET −0.7Δg. Target +2Δg from 0: read (0), SET →
    // 1.3 (off by 0.7), SET → 2.6 (0.6), RESET G⁺ → 1.9 (0.1 ≤ 0.5): 3 pulses, 4 reads of the pair.
    let device = MemristorDevice.asymmetricStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 100, asymmetry: 0.3)
    let dg = device.stepSiemens!
    var x = Crossbar(rows: 1, columns: 1, device: device)
    x.writeVerifyMaxPulses = 10
    let p = x.programVerified(row: 0, column: 0, targetSiemens: 2 * dg)
    #expect(p.set == 2 && p.reset == 1 && p.verifyReads == 4)
    #expect(abs(x.weightSiemens(row: 0, column: 0) - 1.9 * dg) < 1e-12 * hi)
    // The reads' conductance G⁺ + G⁻: 2lo first, then (2lo + 1.3Δg) + (2lo + 2.6Δg) + (2lo + 1.9Δg).
    #expect(abs(p.verifyConductanceSum - (8 * lo + 5.8 * dg)) < 1e-12 * hi)
    // A limit of 1 stops after the first pulse, still off by 0.7Δg.
    var y = Crossbar(rows: 1, columns: 1, device: device)
    y.writeVerifyMaxPulses = 1
    let q = y.programVerified(row: 0, column: 0, targetSiemens: 2 * dg)
    #expect(q.total == 1 && q.verifyReads == 2 && abs(y.weightSiemens(row: 0, column: 0) - 1.3 * dg) < 1e-12 * hi)
    // A stuck device: the first pulse moves nothing and ends the loop (1 pulse, 1 read).
    var z = Crossbar(rows: 1, columns: 1, device: device, variability: DeviceVariability(stuckAtMinFraction: 1), seed: 1)
    z.writeVerifyMaxPulses = 10
    let r = z.programVerified(row: 0, column: 0, targetSiemens: 2 * dg)
    #expect(r.total == 1 && r.ineffective == 1 && r.verifyReads == 1)
  }

  @Test("Drift: G₀·((t − t_p)/t₀)^(−ν) from the last programming, never below gMin; reprogramming restarts the clock")
  func drift() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 33)
    let dg = device.stepSiemens!
    var x = Crossbar(rows: 1, columns: 1, device: device, variability: DeviceVariability(driftNu: 0.1, driftT0Microseconds: 1))
    _ = x.program(row: 0, column: 0, steps: 10)  // at t = 0: G⁺ = lo + 10Δg
    let g0 = lo + 10 * dg
    x.timeMicroseconds = 0.5
    x.applyDrift()  // younger than t₀: no drift
    #expect(abs(x.conductances(row: 0, column: 0).plus - g0) < 1e-18)
    x.timeMicroseconds = 100
    x.applyDrift()
    let g1 = g0 * pow(100, -0.1)  // 0.631·G₀
    #expect(abs(x.conductances(row: 0, column: 0).plus - g1) < 1e-15)
    #expect(x.conductances(row: 0, column: 0).minus == lo, "a device at gMin stays there")
    _ = x.program(row: 0, column: 0, steps: 1)  // at t = 100: G⁺ = g1 + Δg, clock restarts
    x.timeMicroseconds = 150
    x.applyDrift()
    #expect(abs(x.conductances(row: 0, column: 0).plus - (g1 + dg) * pow(50, -0.1)) < 1e-15)
  }

  @Test("VTEAM: k pulses move the state by k·Δx, resistance linear in the state; a zero step moves nothing")
  func vteam() {
    // gMin 10 µS (R_off 100 kΩ), gMax 100 µS (R_on 10 kΩ), Δx = 0.1 per SET: after 3 SETs x = 0.3,
    // R = 100 kΩ − 0.3·90 kΩ = 73 kΩ, G = 13.70 µS; after 10, x = 1: G = gMax.
    let device = MemristorDevice.vteam(gMinSiemens: 1e-5, gMaxSiemens: 1e-4, setStateStep: 0.1, resetStateStep: 0.05)
    var x = Crossbar(rows: 1, columns: 1, device: device)
    _ = x.program(row: 0, column: 0, steps: 3)
    #expect(abs(x.conductances(row: 0, column: 0).plus - 1 / 73_000.0) < 1e-15)
    _ = x.program(row: 0, column: 0, steps: 7)
    #expect(abs(x.conductances(row: 0, column: 0).plus - 1e-4) < 1e-15)
    // 4 RESETs of 0.05: x = 0.8, R = 100 kΩ − 72 kΩ = 28 kΩ.
    _ = x.program(row: 0, column: 0, steps: -4)
    #expect(abs(x.conductances(row: 0, column: 0).plus - 1 / 28_000.0) < 1e-15)
    // A pulse below threshold (step 0) is issued and moves nothing.
    let weak = MemristorDevice.vteam(gMinSiemens: 1e-5, gMaxSiemens: 1e-4, setStateStep: 0, resetStateStep: 0)
    var y = Crossbar(rows: 1, columns: 1, device: weak)
    let p = y.program(row: 0, column: 0, steps: 2)
    #expect(p.set == 2 && p.ineffective == 2 && y.conductances(row: 0, column: 0).plus == 1e-5)
  }

  @Test("IR drop: a read sees g/(1 + g·r·segments), segments = (row + 1) + (columns − column)")
  func irDrop() {
    // 2 × 2 ideal array (gMin 0), r = 1 kΩ per segment. Cell (1, 0): 2 + 2 = 4 segments; cell
    // (0, 1): 1 + 1 = 2. With G⁺ = 100 µS: 1e-4/(1 + 0.4) and 1e-4/(1 + 0.2) siemens.
    var x = Crossbar(rows: 2, columns: 2, device: .ideal(gMinSiemens: 0, gMaxSiemens: 1e-4))
    x.setWireResistance(1_000)
    x.writeWeight(row: 1, column: 0, siemens: 1e-4)
    x.writeWeight(row: 0, column: 1, siemens: 1e-4)
    var yc = [Float](repeating: 0, count: 2), ys = yc
    let cosIn: [Float] = [1, 1], sinIn: [Float] = [0, 0]
    cosIn.withUnsafeBufferPointer { c in
      sinIn.withUnsafeBufferPointer { s in
        yc.withUnsafeMutableBufferPointer { oc in ys.withUnsafeMutableBufferPointer { os in
          x.read(cosInputs: c, sinInputs: s, cosOutputs: oc, sinOutputs: os)
        } }
      }
    }
    #expect(abs(Double(yc[1]) - 1e-4 / 1.4) < 1e-10 && abs(Double(yc[0]) - 1e-4 / 1.2) < 1e-10)
    // The stored conductance is unchanged: only what the read sees.
    #expect(x.weightSiemens(row: 1, column: 0) == 1e-4)
  }

  @Test("Endurance: a device stops switching after its limit; later pulses are ineffective")
  func endurance() {
    let device = MemristorDevice.linearStep(gMinSiemens: lo, gMaxSiemens: hi, levels: 33)
    var x = Crossbar(rows: 1, columns: 1, device: device, variability: DeviceVariability(endurancePulses: 5), seed: 1)
    let p = x.program(row: 0, column: 0, steps: 8)
    // Pulses 1-5 each move G⁺ one level; the device is then worn out at level 5.
    #expect(abs(x.conductances(row: 0, column: 0).plus - (lo + 5 * device.stepSiemens!)) < 1e-15)
    #expect(p.set == 8 && p.ineffective == 3 && x.wornOutDevices == 1)
  }
}
