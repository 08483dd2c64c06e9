import CZlib
import Foundation

/// Decompression of gzip (or zlib) data through the system zlib.
enum Gzip {
  /// Whether `data` starts with the gzip magic bytes 1f 8b.
  static func isCompressed(_ data: Data) -> Bool { data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B }

  /// Inflates `data`. Returns nil when zlib reports corrupt or truncated input.
  static func decompress(_ data: Data) -> Data? {
    var stream = z_stream()
    // 15 window bits + 32: detect gzip or zlib headers automatically.
    guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var output = Data()
    let chunk = 1 << 16
    var buffer = [UInt8](repeating: 0, count: chunk)
    var status: Int32 = Z_OK
    var input = [UInt8](data)
    input.withUnsafeMutableBufferPointer { inBuf in
      stream.next_in = inBuf.baseAddress
      stream.avail_in = uInt(inBuf.count)
      repeat {
        buffer.withUnsafeMutableBufferPointer { out in
          stream.next_out = out.baseAddress
          stream.avail_out = uInt(chunk)
          status = inflate(&stream, Z_NO_FLUSH)
          output.append(out.baseAddress!, count: chunk - Int(stream.avail_out))
        }
      } while status == Z_OK
    }
    return status == Z_STREAM_END ? output : nil
  }
}
