import CDRAI
import DRAIChip
import DRAIDescription
import Foundation

// The C ABI of include/drai.h (Sources/CDRAI), one export per declaration. Each checks its
// pointers and arguments and returns a status; nothing here traps on caller input.

/// The handle's object, or nil for NULL or a handle that is not live (``handleError(_:)``).
func handle(_ chip: OpaquePointer?) -> ChipHandle? { chipHandles.lookup(chip) }

/// Copies `message` into a caller's buffer of `capacity` bytes, truncated and NUL-terminated.
func copyMessage(_ message: String, into buffer: UnsafeMutablePointer<CChar>?, capacity: Int) {
  guard let buffer, capacity > 0 else { return }
  let bytes = Array(message.utf8.prefix(capacity - 1))
  for (k, b) in bytes.enumerated() { buffer[k] = CChar(bitPattern: b) }
  buffer[bytes.count] = 0
}

/// Builds a handle from `make` for the create functions.
func create(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ message: UnsafeMutablePointer<CChar>?, _ capacity: Int,
            _ make: () throws -> ChipDescription, seed: UInt64) -> Int32 {
  guard let out else { copyMessage("out is NULL: pass the address of a drai_chip *", into: message, capacity: capacity); return DRAI_ERR_NULL }
  out.pointee = nil
  do {
    let h = try ChipHandle(description: make(), seed: seed)
    out.pointee = chipHandles.insert(h)
    copyMessage("", into: message, capacity: capacity)
    return DRAI_OK
  } catch {
    copyMessage("\(error)", into: message, capacity: capacity)
    return DRAI_ERR_DESCRIPTION
  }
}

/// `drai_abi_version`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_abi_version")
public func drai_abi_version() -> UInt32 { DRAI_ABI_VERSION }

/// `drai_chip_create_from_path`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_create_from_path")
public func drai_chip_create_from_path(_ path: UnsafePointer<CChar>?, _ seed: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?,
                                       _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
  guard let path else { copyMessage("path is NULL", into: error, capacity: capacity); out?.pointee = nil; return DRAI_ERR_NULL }
  return create(out, error, capacity, { try ChipDescription(path: String(cString: path)) }, seed: seed)
}

/// `drai_chip_create_from_text`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_create_from_text")
public func drai_chip_create_from_text(_ yaml: UnsafePointer<CChar>?, _ baseFolder: UnsafePointer<CChar>?, _ seed: UInt64,
                                       _ out: UnsafeMutablePointer<OpaquePointer?>?, _ error: UnsafeMutablePointer<CChar>?,
                                       _ capacity: Int) -> Int32 {
  guard let yaml, let baseFolder else {
    copyMessage("yaml and base_folder must not be NULL", into: error, capacity: capacity); out?.pointee = nil; return DRAI_ERR_NULL
  }
  return create(out, error, capacity, {
    let folder = URL(fileURLWithPath: String(cString: baseFolder), isDirectory: true)
    return try ChipDescription(settings: SettingValues(text: String(cString: yaml), file: "<description text>", folder: folder,
                                                       schema: chipSchema))
  }, seed: seed)
}

/// `drai_chip_destroy`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_destroy")
public func drai_chip_destroy(_ chip: OpaquePointer?) -> Int32 {
  guard let chip else { return DRAI_OK }  // as free(NULL)
  return chipHandles.remove(chip) == nil ? DRAI_ERR_HANDLE : DRAI_OK
}

/// `drai_chip_reset`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_reset")
public func drai_chip_reset(_ chip: OpaquePointer?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  h.reset()
  return DRAI_OK
}

/// `drai_chip_step`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_step")
public func drai_chip_step(_ chip: OpaquePointer?, _ cycles: UInt64) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  return h.step(cycles: cycles)
}

/// `drai_chip_set_threads`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_set_threads")
public func drai_chip_set_threads(_ chip: OpaquePointer?, _ threads: UInt32) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard (1...256).contains(threads) else { return h.fail(DRAI_ERR_ARGUMENT, "threads must be in 1...256, got \(threads)") }
  h.threads = Int(threads)
  return DRAI_OK
}

/// `drai_chip_inject`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_inject")
public func drai_chip_inject(_ chip: OpaquePointer?, _ event: drai_aer_event) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  switch Int32(bitPattern: event.kind) {
  case DRAI_AER_FORCE_HIGH, DRAI_AER_FORCE_LOW:
    guard Int(event.address) < h.chip.oscillators else {
      return h.fail(DRAI_ERR_ARGUMENT, "event address \(event.address) is not an oscillator (0...\(h.chip.oscillators - 1))")
    }
    let high = Int32(bitPattern: event.kind) == DRAI_AER_FORCE_HIGH
    h.forcing[Int(event.address)] = high
    h.chip.setForcingTarget(Int(event.address), inPhase: high)
    h.chip.forcingEnabled = true
    h.inputsChangedAt = h.chip.now.count
  case DRAI_AER_RELEASE:
    h.chip.forcingEnabled = false
    h.inputsChangedAt = h.chip.now.count
  case DRAI_AER_LEARN_ON:
    h.setPlasticity(true)
  case DRAI_AER_LEARN_OFF:
    h.setPlasticity(false)
  default:
    return h.fail(DRAI_ERR_ARGUMENT, "event kind \(event.kind) cannot be injected: use DRAI_AER_FORCE_HIGH (1), _LOW (2), _RELEASE (3), "
                  + "_LEARN_ON (4) or _LEARN_OFF (5)")
  }
  return DRAI_OK
}

/// `drai_chip_poll`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_poll")
public func drai_chip_poll(_ chip: OpaquePointer?, _ events: UnsafeMutablePointer<drai_aer_event>?, _ capacity: Int,
                           _ count: UnsafeMutablePointer<Int>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard let count, events != nil || capacity == 0 else { return h.fail(DRAI_ERR_NULL, "events and count must not be NULL") }
  guard capacity >= 0 else { return h.fail(DRAI_ERR_ARGUMENT, "capacity is above the addressable range (2^63 entries or more)") }
  let n = min(capacity, h.events.count)
  for k in 0..<n { events![k] = h.events.removeFirst() }
  count.pointee = n
  return DRAI_OK
}

/// `drai_chip_oscillators`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_oscillators")
public func drai_chip_oscillators(_ chip: OpaquePointer?, _ count: UnsafeMutablePointer<UInt32>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard let count else { return h.fail(DRAI_ERR_NULL, "count is NULL") }
  count.pointee = UInt32(h.chip.oscillators)
  return DRAI_OK
}

/// `drai_chip_phases`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_phases")
public func drai_chip_phases(_ chip: OpaquePointer?, _ phases: UnsafeMutablePointer<Double>?, _ capacity: Int,
                             _ count: UnsafeMutablePointer<Int>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  return h.copyOut(h.chip.relativePhasesRadians, into: phases, "phases", capacity: capacity, count: count)
}

/// Checks a synapse index pair, or records why not.
func checkSynapse(_ h: ChipHandle, _ post: UInt32, _ pre: UInt32) -> Int32? {
  let n = h.chip.oscillators
  guard Int(post) < n, Int(pre) < n, post != pre else {
    return h.fail(DRAI_ERR_ARGUMENT, "no synapse \(post) <- \(pre): indices are 0...\(n - 1) and must differ")
  }
  guard h.chip.hasSynapse(Int(post), Int(pre)) else {
    return h.fail(DRAI_ERR_ARGUMENT, "no synapse \(post) <- \(pre): the chip's connectivity (connectivity.rule: "
                    + "\(h.description.settings.word("connectivity.rule"))) has none between these tiles' oscillators")
  }
  return nil
}

/// `drai_chip_weight`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_weight")
public func drai_chip_weight(_ chip: OpaquePointer?, _ post: UInt32, _ pre: UInt32, _ weight: UnsafeMutablePointer<Double>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard let weight else { return h.fail(DRAI_ERR_NULL, "weight_rad_per_us is NULL") }
  if let bad = checkSynapse(h, post, pre) { return bad }
  weight.pointee = h.chip.weight(Int(post), Int(pre))
  return DRAI_OK
}

/// `drai_chip_set_weight`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_set_weight")
public func drai_chip_set_weight(_ chip: OpaquePointer?, _ post: UInt32, _ pre: UInt32, _ weight: Double) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  if let bad = checkSynapse(h, post, pre) { return bad }
  guard weight.isFinite else { return h.fail(DRAI_ERR_ARGUMENT, "weight \(weight) is not a finite number") }
  h.chip.writeWeight(Int(post), Int(pre), radiansPerMicrosecond: weight)
  return DRAI_OK
}

/// `drai_chip_set_plasticity`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_set_plasticity")
public func drai_chip_set_plasticity(_ chip: OpaquePointer?, _ enabled: Int32) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard enabled == 0 || enabled == 1 else { return h.fail(DRAI_ERR_ARGUMENT, "enabled must be 0 or 1, got \(enabled)") }
  h.setPlasticity(enabled == 1)
  return DRAI_OK
}

/// `drai_chip_clock_mhz`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_clock_mhz")
public func drai_chip_clock_mhz(_ chip: OpaquePointer?, _ clock: UnsafeMutablePointer<Double>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard let clock else { return h.fail(DRAI_ERR_NULL, "clock_mhz is NULL") }
  clock.pointee = h.chip.configuration.tile.clockMHz
  return DRAI_OK
}

/// `drai_chip_learning_pending`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_learning_pending")
public func drai_chip_learning_pending(_ chip: OpaquePointer?, _ packets: UnsafeMutablePointer<UInt64>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard let packets else { return h.fail(DRAI_ERR_NULL, "packets is NULL") }
  packets.pointee = UInt64(h.chip.resonanceEventsInFlight)
  return DRAI_OK
}

/// `drai_chip_router_occupancy`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_router_occupancy")
public func drai_chip_router_occupancy(_ chip: OpaquePointer?, _ flits: UnsafeMutablePointer<UInt32>?, _ capacity: Int,
                                       _ count: UnsafeMutablePointer<Int>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  return h.copyOut(h.chip.routerOccupancyFlits.map(UInt32.init), into: flits, "flits", capacity: capacity, count: count)
}

/// `drai_chip_counters`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_counters")
public func drai_chip_counters(_ chip: OpaquePointer?, _ out: UnsafeMutablePointer<drai_counters>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard let out else { return h.fail(DRAI_ERR_NULL, "out is NULL") }
  let c = h.chip.counters
  return h.fill(out, "drai_counters", with: drai_counters(
    size: 0, cycles: c.cycles, oscillator_cycles: c.oscillatorCycles, phase_spikes: c.phaseSpikes, crossbar_cell_reads: c.crossbarCellReads,
    dac_conversions: c.dacConversions, adc_conversions: c.adcConversions, coupling_updates: c.couplingUpdates,
    detector_samples: c.detectorSamples, windows_evaluated: c.windowsEvaluated, resonance_events: c.resonanceEvents,
    weight_updates: c.weightUpdates, set_pulses: c.setPulses, reset_pulses: c.resetPulses,
    noc_flit_hops: c.nocHopsEastWest + c.nocHopsNorthSouth, noc_deliveries: c.nocDeliveries))
}

/// `drai_chip_energy`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_energy")
public func drai_chip_energy(_ chip: OpaquePointer?, _ out: UnsafeMutablePointer<drai_energy>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard let out else { return h.fail(DRAI_ERR_NULL, "out is NULL") }
  let e = h.energy
  return h.fill(out, "drai_energy", with: drai_energy(
    size: 0, total_j: e.total.value, total_low_j: e.total.low, total_high_j: e.total.high, learning_j: e.learning.value))
}

/// `drai_chip_save`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_save")
public func drai_chip_save(_ chip: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard let path else { return h.fail(DRAI_ERR_NULL, "path is NULL") }
  return h.save(to: String(cString: path))
}

/// `drai_chip_restore`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_restore")
public func drai_chip_restore(_ chip: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
  guard let h = handle(chip) else { return handleError(chip) }
  guard let path else { return h.fail(DRAI_ERR_NULL, "path is NULL") }
  return h.restore(from: String(cString: path))
}

/// The message returned for a NULL chip (immutable, allocated once and never freed).
nonisolated(unsafe) let nullChipMessage: UnsafePointer<CChar> = UnsafePointer(strdup("drai_chip_last_error: the chip handle is NULL")!)
/// What a call on a chip handle that is not live says.
let notLiveChip = "not a live drai_chip handle: destroyed, never returned by drai_chip_create_*, or another kind of handle"
/// The message returned for such a handle (immutable, allocated once and never freed).
nonisolated(unsafe) let notLiveChipMessage: UnsafePointer<CChar> = UnsafePointer(strdup("drai_chip_last_error: " + notLiveChip)!)

/// `drai_chip_last_error`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_chip_last_error")
public func drai_chip_last_error(_ chip: OpaquePointer?) -> UnsafePointer<CChar>? {
  guard let h = handle(chip) else { return chip == nil ? nullChipMessage : notLiveChipMessage }
  return h.lastError.pointer
}
