import CDRAI
import DRAIChip
import DRAICore
import DRAIDescription
import DRAIEnergy
import DRAIWorkloads
import DequeModule
import Foundation

/// The state behind a `drai_chip *`: the description it was made from, the chip, the AER
/// events waiting to be polled, and the last error message (as C text).
final class ChipHandle {
  let description: ChipDescription
  let table: EnergyTable
  let seed: UInt64
  var chip: Chip
  /// Emitted events not yet polled, oldest first.
  var events = Deque<drai_aer_event>()
  /// The forcing target of every oscillator (false: phase π), as injected.
  var forcing: [Bool]
  /// The spikes of the cycle being stepped (global indices), reused every cycle.
  var spikes: [Int] = []
  /// The last error message.
  let lastError = ErrorText()
  /// The cycle before which the last input (forcing or learning) was changed: inputs changed
  /// at cycle c apply from cycle c on. Workloads check that no segment's inputs change inside it.
  var inputsChangedAt: UInt64 = 0
  /// Whether the last simulated cycle began with resonance-event packets in flight (a drain
  /// must stop at the first cycle that begins without).
  var lastCycleBeganPending = false

  /// Events that may wait before `step` stops (2^22).
  static let eventCapacity = 1 << 22

  /// Threads that step a multi-tile chip's tiles (``Chip/threads``), kept across resets.
  var threads = 1 {
    didSet { chip.threads = threads }
  }

  init(description: ChipDescription, seed: UInt64) throws {
    self.description = description
    self.seed = seed
    table = try description.loadEnergyTable()
    chip = Chip(configuration: description.configuration, seed: seed)
    forcing = [Bool](repeating: false, count: chip.oscillators)
  }

  /// Back to the state at creation.
  func reset() {
    inputsChangedAt = 0
    lastCycleBeganPending = false
    chip = Chip(configuration: description.configuration, seed: seed)
    chip.threads = threads
    forcing = [Bool](repeating: false, count: chip.oscillators)
    events.removeAll()
  }

  /// Records `message` as the last error and returns `status`.
  func fail(_ status: Int32, _ message: String) -> Int32 { lastError.fail(status, message) }

  /// Writes `values` into a caller's array `buffer` (named `name` in messages) of `capacity`
  /// entries and their number into `count`: DRAI_ERR_BUFFER (with the count) when it is too
  /// small, DRAI_ERR_NULL for a NULL count, or a NULL buffer that should hold something.
  func copyOut<T>(_ values: [T], into buffer: UnsafeMutablePointer<T>?, _ name: String, capacity: Int,
                  count: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let count else { return fail(DRAI_ERR_NULL, "count is NULL") }
    guard capacity >= 0 else { return fail(DRAI_ERR_ARGUMENT, "capacity is above the addressable range (2^63 entries or more)") }
    count.pointee = values.count
    guard capacity >= values.count else { return fail(DRAI_ERR_BUFFER, "\(name) needs \(values.count) entries, got \(capacity)") }
    guard !values.isEmpty else { return DRAI_OK }
    guard let buffer else { return fail(DRAI_ERR_NULL, "\(name) is NULL") }
    buffer.update(from: values, count: values.count)
    return DRAI_OK
  }

  /// Writes `value` into a caller's struct `out` whose first member, `size`, the caller set to
  /// the `sizeof` of the struct it was compiled with: the fields that fit in that size are
  /// written (a caller built against an older, shorter struct gets the fields it knows; a newer,
  /// longer one keeps its extra fields), `size` is left as the caller set it. DRAI_ERR_ARGUMENT
  /// when `size` is smaller than the size field itself (it was not set).
  func fill<T>(_ out: UnsafeMutablePointer<T>, _ name: String, with value: T) -> Int32 {
    let declared = UnsafeRawPointer(out).load(as: Int.self)
    guard declared >= MemoryLayout<Int>.size else {
      return fail(DRAI_ERR_ARGUMENT, "\(name).size is \(declared): set it to sizeof(\(name)) before the call")
    }
    withUnsafeBytes(of: value) { bytes in
      let n = min(declared, MemoryLayout<T>.size) - MemoryLayout<Int>.size
      UnsafeMutableRawPointer(out).advanced(by: MemoryLayout<Int>.size)
        .copyMemory(from: bytes.baseAddress!.advanced(by: MemoryLayout<Int>.size), byteCount: n)
    }
    return DRAI_OK
  }

  /// Simulates up to `cycles` cycles and queues a phase-spike event for every oscillator that
  /// spiked: the model's own spike list (``Chip/run(cycles:eachCycle:)``), so the events are
  /// exactly the spikes the counters count and the mesh sends (a phase kicked backwards across
  /// zero is not a spike, and neither is its forward re-crossing). Stops early, with a status,
  /// when ``eventCapacity`` events wait or the network overflows.
  /// - Complexity: O(oscillators) per cycle.
  func step(cycles: UInt64) -> Int32 {
    if let o = chip.overflow { return fail(DRAI_ERR_NETWORK, "chip \(chip.configuration.name): \(o)") }
    var done: UInt64 = 0
    while done < cycles {
      if events.count >= ChipHandle.eventCapacity {
        return fail(DRAI_ERR_EVENT_OVERFLOW, "\(events.count) AER events wait at cycle \(chip.now.count): poll them, then step on")
      }
      chip.run(cycles: Cycles(cycles - done)) { cycle, spikes in
        for g in spikes {
          events.append(drai_aer_event(address: UInt32(g), kind: UInt32(DRAI_AER_PHASE_SPIKE), cycle: cycle))
        }
        done += 1
        return events.count < ChipHandle.eventCapacity
      }
      lastCycleBeganPending = chip.lastCycleBeganWithLearningPending
      if let o = chip.overflow { return fail(DRAI_ERR_NETWORK, "chip \(chip.configuration.name): \(o)") }
    }
    return DRAI_OK
  }

  /// Learning on or off (``Chip/setLearning(_:)``), stamped as an input change.
  func setPlasticity(_ on: Bool) {
    chip.setLearning(on)
    inputsChangedAt = chip.now.count
  }

  /// The energy so far with the chip's tables.
  var energy: EnergyReport {
    EnergyReport(chip: chip, table: table, deviceEnergy: description.deviceEnergy)
  }
}
