import CDRAISystemCShim
import DRAIChip
import DRAICore
import DRAIDescription
import DRAIReport
import Foundation
import Testing

/// The SystemC testbench executable, built next to the test bundle.
let systemcTestbench: URL = {
  var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("drai-systemc").path) && dir.path != "/" {
    dir.deleteLastPathComponent()
  }
  return dir.appendingPathComponent("drai-systemc")
}()

/// Runs the testbench with `arguments` and returns its status and standard output (and, with
/// `errors`, its standard error after it).
func runTestbench(_ arguments: [String], errors: Bool = false) throws -> (Int32, String) {
  let p = Process()
  p.executableURL = systemcTestbench
  p.arguments = arguments
  // The caller's environment (e.g. a sanitizer's options under `make sanitize`), quietened.
  p.environment = ProcessInfo.processInfo.environment.merging(["SYSTEMC_DISABLE_COPYRIGHT_MESSAGE": "1"]) { _, new in new }
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = errors ? err : FileHandle.nullDevice
  try p.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  let errorData = errors ? err.fileHandleForReading.readDataToEndOfFile() : Data()
  p.waitUntilExit()
  return (p.terminationStatus, String(decoding: data + errorData, as: UTF8.self))
}

@Suite(.serialized) struct SystemCTests {
  let chipPath = repositoryRoot.appendingPathComponent("Hardware/chips/default.yaml").path

  @Test("The SystemC module and the pure Swift chip emit the same AER trace and counters, cycle for cycle")
  func lockstep() throws {
    let (status, out) = try runTestbench([chipPath, "aer", "1500"])
    #expect(status == 0)
    let lines = out.split(separator: "\n")
    let systemc = lines.filter { $0.hasPrefix("spike ") }.map { $0.split(separator: " ").dropFirst().map { Int($0)! } }
    // Pure Swift, with the testbench's stimulus: one free cycle, then oscillators 0..31 forced to
    // phase 0 and 32..63 to π from cycle 1 on. A spike is a forward wrap of the phase register.
    let description = try ChipDescription(path: chipPath)
    var chip = Chip(configuration: description.configuration, seed: 1)
    var swift: [[Int]] = []
    for cycle in 0..<1500 {
      if cycle == 1 {
        chip.setForcingPattern((0..<64).map { $0 < 32 })
        chip.forcingEnabled = true
      }
      let before = chip.tiles[0].phaseRegisters
      chip.run(cycles: Cycles(1))
      let after = chip.tiles[0].phaseRegisters
      for i in 0..<64 where Int32(bitPattern: after[i] &- before[i]) > 0 && after[i] < before[i] { swift.append([cycle, i]) }
    }
    #expect(systemc.count > 800)  // about 0.64 spikes per cycle
    #expect(systemc == swift)
    #expect(lines.last == "cycles 1500 phase_spikes \(chip.counters.phaseSpikes) events \(swift.count)")
  }

  @Test("A TLM-2.0 initiator configures the chip and reads it over the socket; bad accesses get TLM error responses")
  func tlm() throws {
    let (status, out) = try runTestbench([chipPath, "tlm"])
    #expect(status == 0)
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines.contains("abi 4 oscillators 64"))
    // 0.05 rad/µs is 15.5 of the 0.1/31 rad/µs levels, stored as 16: 1.6/31 = 0.0516129.
    #expect(lines.contains("weight 3<-7 0.0516129"))
    // Burst error (-4) for a 4-byte read of a 64-bit counter, address error (-2) for an unmapped
    // address and a self-synapse, command error (-3) for a write to a counter, generic error (-1)
    // for an unknown control word.
    #expect(lines.contains("errors: cycles as 4 bytes -4, unmapped -2, write to cycles -3, self-synapse -2, control 9 -1"))
    #expect(lines.contains("dmi refused"))
    let counters = try #require(lines.first { $0.hasPrefix("status ") })
    #expect(counters.hasPrefix("status 0 cycles ") && !counters.contains("resonance_events 0 "))
    // On one tile every pair has a synapse: both weight writes succeed and no failure bit is
    // set; a debug read returns its 4 bytes, a debug write none.
    #expect(lines.contains("per-transaction: missing synapse 1, next write 1, debug status 0 0 (4 4 bytes), status 0 0, debug write 0 bytes"))
    // Reset empties the queues: the spikes of the 2000 cycles waiting in aer_out (about 0.64
    // per cycle) and the input written just before it; the chip restarts at cycle 0.
    let reset = try #require(lines.first { $0.hasPrefix("reset: aer_out ") })
    let spikes = Int(reset.split(separator: " ")[2])!
    #expect(spikes > 1000 && reset.hasSuffix(" -> 0, aer_in 1 -> 0, cycles 0"), "\(reset)")
    // The state saved before the reset (the cycles run, their resonance events) comes back with
    // restore: the cycle count and the event count of the counters line above.
    let restore = try #require(lines.first { $0.hasPrefix("restore: ") })
    let words = counters.split(separator: " ")
    let cycles = try #require(words.drop { $0 != "cycles" }.dropFirst().first)
    let events = try #require(words.drop { $0 != "resonance_events" }.dropFirst().first)
    #expect(Int(cycles)! >= 2000)
    #expect(restore == "restore: saved 1 at cycle \(cycles), restored 1, cycles \(cycles), resonance_events \(events)", "\(restore)")
  }

  @Test("A failed library call answers its own TLM transaction only; the failure bit survives debug reads")
  func tlmFailurePerTransaction() throws {
    // The 2×2 chip with one-to-one connectivity: oscillator 16 (tile 1) has a synapse from
    // oscillator 0 of tile 0, not from oscillator 1, so the first weight write fails.
    let text = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Hardware/chips/mesh-2x2.yaml").path, encoding: .utf8)
      .replacingOccurrences(of: "../energy/", with: repositoryRoot.appendingPathComponent("Hardware/energy").path + "/")
      + "\nconnectivity:\n  rule: one_to_one\n"
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("drai-sc-one-to-one-\(getpid()).yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (status, out) = try runTestbench([path, "tlm"])
    #expect(status == 0)
    // Generic error (-1) for the missing synapse, OK (1) for the next write; bit 1 of the
    // status (2) stays set through two debug reads, reads 2 on the first bus read and 0 after.
    #expect(out.contains("per-transaction: missing synapse -1, next write 1, debug status 2 2 (4 4 bytes), status 2 0, debug write 0 bytes"),
            "\(out)")
  }
}

extension SystemCTests {
  @Test("Swift drives a SystemC reference accumulator cycle by cycle: it equals a free-running oscillator's phase register")
  func referenceBlock() throws {
    // All oscillators at 1 MHz on the 100 MHz clock with 16-bit phases: round(2^16/100) = 655 LSBs
    // per cycle, i.e. 655 << 16 in the 32-bit register. No coupling (all weights 0), no forcing.
    let description = try ChipDescription(path: chipPath, overrides: ["oscillators.frequency_distribution=identical",
                                                                      "oscillators.frequency_spread_mhz=0"])
    var chip = Chip(configuration: description.configuration, seed: 3)
    let increment = UInt32(655) << 16
    #expect(drai_sc_accumulator_start(chip.tiles[0].phaseRegisters[0], increment) == 0)
    var wraps = 0
    for cycle in 1...2000 {
      let before = chip.tiles[0].phaseRegisters[0]
      chip.run(cycles: Cycles(1))
      var reference: UInt32 = 0
      #expect(drai_sc_accumulator_step(&reference) == 0)
      let swift = chip.tiles[0].phaseRegisters[0]
      if swift != reference { Issue.record("cycle \(cycle): Swift \(swift), SystemC \(reference)"); break }
      if swift < before { wraps += 1 }
    }
    // 2000 cycles × 655/65536 revolutions per cycle = 19.99 revolutions: 19 or 20 wraps.
    #expect(wraps == 19 || wraps == 20)
    #expect(drai_sc_accumulator_start(0, 0) == -1)  // one elaboration per process
  }
}

extension SystemCTests {
  @Test("The digits testbench, driven through clock, reset and AER fifos, prints drai run's summary and JSON and the AER trace of a C host and of a pure Swift chip",
        arguments: ["default.yaml", "mesh-2x2.yaml", "mesh-2x2-mixed.yaml"])
  func digits(chipFile: String) throws {
    let chipPath = repositoryRoot.appendingPathComponent("Hardware/chips/" + chipFile).path
    let json = FileManager.default.temporaryDirectory.appendingPathComponent("drai-sc-\(getpid())-\(chipFile).json").path
    defer { try? FileManager.default.removeItem(atPath: json) }
    let (status, out) = try runTestbench([chipPath, "digits", quickWorkloadPath, "--seed", "3", "--json", json])
    #expect(status == 0)
    let swift = try swiftRun(chip: chipPath, workload: quickWorkloadPath, seed: 3)
    let printed = out.components(separatedBy: "\nwall_s")
    #expect(printed.count == 2 && printed[0] == RunSummary.text(swift))
    #expect(try String(contentsOfFile: json, encoding: .utf8) == String(decoding: try stableJSONEncoder().encode(swift), as: UTF8.self))
    // AER in, by hand: 6 presentations and 6 cues of 64 forcing events, 6 learning-on and 6
    // learning-off events (the last before the drain), 6 releases: 768 + 18 = 786.
    let host = try driveThroughCABI(chip: chipPath, workload: quickWorkloadPath, seed: 3)
    let systemc = try #require(out.split(separator: "\n").last { $0.hasPrefix("SystemC: ") })
    let spikes = UInt64(swift.counters["phase_spikes"]!)
    #expect(systemc.contains("\(swift.cycles) clock edges stepped"))
    #expect(systemc.contains("AER in 786 events, AER out \(spikes) events (phase_spikes \(spikes), sink \(spikes))"))
    #expect(systemc.hasSuffix("digest " + String(format: "%016llx", host.digest)) && host.events == Int(spikes))
    // And a pure Swift chip stepped through the same segments, with its own spike rule.
    let pure = try swiftAERDigest(chip: chipPath, workload: quickWorkloadPath, seed: 3)
    #expect(pure.digest == host.digest && pure.events == Int(spikes))
  }

  @Test("The digits testbench reports a bad workload or bad options on standard error and fails")
  func digitsErrors() throws {
    let (status, out) = try runTestbench([chipPath, "digits", "/nonexistent/w.yaml"], errors: true)
    #expect(status == 1 && out.contains("/nonexistent/w.yaml"))
    let (badSeed, seedText) = try runTestbench([chipPath, "digits", quickWorkloadPath, "--seed", "x"], errors: true)
    #expect(badSeed == 2 && seedText.contains("--seed: 'x' is not a whole number"))
    let (badOption, optionText) = try runTestbench([chipPath, "tlm", "--json", "a.json"], errors: true)
    #expect(badOption == 2 && optionText.contains("unknown option '--json' for mode tlm"))
    // A bad chip path: the loader's message on standard error and exit 1, no abort.
    let (badChip, chipText) = try runTestbench(["/nonexistent/chip.yaml", "tlm"], errors: true)
    #expect(badChip == 1 && chipText.hasPrefix("drai-systemc: /nonexistent/chip.yaml: no such file"))
    let (badJSON, jsonText) = try runTestbench([chipPath, "digits", quickWorkloadPath, "--json", "/nonexistent/r.json"], errors: true)
    #expect(badJSON == 2 && jsonText.contains("--json: cannot write /nonexistent/r.json"))
  }
}

extension SystemCTests {
  @Test("The module's VCD holds AER traffic, learning packets in flight and each router's occupancy on a mesh")
  func meshTrace() throws {
    let mesh = repositoryRoot.appendingPathComponent("Hardware/chips/mesh-2x2.yaml").path
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("drai-sc-mesh-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: base + ".vcd") }
    let (status, out) = try runTestbench([mesh, "aer", "300", "--vcd", base])
    #expect(status == 0)
    let vcd = try String(contentsOfFile: base + ".vcd", encoding: .utf8)
    // Signal identifiers by scope and name, then the values each takes.
    var ids: [String: String] = [:], scopes: [String] = []
    var values: [String: [UInt64]] = [:]
    for line in vcd.split(separator: "\n") {
      let f = line.split(separator: " ", omittingEmptySubsequences: true)
      if f.first == "$scope", f.count > 2 { scopes.append(String(f[2])) }
      if f.first == "$upscope" { _ = scopes.popLast() }
      if f.first == "$var", f.count > 4, let scope = scopes.last { ids[scope + "." + f[4]] = String(f[3]) }
      if line.hasPrefix("b"), f.count == 2 { values[String(f[1]), default: []].append(UInt64(f[0].dropFirst(), radix: 2)!) }
    }
    let routers = (0..<4).map { ids["router_\($0).occupancy_flits"] }
    #expect(routers.allSatisfy { $0 != nil })
    // Spikes go to every other tile, so every router buffers flits; never more than its
    // 5 ports × 2 virtual channels × 8 flits.
    for id in routers.compactMap({ $0 }) {
      let v = values[id] ?? []
      #expect(v.contains { $0 > 0 } && v.allSatisfy { $0 <= 80 })
    }
    // The testbench forces all 64 oscillators (64 AER events in); the last spike count is the
    // counters' (printed last by the testbench).
    #expect(values[ids["chip.aer_in_events"] ?? ""]?.last == 64)
    let spikes = try #require(out.split(separator: "\n").last?.split(separator: " ")[3])
    #expect(values[ids["chip.phase_spikes"] ?? ""]?.last == UInt64(spikes))
    #expect(ids["chip.learning_pending"] != nil && ids["chip.aer_out_events"] != nil)
  }
}
