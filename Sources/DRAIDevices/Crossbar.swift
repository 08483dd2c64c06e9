import DRAICore

/// A memristor crossbar of differential pairs: `rows` bit lines (outputs) × `columns` word
/// lines (inputs).
///
/// Cell (i, j) holds a pair (G⁺_ij, G⁻_ij) of conductances in siemens; its signed weight is
/// G⁺ − G⁻. A read drives the word lines with voltages x_j·V_read (x_j ∈ [−1, 1], already
/// quantised by the DAC) and senses the bit-line currents I_i = V_read·Σ_j (G⁺_ij − G⁻_ij)·x_j
/// (Ohm's and Kirchhoff's laws, ideal wires). Storage is column-major (cell (i, j) at
/// `j·rows + i`) so a read broadcasts x_j down a contiguous column, which vectorises.
public struct Crossbar: Sendable, Codable {
  /// Number of bit lines (outputs).
  public let rows: Int
  /// Number of word lines (inputs).
  public let columns: Int
  /// The device type of every cell.
  public let device: MemristorDevice
  /// The non-idealities of its devices.
  public let variability: DeviceVariability
  /// Write-verify: a planned change is programmed one pulse at a time, reading the pair after
  /// each, until the weight is within half a nominal step of its target or this many pulses
  /// were spent (0: open loop, the planned number of pulses and no reads).
  public var writeVerifyMaxPulses = 0
  @usableFromInline var plus: [Double]
  @usableFromInline var minus: [Double]
  /// G⁺ − G⁻ in siemens, as read by the analog array (with wire resistance, the difference of
  /// the effective conductances), in the read's order (``readIndex(row:column:)``).
  @usableFromInline var differential: [Float]
  /// Per device (index 2·cell for G⁺, 2·cell + 1 for G⁻), only with variability: its state
  /// (``DeviceState``), its lifetime step scale, and its pulses so far (with an endurance limit).
  var state: [DeviceState] = []
  var stepScale: [Double] = []
  var pulsesIssued: [UInt32] = []
  /// With conductance-range variability, each device's own bounds (siemens); with asymmetry
  /// variability, each device's r (SET steps × (1 + r), RESET steps × (1 − r)).
  var lowerBound: [Double] = []
  var upperBound: [Double] = []
  var asymmetryOffset: [Double] = []
  /// With drift: each device's last programmed conductance and its time (µs).
  var programmedConductance: [Double] = []
  var programmedAtMicroseconds: [Double] = []
  /// Counts the changes of any conductance (every write, pulse, drift step): a reader that
  /// caches something derived from the conductances compares it with its own copy.
  public internal(set) var generation: UInt64 = 0
  /// The time (µs) that programming is stamped with; the owner keeps it current.
  public var timeMicroseconds = 0.0
  /// Wire resistance per cell segment of word and bit lines, ohms (0: ideal wires). See
  /// ``effectiveConductance(_:row:column:)``.
  public internal(set) var wireResistanceOhms = 0.0
  /// Cycle-to-cycle noise of programming pulses (stream "c2c" of the crossbar's seed).
  var programmingRNG: SeededRNG
  /// Σ of every device's conductance, G⁺ and G⁻ (siemens): what the two reads of a coupling
  /// period conduct together at full scale (cos² + sin² = 1), for V²·G·t read energy.
  public internal(set) var totalConductanceSiemens: Double

  /// A crossbar with every working device at its lower bound (gMin, or its own with
  /// conductance-range variability; all weights zero without it); stuck devices sit at their
  /// bound from the start. Device-to-device draws and faults come from `seed` (streams `stream`
  /// + "/d2d", "/faults", "/range", "/asymmetry"), cycle-to-cycle noise from stream `stream` + "/c2c".
  ///
  /// Preconditions: rows ≥ 1, columns ≥ 0 (an array without word lines holds nothing).
  public init(rows: Int, columns: Int, device: MemristorDevice, variability: DeviceVariability = .none,
              seed: UInt64 = 0, stream: String = "crossbar") {
    precondition(rows >= 1 && columns >= 0, "a crossbar needs at least one row")
    self.rows = rows
    self.columns = columns
    self.device = device
    self.variability = variability
    plus = [Double](repeating: device.gMinSiemens, count: rows * columns)
    minus = plus
    differential = [Float](repeating: 0, count: rows * columns)
    totalConductanceSiemens = 2 * Double(rows * columns) * device.gMinSiemens
    programmingRNG = SeededRNG(seed: seed, stream: stream + "/c2c")
    if !variability.isNone { drawDevices(seed: seed, stream: stream) }
  }

  /// Where cell (row, column) sits in the read's copy of the array: bit lines in blocks of 16,
  /// each block word line by word line (its 16 cells of word line j contiguous, then word line
  /// j + 1), blocks one after another, then the rows past the last whole block row by row. A
  /// read thus streams through the array once, front to back, whether it sits in L1 or has to
  /// come from L3 (the column-blocked layout of the reference kernels).
  @inlinable func readIndex(row i: Int, column j: Int) -> Int {
    let whole = rows & ~15
    return i < whole ? (i >> 4) &* 16 &* columns &+ j &* 16 &+ (i & 15) : i &* columns &+ j
  }

  /// The signed conductance G⁺ − G⁻ (siemens) of cell (row, column).
  @inlinable public func weightSiemens(row: Int, column: Int) -> Double {
    plus[column * rows + row] - minus[column * rows + row]
  }

  /// The pair (G⁺, G⁻) of cell (row, column) in siemens.
  @inlinable public func conductances(row: Int, column: Int) -> (plus: Double, minus: Double) {
    (plus[column * rows + row], minus[column * rows + row])
  }

  /// Calls `body` with the G⁺ and G⁻ conductances (siemens) of every cell, column-major (cell
  /// (i, j) at `j·rows + i`), for hot loops that read many cells.
  @inlinable public func withConductances<R>(
    _ body: (_ plus: UnsafeBufferPointer<Double>, _ minus: UnsafeBufferPointer<Double>) throws -> R
  ) rethrows -> R {
    try plus.withUnsafeBufferPointer { p in try minus.withUnsafeBufferPointer { m in try body(p, m) } }
  }

  /// Writes a signed conductance directly, as an ideal write-verify loop would: the positive
  /// part goes to G⁺ and the negative part to G⁻ over each device's lower bound, clamped to the
  /// device's range and, for a stepped device, rounded to the nearest of its levels (its own
  /// range with conductance-range variability). Issues no pulses and counts none; used to load
  /// a weight matrix (e.g. the Kuramoto all-to-all coupling). Stuck and worn-out devices keep
  /// their conductance.
  public mutating func writeWeight(row: Int, column: Int, siemens w: Double) {
    let k = column * rows + row
    func quantise(_ d: Int, _ above: Double) -> Double {
      let (lo, hi) = bounds(d)
      let c = Swift.min(lo + above, hi)
      guard let nominal = device.stepSiemens else { return c }
      let step = nominal * (hi - lo) / (device.gMaxSiemens - device.gMinSiemens)
      return Swift.min(lo + ((c - lo) / step).rounded() * step, hi)
    }
    // Write-verify cannot move a stuck or worn-out device.
    store(k, plus: isWorking(2 * k) ? quantise(2 * k, Swift.max(w, 0)) : plus[k],
          minus: isWorking(2 * k + 1) ? quantise(2 * k + 1, Swift.max(-w, 0)) : minus[k])
  }

  /// Reads the array twice, once with `cosInputs` and once with `sinInputs` on the word lines,
  /// writing Σ_j (G⁺ − G⁻)_ij·x_j (siemens; multiply by V_read for amps) to `cosOutputs` and
  /// `sinOutputs`. Ideal periphery; noise and ADC are applied by the caller.
  ///
  /// Preconditions: inputs have `columns` elements, outputs `rows`.
  /// - Complexity: O(rows × columns).
  @inlinable public func read(
    cosInputs: UnsafeBufferPointer<Float>, sinInputs: UnsafeBufferPointer<Float>,
    cosOutputs: UnsafeMutableBufferPointer<Float>, sinOutputs: UnsafeMutableBufferPointer<Float>
  ) {
    precondition(cosInputs.count >= columns && sinInputs.count >= columns, "one input per word line")
    precondition(cosOutputs.count >= rows && sinOutputs.count >= rows, "one output per bit line")
    let n = rows, m = columns
    let blocks = n / 16
    differential.withUnsafeBufferPointer { gBuffer in
      let g = UnsafeRawPointer(gBuffer.baseAddress!)
      let xc = cosInputs.baseAddress!, xs = sinInputs.baseAddress!
      let yc = cosOutputs.baseAddress!, ys = sinOutputs.baseAddress!
      var first = 0
      #if DRAI_FMA
      // Native builds: 64 bit lines at a time, eight independent accumulator chains, enough to
      // keep two FMA units busy across their latency (32 vector registers of AVX-512 hold
      // them). Each bit line still sums its terms in word-line order: the same bits as below.
      // Four blocks side by side: four sequential streams, one per block.
      let blockStride = 16 * m * MemoryLayout<Float>.stride
      while first + 4 <= blocks {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
        var offset = first * blockStride
        for j in 0..<m {
          let w0 = g.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
          let w1 = g.loadUnaligned(fromByteOffset: offset &+ blockStride, as: SIMD16<Float>.self)
          let w2 = g.loadUnaligned(fromByteOffset: offset &+ 2 &* blockStride, as: SIMD16<Float>.self)
          let w3 = g.loadUnaligned(fromByteOffset: offset &+ 3 &* blockStride, as: SIMD16<Float>.self)
          let x = xc[j], y = xs[j]
          c0.addProduct(x, w0); c1.addProduct(x, w1); c2.addProduct(x, w2); c3.addProduct(x, w3)
          s0.addProduct(y, w0); s1.addProduct(y, w1); s2.addProduct(y, w2); s3.addProduct(y, w3)
          offset &+= 64
        }
        let c = UnsafeMutableRawPointer(yc + 16 * first), s = UnsafeMutableRawPointer(ys + 16 * first)
        c.storeBytes(of: c0, as: SIMD16<Float>.self); c.storeBytes(of: c1, toByteOffset: 64, as: SIMD16<Float>.self)
        c.storeBytes(of: c2, toByteOffset: 128, as: SIMD16<Float>.self); c.storeBytes(of: c3, toByteOffset: 192, as: SIMD16<Float>.self)
        s.storeBytes(of: s0, as: SIMD16<Float>.self); s.storeBytes(of: s1, toByteOffset: 64, as: SIMD16<Float>.self)
        s.storeBytes(of: s2, toByteOffset: 128, as: SIMD16<Float>.self); s.storeBytes(of: s3, toByteOffset: 192, as: SIMD16<Float>.self)
        first += 4
      }
      #endif
      // 16 bit lines at a time: broadcast x_j over the block's 16 cells of word line j, no
      // horizontal sums; the block's cells are contiguous, so the read streams through memory.
      for b in first..<blocks {
        var accC = SIMD16<Float>(), accS = SIMD16<Float>()
        var offset = b * 16 * m * MemoryLayout<Float>.stride
        for j in 0..<m {
          let w = g.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
          #if DRAI_FMA
          // Native builds (make NATIVE=1): fused multiply-add, one rounding per term, so the
          // sums differ from the portable build's in their last bits.
          accC.addProduct(xc[j], w)
          accS.addProduct(xs[j], w)
          #else
          accC += w * xc[j]
          accS += w * xs[j]
          #endif
          offset &+= 64
        }
        UnsafeMutableRawPointer(yc + 16 * b).storeBytes(of: accC, as: SIMD16<Float>.self)
        UnsafeMutableRawPointer(ys + 16 * b).storeBytes(of: accS, as: SIMD16<Float>.self)
      }
      let gf = gBuffer.baseAddress!
      for i in (16 * blocks)..<n {
        var c: Float = 0, s: Float = 0
        for j in 0..<m {
          #if DRAI_FMA
          // Fused as in the blocks above, so that a native build's every bit line rounds alike.
          c = c.addingProduct(gf[i * m + j], xc[j])
          s = s.addingProduct(gf[i * m + j], xs[j])
          #else
          c += gf[i * m + j] * xc[j]
          s += gf[i * m + j] * xs[j]
          #endif
        }
        yc[i] = c
        ys[i] = s
      }
    }
  }

  /// Σ_j (G⁺² + G⁻²)_ij·x_j² for each row (siemens²): the variance factor of the summed read
  /// noise when every cell has independent relative noise.
  /// - Complexity: O(rows × columns).
  public func noiseVariance(inputs: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Double>) {
    for i in 0..<rows { out[i] = 0 }
    for j in 0..<columns {
      let x2 = Double(inputs[j]) * Double(inputs[j])
      if x2 == 0 { continue }
      for i in 0..<rows {
        let k = j * rows + i
        out[i] += (plus[k] * plus[k] + minus[k] * minus[k]) * x2
      }
    }
  }
}
