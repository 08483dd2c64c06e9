import DRAIDescription

/// A checkpoint that cannot be resumed: the file and why, in one line.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
  /// The checkpoint file.
  public let file: String
  /// What is wrong.
  public let reason: String
  /// One line for the user (a long file name shortened).
  public var description: String { "\(DescriptionError.excerpt(file)): \(reason)" }
}
