/// The checksum of a checkpoint's stream (its last 8 bytes): the stream as little-endian 64-bit
/// words (the last one zero-padded), each mixed in by xor, a multiplication by 2⁶⁴/φ and a shift,
/// then the length. It does not depend on how the bytes are split while writing, runs at
/// several GB/s, and turns a damaged or edited file into a refusal instead of a state the model
/// would trust. Not a cryptographic hash.
struct CheckpointChecksum {
  private var state: UInt64 = 0x243F_6A88_85A3_08D3
  private var pending: UInt64 = 0
  private var pendingBytes = 0
  private var length: UInt64 = 0

  private mutating func mix(_ word: UInt64) {
    state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
    state ^= state >> 29
  }

  /// Adds `bytes` to the stream.
  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    var i = 0
    let n = bytes.count
    while pendingBytes != 0 && i < n {
      pending |= UInt64(bytes[i]) << (8 * UInt64(pendingBytes))
      pendingBytes += 1
      i += 1
      if pendingBytes == 8 { mix(pending); pending = 0; pendingBytes = 0 }
    }
    while i + 8 <= n {
      mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
      i += 8
    }
    while i < n {
      pending |= UInt64(bytes[i]) << (8 * UInt64(pendingBytes))
      pendingBytes += 1
      i += 1
    }
    length &+= UInt64(n)
  }

  /// The checksum of the bytes so far.
  var value: UInt64 {
    var copy = self
    if copy.pendingBytes > 0 { copy.mix(copy.pending) }
    copy.mix(length)
    return copy.state
  }
}
