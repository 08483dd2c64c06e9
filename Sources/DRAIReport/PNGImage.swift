import CZlib
import Foundation

/// An 8-bit RGB raster, encoded as PNG (ISO/IEC 15948) for the report's heat maps.
public struct PNGImage: Sendable {
  /// Width and height in pixels.
  public let width: Int, height: Int
  /// Row-major RGB bytes, 3 per pixel.
  var pixels: [UInt8]

  /// A black image. Preconditions: width, height ≥ 1.
  public init(width: Int, height: Int) {
    precondition(width >= 1 && height >= 1, "an image needs at least one pixel")
    self.width = width
    self.height = height
    pixels = [UInt8](repeating: 0, count: 3 * width * height)
  }

  /// Sets pixel (x, y) from the top left. Precondition: inside the image.
  public mutating func set(_ x: Int, _ y: Int, _ rgb: (UInt8, UInt8, UInt8)) {
    let k = 3 * (y * width + x)
    pixels[k] = rgb.0; pixels[k + 1] = rgb.1; pixels[k + 2] = rgb.2
  }

  /// The PNG file: signature, IHDR (8-bit truecolour), one zlib-compressed IDAT with filter
  /// type 0 on every row, IEND.
  public var pngData: Data {
    var raw = [UInt8]()
    raw.reserveCapacity((3 * width + 1) * height)
    for y in 0..<height {
      raw.append(0)
      raw.append(contentsOf: pixels[(3 * width * y)..<(3 * width * (y + 1))])
    }
    var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    var header = [UInt8]()
    header.append(contentsOf: Self.bigEndian(UInt32(width)))
    header.append(contentsOf: Self.bigEndian(UInt32(height)))
    header.append(contentsOf: [8, 2, 0, 0, 0])  // bit depth 8, colour type 2 (RGB), deflate, filter 0, no interlace
    Self.chunk("IHDR", header, into: &out)
    Self.chunk("IDAT", Self.deflate(raw), into: &out)
    Self.chunk("IEND", [], into: &out)
    return out
  }

  /// A `data:` URI of the PNG, for an SVG `<image>` or HTML `<img>`.
  public var dataURI: String { "data:image/png;base64," + pngData.base64EncodedString() }

  static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255)] }

  static func chunk(_ type: String, _ body: [UInt8], into out: inout Data) {
    let typeBytes = Array(type.utf8)
    out.append(contentsOf: bigEndian(UInt32(body.count)))
    out.append(contentsOf: typeBytes)
    out.append(contentsOf: body)
    var crc = crc32(0, nil, 0)
    crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
    crc = body.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
    out.append(contentsOf: bigEndian(UInt32(crc)))
  }

  static func deflate(_ raw: [UInt8]) -> [UInt8] {
    var size = compressBound(uLong(raw.count))
    var out = [UInt8](repeating: 0, count: Int(size))
    let status = out.withUnsafeMutableBufferPointer { o in
      raw.withUnsafeBufferPointer { i in compress2(o.baseAddress, &size, i.baseAddress, uLong(i.count), 9) }
    }
    precondition(status == Z_OK, "zlib compress2 failed with \(status)")  // only on memory exhaustion
    return Array(out.prefix(Int(size)))
  }
}

/// Colour maps of the report.
enum ColorMap {
  /// A cyclic hue for a phase byte (0...255 ↔ 0...2π): red at 0, through yellow, green, cyan,
  /// blue and magenta.
  static func phase(_ byte: UInt8) -> (UInt8, UInt8, UInt8) {
    let h = Double(byte) / 256 * 6, i = Int(h), f = h - Double(i)
    let up = UInt8((f * 255).rounded()), down = UInt8(((1 - f) * 255).rounded())
    switch i {
    case 0: return (255, up, 0)
    case 1: return (down, 255, 0)
    case 2: return (0, 255, up)
    case 3: return (0, down, 255)
    case 4: return (up, 0, 255)
    default: return (255, 0, down)
    }
  }

  /// Blue (negative) through white (0) to red (positive); `x` in [−1, 1], clamped.
  static func diverging(_ x: Double) -> (UInt8, UInt8, UInt8) {
    let t = Swift.min(Swift.max(x, -1), 1)
    func mix(_ a: Double, _ b: Double, _ f: Double) -> UInt8 { UInt8((a + (b - a) * f).rounded()) }
    return t < 0 ? (mix(255, 59, -t), mix(255, 76, -t), mix(255, 192, -t)) : (mix(255, 180, t), mix(255, 4, t), mix(255, 38, t))
  }
}
