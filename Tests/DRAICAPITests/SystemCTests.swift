import DRAIChip
import DRAICore
import DRAIDescription
import CDRAISystemCShim
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

/// Runs the testbench with `arguments` and returns its status and standard output.
func runTestbench(_ arguments: [String]) throws -> (Int32, String) {
  let p = Process()
  p.executableURL = systemcTestbench
  p.arguments = arguments
  p.environment = ["SYSTEMC_DISABLE_COPYRIGHT_MESSAGE": "1"]
  let out = Pipe()
  p.standardOutput = out
  p.standardError = FileHandle.nullDevice
  try p.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return (p.terminationStatus, String(decoding: data, as: UTF8.self))
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
    #expect(lines.contains("abi 2 oscillators 64"))
    // 0.05 rad/µs is 15.5 of the 0.1/31 rad/µs levels, stored as 16: 1.6/31 = 0.0516129.
    #expect(lines.contains("weight 3<-7 0.0516129"))
    // Burst error (-4) for a 4-byte read of a 64-bit counter, address error (-2) for an unmapped
    // address and a self-synapse, command error (-3) for a write to a counter, generic error (-1)
    // for an unknown control word.
    #expect(lines.contains("errors: cycles as 4 bytes -4, unmapped -2, write to cycles -3, self-synapse -2, control 9 -1"))
    #expect(lines.contains("dmi refused"))
    let counters = try #require(lines.first { $0.hasPrefix("status ") })
    #expect(counters.hasPrefix("status 0 cycles ") && !counters.contains("resonance_events 0 "))
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
