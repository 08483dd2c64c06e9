import DRAIDevices

/// The last pass of a coupling period: ADC conversion of both bit lines, the coupling rate
/// gain·(s_i cos φ_i − c_i sin φ_i), the optional forcing term and drive sum, and the phase
/// increment in register LSBs.
///
/// Eight oscillators at a time (SIMD8, one AVX-512 register or four SSE2 registers), then one
/// at a time: the same operations in the same order in every lane, so the same bits whatever
/// the oscillator count. The two switches are compile-time constants at each call site, so
/// each variant is a branch-free loop.
enum CouplingRates {
  /// The buffers of one tile's pass (N elements each).
  struct Buffers {
    /// Bit-line currents of the cos and sin reads (siemens × full-scale input).
    var bitCos: UnsafePointer<Float>, bitSin: UnsafePointer<Float>
    /// cos φ_i and sin φ_i; `sin` receives the increments (register LSBs).
    var cos: UnsafePointer<Double>, sin: UnsafeMutablePointer<Double>
    /// Window sums of the drive gain·(c_i cos φ_i + s_i sin φ_i) (read and written when driven).
    var drive: UnsafeMutablePointer<Double>
    /// sin(ψ_i − φ_i) (read when forced).
    var forcingSine: UnsafePointer<Double>
  }

  /// Runs the pass over `n` oscillators and returns how many had a bit line saturate its ADC:
  /// with the forcing term when `forcing` ≠ 0 and the drive sums when `driven`. `gain` and
  /// `forcing` in rad/µs per unit, `scale` in register LSBs per rad/µs.
  /// - Complexity: O(n), no allocation.
  static func run(n: Int, adc: Converter, gain: Double, forcing: Double, scale: Double, _ b: Buffers, driven: Bool) -> Int {
    switch (forcing != 0, driven) {
    case (true, true): return apply(n: n, adc: adc, gain: gain, forcing: forcing, scale: scale, b, forced: true, driven: true)
    case (true, false): return apply(n: n, adc: adc, gain: gain, forcing: forcing, scale: scale, b, forced: true, driven: false)
    case (false, true): return apply(n: n, adc: adc, gain: gain, forcing: forcing, scale: scale, b, forced: false, driven: true)
    case (false, false): return apply(n: n, adc: adc, gain: gain, forcing: forcing, scale: scale, b, forced: false, driven: false)
    }
  }

  /// One variant of ``run(n:adc:gain:forcing:scale:_:driven:)``, the switches constant.
  @inline(__always)
  static func apply(
    n: Int, adc: Converter, gain: Double, forcing: Double, scale: Double, _ b: Buffers,
    forced: Bool, driven: Bool
  ) -> Int {
    var i = 0
    var saturatedLanes = SIMD8<Int64>()
    while i &+ 8 <= n {
      let c = adc.convertCountingSaturation(SIMD8<Double>(UnsafeRawPointer(b.bitCos + i).loadUnaligned(as: SIMD8<Float>.self)))
      let s = adc.convertCountingSaturation(SIMD8<Double>(UnsafeRawPointer(b.bitSin + i).loadUnaligned(as: SIMD8<Float>.self)))
      saturatedLanes &+= SIMD8<Int64>().replacing(with: 1, where: c.saturated .| s.saturated)
      let cosine = UnsafeRawPointer(b.cos + i).loadUnaligned(as: SIMD8<Double>.self)
      let sine = UnsafeRawPointer(b.sin + i).loadUnaligned(as: SIMD8<Double>.self)
      var rate = gain * (s.value * cosine - c.value * sine)
      if driven {
        let d = UnsafeRawPointer(b.drive + i).loadUnaligned(as: SIMD8<Double>.self) + gain * (c.value * cosine + s.value * sine)
        UnsafeMutableRawPointer(b.drive + i).storeBytes(of: d, as: SIMD8<Double>.self)
      }
      if forced { rate += forcing * UnsafeRawPointer(b.forcingSine + i).loadUnaligned(as: SIMD8<Double>.self) }
      UnsafeMutableRawPointer(b.sin + i).storeBytes(of: rate * scale, as: SIMD8<Double>.self)
      i &+= 8
    }
    var saturations = Int(saturatedLanes.wrappedSum())
    while i < n {
      let c = adc.convertCountingSaturation(Double(b.bitCos[i]))
      let s = adc.convertCountingSaturation(Double(b.bitSin[i]))
      saturations &+= (c.saturated || s.saturated) ? 1 : 0
      var rate = gain * (s.value * b.cos[i] - c.value * b.sin[i])
      if driven { b.drive[i] += gain * (c.value * b.cos[i] + s.value * b.sin[i]) }
      if forced { rate += forcing * b.forcingSine[i] }
      b.sin[i] = rate * scale
      i &+= 1
    }
    return saturations
  }
}
