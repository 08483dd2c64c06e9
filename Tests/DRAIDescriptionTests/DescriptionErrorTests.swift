import DRAIChip
import DRAIDevices
import DRAIDescription
import DRAIEnergy
import DRAINoC
import DRAIWorkloads
import Foundation
import Testing

/// Repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The path of `relative` inside the repository.
func repo(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

/// Writes `text` to a fresh temporary file named `name` and returns its path.
func temporaryFile(_ name: String, _ text: String) throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("drai-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let url = dir.appendingPathComponent(name)
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url.path
}

/// The default chip description with `line` replaced by `replacement` (nil: removed).
func defaultChip(replacing line: String, with replacement: String?) throws -> String {
  let text = try String(contentsOfFile: repo("Hardware/chips/default.yaml"), encoding: .utf8)
  precondition(text.contains(line), "fixture line not found: \(line)")
  let edited = text.replacingOccurrences(of: line, with: replacement ?? "")
  // Keep the energy table reachable from the temporary folder.
  return edited.replacingOccurrences(of: "energy_tables: [../energy/digital-45nm.yaml, ../energy/rram-neurosim.yaml, ../energy/noc-loihi.yaml]",
                                     with: "energy_tables: [\(["digital-45nm", "rram-neurosim", "noc-loihi"].map { repo("Hardware/energy/\($0).yaml") }.joined(separator: ", "))]")
}

@Suite struct DescriptionErrorTests {
  @Test("The bundled chip, workload and energy table load")
  func bundled() throws {
    let chip = try ChipDescription(path: repo("Hardware/chips/default.yaml"))
    #expect(chip.configuration.tile.oscillators == 64)
    #expect(chip.configuration.tile.phaseFormat.bits == 16)
    let table = try chip.loadEnergyTable()
    #expect(table.name == "digital-45nm + rram-neurosim + noc-loihi")
    #expect(table.origin[.setPulse] == "rram-neurosim" && table.origin[.nocDelivery] == "noc-loihi" && table.origin[.oscillatorCycle] == "digital-45nm")
    let w = try DigitsRecallWorkload(path: repo("Hardware/workloads/digits-recall.yaml"))
    let data = try DigitsDataset(url: w.datasetURL, pixels: 64)
    #expect(data.images.count == 1797)  // data README: 1,797 images
    #expect(Set(data.labels) == Set(0...9))
  }

  @Test("Unknown key: file, line, key path and a suggestion")
  func unknownKey() throws {
    let path = try temporaryFile("chip.yaml", defaultChip(replacing: "  phase_bits: 16", with: "  phase_bit: 16"))
    let e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path) }
    #expect(e?.code == .unknownKey)
    #expect(e?.key == "oscillators.phase_bit")
    #expect(e?.line == 11)
    #expect(e?.description.contains("did you mean 'oscillators.phase_bits'") == true)
    #expect(e?.description.hasPrefix(path + ":11:") == true)
  }

  @Test("Out-of-range and wrong-type values name the value and what is allowed")
  func badValues() throws {
    var path = try temporaryFile("chip.yaml", defaultChip(replacing: "  phase_bits: 16", with: "  phase_bits: 40"))
    var e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path) }
    #expect(e?.code == .outOfRange && e?.value == "40")
    #expect(e?.description.contains("an integer in 8...24") == true)
    path = try temporaryFile("chip.yaml", defaultChip(replacing: "  count: 64", with: "  count: many"))
    e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path) }
    #expect(e?.code == .wrongType && e?.key == "oscillators.count" && e?.value == "many")
    path = try temporaryFile("chip.yaml", defaultChip(replacing: "  function: cosine", with: "  function: tanh"))
    e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path) }
    #expect(e?.description.contains("one of cosine, gaussian, sigmoid, piecewise_linear") == true)
  }

  @Test("Missing required key")
  func missingKey() throws {
    let path = try temporaryFile("chip.yaml", defaultChip(replacing: "  clock_mhz: 100                       # 10 ns cycle; dt of the coupling step = 0.01 µs", with: nil))
    let e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path) }
    #expect(e?.code == .missingKey && e?.key == "chip.clock_mhz")
  }

  @Test("Inconsistent values: g_max ≤ g_min, thresholds, margin without stability mode, too few phase bits")
  func inconsistent() throws {
    let path = repo("Hardware/chips/default.yaml")
    var e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path, overrides: ["crossbar.g_max_s=1e-7"]) }
    #expect(e?.code == .inconsistent && e?.key == "crossbar.g_max_s" && e?.file == "--set")
    e = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: path, overrides: ["learning.depression_threshold=0.6"])
    }
    #expect(e?.key == "learning.depression_threshold")
    e = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: path, overrides: ["learning.mode=hebbian"])  // margin is set in the file
    }
    #expect(e?.key == "learning.stability_margin_rad_per_us")
    // K = 2 rad/µs (the homeostatic bound), dt = 0.01 µs: K·dt = 0.02 rad is 0.8 LSB at 8 bits
    // (2^8/2π = 40.7 LSB/rad) — below the 5 LSB that locking needs.
    e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path, overrides: ["oscillators.phase_bits=8"]) }
    #expect(e?.key == "oscillators.phase_bits" && e?.code == .outOfRange)
    // (K + F)·dt = (2 + 5)·0.2 = 1.4 rad ≥ 1: unstable Euler step.
    e = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: path, overrides: ["crossbar.coupling_period_cycles=20"])
    }
    #expect(e?.key == "crossbar.coupling_period_cycles")
    e = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: path, overrides: ["oscillators.frequency_distribution=fixed", "oscillators.frequency_offsets_mhz=[0, 0.1]"])
    }
    #expect(e?.description.contains("needs exactly 64 entries") == true)
  }

  @Test("Overrides: unknown keys are errors, valid ones apply")
  func overrides() throws {
    let path = repo("Hardware/chips/default.yaml")
    let e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path, overrides: ["crossbar.bits=3"]) }
    #expect(e?.code == .unknownKey && e?.file == "--set")
    let d = try ChipDescription(path: path, overrides: ["crossbar.adc_bits=6"])
    #expect(d.configuration.tile.adcBits == 6)
  }

  @Test("Unreadable file and YAML syntax errors")
  func fileErrors() throws {
    var e = #expect(throws: DescriptionError.self) { try ChipDescription(path: "/nonexistent/chip.yaml") }
    #expect(e?.code == .unreadableFile && e?.file == "/nonexistent/chip.yaml")
    let path = try temporaryFile("chip.yaml", "chip:\n  name: [unclosed\n")
    e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path) }
    #expect(e?.code == .syntax && e?.line != nil)
  }

  @Test("Malformed dataset rows and energy tables are reported by file and line")
  func badData() throws {
    let csv = try temporaryFile("data.csv", String(repeating: "1,", count: 64) + "3\n" + String(repeating: "1,", count: 10) + "3\n")
    let e = #expect(throws: DescriptionError.self) { try DigitsDataset(url: URL(fileURLWithPath: csv), pixels: 64) }
    #expect(e?.code == .badData && e?.line == 2)
    #expect(e?.description.contains("expected 64 pixel values and a label, found 11 fields") == true)
    let gz = try temporaryFile("data.csv.gz", "")
    try Data([0x1F, 0x8B, 0x08, 0x00, 0x01]).write(to: URL(fileURLWithPath: gz))
    let g = #expect(throws: DescriptionError.self) { try DigitsDataset(url: URL(fileURLWithPath: gz), pixels: 64) }
    #expect(g?.description.contains("corrupt or truncated gzip") == true)
    let rram = try String(contentsOfFile: repo("Hardware/energy/rram-neurosim.yaml"), encoding: .utf8)
    let energy = rram.replacingOccurrences(of: "    value: 6.25", with: "    value: 20")
    let t = #expect(throws: DescriptionError.self) { try EnergyTablePart(path: temporaryFile("e.yaml", energy)) }
    #expect(t?.key == "operations.adc_conversion.high")
    // Tables must price every operation exactly once between them.
    let digital = repo("Hardware/energy/digital-45nm.yaml"), noc = repo("Hardware/energy/noc-loihi.yaml")
    let missing = #expect(throws: DescriptionError.self) { try EnergyTable(paths: [digital, noc]) }
    #expect(missing?.key == "operations.crossbar_cell_read" && missing?.description.contains("no table prices this operation") == true)
    let twice = #expect(throws: DescriptionError.self) {
      try EnergyTable(paths: [digital, repo("Hardware/energy/loihi-digital.yaml"), repo("Hardware/energy/rram-neurosim.yaml"), noc])
    }
    #expect(twice?.key == "operations.oscillator_cycle" && twice?.description.contains("already priced by") == true)
    // An operation is either fully given or left out.
    let partial = rram.replacingOccurrences(of: "    value: 12.5\n", with: "")
    let p = #expect(throws: DescriptionError.self) { try EnergyTablePart(path: temporaryFile("e.yaml", partial)) }
    #expect(p?.key == "operations.crossbar_cell_read.unit" && p?.description.contains("given without operations.crossbar_cell_read.value") == true)
  }

  @Test("Natural frequencies must stay inside (0, clock/2); a workload file is not a chip file")
  func frequencyRangeAndKind() throws {
    let path = repo("Hardware/chips/default.yaml")
    // Uniform ±60 MHz around 1 MHz at a 100 MHz clock reaches −59 ... 61 MHz.
    let e = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: path, overrides: ["oscillators.frequency_distribution=uniform", "oscillators.frequency_spread_mhz=60"])
    }
    #expect(e?.key == "oscillators.frequency_spread_mhz" && e?.description.contains("-59...61 MHz") == true)
    let k = #expect(throws: DescriptionError.self) { try ChipDescription(path: repo("Hardware/workloads/digits-recall.yaml")) }
    #expect(k?.description.contains("this looks like a workload description") == true)
  }

  @Test("A chip with fewer oscillators than pixels is an error naming oscillators.count; CRLF data loads")
  func pixelsAgainstOscillators() throws {
    let chip = try ChipDescription(path: repo("Hardware/chips/default.yaml"), overrides: ["oscillators.count=16"])
    let w = try DigitsRecallWorkload(path: repo("Hardware/workloads/digits-recall.yaml"))
    let table = try chip.loadEnergyTable()
    let e = #expect(throws: DescriptionError.self) {
      try DigitsRecall.run(chip: Chip(configuration: chip.configuration, seed: 1), workload: w, energyTable: table)
    }
    #expect(e?.key == "dataset.path" && e?.description.contains("has 16 oscillators (oscillators.count 16 × mesh 1×1 tiles)") == true)
    let crlf = try temporaryFile("crlf.csv", "1,2,3\r\n4,5,6\r\n")
    let data = try DigitsDataset(url: URL(fileURLWithPath: crlf), pixels: nil)
    #expect(data.pixels == 2 && data.labels == [3, 6])
  }

  @Test("Mesh and router sections: read into the chip; oscillators.count is per tile; fixed offsets cover the chip")
  func meshSection() throws {
    let path = repo("Hardware/chips/default.yaml")
    let single = try ChipDescription(path: path)
    #expect(single.mesh.routers == 1 && single.configuration.oscillators == 64)
    let d = try ChipDescription(path: path, overrides: [
      "mesh.rows=2", "mesh.columns=3", "router.routing=yx", "router.buffer_flits=6", "oscillators.count=8",
      "router.latency_compensation=true"])
    #expect(d.mesh.rows == 2 && d.mesh.columns == 3 && d.mesh.routing == .yx && d.mesh.bufferFlits == 6)
    #expect(d.configuration.oscillators == 48 && d.configuration.tiles == 6 && d.configuration.latencyCompensation)
    // 2 tiles × 2 oscillators: the fixed list needs 4 entries, one per oscillator of the chip.
    let e = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: path, overrides: [
        "mesh.columns=2", "oscillators.count=2", "oscillators.frequency_distribution=fixed",
        "oscillators.frequency_offsets_mhz=[0, 0.001]"])
    }
    #expect(e?.key == "oscillators.frequency_offsets_mhz" && e?.description.contains("needs exactly 4 entries") == true)
    // I/O ports: positions along each edge, checked against the mesh.
    let io = try ChipDescription(path: path, overrides: ["mesh.rows=2", "mesh.columns=3", "oscillators.count=8",
                                                         "mesh.io_west=[0, 1]", "mesh.io_south=[2]"])
    #expect(io.mesh.ioPorts == [IOPort(side: .west, index: 0), IOPort(side: .west, index: 1), IOPort(side: .south, index: 2)])
    #expect(io.mesh.ioPorts.map { $0.router(in: io.mesh) } == [0, 3, 5])
    let bad = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: path, overrides: ["mesh.rows=2", "oscillators.count=8", "mesh.io_east=[2]"])
    }
    #expect(bad?.key == "mesh.io_east" && bad?.description.contains("it has rows 0...1") == true)
  }

  @Test("Device models: keys of another model are errors; stuck fractions must sum to at most 1; variability reaches the tile")
  func deviceKeys() throws {
    let path = repo("Hardware/chips/default.yaml")
    let a = #expect(throws: DescriptionError.self) { try ChipDescription(path: path, overrides: ["crossbar.asymmetry=0.2"]) }
    #expect(a?.key == "crossbar.asymmetry" && a?.description.contains("only used with crossbar.device: asymmetric_step") == true)
    let b = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: path, overrides: ["crossbar.stuck_at_gmin_fraction=0.7", "crossbar.stuck_at_gmax_fraction=0.4"])
    }
    #expect(b?.key == "crossbar.stuck_at_gmax_fraction" && b?.description.contains("exceeds 1") == true)
    let d = try ChipDescription(path: path, overrides: [
      "crossbar.device=soft_bounds", "crossbar.nonlinearity_set=0.3", "crossbar.cycle_to_cycle_sigma=0.1",
      "crossbar.endurance_pulses=1000"])
    #expect(d.configuration.tile.device == .softBounds(gMinSiemens: 1e-6, gMaxSiemens: 1.01e-4, levels: 32,
                                                       nonlinearitySet: 0.3, nonlinearityReset: 1))
    #expect(d.configuration.tile.variability == DeviceVariability(cycleToCycleSigma: 0.1, endurancePulses: 1000))
    let w = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: path, overrides: ["crossbar.device=ideal", "crossbar.write_verify_max_pulses=5"])
    }
    #expect(w?.key == "crossbar.write_verify_max_pulses" && w?.description.contains("needs a stepped device") == true)
    // VTEAM: the state step comes from the pulse: 3.2e6/s × (1.5 V/1 V − 1)³ × 10 ns = 0.004;
    // below threshold it is 0.
    let vt = try ChipDescription(path: path, overrides: ["crossbar.device=vteam", "crossbar.set_voltage_v=1.5",
                                                         "crossbar.reset_voltage_v=0.9"])
    guard case .vteam(_, _, let up, let down, _) = vt.configuration.tile.device else { Issue.record("not vteam"); return }
    #expect(abs(up - 0.004) < 1e-12 && down == 0)
    // V²·G·t pricing: its keys only with pulse_energy: device, in SI units inside.
    let v = #expect(throws: DescriptionError.self) { try ChipDescription(path: path, overrides: ["crossbar.pulse_width_ns=5"]) }
    #expect(v?.key == "crossbar.pulse_width_ns" && v?.description.contains("crossbar.pulse_energy: device") == true)
    let e = try ChipDescription(path: path, overrides: ["crossbar.pulse_energy=device", "crossbar.pulse_width_ns=5"])
    #expect(e.deviceEnergy == DeviceEnergyModel(setVoltage: 2, resetVoltage: 2, pulseWidthSeconds: 5e-9, readVoltage: 0.5,
                                                readTimeSeconds: 1e-9))
  }

  @Test("Fault maps: the named devices sit at their bound and never move; a bad line names the map, line and column")
  func faultMap() throws {
    let path = repo("Hardware/chips/default.yaml")
    let map = try temporaryFile("faults.csv", "# two stuck devices\ntile,row,column,device,stuck_at\n0,3,17,plus,gmax\n0,5,2,minus,gmin\n")
    let d = try ChipDescription(path: path, overrides: ["crossbar.fault_map=\(map)"])
    #expect(d.configuration.tile.faultMap == [FaultMapEntry(tile: 0, row: 3, column: 17, minusDevice: false, stuckAtMax: true),
                                              FaultMapEntry(tile: 0, row: 5, column: 2, minusDevice: true, stuckAtMax: false)])
    var chip = Chip(configuration: d.configuration, seed: 1)
    #expect(chip.tiles[0].crossbar.conductances(row: 3, column: 17).plus == 1.01e-4)  // g_max_s of the default chip
    // Write-verify cannot move it either: lowering w_3,17 to 0 can only raise G⁻.
    chip.writeWeight(3, 17, radiansPerMicrosecond: 0)
    #expect(chip.tiles[0].crossbar.conductances(row: 3, column: 17).plus == 1.01e-4)
    let bad = try temporaryFile("bad-faults.csv", "tile,row,column,device,stuck_at\n0,64,1,plus,gmax\n")
    let e = #expect(throws: DescriptionError.self) { try ChipDescription(path: path, overrides: ["crossbar.fault_map=\(bad)"]) }
    #expect(e?.file == bad && e?.line == 2 && e?.key == "row" && e?.description.contains("0...63") == true)
  }

  @Test("Workload: present_cycles must be a whole number of windows")
  func workloadWindow() throws {
    let chip = try ChipDescription(path: repo("Hardware/chips/default.yaml"))
    let w = try DigitsRecallWorkload(path: repo("Hardware/workloads/digits-recall.yaml"), overrides: ["training.present_cycles=4100"])
    let e = #expect(throws: DescriptionError.self) { try w.check(against: chip.configuration.tile) }
    #expect(e?.key == "training.present_cycles")
  }
}

@Suite struct DevicePresetTests {
  let path = repo("Hardware/chips/default.yaml")

  @Test("A preset from --set replaces the file's device keys; other --set keys win; the gain follows the full-range weight")
  func presetFromCommandLine() throws {
    let d = try ChipDescription(path: path, overrides: ["crossbar.preset=neurosim_real_device"])
    // NeuroSim V3.0 RealDevice: 0.476–10 µS, 31 pulses each way, A/Pmax = getParamA(4.22) = 0.249748.
    #expect(d.configuration.tile.device == .softBounds(gMinSiemens: 4.76e-7, gMaxSiemens: 1e-5, levels: 32,
                                                       nonlinearitySet: 0.249748, nonlinearityReset: 0.249748))
    #expect(d.configuration.tile.variability == DeviceVariability(cycleToCycleAdditiveSigma: 0.005))
    #expect(d.deviceEnergy == DeviceEnergyModel(setVoltage: 2, resetVoltage: 2, pulseWidthSeconds: 80e-9, readVoltage: 0.5,
                                                readTimeSeconds: 5e-9))
    // full_range_weight 0.1 rad/µs over 10 µS − 0.476 µS: gain = 10,499.79 rad/µs per S.
    #expect(abs(d.configuration.tile.couplingGain - 0.1 / (10e-6 - 0.476e-6)) < 1e-5)
    let e = try ChipDescription(path: path, overrides: ["crossbar.preset=neurosim_real_device", "crossbar.levels=64"])
    guard case .softBounds(_, _, let levels, _, _) = e.configuration.tile.device else { Issue.record("not soft bounds"); return }
    #expect(levels == 64)
    let g = try ChipDescription(path: path, overrides: ["crossbar.preset=aihwkit_gokmen_vlasov"])
    #expect(g.configuration.tile.device == .asymmetricStep(gMinSiemens: 1e-6, gMaxSiemens: 1.01e-4, levels: 1251, asymmetry: 0))
    #expect(g.configuration.tile.variability == DeviceVariability(
      cycleToCycleSigma: 0.3, deviceToDeviceSigma: 0.3, asymmetryDeviceSigma: 0.01, conductanceRangeSigma: 0.15))
    let r = try ChipDescription(path: path, overrides: ["crossbar.preset=aihwkit_reram_es"])
    guard case .expStep(let p) = r.configuration.tile.device else { Issue.record("not exp_step"); return }
    #expect(p.dwMin == 0.00135 && p.upDown == 0.259359 && p.aUp == -1.18445 && p.aDown == -0.081404 && p.gammaUp == 5)
  }

  @Test("A preset in the file fills only what the file leaves out, even required keys; errors name the preset")
  func presetInFile() throws {
    let file = try temporaryFile("chip.yaml", defaultChip(replacing: "  device: linear_step", with: "  preset: neurosim_real_device"))
    let d = try ChipDescription(path: file)
    // The file keeps its own g_min_s, g_max_s and levels; the preset brings the curve, noise and pulses.
    #expect(d.configuration.tile.device == .softBounds(gMinSiemens: 1e-6, gMaxSiemens: 1.01e-4, levels: 32,
                                                       nonlinearitySet: 0.249748, nonlinearityReset: 0.249748))
    // Without g_min_s and g_max_s in the file, the preset's 0.476–10 µS apply.
    let bare = try temporaryFile("chip.yaml", defaultChip(replacing: "  device: linear_step", with: "  preset: neurosim_real_device")
      .replacingOccurrences(of: "  g_min_s: 1.0e-6                      # 1 MΩ HRS\n", with: "")
      .replacingOccurrences(of: "  g_max_s: 1.01e-4                     # ~10 kΩ LRS\n", with: ""))
    #expect(try ChipDescription(path: bare).configuration.tile.device.gMaxSiemens == 1e-5)
    // --set of the file's own preset changes nothing; the file's keys still win.
    let same = try ChipDescription(path: file, overrides: ["crossbar.preset=neurosim_real_device"])
    #expect(same.configuration.tile.device == d.configuration.tile.device)
    // A file device that contradicts the file's preset is an error.
    let both = try temporaryFile("chip.yaml", defaultChip(replacing: "  device: linear_step",
                                                          with: "  device: linear_step\n  preset: aihwkit_reram_es"))
    let c = #expect(throws: DescriptionError.self) { try ChipDescription(path: both) }
    #expect(c?.key == "crossbar.device" && c?.description.contains("aihwkit_reram_es sets crossbar.device: exp_step") == true)
    // An error about a preset's value names the preset, not the file.
    let p = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: self.path, overrides: ["crossbar.preset=neurosim_real_device", "crossbar.g_min_s=2e-5"])
    }
    #expect(p?.key == "crossbar.g_max_s" && p?.file == "crossbar.preset: neurosim_real_device")
    // A preset from --set drops the file's keys of another model.
    let soft = try temporaryFile("chip.yaml", defaultChip(replacing: "  device: linear_step",
                                                          with: "  device: soft_bounds\n  nonlinearity_set: 0.5"))
    let r = try ChipDescription(path: soft, overrides: ["crossbar.preset=aihwkit_reram_es"])
    guard case .expStep = r.configuration.tile.device else { Issue.record("not exp_step"); return }
    let bad = #expect(throws: DescriptionError.self) { try ChipDescription(path: self.path, overrides: ["crossbar.preset=pcm"]) }
    #expect(bad?.key == "crossbar.preset" && bad?.description.contains("aihwkit_reram_es") == true)
    let other = #expect(throws: DescriptionError.self) { try ChipDescription(path: self.path, overrides: ["crossbar.exp_step_a=1"]) }
    #expect(other?.description.contains("only used with crossbar.device: exp_step") == true)
  }

  @Test("The weight scale: exactly one of coupling_gain and full_range_weight")
  func weightScale() throws {
    let both = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: self.path, overrides: ["crossbar.coupling_gain_rad_per_us_per_s=1000"])
    }
    #expect(both?.key == "crossbar.full_range_weight_rad_per_us" && both?.description.contains("not both") == true)
    let gainOnly = try ChipDescription(path: path, overrides: ["crossbar.coupling_gain_rad_per_us_per_s=1000",
                                                               "crossbar.full_range_weight_rad_per_us=none"])
    #expect(gainOnly.configuration.tile.couplingGain == 1000)
    let neither = #expect(throws: DescriptionError.self) {
      try ChipDescription(path: self.path, overrides: ["crossbar.full_range_weight_rad_per_us=none"])
    }
    #expect(neither?.code == .missingKey)
  }
}
