import Foundation

/// A handle's last error message as NUL-terminated C text, owned here (replaced on the next
/// error, freed with the handle), so that the pointer handed to C stays valid until then.
final class ErrorText {
  private var text: UnsafeMutablePointer<CChar> = strdup("")!

  /// The message for C; valid until the next ``fail(_:_:)`` or the owner's destruction.
  var pointer: UnsafePointer<CChar> { UnsafePointer(text) }

  /// Records `message` and returns `status`.
  func fail(_ status: Int32, _ message: String) -> Int32 {
    free(text)
    text = strdup(message)!
    return status
  }

  deinit { free(text) }
}
