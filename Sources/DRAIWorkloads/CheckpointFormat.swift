import DRAIChip
import DRAIDescription
import Foundation

/// What every checkpoint file shares: a binary property list whose `format` names its kind
/// (``FreeRunCheckpoint``, ``DigitsRecallCheckpoint``, the C ABI's chip checkpoint) and whose
/// `version` is ``version``. All of them hold a `Chip`, so the chip's state shape sets one
/// version for all.
public enum CheckpointFormat {
  /// The version: it changes when the chip's state changes shape (a stored property added or
  /// removed anywhere in the model; `CheckpointFormatTests` fails until it is bumped and the new
  /// shape recorded), and a file of another version is refused.
  public static let version = 1

  /// Checks, before the whole file is decoded, that `data` is a binary property list whose
  /// `format` is `name` and whose `version` is ``version``.
  /// - Throws: ``CheckpointError`` naming `file` and what differs.
  public static func checkHeader(_ data: Data, file: String, format name: String) throws {
    struct Header: Codable { var format: String?; var version: Int? }
    guard let header = try? PropertyListDecoder().decode(Header.self, from: data), header.format == name else {
      throw CheckpointError(file: file, reason: "not a \(name) file")
    }
    guard header.version == version else {
      throw CheckpointError(file: file, reason: "format version \(header.version ?? 0); this build reads version \(version)")
    }
  }

  /// Memory a checkpoint takes to write or read, as a multiple of the chip's estimated state
  /// (``ChipEstimate/memoryBytes``): the property-list coder holds its whole tree and the bytes
  /// at once. Measured (Docs/user-guide.md, "Checkpoints"): the file is about the estimated
  /// state (mesh-8x8: 25 MB for 24.5 MiB estimated), and writing it peaks about 6 files above the
  /// run (mesh-8x8: 150 MB more; mesh-16x16-256: 2 GB more for a 450 MB file); with the chip
  /// itself, 7 times the estimate.
  public static let memoryFactor = 7.0

  /// Refuses, before any work, a checkpoint (written or read, named `file`) of a chip of
  /// `configuration` whose coding would need more than 90 % of this machine's memory (the
  /// memory check of ``ChipDescription`` applied to ``memoryFactor`` times the chip's state).
  /// - Throws: ``CheckpointError`` with the sizes.
  /// - Complexity: that of ``ChipEstimate/init(configuration:)``.
  public static func checkMemory(configuration: ChipConfiguration, file: String) throws {
    let state = ChipEstimate(configuration: configuration).memoryBytes
    let physical = Double(ProcessInfo.processInfo.physicalMemory)
    guard state * memoryFactor < 0.9 * physical else {
      throw CheckpointError(file: file, reason: "a checkpoint of '\(configuration.name)' (about \(ChipEstimate.format(bytes: state)) "
                              + "of state) needs about \(ChipEstimate.format(bytes: state * memoryFactor)) of memory to write or read, "
                              + "more than 90 % of this machine's \(ChipEstimate.format(bytes: physical)); here a checkpoint takes chips "
                              + "of at most about \(ChipEstimate.format(bytes: 0.9 * physical / memoryFactor)) of state: run without one")
    }
  }

  /// `value` as a binary property list. - Complexity: O(the value's size).
  static func encode<T: Encodable>(_ value: T) throws -> Data {
    let encoder = PropertyListEncoder()
    encoder.outputFormat = .binary
    return try encoder.encode(value)
  }

  /// A checkpoint of type `T` read from `data` (named `file` in errors) after its header has
  /// been checked against `format`.
  /// - Throws: ``CheckpointError``: not that format, another version, or damaged.
  static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String, format: String) throws -> T {
    try checkHeader(data, file: file, format: format)
    do { return try PropertyListDecoder().decode(type, from: data) } catch {
      throw CheckpointError(file: file, reason: "damaged: \(error)")
    }
  }

  /// A 64-bit FNV-1a digest of `text` (Fowler, Noll and Vo): stable across processes and
  /// builds, unlike `Hashable`, so a checkpoint can record what its run was made of (the
  /// workload's segments, the energy table) and a resume can check it. Not a cryptographic hash.
  /// - Complexity: O(text's UTF-8 length).
  static func digest(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }
}

/// A checkpoint that cannot be resumed: the file and why, in one line.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
  /// The checkpoint file.
  public let file: String
  /// What is wrong.
  public let reason: String
  /// One line for the user.
  public var description: String { "\(file): \(reason)" }
}
