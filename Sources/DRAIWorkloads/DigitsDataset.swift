import DRAIDescription
import Foundation

/// Labelled images from a CSV file: per row `pixels` integer-or-real values then a class label
/// 0...9 (the UCI optdigits layout; gzip-compressed files are inflated).
public struct DigitsDataset: Sendable {
  /// Pixel values, row-major per image.
  public let images: [[Double]]
  /// Class label per image.
  public let labels: [Int]
  /// Pixels per image.
  public let pixels: Int

  /// Loads the dataset at `url`, expecting `pixels` values per image (nil: as many as the first
  /// row has, less the label).
  /// - Throws: ``DescriptionError`` (`bad-data`) naming the file and line of a malformed row,
  ///   or an unreadable or corrupt file.
  public init(url: URL, pixels expected: Int?) throws {
    let name = url.path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
      throw DescriptionError(.unreadableFile, file: name, key: "dataset.path", allowed: "no such dataset file (relative paths are relative to the workload file's folder)")
    }
    guard !isFolder.boolValue, let raw = FileManager.default.contents(atPath: url.path) else {
      throw DescriptionError(.unreadableFile, file: name, key: "dataset.path",
                             allowed: isFolder.boolValue ? "a folder, not a dataset file" : "cannot read the dataset file (permissions? a device?)")
    }
    var data = raw
    if Gzip.isCompressed(raw) {
      guard let inflated = Gzip.decompress(raw) else {
        throw DescriptionError(.badData, file: name, allowed: "corrupt or truncated gzip data")
      }
      data = inflated
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw DescriptionError(.badData, file: name, allowed: "the dataset is not UTF-8 text")
    }
    var images: [[Double]] = [], labels: [Int] = []
    var pixels = expected ?? 0
    // Character.isNewline covers "\n", "\r\n" (one Character in Swift) and "\r".
    for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let row = line.trimmingCharacters(in: .whitespacesAndNewlines)
      if row.isEmpty { continue }
      let fields = row.split(separator: ",", omittingEmptySubsequences: false)
      if pixels == 0 { pixels = max(fields.count - 1, 1) }
      guard fields.count == pixels + 1 else {
        throw DescriptionError(.badData, file: name, line: index + 1, value: String(row.prefix(40)),
                               allowed: "expected \(pixels) pixel values and a label, found \(fields.count) fields")
      }
      var image = [Double]()
      image.reserveCapacity(pixels)
      for f in fields.dropLast() {
        guard let v = Double(f.trimmingCharacters(in: .whitespaces)), v.isFinite else {
          throw DescriptionError(.badData, file: name, line: index + 1, value: String(f), allowed: "pixel values must be numbers")
        }
        image.append(v)
      }
      guard let label = Int(fields.last!.trimmingCharacters(in: .whitespaces)), (0...9).contains(label) else {
        throw DescriptionError(.badData, file: name, line: index + 1, value: String(fields.last!), allowed: "labels must be integers 0...9")
      }
      images.append(image)
      labels.append(label)
    }
    guard !images.isEmpty else { throw DescriptionError(.badData, file: name, allowed: "the dataset has no rows") }
    self.images = images
    self.labels = labels
    self.pixels = pixels
  }

  /// The mean image of class `label` thresholded at `threshold`: true where the mean exceeds it.
  /// Returns nil when the class has no images.
  public func template(label: Int, threshold: Double) -> [Bool]? {
    var sum = [Double](repeating: 0, count: pixels)
    var n = 0
    for (img, l) in zip(images, labels) where l == label {
      for k in 0..<pixels { sum[k] += img[k] }
      n += 1
    }
    guard n > 0 else { return nil }
    return sum.map { $0 / Double(n) > threshold }
  }
}
