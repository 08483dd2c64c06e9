import Foundation

/// A file mapped read-only, whose pages can be given back once read.
final class MappedFile {
  /// The file's bytes.
  let bytes: UnsafeRawBufferPointer
  private let base: UnsafeMutableRawPointer?
  private var released = 0
  /// Bytes read between two releases.
  static let releaseStride = 1 << 26

  /// Maps the file at `path`, or nil when it cannot be opened or mapped.
  init?(path: String) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { _ = Glibc.close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    let size = Int(info.st_size)
    if size == 0 {
      base = nil
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
    _ = madvise(p, size, MADV_SEQUENTIAL)
    base = p
    bytes = UnsafeRawBufferPointer(start: p, count: size)
  }

  /// Gives back the whole pages before `offset` (they are read from the file again if touched).
  func release(upTo offset: Int) {
    guard let base else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let end = (offset / page) * page
    guard end > released else { return }
    _ = madvise(base + released, end - released, MADV_DONTNEED)
    released = end
  }

  /// Starts releasing from the beginning again (for a second pass over the file).
  func restart() { released = 0 }

  /// Unmaps the file.
  func close() {
    if let base { _ = munmap(base, bytes.count) }
  }
}
