import DRAICore
import DRAIDevices
import Foundation
import Testing

@Suite struct CrossbarTests {
  @Test("An ideal crossbar read equals the matrix product")
  func idealRead() {
    let rows = 37, columns = 53  // not multiples of 16: exercises the blocked and tail paths
    var crossbar = Crossbar(rows: rows, columns: columns, device: .ideal(gMinSiemens: 1e-6, gMaxSiemens: 1e-4))
    var rng = SeededRNG(seed: 1, stream: "xbar")
    var w = [Double](repeating: 0, count: rows * columns)
    for i in 0..<rows { for j in 0..<columns {
      w[i * columns + j] = (2 * rng.nextUnit() - 1) * 9e-5
      crossbar.writeWeight(row: i, column: j, siemens: w[i * columns + j])
    } }
    let xc = (0..<columns).map { _ in Float(2 * rng.nextUnit() - 1) }
    let xs = (0..<columns).map { _ in Float(2 * rng.nextUnit() - 1) }
    var yc = [Float](repeating: 0, count: rows), ys = yc
    xc.withUnsafeBufferPointer { a in xs.withUnsafeBufferPointer { b in
      yc.withUnsafeMutableBufferPointer { c in ys.withUnsafeMutableBufferPointer { s in
        crossbar.read(cosInputs: a, sinInputs: b, cosOutputs: c, sinOutputs: s)
      } }
    } }
    for i in 0..<rows {
      var ec = 0.0, es = 0.0, scale = 0.0
      for j in 0..<columns {
        ec += w[i * columns + j] * Double(xc[j]); es += w[i * columns + j] * Double(xs[j])
        scale += abs(w[i * columns + j])
      }
      // Float storage and accumulation: relative error ≲ columns · 2^-24.
      #expect(abs(Double(yc[i]) - ec) <= scale * 1e-5)
      #expect(abs(Double(ys[i]) - es) <= scale * 1e-5)
    }
  }

  @Test("Quantised read: error within the bound that the DAC and ADC widths imply")
  func quantisedRead() {
    // y = Σ_j w_j x_j. DAC (b_d bits, full scale 1) errs by ≤ 1/(2 q_d) per input, q = 2^(b−1) − 1;
    // ADC (b_a bits, full scale F) errs by ≤ F/(2 q_a). So |ŷ − y| ≤ Σ|w_j|/(2 q_d) + F/(2 q_a).
    let n = 64
    var crossbar = Crossbar(rows: 1, columns: n, device: .ideal(gMinSiemens: 0, gMaxSiemens: 1e-4))
    var rng = SeededRNG(seed: 2, stream: "q")
    for (dacBits, adcBits) in [(4, 6), (8, 10), (6, 12)] {
      let fullScale = 0.35 * Double(n) * 1e-4
      let dac = Converter(bits: dacBits, fullScale: 1), adc = Converter(bits: adcBits, fullScale: fullScale)
      for _ in 0..<50 {
        var w = [Double](repeating: 0, count: n)
        for j in 0..<n { w[j] = (2 * rng.nextUnit() - 1) * 3e-5; crossbar.writeWeight(row: 0, column: j, siemens: w[j]) }
        let x = (0..<n).map { _ in 2 * rng.nextUnit() - 1 }
        var saturated = false
        let xq = x.map { Float(dac.convert($0, saturated: &saturated)) }
        var yc: [Float] = [0], ys: [Float] = [0]
        xq.withUnsafeBufferPointer { a in yc.withUnsafeMutableBufferPointer { c in ys.withUnsafeMutableBufferPointer { s in
          crossbar.read(cosInputs: a, sinInputs: a, cosOutputs: c, sinOutputs: s)
        } } }
        let y = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
        let yq = adc.convert(Double(yc[0]), saturated: &saturated)
        let bound = w.map(abs).reduce(0, +) * dac.maximumError + adc.maximumError
        #expect(!saturated)
        #expect(abs(yq - y) <= bound + w.map(abs).reduce(0, +) * 1e-5)  // + Float rounding
      }
    }
  }

  @Test("Converter: half-LSB error in range, saturation beyond, identity when ideal")
  func converter() {
    let c = Converter(bits: 4, fullScale: 1)  // q = 7: codes k/7
    var s = false
    #expect(c.convert(0.5, saturated: &s) == 4.0 / 7)  // 3.5 codes → 4 (ties to even)
    #expect(c.convert(0.2, saturated: &s) == 1.0 / 7)  // 1.4 → 1
    #expect(!s)
    #expect(c.convert(1.3, saturated: &s) == 1)
    #expect(s)
    var t = false
    #expect(Converter(bits: 0, fullScale: 1).convert(3.7, saturated: &t) == 3.7 && !t)
  }

  @Test("Converter: eight lanes convert as eight scalar calls, saturation flags included", arguments: [0, 4, 10])
  func converterLanes(bits: Int) {
    let c = Converter(bits: bits, fullScale: 0.35)
    // In range, exact codes, ties, the full scale and just beyond it, far beyond, and the
    // non-finite values (a NaN passes through and counts as saturated, as one at a time).
    let inputs: [Double] = [0, -0.0, 0.1, -0.1, 0.35, -0.35, 0.35000001, -0.36, 0.35 / 7 * 3.5, 1e20, -1e20,
                            .infinity, -.infinity, .nan, 0.2, -0.2]
    for start in stride(from: 0, to: inputs.count, by: 8) {
      var lanes = SIMD8<Double>()
      for k in 0..<8 { lanes[k] = inputs[start + k] }
      let v = c.convertCountingSaturation(lanes)
      for k in 0..<8 {
        let one = c.convertCountingSaturation(inputs[start + k])
        #expect(v.value[k].bitPattern == one.value.bitPattern || (v.value[k].isNaN && one.value.isNaN), "input \(inputs[start + k])")
        #expect(v.saturated[k] == one.saturated, "input \(inputs[start + k])")
      }
    }
  }

  @Test("Crossbar read: each bit line sums its cells in word-line order, whatever its block", arguments: [5, 16, 70, 80, 130])
  func readOrder(rows: Int) {
    // 70 = one 64-line block (native builds) or four 16-line blocks, then six lines one at a
    // time; the sums must be the sequential ones, bit for bit, in every case.
    let columns = 37
    var x = Crossbar(rows: rows, columns: columns, device: .ideal(gMinSiemens: 0, gMaxSiemens: 1e-4))
    var rng = SeededRNG(seed: 3, stream: "read")
    for i in 0..<rows { for j in 0..<columns { x.writeWeight(row: i, column: j, siemens: (rng.nextUnit() * 2 - 1) * 1e-4) } }
    let xc = (0..<columns).map { _ in Float(rng.nextUnit() * 2 - 1) }, xs = (0..<columns).map { _ in Float(rng.nextUnit() * 2 - 1) }
    var yc = [Float](repeating: .nan, count: rows), ys = yc
    xc.withUnsafeBufferPointer { a in
      xs.withUnsafeBufferPointer { b in
        yc.withUnsafeMutableBufferPointer { c in ys.withUnsafeMutableBufferPointer { d in x.read(cosInputs: a, sinInputs: b, cosOutputs: c, sinOutputs: d) } }
      }
    }
    for i in 0..<rows {
      var c: Float = 0, s: Float = 0
      for j in 0..<columns {
        let g = Float(x.weightSiemens(row: i, column: j))
        #if DRAI_FMA
        c = c.addingProduct(g, xc[j]); s = s.addingProduct(g, xs[j])
        #else
        c += g * xc[j]; s += g * xs[j]
        #endif
      }
      #expect(yc[i].bitPattern == c.bitPattern && ys[i].bitPattern == s.bitPattern, "bit line \(i)")
    }
  }

  @Test("Linear-step differential pair: one level per pulse, RESET before SET, bounded")
  func linearStepProgramming() {
    // 5 levels from 1 µS to 5 µS: step 1 µS; the pair spans −4 µS ... +4 µS.
    var x = Crossbar(rows: 1, columns: 1, device: .linearStep(gMinSiemens: 1e-6, gMaxSiemens: 5e-6, levels: 5))
    var p = x.program(row: 0, column: 0, steps: 3)
    #expect(p.set == 3 && p.reset == 0 && p.ineffective == 0)
    #expect(abs(x.weightSiemens(row: 0, column: 0) - 3e-6) < 1e-15)
    p = x.program(row: 0, column: 0, steps: -5)  // three RESETs on G⁺, then two SETs on G⁻
    #expect(p.reset == 3 && p.set == 2)
    #expect(abs(x.weightSiemens(row: 0, column: 0) + 2e-6) < 1e-15)
    p = x.program(row: 0, column: 0, steps: -4)  // G⁻ goes 3 → 5 µS (two pulses), then 2 at the bound
    #expect(p.set == 4 && p.ineffective == 2)
    #expect(abs(x.weightSiemens(row: 0, column: 0) + 4e-6) < 1e-15)
    let g = x.conductances(row: 0, column: 0)
    #expect(abs(g.plus - 1e-6) < 1e-15 && abs(g.minus - 5e-6) < 1e-15)
  }
}
