import ArgumentParser
import DRAIDescription
import Foundation

/// The `drai` command-line tool: emulate DRAI chips described in files.
@main
struct DRAICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drai",
    abstract: "Emulate neuromorphic chips that learn by Dynamic Resonance (DRAI).",
    version: "0.1.0",
    subcommands: [Run.self, Report.self, Sweep.self, Kuramoto.self, NoC.self, Validate.self, Describe.self],
    defaultSubcommand: nil)

  /// Parses and runs the command; an error is printed as ArgumentParser prints it (help and the
  /// version on standard output, errors on standard error with their exit code), except that a
  /// quoted value longer than 80 characters is shortened to its start and its length.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      let message = shortened(fullMessage(for: error))
      if code == .success {
        print(message)
      } else if !message.isEmpty {
        FileHandle.standardError.write(Data((message + "\n").utf8))
      }
      Foundation.exit(code.rawValue)
    }
  }

  /// `text` with every single-quoted stretch of more than 80 characters quoted by excerpt
  /// (``DescriptionError/excerpt(_:)``).
  static func shortened(_ text: String) -> String {
    text.replacing(/'([^'\n]{81,})'/) { match in "'\(DescriptionError.excerpt(String(match.output.1)))'" }
  }
}
