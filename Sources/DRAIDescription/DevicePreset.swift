/// A published memristor device as a set of chip-description values (`crossbar.preset`).
///
/// A preset is expanded where it is written. Named in the file, it fills the keys the file does
/// not give (the file's own keys win). Named by `--set`, it also replaces the file's values of
/// its keys, and only other `--set` keys win over it. Each value is copied from the named source file of the
/// publishing project, and Docs/devices.md shows how each maps onto this emulator's models.
public struct DevicePreset: Sendable {
  /// The value of `crossbar.preset`.
  public let name: String
  /// One line for `drai describe`.
  public let summary: String
  /// Where the values come from (project, file, commit, paper).
  public let source: String
  /// The keys (full dotted paths) and their values.
  public let values: [(key: String, value: SettingValue)]

  /// Every preset, in listing order.
  public static let all: [DevicePreset] = [neuroSimRealDevice, aihwkitGokmenVlasov, aihwkitReRamES]

  /// The preset called `name`, if any.
  public static func named(_ name: String) -> DevicePreset? { all.first { $0.name == name } }

  /// The preset's value of `key`. Precondition: the preset sets `key`.
  subscript(key: String) -> SettingValue { values.first { $0.key == key }!.value }

  /// MLP_NeuroSim V3.0's `RealDevice` (Cell.cpp, commit 553313c): a 1T1R analog synapse with
  /// 31 SET and 31 RESET pulses across 0.476–10 µS, nonlinearity label ±4.22, which the
  /// normalised A table of its formula.cpp (`getParamA`, commit 58a5f0c, entry 421) maps to
  /// A = 0.249748·31 pulses; cycle-to-cycle σ = 0.5 % of the range per pulse; 2 V, 80 ns write
  /// pulses and 0.5 V, 5 ns reads, priced by V²·G·t (`pulse_energy: device`).
  static let neuroSimRealDevice = DevicePreset(
    name: "neurosim_real_device",
    summary: "NeuroSim V3.0 RealDevice: soft bounds, 32 levels, nonlinearity ±4.22, 0.476–10 µS",
    source: "neurosim/MLP_NeuroSim_V3.0 Cell.cpp RealDevice (553313c), formula.cpp getParamA (58a5f0c); Chen et al., IEEE TCAD 37:3067, 2018",
    values: [
      ("crossbar.device", .word("soft_bounds")),
      ("crossbar.g_min_s", .real(4.76e-7)),
      ("crossbar.g_max_s", .real(1e-5)),
      ("crossbar.levels", .integer(32)),
      ("crossbar.nonlinearity_set", .real(0.249748)),
      ("crossbar.nonlinearity_reset", .real(0.249748)),
      ("crossbar.cycle_to_cycle_additive_sigma", .real(0.005)),
      ("crossbar.pulse_energy", .word("device")),
      ("crossbar.set_voltage_v", .real(2)),
      ("crossbar.reset_voltage_v", .real(2)),
      ("crossbar.pulse_width_ns", .real(80)),
      ("crossbar.read_voltage_v", .real(0.5)),
      ("crossbar.read_time_ns", .real(5)),
    ])

  /// aihwkit's `GokmenVlasovPresetDevice` (src/aihwkit/simulator/presets/devices.py): a
  /// constant-step device with 1250 steps across w ∈ [−1, 1] (dw_min 0.0016), dw_min_dtod 0.3,
  /// dw_min_std 0.3, up_down_dtod 0.01, w_max_dtod = w_min_dtod = 0.3 (0.15 of the range of 2).
  static let aihwkitGokmenVlasov = DevicePreset(
    name: "aihwkit_gokmen_vlasov",
    summary: "aihwkit GokmenVlasov: constant step, 1251 levels, 30 % step spread and noise",
    source: "IBM/aihwkit src/aihwkit/simulator/presets/devices.py GokmenVlasovPresetDevice; Gokmen & Vlasov, Front. Neurosci. 10:333, 2016",
    values: [
      ("crossbar.device", .word("asymmetric_step")),
      ("crossbar.asymmetry", .real(0)),
      ("crossbar.levels", .integer(1251)),
      ("crossbar.device_to_device_sigma", .real(0.3)),
      ("crossbar.cycle_to_cycle_sigma", .real(0.3)),
      ("crossbar.asymmetry_device_to_device_sigma", .real(0.01)),
      ("crossbar.conductance_range_sigma", .real(0.15)),
    ])

  /// aihwkit's `ReRamESPresetDevice` (same file): the exponential-step fit to the ReRAM of Gong
  /// et al. (Nat. Commun. 9, 2018): dw_min 0.00135 on w ∈ [−1, 1], up_down 0.259359, a = b =
  /// −0.5, γ_up = γ_down = 5, A_up −1.18445, A_down −0.081404; dw_min_dtod 0.2, up_down_dtod
  /// 0.05, w_max_dtod = w_min_dtod = 0.3 (0.15 of the range), dw_min_std 5.0. Its write noise
  /// (write_noise_std 75) is not modelled.
  static let aihwkitReRamES = DevicePreset(
    name: "aihwkit_reram_es",
    summary: "aihwkit ReRamES: exponential steps fitted to measured ReRAM, 1481 nominal steps, strong pulse noise",
    source: "IBM/aihwkit src/aihwkit/simulator/presets/devices.py ReRamESPresetDevice; Gong et al., Nat. Commun. 9, 2018, doi:10.1038/s41467-018-04485-1",
    values: [
      ("crossbar.device", .word("exp_step")),
      ("crossbar.exp_step_w_min", .real(-1)),
      ("crossbar.exp_step_w_max", .real(1)),
      ("crossbar.exp_step_dw_min", .real(0.00135)),
      ("crossbar.exp_step_up_down", .real(0.259359)),
      ("crossbar.exp_step_a", .real(-0.5)),
      ("crossbar.exp_step_b", .real(-0.5)),
      ("crossbar.exp_step_gamma_up", .real(5)),
      ("crossbar.exp_step_gamma_down", .real(5)),
      ("crossbar.exp_step_a_up", .real(-1.18445)),
      ("crossbar.exp_step_a_down", .real(-0.081404)),
      ("crossbar.device_to_device_sigma", .real(0.2)),
      ("crossbar.asymmetry_device_to_device_sigma", .real(0.05)),
      ("crossbar.conductance_range_sigma", .real(0.15)),
      ("crossbar.cycle_to_cycle_sigma", .real(5)),
    ])
}

extension SettingValues {
  /// Keys that belong to one device model, with that model's `crossbar.device` (they are
  /// errors with another).
  static let modelOfKey: [(key: String, model: String)] =
    [("crossbar.nonlinearity_set", "soft_bounds"), ("crossbar.nonlinearity_reset", "soft_bounds"), ("crossbar.asymmetry", "asymmetric_step")]
    + ["k_set_per_s", "k_reset_per_s", "threshold_set_v", "threshold_reset_v", "alpha_set", "alpha_reset", "window", "window_p"]
      .map { ("crossbar.vteam_" + $0, "vteam") }
    + ["w_min", "w_max", "dw_min", "up_down", "a", "b", "gamma_up", "gamma_down", "a_up", "a_down"].map { ("crossbar.exp_step_" + $0, "exp_step") }

  /// Expands `crossbar.preset` (see ``DevicePreset``) before defaults are filled in, so that a
  /// preset can supply required keys such as `g_min_s`.
  ///
  /// Named in the file (or by `--set` with the file's own value), the preset fills the keys the
  /// file does not give, and a file `crossbar.device` of another model is an error. Named by
  /// `--set`, it also replaces the file's values of its keys and drops the file's keys of
  /// other device models; only other `--set` keys win over it. Every key it sets is recorded
  /// in ``presetSource``, so errors about it name the preset.
  /// - Throws: ``DescriptionError`` for a file device that contradicts the file's preset.
  mutating func expandDevicePreset() throws {
    guard case .word(let name)? = values["crossbar.preset"], let preset = DevicePreset.named(name) else { return }
    func fromFile(_ key: String) -> Bool { given.contains(key) && lines[key] != nil }
    func fromSet(_ key: String) -> Bool { given.contains(key) && lines[key] == nil }
    let fromCommandLine = fromSet("crossbar.preset") && fileValueBeforeOverride["crossbar.preset"] != values["crossbar.preset"]
    let presetDevice = preset.values.first { $0.key == "crossbar.device" }?.value
    if !fromCommandLine, fromFile("crossbar.device"), let presetDevice, values["crossbar.device"] != presetDevice {
      throw DescriptionError(.inconsistent, file: file, key: "crossbar.device", line: lines["crossbar.device"],
                             value: values["crossbar.device"]!.description,
                             allowed: "crossbar.preset: \(name) sets crossbar.device: \(presetDevice); give the preset or a device, not both")
    }
    let presetKeys = Set(preset.values.map(\.key))
    if fromCommandLine {
      for (key, _) in Self.modelOfKey where fromFile(key) && !presetKeys.contains(key) {
        values[key] = nil
        given.remove(key)
        lines[key] = nil
      }
    }
    for (key, value) in preset.values {
      if fromSet(key) || (fromFile(key) && !fromCommandLine) { continue }
      values[key] = value
      given.remove(key)
      lines[key] = nil
      presetSource[key] = name
    }
  }
}
