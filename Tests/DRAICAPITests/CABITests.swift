import CDRAI
import DRAICAPI
import DRAIChip
import DRAICore
import DRAIDescription
import Foundation
import Testing

/// A header function (by reference, so that its exact C function type is T, not an existential
/// both sides could convert to) and its Swift twin, which must convert to that C type: any
/// drift in a parameter or result type fails to compile.
func same<T>(_ header: inout T, _ export: T) {}

/// The NUL-terminated text in a C character buffer.
func cText(_ buffer: [CChar]) -> String { String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite struct CABITests {
  @Test("Every declaration of drai.h has a Swift export of the same type (this file compiles only if so)")
  func headerMatchesExports() {
    do { var h = CDRAI.drai_abi_version; same(&h, DRAICAPI.drai_abi_version) }
    do { var h = CDRAI.drai_chip_create_from_path; same(&h, DRAICAPI.drai_chip_create_from_path) }
    do { var h = CDRAI.drai_chip_create_from_text; same(&h, DRAICAPI.drai_chip_create_from_text) }
    do { var h = CDRAI.drai_chip_destroy; same(&h, DRAICAPI.drai_chip_destroy) }
    do { var h = CDRAI.drai_chip_reset; same(&h, DRAICAPI.drai_chip_reset) }
    do { var h = CDRAI.drai_chip_step; same(&h, DRAICAPI.drai_chip_step) }
    do { var h = CDRAI.drai_chip_set_threads; same(&h, DRAICAPI.drai_chip_set_threads) }
    do { var h = CDRAI.drai_chip_inject; same(&h, DRAICAPI.drai_chip_inject) }
    do { var h = CDRAI.drai_chip_poll; same(&h, DRAICAPI.drai_chip_poll) }
    do { var h = CDRAI.drai_chip_oscillators; same(&h, DRAICAPI.drai_chip_oscillators) }
    do { var h = CDRAI.drai_chip_phases; same(&h, DRAICAPI.drai_chip_phases) }
    do { var h = CDRAI.drai_chip_weight; same(&h, DRAICAPI.drai_chip_weight) }
    do { var h = CDRAI.drai_chip_set_weight; same(&h, DRAICAPI.drai_chip_set_weight) }
    do { var h = CDRAI.drai_chip_set_plasticity; same(&h, DRAICAPI.drai_chip_set_plasticity) }
    do { var h = CDRAI.drai_chip_counters; same(&h, DRAICAPI.drai_chip_counters) }
    do { var h = CDRAI.drai_chip_energy; same(&h, DRAICAPI.drai_chip_energy) }
    do { var h = CDRAI.drai_chip_last_error; same(&h, DRAICAPI.drai_chip_last_error) }
    do { var h = CDRAI.drai_chip_clock_mhz; same(&h, DRAICAPI.drai_chip_clock_mhz) }
    do { var h = CDRAI.drai_chip_save; same(&h, DRAICAPI.drai_chip_save) }
    do { var h = CDRAI.drai_chip_restore; same(&h, DRAICAPI.drai_chip_restore) }
    do { var h = CDRAI.drai_chip_learning_pending; same(&h, DRAICAPI.drai_chip_learning_pending) }
    do { var h = CDRAI.drai_chip_router_occupancy; same(&h, DRAICAPI.drai_chip_router_occupancy) }
    do { var h = CDRAI.drai_workload_create_from_path; same(&h, DRAICAPI.drai_workload_create_from_path) }
    do { var h = CDRAI.drai_workload_destroy; same(&h, DRAICAPI.drai_workload_destroy) }
    do { var h = CDRAI.drai_workload_next; same(&h, DRAICAPI.drai_workload_next) }
    do { var h = CDRAI.drai_workload_report; same(&h, DRAICAPI.drai_workload_report) }
    do { var h = CDRAI.drai_workload_last_error; same(&h, DRAICAPI.drai_workload_last_error) }
    #expect(CDRAI.drai_abi_version() == DRAI_ABI_VERSION)
  }

  /// A chip from the bundled default description, through the C declarations.
  func makeChip(seed: UInt64 = 1) throws -> OpaquePointer {
    var chip: OpaquePointer?
    var error = [CChar](repeating: 0, count: 512)
    let path = repositoryRoot.appendingPathComponent("Hardware/chips/default.yaml").path
    let status = CDRAI.drai_chip_create_from_path(path, seed, &chip, &error, error.count)
    #expect(status == DRAI_OK, "\(cText(error))")
    return try #require(chip)
  }

  @Test("Stepping through the C ABI equals the Swift chip: phases, counters, and one AER event per phase spike")
  func lockstep() throws {
    let c = try makeChip(seed: 5)
    defer { _ = CDRAI.drai_chip_destroy(c) }
    let description = try ChipDescription(path: repositoryRoot.appendingPathComponent("Hardware/chips/default.yaml").path)
    var swiftChip = Chip(configuration: description.configuration, seed: 5)
    #expect(CDRAI.drai_chip_step(c, 1000) == DRAI_OK)
    swiftChip.run(cycles: Cycles(1000))
    var phases = [Double](repeating: 0, count: 64), count = 0
    #expect(CDRAI.drai_chip_phases(c, &phases, phases.count, &count) == DRAI_OK && count == 64)
    #expect(phases == swiftChip.relativePhasesRadians)
    var counters = drai_counters(); counters.size = MemoryLayout<drai_counters>.size
    #expect(CDRAI.drai_chip_counters(c, &counters) == DRAI_OK)
    #expect(counters.cycles == 1000 && counters.phase_spikes == swiftChip.counters.phaseSpikes)
    // 64 oscillators at 1 MHz for 10 µs: about 10 wraps each, so about 640 events.
    var events = [drai_aer_event](repeating: drai_aer_event(), count: 4096), polled = 0
    #expect(CDRAI.drai_chip_poll(c, &events, events.count, &polled) == DRAI_OK)
    #expect(UInt64(polled) == counters.phase_spikes && polled > 500 && polled < 800)
    #expect(events[0..<polled].allSatisfy { $0.kind == UInt32(DRAI_AER_PHASE_SPIKE) && $0.address < 64 && $0.cycle < 1000 })
    #expect(zip(events[0..<polled], events[1..<polled]).allSatisfy { $0.cycle <= $1.cycle })
    #expect(CDRAI.drai_chip_poll(c, &events, events.count, &polled) == DRAI_OK && polled == 0)
  }

  @Test("Weights round-trip to the device's levels; injected forcing pulls an oscillator to its target")
  func weightsAndInjection() throws {
    let c = try makeChip()
    defer { _ = CDRAI.drai_chip_destroy(c) }
    // 32 levels over 1–101 µS at 1000 rad/µs per S: a level is 0.1/31 rad/µs; 0.05 rad/µs is
    // 15.5 levels and rounds to 16, i.e. 1.6/31 = 0.0516129 rad/µs.
    #expect(CDRAI.drai_chip_set_weight(c, 3, 7, 0.05) == DRAI_OK)
    var w = 0.0
    #expect(CDRAI.drai_chip_weight(c, 3, 7, &w) == DRAI_OK && abs(w - 1.6 / 31) < 1e-9)
    // Force oscillator 10 towards phase π (pixel off) for 20 µs; at F = 5 rad/µs it locks within ~1 µs.
    #expect(CDRAI.drai_chip_inject(c, drai_aer_event(address: 10, kind: UInt32(DRAI_AER_FORCE_LOW), cycle: 0)) == DRAI_OK)
    #expect(CDRAI.drai_chip_step(c, 2000) == DRAI_OK)
    var phases = [Double](repeating: 0, count: 64), count = 0
    _ = CDRAI.drai_chip_phases(c, &phases, 64, &count)
    #expect(abs(abs(phases[10]) - Double.pi) < 0.2)
    var energy = drai_energy(); energy.size = MemoryLayout<drai_energy>.size
    #expect(CDRAI.drai_chip_energy(c, &energy) == DRAI_OK && energy.total_j > 0 && energy.total_low_j <= energy.total_j)
    // Reset: back to cycle 0 and the same phases as a new chip of the same seed.
    #expect(CDRAI.drai_chip_reset(c) == DRAI_OK)
    var counters = drai_counters(); counters.size = MemoryLayout<drai_counters>.size
    _ = CDRAI.drai_chip_counters(c, &counters)
    #expect(counters.cycles == 0)
  }

  @Test("NULL handles, bad arguments and bad descriptions return status codes and messages, never crash")
  func errors() throws {
    #expect(CDRAI.drai_chip_step(nil, 10) == DRAI_ERR_NULL)
    #expect(CDRAI.drai_chip_destroy(nil) == DRAI_OK)  // as free(NULL)
    #expect(String(cString: CDRAI.drai_chip_last_error(nil)).contains("NULL"))
    let c = try makeChip()
    defer { _ = CDRAI.drai_chip_destroy(c) }
    var w = 0.0
    #expect(CDRAI.drai_chip_weight(c, 64, 0, &w) == DRAI_ERR_ARGUMENT)
    #expect(String(cString: CDRAI.drai_chip_last_error(c)) == "no synapse 64 <- 0: indices are 0...63 and must differ")
    #expect(CDRAI.drai_chip_weight(c, 2, 2, &w) == DRAI_ERR_ARGUMENT)
    #expect(CDRAI.drai_chip_weight(c, 1, 2, nil) == DRAI_ERR_NULL)
    #expect(CDRAI.drai_chip_inject(c, drai_aer_event(address: 0, kind: 9, cycle: 0)) == DRAI_ERR_ARGUMENT)
    var phases = [Double](repeating: 0, count: 8), count = 0
    #expect(CDRAI.drai_chip_phases(c, &phases, 8, &count) == DRAI_ERR_BUFFER && count == 64)
    var chip: OpaquePointer?
    var error = [CChar](repeating: 0, count: 256)
    let text = "chip:\n  name: x\n  clock_mhz: -3\n"
    #expect(CDRAI.drai_chip_create_from_text(text, "/tmp", 1, &chip, &error, error.count) == DRAI_ERR_DESCRIPTION)
    #expect(chip == nil && cText(error).contains("chip.clock_mhz"))
    #expect(CDRAI.drai_chip_create_from_path(nil, 1, &chip, &error, error.count) == DRAI_ERR_NULL)
    #expect(CDRAI.drai_chip_create_from_path("/nonexistent.yaml", 1, nil, &error, error.count) == DRAI_ERR_NULL)
  }

  @Test("A chip saved and restored into another handle continues exactly as the original: phases, counters and AER events")
  func saveAndRestore() throws {
    let mesh = repositoryRoot.appendingPathComponent("Hardware/chips/mesh-2x2.yaml").path
    func create(_ seed: UInt64) throws -> OpaquePointer {
      var chip: OpaquePointer?
      var error = [CChar](repeating: 0, count: 512)
      #expect(CDRAI.drai_chip_create_from_path(mesh, seed, &chip, &error, error.count) == DRAI_OK, "\(cText(error))")
      return try #require(chip)
    }
    let a = try create(4), b = try create(4), other = try create(5)
    defer { for c in [a, b, other] { _ = CDRAI.drai_chip_destroy(c) } }
    // Forcing and learning on, some spikes left unpolled, packets in flight on the mesh.
    for i in 0..<64 {
      _ = CDRAI.drai_chip_inject(a, drai_aer_event(address: UInt32(i), kind: UInt32(i % 3 == 0 ? DRAI_AER_FORCE_HIGH : DRAI_AER_FORCE_LOW), cycle: 0))
    }
    _ = CDRAI.drai_chip_inject(a, drai_aer_event(address: 0, kind: UInt32(DRAI_AER_LEARN_ON), cycle: 0))
    #expect(CDRAI.drai_chip_step(a, 777) == DRAI_OK)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("drai-save-\(getpid()).ckpt").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(CDRAI.drai_chip_save(a, path) == DRAI_OK)
    #expect(CDRAI.drai_chip_restore(b, path) == DRAI_OK, "\(String(cString: CDRAI.drai_chip_last_error(b)))")
    #expect(CDRAI.drai_chip_step(a, 1500) == DRAI_OK && CDRAI.drai_chip_step(b, 1500) == DRAI_OK)
    func state(_ c: OpaquePointer) -> ([Double], UInt64, UInt64, [drai_aer_event]) {
      var phases = [Double](repeating: 0, count: 64), count = 0
      _ = CDRAI.drai_chip_phases(c, &phases, 64, &count)
      var counters = drai_counters(); counters.size = MemoryLayout<drai_counters>.size
      _ = CDRAI.drai_chip_counters(c, &counters)
      var events = [drai_aer_event](repeating: drai_aer_event(), count: 1 << 14), polled = 0
      _ = CDRAI.drai_chip_poll(c, &events, events.count, &polled)
      return (phases, counters.cycles, counters.resonance_events, Array(events[0..<polled]))
    }
    let (pa, ca, ra, ea) = state(a), (pb, cb, rb, eb) = state(b)
    #expect(pa == pb && ca == 2277 && cb == 2277 && ra == rb && ra > 0)
    #expect(ea.count == eb.count && ea.count > 1000 && zip(ea, eb).allSatisfy { $0.address == $1.address && $0.cycle == $1.cycle && $0.kind == $1.kind })
    // A chip of another seed refuses the file, and keeps its own state.
    #expect(CDRAI.drai_chip_restore(other, path) == DRAI_ERR_ARGUMENT)
    #expect(String(cString: CDRAI.drai_chip_last_error(other)).contains("another chip"))
    #expect(CDRAI.drai_chip_restore(other, mesh) == DRAI_ERR_ARGUMENT)
    #expect(String(cString: CDRAI.drai_chip_last_error(other)).contains("not a drai chip checkpoint file"))
  }

  @Test("Destroyed, foreign and other-kind handles are DRAI_ERR_HANDLE; sizes beyond the address space and unset struct sizes are errors")
  func handlesAndSizes() throws {
    let c = try makeChip()
    #expect(CDRAI.drai_chip_destroy(c) == DRAI_OK)
    // Use after destroy and double destroy: an error code and a message, no read of freed memory.
    #expect(CDRAI.drai_chip_step(c, 10) == DRAI_ERR_HANDLE)
    #expect(CDRAI.drai_chip_destroy(c) == DRAI_ERR_HANDLE)
    #expect(String(cString: CDRAI.drai_chip_last_error(c)).contains("not a live drai_chip handle"))
    // A pointer the library never handed out.
    var local = 0
    let foreign = withUnsafeMutablePointer(to: &local) { OpaquePointer($0) }
    #expect(CDRAI.drai_chip_reset(foreign) == DRAI_ERR_HANDLE)
    // A new chip's handle is live; a workload handle passed as a chip is not, and vice versa.
    let d = try makeChip()
    defer { _ = CDRAI.drai_chip_destroy(d) }
    #expect(CDRAI.drai_chip_step(d, 1) == DRAI_OK && d != c)
    var w: OpaquePointer?
    var error = [CChar](repeating: 0, count: 512)
    #expect(CDRAI.drai_workload_create_from_path(quickWorkloadPath, d, &w, &error, error.count) == DRAI_OK, "\(cText(error))")
    let workload = try #require(w)
    #expect(CDRAI.drai_chip_step(workload, 1) == DRAI_ERR_HANDLE)
    var segment = drai_segment()
    #expect(CDRAI.drai_workload_next(d, d, &segment, nil, 0) == DRAI_ERR_HANDLE)
    // A workload whose chip was destroyed: its calls with that chip's handle fail cleanly.
    #expect(CDRAI.drai_workload_next(workload, c, &segment, nil, 0) == DRAI_ERR_HANDLE)
    #expect(String(cString: CDRAI.drai_workload_last_error(workload)).contains("not a live drai_chip handle"))
    #expect(CDRAI.drai_workload_destroy(workload) == DRAI_OK && CDRAI.drai_workload_destroy(workload) == DRAI_ERR_HANDLE)
    #expect(CDRAI.drai_workload_destroy(nil) == DRAI_OK)
    // A size_t of 2^63 or more arrives as a negative Int: beyond any buffer, an argument error.
    var events = [drai_aer_event](repeating: drai_aer_event(), count: 4), polled = 0
    #expect(CDRAI.drai_chip_poll(d, &events, Int(bitPattern: UInt(1) << 63), &polled) == DRAI_ERR_ARGUMENT)
    var phases = [Double](repeating: 0, count: 64), count = 0
    #expect(CDRAI.drai_chip_phases(d, &phases, -1, &count) == DRAI_ERR_ARGUMENT)
    #expect(String(cString: CDRAI.drai_chip_last_error(d)).contains("above the addressable range"))
    // Structs carry their size: an unset size is refused; a caller's shorter (older) struct
    // gets only the fields it has: here size covers `size` and `cycles`, and the next field
    // keeps the caller's value.
    var counters = drai_counters()
    #expect(CDRAI.drai_chip_counters(d, &counters) == DRAI_ERR_ARGUMENT)
    counters.size = MemoryLayout<Int>.size + MemoryLayout<UInt64>.size
    counters.oscillator_cycles = 12345
    #expect(CDRAI.drai_chip_counters(d, &counters) == DRAI_OK)
    #expect(counters.cycles == 1 && counters.oscillator_cycles == 12345 && counters.size == 16)
  }
}
