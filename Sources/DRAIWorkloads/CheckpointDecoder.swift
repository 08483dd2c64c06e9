import Foundation

/// Reads a value written by ``CheckpointEncoder`` from bytes (a memory-mapped file: pages are read
/// as the decoder reaches them and need not stay resident). Every key is checked against the one
/// the decoding type asks for, and every container's end against its last entry, so a stream of
/// another shape fails with the path where it differs instead of decoding garbage.
final class CheckpointDecoder {
  private let bytes: UnsafeRawBufferPointer
  fileprivate(set) var offset: Int
  /// Containers open below the top, as in the encoder.
  fileprivate var openDepth = 0
  /// Keys of the entries being read, for error messages.
  fileprivate var path: [String] = []
  /// Told the read position after each large block, so that the bytes before it can be given
  /// back (``MappedFile/release(upTo:)``).
  var consumed: ((Int) -> Void)?
  private var lastReported = 0

  /// A decoder of `bytes` from `offset`. The bytes must outlive the decoder.
  init(bytes: UnsafeRawBufferPointer, offset: Int) {
    self.bytes = bytes
    self.offset = offset
  }

  /// Decodes the stream's top value. - Throws: `DecodingError.dataCorrupted` naming the path.
  func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type, depth: 0) }

  // MARK: Bytes

  fileprivate func fail(_ what: String) -> DecodingError {
    .dataCorrupted(.init(codingPath: [], debugDescription: "at \(path.isEmpty ? "the top" : path.joined(separator: ".")), byte \(offset): \(what)"))
  }

  fileprivate func need(_ n: Int) throws {
    guard n >= 0, bytes.count - offset >= n else { throw fail("the file ends early") }
  }

  fileprivate func peek() throws -> UInt8 {
    try need(1)
    return bytes[offset]
  }

  fileprivate func byte() throws -> UInt8 {
    let b = try peek()
    offset += 1
    return b
  }

  fileprivate func fixed<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
    try need(MemoryLayout<T>.size)
    let v = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    offset += MemoryLayout<T>.size
    return T(littleEndian: v)
  }

  fileprivate func string() throws -> String {
    let n = Int(try fixed(UInt32.self))
    try need(n)
    defer { offset += n }
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]), as: UTF8.self)
  }

  /// The key of the entry at the read position, without reading it (nil at a container's end),
  /// and whether it is an explicit nil.
  fileprivate func peekEntry() throws -> (key: String, isNil: Bool)? {
    let tag = try peek()
    guard tag == CheckpointTag.entry || tag == CheckpointTag.nullEntry else { return nil }
    guard let key = try peekKey(tag: tag) else { return nil }
    return (key, tag == CheckpointTag.nullEntry)
  }

  fileprivate func peekKey() throws -> String? { try peekEntry()?.key }

  /// The key after the tag at the read position (the position is kept).
  private func peekKey(tag: UInt8) throws -> String? {
    let saved = offset
    defer { offset = saved }
    offset += 1
    let n = Int(try fixed(UInt16.self))
    try need(n)
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]), as: UTF8.self)
  }

  /// Reads the header of a value entry for `key`. - Throws: when the stream holds another key,
  /// an explicit nil, or none.
  fileprivate func expectEntry(_ key: CodingKey) throws {
    guard let found = try peekEntry() else { throw fail("expected key '\(key.stringValue)', found the end of the container") }
    guard found.key == key.stringValue else { throw fail("expected key '\(key.stringValue)', found '\(found.key)'") }
    guard !found.isNil else { throw fail("key '\(key.stringValue)' holds nil") }
    offset += 3 + found.key.utf8.count
  }

  /// Closes every container deeper than `depth`: each must be at its end.
  fileprivate func close(to depth: Int) throws {
    while openDepth > depth {
      guard try byte() == CheckpointTag.end else { offset -= 1; throw fail("a container holds more entries than its type reads") }
      openDepth -= 1
    }
  }

  fileprivate func bulk<E>(_: E.Type) throws -> [E] {
    guard try byte() == CheckpointTag.bulk else { offset -= 1; throw fail("expected an array block") }
    let count = try fixed(UInt64.self)
    let size = MemoryLayout<E>.stride
    guard count <= UInt64(bytes.count / max(size, 1)) else { throw fail("an array of \(count) elements is longer than the file") }
    let n = Int(count)
    try need(n * size)
    let source = bytes.baseAddress! + offset
    offset += n * size
    // An empty array is the literal: `Array(unsafeUninitializedCapacity: 0)` sets the count in
    // the one shared empty storage, which other threads read (ThreadSanitizer reports it).
    guard n > 0 else { return [] }
    let array = [E](unsafeUninitializedCapacity: n) { buffer, initialized in
      UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: source, byteCount: n * size)
      initialized = n
    }
    if let consumed, offset - lastReported >= MappedFile.releaseStride {
      consumed(offset)
      lastReported = offset
    }
    return array
  }

  /// Reads a value of `type`, whose containers open at `depth + 1`, and closes them.
  fileprivate func decodeValue<T: Decodable>(_ type: T.Type, depth: Int) throws -> T {
    if let array = try decodeBulk(type) { return array }
    if let optional = type as? any CheckpointOptionalDecodable.Type {
      if try byte() == CheckpointTag.null { return optional.absent as! T }
      return try optional.decodeWrapped(self, depth: depth) as! T
    }
    if let dictionary = type as? any CheckpointDictionaryDecodable.Type {
      return try dictionary.decodeDictionary(self, depth: depth) as! T
    }
    let value = try T(from: Reader(decoder: self, depth: depth))
    try close(to: depth)
    return value
  }

  /// An array of a fixed-width number type read as one bulk block (matched by type exactly, as
  /// the encoder does).
  private func decodeBulk<T>(_ type: T.Type) throws -> T? {
    func array<E>(_: E.Type, _ read: () throws -> [E]) rethrows -> T? { T.self == [E].self ? unsafeBitCast(try read(), to: T.self) : nil }
    if let a = try array(Double.self, { try bulk(Double.self) }) { return a }
    if let a = try array(Float.self, { try bulk(Float.self) }) { return a }
    if let a = try array(Int.self, { try bulk(Int64.self).map { Int($0) } }) { return a }
    if let a = try array(Int64.self, { try bulk(Int64.self) }) { return a }
    if let a = try array(UInt64.self, { try bulk(UInt64.self) }) { return a }
    if let a = try array(Int32.self, { try bulk(Int32.self) }) { return a }
    if let a = try array(UInt32.self, { try bulk(UInt32.self) }) { return a }
    if let a = try array(Int16.self, { try bulk(Int16.self) }) { return a }
    if let a = try array(UInt16.self, { try bulk(UInt16.self) }) { return a }
    if let a = try array(Int8.self, { try bulk(Int8.self) }) { return a }
    if let a = try array(UInt8.self, { try bulk(UInt8.self) }) { return a }
    if let a = try array(Bool.self, { try bulk(UInt8.self).map { $0 != 0 } }) { return a }
    if T.self == SIMD32<UInt64>.self {
      let a = try bulk(UInt64.self)
      guard a.count == 32 else { throw fail("a vector of \(a.count) elements where 32 belong") }
      return unsafeBitCast(SIMD32<UInt64>(a), to: T.self)
    }
    return nil
  }
}

/// An optional type as the decoder sees it.
protocol CheckpointOptionalDecodable {
  static var absent: Self { get }
  static func decodeWrapped(_ decoder: CheckpointDecoder, depth: Int) throws -> Self
}

extension Optional: CheckpointOptionalDecodable where Wrapped: Decodable {
  static var absent: Self { nil }
  static func decodeWrapped(_ decoder: CheckpointDecoder, depth: Int) throws -> Self {
    try decoder.decodeValue(Wrapped.self, depth: depth)
  }
}

/// A dictionary with String keys as the decoder sees it (``CheckpointDictionary``).
protocol CheckpointDictionaryDecodable {
  static func decodeDictionary(_ decoder: CheckpointDecoder, depth: Int) throws -> Self
}

extension Dictionary: CheckpointDictionaryDecodable where Key == String, Value: Decodable {
  static func decodeDictionary(_ decoder: CheckpointDecoder, depth: Int) throws -> Self {
    var d: Self = [:]
    while true {
      let tag = try decoder.byte()
      if tag == CheckpointTag.end { return d }
      guard tag == CheckpointTag.entry else { throw decoder.fail("expected a dictionary entry") }
      let key = try decoder.string()
      d[key] = try decoder.decodeValue(Value.self, depth: depth)
    }
  }
}

/// The `Decoder` a value's `init(from:)` sees: its containers open at `depth + 1`.
private struct Reader: Decoder {
  let decoder: CheckpointDecoder
  let depth: Int
  var codingPath: [CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    try decoder.close(to: depth)
    decoder.openDepth = depth + 1
    return KeyedDecodingContainer(KeyedReader<Key>(decoder: decoder, depth: depth + 1))
  }

  func unkeyedContainer() throws -> UnkeyedDecodingContainer {
    try decoder.close(to: depth)
    decoder.openDepth = depth + 1
    return UnkeyedReader(decoder: decoder, depth: depth + 1)
  }

  func singleValueContainer() throws -> SingleValueDecodingContainer { SingleReader(decoder: decoder, depth: depth) }
}

/// Primitive reads shared by the containers.
private protocol PrimitiveReader {
  var decoder: CheckpointDecoder { get }
}

extension PrimitiveReader {
  func read(_: Bool.Type) throws -> Bool {
    switch try decoder.byte() {
    case 0: return false
    case 1: return true
    default: throw decoder.fail("a Bool that is neither 0 nor 1")
    }
  }
  func read(_: String.Type) throws -> String { try decoder.string() }
  func read(_: Double.Type) throws -> Double { Double(bitPattern: try decoder.fixed(UInt64.self)) }
  func read(_: Float.Type) throws -> Float { Float(bitPattern: try decoder.fixed(UInt32.self)) }
  func read(_: Int.Type) throws -> Int { Int(try decoder.fixed(Int64.self)) }
  func read(_: UInt.Type) throws -> UInt { UInt(try decoder.fixed(UInt64.self)) }
  func read<T: FixedWidthInteger>(_: T.Type) throws -> T { try decoder.fixed(T.self) }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol, PrimitiveReader {
  let decoder: CheckpointDecoder
  let depth: Int
  var codingPath: [CodingKey] { [] }

  /// The next entry's key alone (what a type that asks `allKeys`, an enum with associated values,
  /// needs: it reads the one entry it finds).
  var allKeys: [Key] {
    guard (try? decoder.close(to: depth)) != nil, let k = (try? decoder.peekKey()) ?? nil else { return [] }
    return Key(stringValue: k).map { [$0] } ?? []
  }

  func contains(_ key: Key) -> Bool {
    guard (try? decoder.close(to: depth)) != nil else { return false }
    return ((try? decoder.peekKey()) ?? nil) == key.stringValue
  }

  /// Reads the header of `key`'s entry (closing the previous entry's containers).
  private func entry(_ key: Key) throws {
    try decoder.close(to: depth)
    try decoder.expectEntry(key)
  }

  func decodeNil(forKey key: Key) throws -> Bool {
    try decoder.close(to: depth)
    guard let found = try decoder.peekEntry(), found.key == key.stringValue, found.isNil else { return false }
    decoder.offset += 3 + found.key.utf8.count
    return true
  }
  func decode(_ t: Bool.Type, forKey key: Key) throws -> Bool { try entry(key); return try read(t) }
  func decode(_ t: String.Type, forKey key: Key) throws -> String { try entry(key); return try read(t) }
  func decode(_ t: Double.Type, forKey key: Key) throws -> Double { try entry(key); return try read(t) }
  func decode(_ t: Float.Type, forKey key: Key) throws -> Float { try entry(key); return try read(t) }
  func decode(_ t: Int.Type, forKey key: Key) throws -> Int { try entry(key); return try read(t) }
  func decode(_ t: Int8.Type, forKey key: Key) throws -> Int8 { try entry(key); return try read(t) }
  func decode(_ t: Int16.Type, forKey key: Key) throws -> Int16 { try entry(key); return try read(t) }
  func decode(_ t: Int32.Type, forKey key: Key) throws -> Int32 { try entry(key); return try read(t) }
  func decode(_ t: Int64.Type, forKey key: Key) throws -> Int64 { try entry(key); return try read(t) }
  func decode(_ t: UInt.Type, forKey key: Key) throws -> UInt { try entry(key); return try read(t) }
  func decode(_ t: UInt8.Type, forKey key: Key) throws -> UInt8 { try entry(key); return try read(t) }
  func decode(_ t: UInt16.Type, forKey key: Key) throws -> UInt16 { try entry(key); return try read(t) }
  func decode(_ t: UInt32.Type, forKey key: Key) throws -> UInt32 { try entry(key); return try read(t) }
  func decode(_ t: UInt64.Type, forKey key: Key) throws -> UInt64 { try entry(key); return try read(t) }
  func decode<T: Decodable>(_ t: T.Type, forKey key: Key) throws -> T {
    try entry(key)
    decoder.path.append(key.stringValue)
    defer { decoder.path.removeLast() }
    return try decoder.decodeValue(t, depth: depth)
  }

  /// An optional property: absent when its key is not next (`encodeIfPresent` wrote nothing).
  func decodeIfPresent<T: Decodable>(_ t: T.Type, forKey key: Key) throws -> T? {
    guard contains(key), try !decodeNil(forKey: key) else { return nil }
    return try decode(t, forKey: key)
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
    try entry(key)
    decoder.openDepth = depth + 1
    return KeyedDecodingContainer(KeyedReader<NestedKey>(decoder: decoder, depth: depth + 1))
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
    try entry(key)
    decoder.openDepth = depth + 1
    return UnkeyedReader(decoder: decoder, depth: depth + 1)
  }

  func superDecoder() throws -> Decoder { throw decoder.fail("superDecoder is not supported") }
  func superDecoder(forKey key: Key) throws -> Decoder { throw decoder.fail("superDecoder is not supported") }
}

private struct UnkeyedReader: UnkeyedDecodingContainer, PrimitiveReader {
  let decoder: CheckpointDecoder
  let depth: Int
  var codingPath: [CodingKey] { [] }
  /// Unknown until the end is reached (arrays and deques read until ``isAtEnd``; SIMD vectors,
  /// whose decoding needs the count, are written as array blocks).
  var count: Int? { nil }
  private(set) var currentIndex = 0

  init(decoder: CheckpointDecoder, depth: Int) {
    self.decoder = decoder
    self.depth = depth
  }

  var isAtEnd: Bool {
    guard (try? decoder.close(to: depth)) != nil else { return true }
    let tag = try? decoder.peek()
    return tag != CheckpointTag.entry && tag != CheckpointTag.nullEntry
  }

  /// Reads the next element's tag (closing the previous element's containers).
  private mutating func element() throws {
    try decoder.close(to: depth)
    guard try decoder.byte() == CheckpointTag.entry else { decoder.offset -= 1; throw decoder.fail("expected an element, found the end") }
    currentIndex += 1
  }

  mutating func decodeNil() throws -> Bool {
    try decoder.close(to: depth)
    guard try decoder.peek() == CheckpointTag.nullEntry else { return false }
    decoder.offset += 1
    currentIndex += 1
    return true
  }
  mutating func decode(_ t: Bool.Type) throws -> Bool { try element(); return try read(t) }
  mutating func decode(_ t: String.Type) throws -> String { try element(); return try read(t) }
  mutating func decode(_ t: Double.Type) throws -> Double { try element(); return try read(t) }
  mutating func decode(_ t: Float.Type) throws -> Float { try element(); return try read(t) }
  mutating func decode(_ t: Int.Type) throws -> Int { try element(); return try read(t) }
  mutating func decode(_ t: Int8.Type) throws -> Int8 { try element(); return try read(t) }
  mutating func decode(_ t: Int16.Type) throws -> Int16 { try element(); return try read(t) }
  mutating func decode(_ t: Int32.Type) throws -> Int32 { try element(); return try read(t) }
  mutating func decode(_ t: Int64.Type) throws -> Int64 { try element(); return try read(t) }
  mutating func decode(_ t: UInt.Type) throws -> UInt { try element(); return try read(t) }
  mutating func decode(_ t: UInt8.Type) throws -> UInt8 { try element(); return try read(t) }
  mutating func decode(_ t: UInt16.Type) throws -> UInt16 { try element(); return try read(t) }
  mutating func decode(_ t: UInt32.Type) throws -> UInt32 { try element(); return try read(t) }
  mutating func decode(_ t: UInt64.Type) throws -> UInt64 { try element(); return try read(t) }
  mutating func decode<T: Decodable>(_ t: T.Type) throws -> T {
    try element()
    return try decoder.decodeValue(t, depth: depth)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
    try element()
    decoder.openDepth = depth + 1
    return KeyedDecodingContainer(KeyedReader<NestedKey>(decoder: decoder, depth: depth + 1))
  }

  mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
    try element()
    decoder.openDepth = depth + 1
    return UnkeyedReader(decoder: decoder, depth: depth + 1)
  }

  mutating func superDecoder() throws -> Decoder { throw decoder.fail("superDecoder is not supported") }
}

private struct SingleReader: SingleValueDecodingContainer, PrimitiveReader {
  let decoder: CheckpointDecoder
  let depth: Int
  var codingPath: [CodingKey] { [] }

  /// Always false: the encoder refuses a nil in a single-value container (optionals are read
  /// with their presence byte before they get here).
  func decodeNil() -> Bool { false }
  func decode(_ t: Bool.Type) throws -> Bool { try read(t) }
  func decode(_ t: String.Type) throws -> String { try read(t) }
  func decode(_ t: Double.Type) throws -> Double { try read(t) }
  func decode(_ t: Float.Type) throws -> Float { try read(t) }
  func decode(_ t: Int.Type) throws -> Int { try read(t) }
  func decode(_ t: Int8.Type) throws -> Int8 { try read(t) }
  func decode(_ t: Int16.Type) throws -> Int16 { try read(t) }
  func decode(_ t: Int32.Type) throws -> Int32 { try read(t) }
  func decode(_ t: Int64.Type) throws -> Int64 { try read(t) }
  func decode(_ t: UInt.Type) throws -> UInt { try read(t) }
  func decode(_ t: UInt8.Type) throws -> UInt8 { try read(t) }
  func decode(_ t: UInt16.Type) throws -> UInt16 { try read(t) }
  func decode(_ t: UInt32.Type) throws -> UInt32 { try read(t) }
  func decode(_ t: UInt64.Type) throws -> UInt64 { try read(t) }
  func decode<T: Decodable>(_ t: T.Type) throws -> T { try decoder.decodeValue(t, depth: depth) }
}
