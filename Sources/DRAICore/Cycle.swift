/// A point in simulated time: the number of chip-clock cycles since reset.
///
/// Time in the emulator is an integer count of cycles of the chip clock (`clock_mhz`); every
/// state change happens at a cycle boundary. `Cycle` is a point and ``Cycles`` is a duration,
/// so that `Cycle + Cycles` is a `Cycle` and `Cycle - Cycle` is `Cycles`.
public struct Cycle: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
  /// Cycles since reset.
  public var count: UInt64

  /// Creates the point `count` cycles after reset.
  @inlinable public init(_ count: UInt64) { self.count = count }

  /// The reset instant.
  public static let zero = Cycle(0)

  @inlinable public static func < (a: Cycle, b: Cycle) -> Bool { a.count < b.count }

  /// The point `d` cycles later. Precondition: no overflow of UInt64.
  @inlinable public static func + (a: Cycle, d: Cycles) -> Cycle { Cycle(a.count + d.count) }

  /// Advances `a` by `d` cycles.
  @inlinable public static func += (a: inout Cycle, d: Cycles) { a.count += d.count }

  /// The duration from `b` to `a`. Precondition: `a >= b`.
  @inlinable public static func - (a: Cycle, b: Cycle) -> Cycles { Cycles(a.count - b.count) }

  public var description: String { "cycle \(count)" }
}

/// A duration in chip-clock cycles.
public struct Cycles: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Number of cycles.
  public var count: UInt64

  /// Creates a duration of `count` cycles.
  @inlinable public init(_ count: UInt64) { self.count = count }

  /// The empty duration.
  public static let zero = Cycles(0)

  @inlinable public static func < (a: Cycles, b: Cycles) -> Bool { a.count < b.count }
  /// The sum of two durations.
  @inlinable public static func + (a: Cycles, b: Cycles) -> Cycles { Cycles(a.count + b.count) }
  /// `k` times the duration. Precondition: no overflow.
  @inlinable public static func * (a: Cycles, k: UInt64) -> Cycles { Cycles(a.count * k) }

  /// The duration in microseconds at a clock of `clockMHz` (cycles / MHz = µs).
  @inlinable public func microseconds(clockMHz: Double) -> Double { Double(count) / clockMHz }

  public var description: String { "\(count) cycles" }
}
