import DRAICore

/// Window accumulators of g(φ_i − φ_j) for every oscillator pair of a tile.
///
/// Because every g is even, one detector serves the pair (i, j), i < j, and its mean drives
/// both synapses w_ij and w_ji. Accumulators are stored row by row for the upper triangle
/// (pair (i, j) at `i·n − i(i+1)/2 + (j − i − 1)`).
public struct ResonanceDetector: Sendable, Codable {
  /// Oscillators covered.
  public let oscillators: Int
  /// Samples accumulated since the window opened.
  @inlinable public var samples: Int { sampleCount }
  @usableFromInline var sampleCount: Int = 0
  @usableFromInline var sums: [Float]
  @usableFromInline let table: ResonanceTable

  /// Detectors for `oscillators` oscillators using g = `function`. Precondition: oscillators ≥ 1.
  public init(oscillators: Int, function: ResonanceFunction) {
    self.oscillators = oscillators
    sums = [Float](repeating: 0, count: oscillators * (oscillators - 1) / 2)
    table = ResonanceTable(function)
  }

  /// Number of oscillator pairs: n(n − 1)/2.
  @inlinable public var pairs: Int { sums.count }

  /// Accumulates one sample g(φ_i − φ_j) for every pair from left-aligned phases.
  /// - Complexity: O(n²/2).
  @inlinable public mutating func sample(phases: UnsafeBufferPointer<UInt32>) {
    let n = oscillators
    sums.withUnsafeMutableBufferPointer { s in
      table.values.withUnsafeBufferPointer { g in
        var k = 0
        let half: UInt32 = 1 << (31 - ResonanceTable.indexBits)
        let shift = 32 - ResonanceTable.indexBits
        for i in 0..<n {
          let pi = phases[i]
          for j in (i + 1)..<max(n, i + 1) {
            s[k] += g[Int(((pi &- phases[j]) &+ half) >> shift)]
            k += 1
          }
        }
      }
    }
    sampleCount += 1
  }

  /// Calls `body(i, j, mean)` for every pair in order (i ascending, then j), then clears the
  /// window. Precondition: at least one sample.
  @inlinable public mutating func closeWindow(_ body: (Int, Int, Double) -> Void) {
    precondition(sampleCount > 0, "a window needs samples")
    let inv = 1.0 / Double(sampleCount)
    var k = 0
    for i in 0..<oscillators {
      for j in (i + 1)..<max(oscillators, i + 1) {
        body(i, j, Double(sums[k]) * inv)
        k += 1
      }
    }
    for k in sums.indices { sums[k] = 0 }
    sampleCount = 0
  }

  /// Discards the accumulated window (e.g. when the input pattern changes).
  public mutating func clear() {
    for k in sums.indices { sums[k] = 0 }
    sampleCount = 0
  }
}
