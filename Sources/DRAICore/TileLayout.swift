/// Where each tile's oscillators sit in a chip's global order: tiles row-major, each tile's
/// oscillators in their local order, so tile k holds global oscillators
/// `start[k] ..< start[k + 1]`. Tiles may differ in size (`oscillators.per_tile`).
public struct TileLayout: Hashable, Sendable, Codable {
  /// The first global index of each tile, then the chip's oscillator count (tiles + 1 entries,
  /// ascending).
  public let start: [Int]
  /// The size of every tile when they are all alike, else 0 (global ↔ local by division).
  @usableFromInline let uniformSize: Int

  /// The layout of tiles of `sizes[k]` oscillators. Precondition: at least one tile, every
  /// size ≥ 1.
  /// - Complexity: O(tiles).
  public init(sizes: [Int]) {
    precondition(!sizes.isEmpty && sizes.allSatisfy { $0 >= 1 }, "tiles of at least one oscillator")
    var start = [0]
    start.reserveCapacity(sizes.count + 1)
    for n in sizes { start.append(start.last! + n) }
    self.start = start
    uniformSize = sizes.allSatisfy { $0 == sizes[0] } ? sizes[0] : 0
  }

  /// `tiles` tiles of `n` oscillators each. Precondition: tiles ≥ 1, n ≥ 1.
  public init(tiles: Int, oscillatorsPerTile n: Int) {
    precondition(tiles >= 1 && n >= 1, "tiles of at least one oscillator")
    start = (0...tiles).map { $0 * n }
    uniformSize = n
  }

  /// Tiles on the chip.
  @inlinable public var tiles: Int { start.count - 1 }
  /// Oscillators on the chip.
  @inlinable public var oscillators: Int { start[start.count - 1] }
  /// Whether every tile has the same number of oscillators.
  @inlinable public var isUniform: Bool { uniformSize > 0 }
  /// The largest tile's oscillator count.
  public var largestTile: Int { (0..<tiles).map(size(ofTile:)).max()! }

  /// Oscillators of tile `k`. Precondition: k < ``tiles``.
  @inlinable public func size(ofTile k: Int) -> Int { start[k + 1] - start[k] }

  /// The tile that holds global oscillator `g`. Precondition: 0 ≤ g < ``oscillators``.
  /// - Complexity: O(1) for tiles of one size, O(log tiles) otherwise.
  @inlinable public func tile(of g: Int) -> Int {
    if uniformSize > 0 { return g / uniformSize }
    // The last tile whose start is ≤ g (empty tiles do not exist, so it is unique).
    var lo = 0, hi = tiles - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if start[mid] <= g { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// Global oscillator `g` as (its tile, its index inside the tile). Precondition: 0 ≤ g <
  /// ``oscillators``.
  @inlinable public func locate(_ g: Int) -> (tile: Int, local: Int) {
    let k = tile(of: g)
    return (k, g - start[k])
  }
}
