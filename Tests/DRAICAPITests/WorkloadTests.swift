import CDRAI
import DRAICAPI
import DRAIChip
import DRAICore
import DRAIDescription
import DRAIReport
import DRAIWorkloads
import Foundation
import Testing

/// A short digits workload (3 templates, 2 epochs, 2 cues each: 66,000 cycles), written once.
let quickWorkloadPath: String = {
  let data = repositoryRoot.appendingPathComponent("Hardware/data/optdigits-test-8x8.csv.gz").path
  let text = """
    workload:
      kind: digits_recall
    dataset:
      path: \(data)
      pixel_threshold: 8
    templates:
      classes: [0, 1, 2]
    training:
      epochs: 2
      settle_cycles: 1000
      present_cycles: 4000
    recall:
      cues_per_template: 2
      flip_fraction: 0.1
      cue_cycles: 1000
      settle_cycles: 5000

    """
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("drai-quick-workload-\(getpid()).yaml").path
  try! text.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}()

/// The 64-bit FNV-1a offset basis, and `digest` with an event's cycle, address and kind folded
/// in as little-endian 64-bit words (the SystemC digits testbench's digest).
let fnvOffsetBasis: UInt64 = 14_695_981_039_346_656_037
func fold(_ digest: inout UInt64, cycle: UInt64, address: Int, kind: Int) {
  for word in [cycle, UInt64(address), UInt64(kind)] {
    for b in 0..<8 { digest = (digest ^ ((word >> (8 * UInt64(b))) & 0xff)) &* 1_099_511_628_211 }
  }
}

/// What a host gets by driving a workload through the C ABI alone, as a C host would.
struct HostRun {
  var summary = "", json = ""
  var events = 0
  /// The emitted events' digest, in order.
  var digest = fnvOffsetBasis
  var segments: [drai_segment] = []
}

/// Writes `segment`'s inputs as a correct host does, before its first cycle: one forcing event
/// per oscillator for a pattern, a release, and a learning event when learning changes
/// (`learning` tracks it).
func applyInputs(_ segment: drai_segment, _ pattern: [UInt8], to c: OpaquePointer, learning: inout Bool) {
  func inject(_ kind: Int32, _ address: Int = 0) {
    #expect(CDRAI.drai_chip_inject(c, drai_aer_event(address: UInt32(address), kind: UInt32(kind), cycle: 0)) == DRAI_OK)
  }
  if segment.forcing == UInt32(DRAI_FORCING_PATTERN) {
    for (i, on) in pattern.enumerated() { inject(on == 1 ? DRAI_AER_FORCE_HIGH : DRAI_AER_FORCE_LOW, i) }
  } else if segment.forcing == UInt32(DRAI_FORCING_RELEASE) {
    inject(DRAI_AER_RELEASE)
  }
  if (segment.plasticity == 1) != learning {
    learning.toggle()
    inject(learning ? DRAI_AER_LEARN_ON : DRAI_AER_LEARN_OFF)
  }
}

/// Drives `workloadPath` on a chip made from `chipPath` with `seed` through the C declarations:
/// each segment's forcing and learning as AER events, then its cycles (the drain one cycle at a
/// time while packets are pending), polling the emitted events.
func driveThroughCABI(chip chipPath: String, workload workloadPath: String, seed: UInt64) throws -> HostRun {
  var chip: OpaquePointer?, work: OpaquePointer?
  var error = [CChar](repeating: 0, count: 1024)
  #expect(CDRAI.drai_chip_create_from_path(chipPath, seed, &chip, &error, error.count) == DRAI_OK, "\(cText(error))")
  let c = try #require(chip)
  defer { _ = CDRAI.drai_chip_destroy(c) }
  #expect(CDRAI.drai_workload_create_from_path(workloadPath, c, &work, &error, error.count) == DRAI_OK, "\(cText(error))")
  let w = try #require(work)
  defer { _ = CDRAI.drai_workload_destroy(w) }
  var n: UInt32 = 0
  _ = CDRAI.drai_chip_oscillators(c, &n)
  var run = HostRun()
  var pattern = [UInt8](repeating: 0, count: Int(n))
  var buffer = [drai_aer_event](repeating: drai_aer_event(), count: 1 << 16)
  var learning = false
  func poll() {
    var count = 0
    repeat {
      _ = CDRAI.drai_chip_poll(c, &buffer, buffer.count, &count)
      run.events += count
      for e in buffer.prefix(count) { fold(&run.digest, cycle: e.cycle, address: Int(e.address), kind: Int(e.kind)) }
    } while count == buffer.count
  }
  var segment = drai_segment()
  while true {
    let status = CDRAI.drai_workload_next(w, c, &segment, &pattern, pattern.count)
    #expect(status == DRAI_OK, "\(String(cString: CDRAI.drai_workload_last_error(w)))")
    if status != DRAI_OK || segment.kind == UInt32(DRAI_SEGMENT_END) { break }
    run.segments.append(segment)
    applyInputs(segment, pattern, to: c, learning: &learning)
    if segment.kind == UInt32(DRAI_SEGMENT_DRAIN) {
      var pending: UInt64 = 0, ran: UInt64 = 0
      while CDRAI.drai_chip_learning_pending(c, &pending) == DRAI_OK && pending > 0 && ran < segment.cycles {
        _ = CDRAI.drai_chip_step(c, 1)
        ran += 1
      }
    } else {
      var left = segment.cycles
      while left > 0 {
        let step = min(left, 5000)
        #expect(CDRAI.drai_chip_step(c, step) == DRAI_OK)
        left -= step
        poll()
      }
    }
    poll()
  }
  func report(_ format: Int32) -> String {
    var length = 0
    #expect(CDRAI.drai_workload_report(w, c, UInt32(format), nil, 0, &length) == DRAI_ERR_BUFFER)
    var text = [CChar](repeating: 0, count: length + 1)
    #expect(CDRAI.drai_workload_report(w, c, UInt32(format), &text, text.count, &length) == DRAI_OK)
    return cText(text)
  }
  run.summary = report(DRAI_REPORT_SUMMARY)
  run.json = report(DRAI_REPORT_JSON)
  var counters = drai_counters(); counters.size = MemoryLayout<drai_counters>.size
  _ = CDRAI.drai_chip_counters(c, &counters)
  #expect(UInt64(run.events) == counters.phase_spikes)
  // END again on every later call, and the report stays the chip's as the last segment left it.
  let last = segment.index
  #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, pattern.count) == DRAI_OK)
  #expect(segment.kind == UInt32(DRAI_SEGMENT_END) && segment.index == last)
  _ = CDRAI.drai_chip_step(c, 100)  // (its events are not polled: the trace is the workload's)
  #expect(report(DRAI_REPORT_SUMMARY) == run.summary)
  return run
}

/// The digest (as ``HostRun/digest``) and count of the phase spikes of a pure Swift chip run
/// through the workload's segments cycle by cycle, a spike being a forward wrap of a phase
/// register (no C ABI involved).
func swiftAERDigest(chip chipPath: String, workload workloadPath: String, seed: UInt64) throws -> (digest: UInt64, events: Int) {
  let description = try ChipDescription(path: chipPath)
  var chip = Chip(configuration: description.configuration, seed: seed)
  let plan = try DigitsRecallProtocol(workload: DigitsRecallWorkload(path: workloadPath), chip: chip.configuration, seed: seed)
  var digest = fnvOffsetBasis, events = 0
  func cycle() {
    let before = chip.tiles.map(\.phaseRegisters), now = chip.now.count
    chip.run(cycles: Cycles(1))
    for (k, tile) in chip.tiles.enumerated() {
      let after = tile.phaseRegisters
      for i in 0..<tile.oscillators where Int32(bitPattern: after[i] &- before[k][i]) > 0 && after[i] < before[k][i] {
        events += 1
        fold(&digest, cycle: now, address: chip.layout.start[k] + i, kind: 0)
      }
    }
  }
  for s in plan.segments {
    s.apply(to: &chip)
    if s.kind == .drain {
      var ran: UInt64 = 0
      while chip.resonanceEventsInFlight > 0 && ran < s.cycles { cycle(); ran += 1 }
    } else {
      for _ in 0..<s.cycles { cycle() }
    }
  }
  return (digest, events)
}

/// The same workload run by ``DigitsRecall`` on a Swift chip, as `drai run --omit-timing`.
func swiftRun(chip chipPath: String, workload workloadPath: String, seed: UInt64) throws -> DigitsRecallResult {
  let description = try ChipDescription(path: chipPath)
  var r = try DigitsRecall.run(chip: Chip(configuration: description.configuration, seed: seed),
                               workload: DigitsRecallWorkload(path: workloadPath), energyTable: description.loadEnergyTable(),
                               deviceEnergy: description.deviceEnergy)
  r.wallS = nil
  r.describeDevice(of: description)
  return r
}

@Suite struct WorkloadTests {
  @Test("A host stepping the digits workload through the C ABI gets drai run's report, one chip and meshes (tiles alike and not)",
        arguments: ["default.yaml", "mesh-2x2.yaml", "mesh-2x2-mixed.yaml"])
  func hostEqualsSwift(chipFile: String) throws {
    let chipPath = repositoryRoot.appendingPathComponent("Hardware/chips/" + chipFile).path
    let host = try driveThroughCABI(chip: chipPath, workload: quickWorkloadPath, seed: 3)
    let swift = try swiftRun(chip: chipPath, workload: quickWorkloadPath, seed: 3)
    #expect(host.summary == RunSummary.text(swift))
    #expect(host.json == String(decoding: try stableJSONEncoder().encode(swift), as: UTF8.self))
    // The segments, by hand: 3 templates × 2 epochs × (settle 1000, train 4000), the drain,
    // then 6 cues × (cue 1000, settle 5000): 12 + 1 + 12 segments, 66,000 cycles plus the drain.
    #expect(host.segments.count == 25)
    let training: [UInt32] = Array([[1, 2], [1, 2], [1, 2], [1, 2], [1, 2], [1, 2]].joined())
    let recall: [UInt32] = Array([[4, 5], [4, 5], [4, 5], [4, 5], [4, 5], [4, 5]].joined())
    #expect(host.segments.map(\.kind) == training + [3] + recall)
    #expect(host.segments.prefix(6).map(\.template_class) == [0, 0, 1, 1, 2, 2])
    let readouts = host.segments.filter { $0.readout == 1 }
    #expect(readouts.count == 6 && readouts.allSatisfy { $0.kind == 5 })
    let drain = host.segments[12]
    #expect(drain.start_cycle == 30_000 && host.segments[13].start_cycle == 30_000 + swift.learningDrainCycles)
    #expect(swift.cycles == 66_000 + swift.learningDrainCycles)
    if chipFile.hasPrefix("mesh") { #expect(swift.learningDrainCycles > 0) } else { #expect(swift.learningDrainCycles == 0) }
    #expect(host.events > 0)
    // Pinned from before the protocol became data: the quick run on the default chip at seed 3
    // costs 76.8187346 µJ, checked by hand as counts × table in Docs/energy.md.
    if chipFile == "default.yaml" { #expect(abs(swift.energy.totalJ - 76.8187346e-6) < 5e-14) }
  }

  @Test("Workload calls out of turn, wrong chips and bad inputs return status codes with messages")
  func errors() throws {
    let chipPath = repositoryRoot.appendingPathComponent("Hardware/chips/default.yaml").path
    var chip: OpaquePointer?, other: OpaquePointer?, work: OpaquePointer?
    var error = [CChar](repeating: 0, count: 1024)
    _ = CDRAI.drai_chip_create_from_path(chipPath, 3, &chip, &error, error.count)
    _ = CDRAI.drai_chip_create_from_path(chipPath, 3, &other, &error, error.count)
    let c = try #require(chip), o = try #require(other)
    defer { _ = CDRAI.drai_chip_destroy(c); _ = CDRAI.drai_chip_destroy(o) }
    #expect(CDRAI.drai_workload_create_from_path("/nonexistent/w.yaml", c, &work, &error, error.count) == DRAI_ERR_DESCRIPTION)
    #expect(work == nil && cText(error).contains("/nonexistent/w.yaml"))
    #expect(CDRAI.drai_workload_create_from_path(quickWorkloadPath, nil, &work, &error, error.count) == DRAI_ERR_NULL)
    #expect(CDRAI.drai_workload_create_from_path(quickWorkloadPath, c, &work, &error, error.count) == DRAI_OK)
    let w = try #require(work)
    defer { _ = CDRAI.drai_workload_destroy(w) }
    func message() -> String { String(cString: CDRAI.drai_workload_last_error(w)) }
    var segment = drai_segment(), pattern = [UInt8](repeating: 0, count: 64), length = 0
    #expect(CDRAI.drai_workload_next(w, o, &segment, &pattern, 64) == DRAI_ERR_ARGUMENT && message().contains("not the one"))
    #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 8) == DRAI_ERR_BUFFER && message().contains("64 bytes, got 8"))
    #expect(CDRAI.drai_workload_report(w, c, 0, nil, 0, &length) == DRAI_ERR_PROTOCOL && message().contains("26 calls to go"))
    #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_OK)
    #expect(segment.kind == UInt32(DRAI_SEGMENT_TRAIN_SETTLE) && segment.cycles == 1000 && segment.forcing == UInt32(DRAI_FORCING_PATTERN))
    // The host forgets the forcing and runs one cycle short.
    _ = CDRAI.drai_chip_step(c, 999)
    #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_ERR_PROTOCOL)
    #expect(message() == "segment 0 (train-settle) started at cycle 0 and lasts 1000 cycles, so it ends at cycle 1000, but the chip is at cycle 999")
    // A protocol error stops the workload: running the missing cycle afterwards does not pass.
    _ = CDRAI.drai_chip_step(c, 1)
    #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_ERR_PROTOCOL)
    #expect(message() == "the workload stopped: segment 0 (train-settle) started at cycle 0 and lasts 1000 cycles, so it ends at cycle 1000, "
            + "but the chip is at cycle 999")
    #expect(CDRAI.drai_workload_next(nil, c, &segment, &pattern, 64) == DRAI_ERR_NULL)
    #expect(CDRAI.drai_workload_next(w, c, nil, &pattern, 64) == DRAI_ERR_NULL)
    #expect(String(cString: CDRAI.drai_workload_last_error(nil)).contains("NULL"))
    #expect(CDRAI.drai_workload_destroy(nil) == DRAI_OK)  // as free(NULL)
    // A chip that has already run cannot start a workload.
    var late: OpaquePointer?
    _ = CDRAI.drai_workload_create_from_path(quickWorkloadPath, o, &late, &error, error.count)
    let l = try #require(late)
    defer { _ = CDRAI.drai_workload_destroy(l) }
    _ = CDRAI.drai_chip_step(o, 1)
    #expect(CDRAI.drai_workload_next(l, o, &segment, &pattern, 64) == DRAI_ERR_PROTOCOL)
    #expect(String(cString: CDRAI.drai_workload_last_error(l)).contains("at cycle 1"))
    // Learning events through AER: the detectors sample only while learning is on.
    var counters = drai_counters(); counters.size = MemoryLayout<drai_counters>.size
    _ = CDRAI.drai_chip_counters(o, &counters)
    let samples = counters.detector_samples
    #expect(CDRAI.drai_chip_inject(o, drai_aer_event(address: 0, kind: UInt32(DRAI_AER_LEARN_ON), cycle: 0)) == DRAI_OK)
    _ = CDRAI.drai_chip_step(o, 200)
    _ = CDRAI.drai_chip_counters(o, &counters)
    let learned = counters.detector_samples
    #expect(learned > samples)
    #expect(CDRAI.drai_chip_inject(o, drai_aer_event(address: 0, kind: UInt32(DRAI_AER_LEARN_OFF), cycle: 0)) == DRAI_OK)
    _ = CDRAI.drai_chip_step(o, 200)
    _ = CDRAI.drai_chip_counters(o, &counters)
    #expect(counters.detector_samples == learned)
    var flits = [UInt32](repeating: 0, count: 4), routers = 9
    #expect(CDRAI.drai_chip_router_occupancy(o, &flits, 4, &routers) == DRAI_OK && routers == 0)
    var clock = 0.0
    #expect(CDRAI.drai_chip_clock_mhz(o, &clock) == DRAI_OK && clock == 100)
  }
}

extension WorkloadTests {
  /// A fresh chip and workload for a misbehaving host; `body` gets both and a message reader.
  func withWorkload(_ body: (OpaquePointer, OpaquePointer, () -> String) throws -> Void) throws {
    let chipPath = repositoryRoot.appendingPathComponent("Hardware/chips/default.yaml").path
    var chip: OpaquePointer?, work: OpaquePointer?
    var error = [CChar](repeating: 0, count: 1024)
    _ = CDRAI.drai_chip_create_from_path(chipPath, 3, &chip, &error, error.count)
    let c = try #require(chip)
    defer { _ = CDRAI.drai_chip_destroy(c) }
    _ = CDRAI.drai_workload_create_from_path(quickWorkloadPath, c, &work, &error, error.count)
    let w = try #require(work)
    defer { _ = CDRAI.drai_workload_destroy(w) }
    try body(c, w, { String(cString: CDRAI.drai_workload_last_error(w)) })
  }

  @Test("A workload stops when inputs are missing or change inside a segment, when the chip is reset under it, and when the drain runs on")
  func misbehavingHosts() throws {
    var segment = drai_segment(), pattern = [UInt8](repeating: 0, count: 64), learning = false
    // A forgotten forcing pattern; setting it afterwards does not pass either.
    try withWorkload { c, w, message in
      _ = CDRAI.drai_workload_next(w, c, &segment, &pattern, 64)
      _ = CDRAI.drai_chip_step(c, 1000)
      #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_ERR_PROTOCOL && message().contains("forcing is off"))
      applyInputs(segment, pattern, to: c, learning: &learning)
      #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_ERR_PROTOCOL && message().hasPrefix("the workload stopped: "))
    }
    // An input written in the middle of a segment (a redundant learning-off at cycle 500).
    try withWorkload { c, w, message in
      _ = CDRAI.drai_workload_next(w, c, &segment, &pattern, 64)
      applyInputs(segment, pattern, to: c, learning: &learning)
      _ = CDRAI.drai_chip_step(c, 500)
      _ = CDRAI.drai_chip_inject(c, drai_aer_event(address: 0, kind: UInt32(DRAI_AER_LEARN_OFF), cycle: 0))
      _ = CDRAI.drai_chip_step(c, 500)
      #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_ERR_PROTOCOL)
      #expect(message() == "segment 0 (train-settle) runs cycles 0..<1000, but its inputs changed at cycle 500: "
              + "write a segment's forcing and learning events before its first cycle")
    }
    // A reset under a running workload.
    learning = false
    try withWorkload { c, w, message in
      _ = CDRAI.drai_workload_next(w, c, &segment, &pattern, 64)
      applyInputs(segment, pattern, to: c, learning: &learning)
      _ = CDRAI.drai_chip_step(c, 1000)
      #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_OK && segment.start_cycle == 1000)
      _ = CDRAI.drai_chip_reset(c)
      #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_ERR_PROTOCOL)
      #expect(message() == "segment 1 (train) started at cycle 1000 but the chip is back at cycle 0 (reset?)")
    }
    // One tile has no packet in flight: its drain takes no cycle, and a host that runs one fails.
    learning = false
    try withWorkload { c, w, message in
      while CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_OK && segment.kind != UInt32(DRAI_SEGMENT_DRAIN) {
        applyInputs(segment, pattern, to: c, learning: &learning)
        _ = CDRAI.drai_chip_step(c, segment.cycles)
        var events = [drai_aer_event](repeating: drai_aer_event(), count: 1 << 16), count = 0
        _ = CDRAI.drai_chip_poll(c, &events, events.count, &count)
      }
      #expect(segment.kind == UInt32(DRAI_SEGMENT_DRAIN) && segment.start_cycle == 30_000)
      applyInputs(segment, pattern, to: c, learning: &learning)
      _ = CDRAI.drai_chip_step(c, 1)
      #expect(CDRAI.drai_workload_next(w, c, &segment, &pattern, 64) == DRAI_ERR_PROTOCOL)
      #expect(message().hasPrefix("segment 12 (drain) started at cycle 30000 and ended at cycle 30001 with 0 resonance-event packets "
                                  + "in flight, but it ran past the cycle at which the last one arrived"))
    }
  }
}

