import ArgumentParser

/// The `drai` command-line tool: emulate DRAI chips described in files.
@main
struct DRAICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drai",
    abstract: "Emulate neuromorphic chips that learn by Dynamic Resonance (DRAI).",
    version: "0.1.0",
    subcommands: [Run.self, Report.self, Sweep.self, Kuramoto.self, NoC.self, Validate.self, Describe.self],
    defaultSubcommand: nil)
}
