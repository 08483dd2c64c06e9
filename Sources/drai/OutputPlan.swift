import Foundation

/// The files and folders a command will write, checked together before any work, so that a
/// long run is never lost at its end to an output it cannot write, and never overwrites its
/// own input.
struct OutputPlan {
  /// Output files, by the option that names them (e.g. `--json`).
  var files: [(option: String, path: String)] = []
  /// Output folders (e.g. `--csv`), created if missing.
  var folders: [(option: String, path: String)] = []
  /// The files the command reads (descriptions and the files they name).
  var inputs: [String] = []

  /// Adds `path`, if given, as an output file named by `option`.
  mutating func file(_ option: String, _ path: String?) { if let path { files.append((option, path)) } }
  /// Adds `path`, if given, as an output folder named by `option`.
  mutating func folder(_ option: String, _ path: String?) { if let path { folders.append((option, path)) } }

  /// Refuses, in one line naming the option and the path: an output file that is a folder or
  /// whose folder does not exist or cannot be written; an output folder that is a file or
  /// whose parent cannot be written; an output that is one of the inputs; two outputs on one
  /// path. - Throws: ``ValidationErrorText``.
  func check() throws {
    let manager = FileManager.default
    var seen: [String: String] = [:]
    let inputIdentities = Dictionary(inputs.map { (Self.identity($0), $0) }, uniquingKeysWith: { a, _ in a })
    for (option, path, isFolder) in files.map({ ($0.option, $0.path, false) }) + folders.map({ ($0.option, $0.path, true) }) {
      var existingFolder: ObjCBool = false
      let exists = manager.fileExists(atPath: path, isDirectory: &existingFolder)
      if exists && existingFolder.boolValue && !isFolder {
        throw ValidationErrorText("\(option) \(path): this is a folder; give the path of a file to write")
      }
      if exists && !existingFolder.boolValue && isFolder {
        throw ValidationErrorText("\(option) \(path): this is a file; give the path of a folder to write into")
      }
      let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
      if !(exists && isFolder) && !manager.isWritableFile(atPath: parent) {
        throw ValidationErrorText("\(option) \(path): the folder \(parent) does not exist or is not writable")
      }
      let id = Self.identity(path)
      if let input = inputIdentities[id] {
        throw ValidationErrorText("\(option) \(path): this is an input of the run (\(input)); refusing to overwrite it")
      }
      if let other = seen[id] {
        throw ValidationErrorText("\(option) \(path): \(other) writes the same path; give each output its own")
      }
      seen[id] = option
    }
  }

  /// A path's identity for comparison: absolute, standardised, symbolic links resolved.
  static func identity(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
