import DRAIChip
import DRAIDescription
import Foundation

/// What every checkpoint file shares: the magic bytes `DRAICKPT`, the format ``version`` (32
/// bits, little-endian), the kind's name (``FreeRunCheckpoint``, ``DigitsRecallCheckpoint``, the
/// C ABI's chip checkpoint; a 32-bit length and UTF-8), then the checkpoint as a
/// ``CheckpointEncoder`` stream. All kinds hold a `Chip`, so the chip's state shape sets one
/// version for all.
///
/// Files are written as they are encoded, to a temporary file beside the target that is renamed
/// over it at the end (a run killed while writing leaves the old file, or none); they are read
/// through a memory map. Neither holds more than a few megabytes beside the state itself.
public enum CheckpointFormat {
  /// The version: it changes when the chip's state changes shape (a stored property added or
  /// removed anywhere in the model; `CheckpointFormatTests` fails until it is bumped and the new
  /// shape recorded) or the stream's encoding changes, and a file of another version is refused.
  /// Version 1 was a binary property list.
  public static let version = 2

  /// The file's first bytes.
  static let magic = Array("DRAICKPT".utf8)

  /// How to resume a checkpoint of each kind, for a file given to another.
  static let kindHints = [
    "drai free-run checkpoint": "resume it with the free-run workload (--workload Hardware/workloads/free-run.yaml and its --cycles)",
    "drai digits-recall checkpoint": "resume it with the digits-recall workload (leave out --workload, or give the digits workload file)",
    "drai chip checkpoint": "it was written through the C ABI (drai_chip_save): restore it with drai_chip_restore",
  ]

  /// Memory a checkpoint takes to write or read, as a multiple of the chip's estimated state
  /// (``ChipEstimate/memoryBytes``): the state itself and, while reading, arrays that grow as they
  /// are decoded (measured peaks: Docs/user-guide.md, "Checkpoints").
  public static let memoryFactor = 1.5

  /// Refuses, before any work, a checkpoint (written or read, named `file`) of a chip of
  /// `configuration` that would need more than 90 % of this machine's memory, with `chipsHeld`
  /// other chips of that size in memory meanwhile (a C host's handle keeps its chip while the
  /// saved one is read).
  /// - Throws: ``CheckpointError`` with the sizes.
  /// - Complexity: that of ``ChipEstimate/init(configuration:)``.
  public static func checkMemory(configuration: ChipConfiguration, file: String, chipsHeld: Int = 0) throws {
    let state = ChipEstimate(configuration: configuration).memoryBytes
    let physical = Double(ProcessInfo.processInfo.physicalMemory)
    let needed = state * (memoryFactor + Double(chipsHeld))
    guard needed < 0.9 * physical else {
      throw CheckpointError(file: file, reason: "a checkpoint of '\(configuration.name)' (about \(ChipEstimate.format(bytes: state)) "
                              + "of state) needs about \(ChipEstimate.format(bytes: needed)) of memory to write or read, "
                              + "more than 90 % of this machine's \(ChipEstimate.format(bytes: physical)); run without one")
    }
  }

  /// Writes `value` as a checkpoint of kind `format` to `path`, atomically.
  /// - Returns: the file's size in bytes.
  /// - Throws: ``CheckpointError`` naming the file (cannot create, write or rename it).
  /// - Complexity: O(the value's size); memory a few megabytes.
  public static func write<T: Encodable>(_ value: T, format: String, to path: String) throws -> Int {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
          let handle = try? FileHandle(forWritingTo: temporary)
    else {
      throw CheckpointError(file: path, reason: "cannot create a file in \(url.deletingLastPathComponent().path)")
    }
    var removeTemporary = true
    defer { if removeTemporary { try? FileManager.default.removeItem(at: temporary) } }
    let size: Int
    do {
      var header = magic
      withUnsafeBytes(of: UInt32(version).littleEndian) { header.append(contentsOf: $0) }
      let name = Array(format.utf8)
      withUnsafeBytes(of: UInt32(name.count).littleEndian) { header.append(contentsOf: $0) }
      header.append(contentsOf: name)
      try handle.write(contentsOf: header)
      let encoder = CheckpointEncoder(handle: handle)
      try encoder.encode(value)
      try handle.write(contentsOf: withUnsafeBytes(of: encoder.checksum.value.littleEndian) { Data($0) })
      try handle.synchronize()
      try handle.close()
      size = header.count + encoder.bytesWritten + 8
    } catch {
      try? handle.close()
      throw CheckpointError(file: path, reason: "cannot write it: \(error.localizedDescription)")
    }
    guard rename(temporary.path, path) == 0 else {
      throw CheckpointError(file: path, reason: "cannot replace it: \(String(cString: strerror(errno)))")
    }
    removeTemporary = false
    return size
  }

  /// Reads the checkpoint of kind `format` at `path`.
  /// - Throws: ``CheckpointError``: unreadable, not that kind, another version, or damaged (with
  ///   the place in the state where it stops making sense).
  /// - Complexity: O(the file's size); the file is memory-mapped.
  public static func read<T: Decodable>(_ type: T.Type, format: String, from path: String) throws -> T {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw CheckpointError(file: path, reason: "no such file")
    }
    guard !isFolder.boolValue else { throw CheckpointError(file: path, reason: "this is a folder, not a checkpoint file") }
    // Mapped read-only; the pages already read are handed back as the reading goes on
    // (``MappedFile/release(upTo:)``), so that resident memory stays the decoded state, not the
    // state plus the file.
    guard let file = MappedFile(path: path) else { throw CheckpointError(file: path, reason: "cannot read it (permissions? a device?)") }
    defer { file.close() }
    let whole = file.bytes
    let start = try checkHeader(whole, file: path, format: format)
    guard whole.count >= start + 8 else { throw CheckpointError(file: path, reason: "truncated: the file ends inside its header") }
    let bytes = UnsafeRawBufferPointer(rebasing: whole[..<(whole.count - 8)])
    var checksum = CheckpointChecksum()
    var at = start
    while at < bytes.count {
      let next = Swift.min(bytes.count, at + MappedFile.releaseStride)
      checksum.update(UnsafeRawBufferPointer(rebasing: bytes[at..<next]))
      file.release(upTo: next)
      at = next
    }
    guard checksum.value == UInt64(littleEndian: whole.loadUnaligned(fromByteOffset: whole.count - 8, as: UInt64.self)) else {
      throw CheckpointError(file: path, reason: "damaged: its checksum does not match its contents (truncated, corrupted or edited)")
    }
    file.restart()
    do {
      let decoder = CheckpointDecoder(bytes: bytes, offset: start)
      decoder.consumed = { file.release(upTo: $0) }
      return try decoder.decode(type)
    } catch let DecodingError.dataCorrupted(context) {
      throw CheckpointError(file: path, reason: "damaged: \(context.debugDescription)")
    } catch {
      throw CheckpointError(file: path, reason: "damaged: \(error)")
    }
  }

  /// Checks the header of `bytes` (named `file`): the magic bytes, ``version`` and the kind
  /// `format`. - Returns: the offset where the checkpoint's stream starts.
  /// - Throws: ``CheckpointError`` naming what differs.
  static func checkHeader(_ bytes: UnsafeRawBufferPointer, file: String, format: String) throws -> Int {
    guard bytes.count >= magic.count + 8 else { throw CheckpointError(file: file, reason: "empty or truncated: not a \(format) file") }
    guard Array(bytes[0..<magic.count]) == magic else {
      if bytes.count >= 8 && Array(bytes[0..<8]) == Array("bplist00".utf8) {
        throw CheckpointError(file: file, reason: "format version 1 (a property list); this build reads version \(version)")
      }
      throw CheckpointError(file: file, reason: "not a \(format) file")
    }
    let foundVersion = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: magic.count, as: UInt32.self))
    let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: magic.count + 4, as: UInt32.self)))
    let start = magic.count + 8 + length
    guard length <= 200, bytes.count >= start else { throw CheckpointError(file: file, reason: "truncated or damaged header") }
    let found = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[magic.count + 8..<start]), as: UTF8.self)
    guard found == format else {
      throw CheckpointError(file: file, reason: "it is a \(found) file, not a \(format) one" + (kindHints[found].map { ": \($0)" } ?? ""))
    }
    guard foundVersion == UInt32(version) else {
      throw CheckpointError(file: file, reason: "format version \(foundVersion); this build reads version \(version)")
    }
    return start
  }

  /// A digest of `text` (``CheckpointChecksum`` of its UTF-8): stable across processes and
  /// builds, unlike `Hashable`, so a checkpoint can record what its run was made of (the
  /// workload's segments, the energy table) and a resume can check it.
  /// - Complexity: O(text's UTF-8 length).
  static func digest(_ text: String) -> UInt64 {
    var checksum = CheckpointChecksum()
    Array(text.utf8).withUnsafeBytes { checksum.update($0) }
    return checksum.value
  }
}
