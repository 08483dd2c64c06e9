import CDRAI
import DRAICAPI
import DRAIChip
import DRAICore
import DRAIDescription
import DRAIWorkloads
import Foundation

// One fuzz input = one target byte + the bytes that target reads. Every target must end with
// a value or a thrown error: a crash, a trap, a hang (libFuzzer's -timeout) or a memory blow-up
// (-rss_limit_mb) is a finding. Inputs are small (-max_len), so work stays small too; a chip
// the description accepts is built and stepped only when it is small enough to do so quickly.

/// The repository's Hardware folder, from this file's path.
let hardware = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Hardware")
let chipsFolder = hardware.appendingPathComponent("chips")
let workloadsFolder = hardware.appendingPathComponent("workloads")
let defaultChip = chipsFolder.appendingPathComponent("default.yaml").path
let meshChip = chipsFolder.appendingPathComponent("mesh-2x2.yaml").path
/// A scratch folder for the file targets (fault maps, connectivity files).
let scratch: URL = {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("drai-fuzz-\(getpid())")
  try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}()

/// The targets, by the input's first byte (mod their count).
enum Target: UInt8, CaseIterable {
  case chipDescription, workloadDescription, overrides, faultMap, connectivityFile, aerInput
}

/// Builds `description`'s chip, when it is small, and runs it through its first learning
/// window (at most 1,000 cycles), so that the window's programming runs too.
func exercise(_ description: ChipDescription) {
  let c = description.configuration
  guard c.oscillators <= 256 && c.tiles <= 16 && description.estimate.interTileSynapses <= 50_000 else { return }
  var chip = Chip(configuration: c, seed: 1)
  chip.forcingEnabled = true
  chip.plasticityEnabled = true
  let window = c.tile.samplePeriodCycles.multipliedReportingOverflow(by: c.tile.windowSamples)
  chip.run(cycles: Cycles(UInt64(window.overflow ? 1000 : min(window.partialValue + 1, 1000))))
  _ = chip.counters
}

func fuzzOne(_ target: Target, _ text: String, _ bytes: ArraySlice<UInt8>) {
  switch target {
  case .chipDescription:
    guard let s = try? SettingValues(text: text, file: "<fuzz chip>", folder: chipsFolder, schema: chipSchema),
          let d = try? ChipDescription(settings: s) else { return }
    exercise(d)
  case .workloadDescription:
    guard let s = try? SettingValues(text: text, file: "<fuzz workload>", folder: workloadsFolder, schema: workloadSchema),
          let w = try? AnyWorkload(settings: s), let chip = try? ChipDescription(path: defaultChip) else { return }
    if case .digitsRecall(let digits) = w, digits.totalCycles < 10_000_000 {
      _ = try? DigitsRecallProtocol(workload: digits, chip: chip.configuration, seed: 1)
    }
  case .overrides:
    let overrides = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard let d = try? ChipDescription(path: meshChip, overrides: overrides) else { return }
    exercise(d)
  case .faultMap, .connectivityFile:
    let file = scratch.appendingPathComponent(target == .faultMap ? "faults.csv" : "synapses.csv")
    guard (try? Data(bytes).write(to: file)) != nil else { return }
    let overrides = target == .faultMap ? ["crossbar.fault_map=\(file.path)"]
      : ["connectivity.rule=file", "connectivity.file=\(file.path)"]
    guard let d = try? ChipDescription(path: meshChip, overrides: overrides) else { return }
    exercise(d)
  case .aerInput:
    // Every 6 bytes: an address (2), a kind (1), then how many cycles to step (1), and two
    // bytes that pick a C ABI call to interleave (poll, phases, weight, reset, destroy and
    // reuse of the handle).
    var chip: OpaquePointer?
    guard DRAICAPI.drai_chip_create_from_path(meshChip, 1, &chip, nil, 0) == DRAI_OK, let c = chip else { return }
    var live = true
    var events = [drai_aer_event](repeating: drai_aer_event(), count: 64), count = 0
    var phases = [Double](repeating: 0, count: 64)
    var k = bytes.startIndex
    while k + 6 <= bytes.endIndex {
      let address = UInt32(bytes[k]) | UInt32(bytes[k + 1]) << 8
      let e = drai_aer_event(address: address, kind: UInt32(bytes[k + 2]), cycle: 0)
      _ = DRAICAPI.drai_chip_inject(c, e)
      _ = DRAICAPI.drai_chip_step(c, UInt64(bytes[k + 3] % 16))
      switch bytes[k + 4] % 8 {
      case 0: _ = DRAICAPI.drai_chip_poll(c, &events, Int(bytes[k + 5]) % 65, &count)
      case 1: _ = DRAICAPI.drai_chip_phases(c, &phases, Int(bytes[k + 5]) % 65, &count)
      case 2: var w = 0.0; _ = DRAICAPI.drai_chip_weight(c, UInt32(bytes[k + 5]), address, &w)
      case 3: _ = DRAICAPI.drai_chip_set_weight(c, UInt32(bytes[k + 5]), address, Double(Int8(bitPattern: bytes[k + 5])) / 100)
      case 4: _ = DRAICAPI.drai_chip_reset(c)
      case 5: if live { _ = DRAICAPI.drai_chip_destroy(c); live = false }  // later calls: DRAI_ERR_HANDLE
      default: _ = DRAICAPI.drai_chip_poll(c, &events, events.count, &count)
      }
      k += 6
    }
    if live { _ = DRAICAPI.drai_chip_destroy(c) }
  }
}

func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data, size >= 1 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let target = Target.allCases[Int(bytes[0]) % Target.allCases.count]
  let body = bytes[1...]
  fuzzOne(target, String(decoding: body, as: UTF8.self), body)
  return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The executable's entry point (SwiftPM names it after the module): libFuzzer's driver, with
/// its usual command line (corpus folders, -max_total_time, -timeout, -rss_limit_mb, …).
@_cdecl("drai_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var count = argc
  var arguments = argv
  return LLVMFuzzerRunDriver(&count, &arguments, { fuzz($0, $1) })
}
