import CDRAI
import DRAIReport
import DRAIWorkloads
import Foundation

// The workload half of drai.h: the digits-recall protocol handed to a host segment by segment.

/// The workload handle's object, or nil for NULL or a handle that is not live.
func workload(_ w: OpaquePointer?) -> WorkloadHandle? { workloadHandles.lookup(w) }

extension DigitsRecallProtocol.Segment.Kind {
  /// The DRAI_SEGMENT_* code.
  var code: UInt32 {
    switch self {
    case .trainSettle: UInt32(DRAI_SEGMENT_TRAIN_SETTLE)
    case .train: UInt32(DRAI_SEGMENT_TRAIN)
    case .drain: UInt32(DRAI_SEGMENT_DRAIN)
    case .cue: UInt32(DRAI_SEGMENT_CUE)
    case .recallSettle: UInt32(DRAI_SEGMENT_RECALL_SETTLE)
    }
  }
}

/// `drai_workload_create_from_path`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_workload_create_from_path")
public func drai_workload_create_from_path(_ path: UnsafePointer<CChar>?, _ chip: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?,
                                           _ message: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
  guard let out else { copyMessage("out is NULL: pass the address of a drai_workload *", into: message, capacity: capacity); return DRAI_ERR_NULL }
  out.pointee = nil
  guard let path else { copyMessage("path is NULL", into: message, capacity: capacity); return DRAI_ERR_NULL }
  guard let h = handle(chip) else {
    copyMessage(chip == nil ? "chip is NULL" : notLiveChip, into: message, capacity: capacity)
    return handleError(chip)
  }
  do {
    let work = try DigitsRecallWorkload(path: String(cString: path))
    let plan = try DigitsRecallProtocol(workload: work, chip: h.chip.configuration, seed: h.seed)
    out.pointee = workloadHandles.insert(WorkloadHandle(plan: plan, chip: h))
    copyMessage("", into: message, capacity: capacity)
    return DRAI_OK
  } catch {
    copyMessage("\(error)", into: message, capacity: capacity)
    return DRAI_ERR_DESCRIPTION
  }
}

/// `drai_workload_destroy`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_workload_destroy")
public func drai_workload_destroy(_ w: OpaquePointer?) -> Int32 {
  guard let w else { return DRAI_OK }  // as free(NULL)
  return workloadHandles.remove(w) == nil ? DRAI_ERR_HANDLE : DRAI_OK
}

/// `drai_workload_next`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_workload_next")
public func drai_workload_next(_ w: OpaquePointer?, _ chip: OpaquePointer?, _ segment: UnsafeMutablePointer<drai_segment>?,
                               _ pattern: UnsafeMutablePointer<UInt8>?, _ capacity: Int) -> Int32 {
  guard let wh = workload(w) else { return handleError(w) }
  guard let h = handle(chip) else { return wh.fail(handleError(chip), chip == nil ? "chip is NULL" : notLiveChip) }
  guard let segment else { return wh.fail(DRAI_ERR_NULL, "segment is NULL") }
  guard capacity >= 0 else { return wh.fail(DRAI_ERR_ARGUMENT, "capacity is above the addressable range (2^63 bytes or more)") }
  guard h === wh.chip else { return wh.fail(DRAI_ERR_ARGUMENT, "this chip is not the one the workload was created for") }
  if let reason = wh.stoppedBy { return wh.fail(DRAI_ERR_PROTOCOL, "the workload stopped: " + reason) }
  let segments = wh.plan.segments, i = wh.nextIndex
  if i == 0 && h.chip.now.count != 0 {
    return wh.fail(DRAI_ERR_PROTOCOL, "the workload starts on a chip at cycle 0, but this one is at cycle \(h.chip.now.count): "
                     + "create it afresh or drai_chip_reset it first")
  }
  if i < segments.count, case .pattern = segments[i].forcing {
    guard capacity >= h.chip.oscillators else {
      return wh.fail(DRAI_ERR_BUFFER, "segment \(i) forces a pattern: pattern needs \(h.chip.oscillators) bytes, got \(capacity)")
    }
    guard pattern != nil else { return wh.fail(DRAI_ERR_NULL, "segment \(i) forces a pattern: pattern is NULL") }
  }
  if i > 0 && i <= segments.count, let bad = wh.end(segment: i - 1, on: h) { return bad }
  guard i < segments.count else {
    if i == segments.count { wh.finalChip = h.chip }
    wh.nextIndex = segments.count + 1
    segment.pointee = drai_segment(kind: UInt32(DRAI_SEGMENT_END), forcing: UInt32(DRAI_FORCING_KEEP), plasticity: 0, readout: 0,
                                   template_class: -1, index: UInt32(segments.count), start_cycle: h.chip.now.count, cycles: 0)
    return DRAI_OK
  }
  let s = segments[i]
  var forcing = UInt32(DRAI_FORCING_KEEP)
  switch s.forcing {
  case .keep: break
  case .pattern(let p):
    forcing = UInt32(DRAI_FORCING_PATTERN)
    for (k, on) in p.enumerated() { pattern![k] = on ? 1 : 0 }
    wh.forcing = p
  case .release:
    forcing = UInt32(DRAI_FORCING_RELEASE)
    wh.forcing = nil
  }
  segment.pointee = drai_segment(
    kind: s.kind.code, forcing: forcing, plasticity: s.plasticity ? 1 : 0, readout: s.readout == nil ? 0 : 1,
    template_class: Int32(s.template.map { wh.plan.workload.classes[$0] } ?? -1), index: UInt32(i),
    start_cycle: h.chip.now.count, cycles: s.cycles)
  wh.segmentStart = h.chip.now.count
  wh.nextIndex = i + 1
  return DRAI_OK
}

/// `drai_workload_report`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_workload_report")
public func drai_workload_report(_ w: OpaquePointer?, _ chip: OpaquePointer?, _ format: UInt32, _ text: UnsafeMutablePointer<CChar>?,
                                 _ capacity: Int, _ length: UnsafeMutablePointer<Int>?) -> Int32 {
  guard let wh = workload(w) else { return handleError(w) }
  guard let h = handle(chip) else { return wh.fail(handleError(chip), chip == nil ? "chip is NULL" : notLiveChip) }
  guard let length else { return wh.fail(DRAI_ERR_NULL, "length is NULL") }
  guard capacity >= 0 else { return wh.fail(DRAI_ERR_ARGUMENT, "capacity is above the addressable range (2^63 bytes or more)") }
  guard h === wh.chip else { return wh.fail(DRAI_ERR_ARGUMENT, "this chip is not the one the workload was created for") }
  if let reason = wh.stoppedBy { return wh.fail(DRAI_ERR_PROTOCOL, "the workload stopped: " + reason) }
  guard wh.finished else {
    return wh.fail(DRAI_ERR_PROTOCOL, "the workload is not finished: call drai_workload_next until it gives DRAI_SEGMENT_END "
                     + "(\(wh.plan.segments.count + 1 - wh.nextIndex) calls to go)")
  }
  let report: String
  switch Int32(bitPattern: format) {
  case DRAI_REPORT_SUMMARY: report = RunSummary.text(wh.result(h))
  case DRAI_REPORT_JSON:
    // Figures that are not finite are written as null, as drai run writes them.
    guard let json = try? StableJSON(wh.result(h)) else {
      return wh.fail(DRAI_ERR_ARGUMENT, "the report could not be encoded as JSON")
    }
    report = String(decoding: json.data, as: UTF8.self)
  default: return wh.fail(DRAI_ERR_ARGUMENT, "format \(format) is not DRAI_REPORT_SUMMARY (0) or DRAI_REPORT_JSON (1)")
  }
  let bytes = Array(report.utf8)
  length.pointee = bytes.count
  guard capacity > bytes.count else { return wh.fail(DRAI_ERR_BUFFER, "the report needs \(bytes.count + 1) bytes, got \(capacity)") }
  guard let text else { return wh.fail(DRAI_ERR_NULL, "text is NULL") }
  copyMessage(report, into: text, capacity: capacity)
  return DRAI_OK
}

/// The message returned for a NULL workload (immutable, allocated once and never freed).
nonisolated(unsafe) let nullWorkloadMessage: UnsafePointer<CChar> = UnsafePointer(strdup("drai_workload_last_error: the workload handle is NULL")!)
/// The message returned for a workload handle that is not live (allocated once, never freed).
nonisolated(unsafe) let notLiveWorkloadMessage: UnsafePointer<CChar> = UnsafePointer(strdup(
  "drai_workload_last_error: not a live drai_workload handle: destroyed, never returned by drai_workload_create_from_path, or another kind of handle")!)

/// `drai_workload_last_error`: the contract (arguments, statuses, units) is its declaration in drai.h.
@_cdecl("drai_workload_last_error")
public func drai_workload_last_error(_ w: OpaquePointer?) -> UnsafePointer<CChar>? {
  guard let wh = workload(w) else { return w == nil ? nullWorkloadMessage : notLiveWorkloadMessage }
  return wh.lastError.pointer
}
