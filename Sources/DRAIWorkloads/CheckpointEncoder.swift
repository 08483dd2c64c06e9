import Foundation

/// Tags of the checkpoint stream (``CheckpointEncoder``): every keyed entry and unkeyed element
/// starts with ``entry`` (or ``nullEntry`` for an explicit nil, which has no value), every
/// container ends with ``end``, arrays of fixed-width numbers are one ``bulk`` block, and an
/// optional value starts with ``null`` (absent) or ``entry`` (present). Tags are read only where
/// a tag stands, never in place of a value's first byte.
enum CheckpointTag {
  static let end: UInt8 = 0, entry: UInt8 = 1, bulk: UInt8 = 2, null: UInt8 = 3, nullEntry: UInt8 = 4
}

/// Writes a `Codable` value as the checkpoint stream, to a file as it goes: memory stays a few
/// megabytes whatever the state's size (Foundation's property-list coder holds a tree of the whole
/// state and its bytes at once, about 7 times the state).
///
/// The stream, little-endian: containers are sequences of entries (tag ``CheckpointTag/entry``,
/// for keyed containers the key as UTF-8 with a 16-bit length, then the value) closed by
/// ``CheckpointTag/end``; Bool, integers and floating-point values are their fixed-width bytes,
/// Int as 64 bits; a String is a 32-bit length and UTF-8; an array of a fixed-width number type
/// (or Bool, as bytes) is ``CheckpointTag/bulk``, a 64-bit count and its elements' bytes.
/// Containers close when their parent next writes (an `Encoder` is not told when a container is
/// finished), so a value's containers are closed before the next value starts. Keys are written,
/// so a decoder checks every key it reads; the order is the order of encoding, which synthesized
/// `Codable` conformances keep (declaration order) and the decoder follows.
final class CheckpointEncoder {
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  /// Containers open below the top (1: the top value's container).
  fileprivate var openDepth = 0
  /// Bytes written so far.
  private(set) var bytesWritten = 0
  /// The checksum of the bytes written so far.
  private(set) var checksum = CheckpointChecksum()
  /// Set when a value asked for something the stream cannot hold (a `superEncoder`).
  fileprivate var unsupported: String?

  /// An encoder writing to `handle` (positioned where the stream starts).
  init(handle: FileHandle) {
    self.handle = handle
    buffer.reserveCapacity(1 << 22)
  }

  /// Encodes `value` as the stream's top value. - Throws: a file error, or `EncodingError` for a
  /// type the stream cannot hold (a `superEncoder`).
  func encode<T: Encodable>(_ value: T) throws {
    try encodeValue(value, depth: 0)
    if let unsupported {
      throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "checkpoint stream: \(unsupported) is not supported"))
    }
    try flush()
  }

  /// Writes the buffered bytes to the file.
  func flush() throws {
    guard !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { checksum.update($0) }
    try handle.write(contentsOf: buffer)
    bytesWritten += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  // MARK: Bytes

  fileprivate func byte(_ b: UInt8) { buffer.append(b) }

  fileprivate func fixed<T: FixedWidthInteger>(_ v: T) {
    withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) }
  }

  fileprivate func string(_ s: String) {
    let utf8 = Array(s.utf8)
    fixed(UInt32(utf8.count))
    buffer.append(contentsOf: utf8)
  }

  fileprivate func key(_ k: CodingKey) {
    let utf8 = Array(k.stringValue.utf8)
    fixed(UInt16(utf8.count))
    buffer.append(contentsOf: utf8)
  }

  /// An array's elements as raw bytes, written straight to the file when large.
  fileprivate func bulk<E>(_ a: [E]) throws {
    byte(CheckpointTag.bulk)
    fixed(UInt64(a.count))
    try a.withUnsafeBytes { raw in
      if raw.count < 1 << 16 {
        buffer.append(contentsOf: raw)
      } else {
        try flush()
        checksum.update(raw)
        try handle.write(contentsOf: raw)
        bytesWritten += raw.count
      }
    }
    if buffer.count >= 1 << 22 { try flush() }
  }

  /// Closes every container deeper than `depth` (their parent at `depth` is about to write).
  fileprivate func close(to depth: Int) {
    while openDepth > depth {
      byte(CheckpointTag.end)
      openDepth -= 1
    }
  }

  /// Writes `value`, whose containers open at `depth + 1`, and closes them.
  fileprivate func encodeValue<T: Encodable>(_ value: T, depth: Int) throws {
    if try encodeBulk(value) { return }
    if let optional = T.self as? any CheckpointOptional.Type {
      try optional.encodeOptional(value, self, depth: depth)
      return
    }
    if let dictionary = T.self as? any CheckpointDictionary.Type {
      try dictionary.encodeDictionary(value, self, depth: depth)
      return
    }
    try value.encode(to: Writer(encoder: self, depth: depth))
    close(to: depth)
    if buffer.count >= 1 << 22 { try flush() }
  }

  /// Writes `value` as one bulk block when its type is an array of a fixed-width number type
  /// (by type, not by a cast of the value: an empty array of anything casts to `[Double]`).
  private func encodeBulk<T>(_ value: T) throws -> Bool {
    func array<E>(_: E.Type) -> [E]? { T.self == [E].self ? unsafeBitCast(value, to: [E].self) : nil }
    if let a = array(Double.self) { try bulk(a) }
    else if let a = array(Float.self) { try bulk(a) }
    else if let a = array(Int.self) { try bulk(a.map { Int64($0) }) }
    else if let a = array(Int64.self) { try bulk(a) }
    else if let a = array(UInt64.self) { try bulk(a) }
    else if let a = array(Int32.self) { try bulk(a) }
    else if let a = array(UInt32.self) { try bulk(a) }
    else if let a = array(Int16.self) { try bulk(a) }
    else if let a = array(UInt16.self) { try bulk(a) }
    else if let a = array(Int8.self) { try bulk(a) }
    else if let a = array(UInt8.self) { try bulk(a) }
    else if let a = array(Bool.self) { try bulk(a.map { $0 ? UInt8(1) : 0 }) }
    else if T.self == SIMD32<UInt64>.self {
      // A SIMD vector's own decoding needs its element count up front, which the stream's
      // containers do not give: written as an array block.
      let v = unsafeBitCast(value, to: SIMD32<UInt64>.self)
      try bulk(v.indices.map { v[$0] })
    }
    else { return false }
    return true
  }
}

/// The `Encoder` a value's `encode(to:)` sees: its containers open at `depth + 1`.
private struct Writer: Encoder {
  let encoder: CheckpointEncoder
  let depth: Int
  var codingPath: [CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    encoder.close(to: depth)
    encoder.openDepth = depth + 1
    return KeyedEncodingContainer(KeyedWriter<Key>(encoder: encoder, depth: depth + 1))
  }

  func unkeyedContainer() -> UnkeyedEncodingContainer {
    encoder.close(to: depth)
    encoder.openDepth = depth + 1
    return UnkeyedWriter(encoder: encoder, depth: depth + 1)
  }

  func singleValueContainer() -> SingleValueEncodingContainer { SingleWriter(encoder: encoder, depth: depth) }
}

/// Primitive writes shared by the containers.
private protocol PrimitiveWriter {
  var encoder: CheckpointEncoder { get }
  var depth: Int { get }
}

extension PrimitiveWriter {
  func write(_ v: Bool) { encoder.byte(v ? 1 : 0) }
  func write(_ v: String) { encoder.string(v) }
  func write(_ v: Double) { encoder.fixed(v.bitPattern) }
  func write(_ v: Float) { encoder.fixed(v.bitPattern) }
  func write<T: FixedWidthInteger>(_ v: T) { encoder.fixed(v) }
  func write(_ v: Int) { encoder.fixed(Int64(v)) }
  func write(_ v: UInt) { encoder.fixed(UInt64(v)) }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol, PrimitiveWriter {
  let encoder: CheckpointEncoder
  let depth: Int
  var codingPath: [CodingKey] { [] }

  /// Starts the entry for `key` (closing the containers of the previous entry's value).
  private func entry(_ key: Key, tag: UInt8 = CheckpointTag.entry) {
    encoder.close(to: depth)
    encoder.byte(tag)
    encoder.key(key)
  }

  mutating func encodeNil(forKey key: Key) throws { entry(key, tag: CheckpointTag.nullEntry) }
  mutating func encode(_ v: Bool, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: String, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: Double, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: Float, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: Int, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: Int8, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: Int16, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: Int32, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: Int64, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: UInt, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: UInt8, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: UInt16, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: UInt32, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode(_ v: UInt64, forKey key: Key) throws { entry(key); write(v) }
  mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
    entry(key)
    try encoder.encodeValue(v, depth: depth)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    entry(key)
    encoder.openDepth = depth + 1
    return KeyedEncodingContainer(KeyedWriter<NestedKey>(encoder: encoder, depth: depth + 1))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
    entry(key)
    encoder.openDepth = depth + 1
    return UnkeyedWriter(encoder: encoder, depth: depth + 1)
  }

  mutating func superEncoder() -> Encoder { encoder.unsupported = "superEncoder"; return Writer(encoder: encoder, depth: depth) }
  mutating func superEncoder(forKey key: Key) -> Encoder { encoder.unsupported = "superEncoder"; return Writer(encoder: encoder, depth: depth) }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer, PrimitiveWriter {
  let encoder: CheckpointEncoder
  let depth: Int
  var codingPath: [CodingKey] { [] }
  private(set) var count = 0

  init(encoder: CheckpointEncoder, depth: Int) {
    self.encoder = encoder
    self.depth = depth
  }

  /// Starts the next element (closing the containers of the previous one).
  private mutating func element() {
    encoder.close(to: depth)
    encoder.byte(CheckpointTag.entry)
    count += 1
  }

  mutating func encodeNil() throws {
    encoder.close(to: depth)
    encoder.byte(CheckpointTag.nullEntry)
    count += 1
  }
  mutating func encode(_ v: Bool) throws { element(); write(v) }
  mutating func encode(_ v: String) throws { element(); write(v) }
  mutating func encode(_ v: Double) throws { element(); write(v) }
  mutating func encode(_ v: Float) throws { element(); write(v) }
  mutating func encode(_ v: Int) throws { element(); write(v) }
  mutating func encode(_ v: Int8) throws { element(); write(v) }
  mutating func encode(_ v: Int16) throws { element(); write(v) }
  mutating func encode(_ v: Int32) throws { element(); write(v) }
  mutating func encode(_ v: Int64) throws { element(); write(v) }
  mutating func encode(_ v: UInt) throws { element(); write(v) }
  mutating func encode(_ v: UInt8) throws { element(); write(v) }
  mutating func encode(_ v: UInt16) throws { element(); write(v) }
  mutating func encode(_ v: UInt32) throws { element(); write(v) }
  mutating func encode(_ v: UInt64) throws { element(); write(v) }
  mutating func encode<T: Encodable>(_ v: T) throws {
    element()
    try encoder.encodeValue(v, depth: depth)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
    element()
    encoder.openDepth = depth + 1
    return KeyedEncodingContainer(KeyedWriter<NestedKey>(encoder: encoder, depth: depth + 1))
  }

  mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
    element()
    encoder.openDepth = depth + 1
    return UnkeyedWriter(encoder: encoder, depth: depth + 1)
  }

  mutating func superEncoder() -> Encoder { encoder.unsupported = "superEncoder"; return Writer(encoder: encoder, depth: depth) }
}

/// A single value: primitives as their bytes, anything else as a framed value at the same depth.
private struct SingleWriter: SingleValueEncodingContainer, PrimitiveWriter {
  let encoder: CheckpointEncoder
  let depth: Int
  var codingPath: [CodingKey] { [] }

  /// A nil in a single-value container could not be told from a value's first byte (optionals
  /// get a presence byte before they reach here): refused.
  mutating func encodeNil() throws { encoder.unsupported = "a nil in a single-value container" }
  mutating func encode(_ v: Bool) throws { write(v) }
  mutating func encode(_ v: String) throws { write(v) }
  mutating func encode(_ v: Double) throws { write(v) }
  mutating func encode(_ v: Float) throws { write(v) }
  mutating func encode(_ v: Int) throws { write(v) }
  mutating func encode(_ v: Int8) throws { write(v) }
  mutating func encode(_ v: Int16) throws { write(v) }
  mutating func encode(_ v: Int32) throws { write(v) }
  mutating func encode(_ v: Int64) throws { write(v) }
  mutating func encode(_ v: UInt) throws { write(v) }
  mutating func encode(_ v: UInt8) throws { write(v) }
  mutating func encode(_ v: UInt16) throws { write(v) }
  mutating func encode(_ v: UInt32) throws { write(v) }
  mutating func encode(_ v: UInt64) throws { write(v) }
  mutating func encode<T: Encodable>(_ v: T) throws { try encoder.encodeValue(v, depth: depth) }
}

/// An optional type as the stream sees it: a presence byte, so that a nil never reads as the
/// first byte of a value, then the wrapped value if there is one.
protocol CheckpointOptional {
  /// Writes `value` (of this type) to `encoder`.
  static func encodeOptional(_ value: Any, _ encoder: CheckpointEncoder, depth: Int) throws
}

extension Optional: CheckpointOptional where Wrapped: Encodable {
  static func encodeOptional(_ value: Any, _ encoder: CheckpointEncoder, depth: Int) throws {
    switch value as! Self {
    case .none: encoder.byte(CheckpointTag.null)
    case .some(let wrapped):
      encoder.byte(CheckpointTag.entry)
      try encoder.encodeValue(wrapped, depth: depth)
    }
  }
}

/// A dictionary with String keys as the stream sees it: its entries in ascending key order (so
/// equal dictionaries give equal bytes), each a tag, the key and the value, then an end tag. (A
/// dictionary's own coding asks its keyed container for `allKeys`, which a stream read in order
/// cannot give.)
protocol CheckpointDictionary {
  /// Writes `value` (of this type) to `encoder`.
  static func encodeDictionary(_ value: Any, _ encoder: CheckpointEncoder, depth: Int) throws
}

extension Dictionary: CheckpointDictionary where Key == String, Value: Encodable {
  static func encodeDictionary(_ value: Any, _ encoder: CheckpointEncoder, depth: Int) throws {
    let d = value as! Self
    for key in d.keys.sorted() {
      encoder.byte(CheckpointTag.entry)
      encoder.string(key)
      try encoder.encodeValue(d[key]!, depth: depth)
    }
    encoder.byte(CheckpointTag.end)
  }
}
