import Foundation

/// A report's JSON as ``stableJSONEncoder()`` writes it, never lost to a figure that is not a
/// number: NaN and ±∞ have no JSON spelling, so each is written as `null` and counted, and the
/// caller warns (Docs/reports.md). A run's figures are finite unless something degenerate
/// happened (for example a ratio of two zero counts); the rest of the report stays intact.
public struct StableJSON {
  /// The UTF-8 JSON text.
  public let data: Data
  /// How many figures were NaN or ±∞ and are written as `null`.
  public let nonFiniteFigures: Int

  /// Stands for a non-finite number while encoding; replaced by `null` afterwards. Only ever
  /// looked for when the plain encoding failed on a non-finite number.
  static let placeholder = "drai:non-finite:7c1e5a"

  /// Encodes `value`. - Throws: the encoder's error for anything but a non-finite number (an
  /// encoding bug, not a property of the run).
  /// - Complexity: O(size of the JSON); twice that when some figure is not finite.
  public init<T: Encodable>(_ value: T) throws {
    do {
      data = try stableJSONEncoder().encode(value)
      nonFiniteFigures = 0
      return
    } catch EncodingError.invalidValue(let v, _) where (v as? Double).map({ !$0.isFinite }) ?? (v as? Float).map({ !$0.isFinite }) ?? false {
      // Encode again with the placeholder for every non-finite number, then write it as null.
    }
    let encoder = stableJSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: Self.placeholder, negativeInfinity: Self.placeholder, nan: Self.placeholder)
    let text = String(decoding: try encoder.encode(value), as: UTF8.self)
    let pieces = text.components(separatedBy: "\"" + Self.placeholder + "\"")
    nonFiniteFigures = pieces.count - 1
    data = Data(pieces.joined(separator: "null").utf8)
  }
}
