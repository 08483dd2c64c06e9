import DRAIChip
import DRAICore
import DRAIDevices
import DRAIEnergy
import DRAINoC
import DRAIPlasticity
import DRAITile
import Foundation

/// A loaded, validated chip description.
public struct ChipDescription: Sendable {
  /// The raw settings (for reports and `--set` provenance).
  public let settings: SettingValues
  /// The chip design.
  public let configuration: ChipConfiguration
  /// The energy tables the description names, resolved against its folder.
  public let energyTableURLs: [URL]
  /// The chip's router mesh (`mesh` and `router` sections).
  public let mesh: MeshConfiguration
  /// V²·G·t pricing of pulses and reads (`crossbar.pulse_energy: device`), or nil for the
  /// energy table's constants.
  public let deviceEnergy: DeviceEnergyModel?
  /// The chip's synapses, memory and offered spike load, estimated before it is built.
  public let estimate: ChipEstimate

  /// Loads the chip description at `path`, applying `overrides` (`key=value`).
  ///
  /// Besides the per-key checks of ``chipSchema``, it checks: g_max_s > g_min_s; the threshold
  /// order; a fixed offset list of one entry per oscillator of the chip (and no list otherwise); converter widths ≠ 1;
  /// a stable Euler step ((K + F)·dt < 1 rad, K the largest total incoming weight); and that
  /// one coupling step of that K spans at least 5 phase LSBs (below that, rounding to the LSB
  /// breaks locking; Docs/model.md); the connectivity (keys of its rule only, tiles that exist,
  /// fan-in and fan-out no larger than their candidates, the file's rows); and, from the
  /// ``ChipEstimate``, that the chip fits in 90 % of this machine's memory and that its phase
  /// spikes can be carried (at most one packet per tile per cycle, and for destinations spread
  /// over the mesh at most one flit per cycle on the busiest link).
  /// - Throws: ``DescriptionError``.
  public init(path: String, overrides: [String] = []) throws {
    try self.init(settings: SettingValues(path: path, schema: chipSchema, overrides: overrides))
  }

  /// Builds the description from checked settings (their `crossbar.preset` already expanded
  /// by ``SettingValues``). - Throws: ``DescriptionError``.
  public init(settings s: SettingValues) throws {
    settings = s
    let n = s.int("oscillators.count")
    let tileSizes = try Self.tileSizes(s)
    let layout = tileSizes.isEmpty
      ? TileLayout(tiles: s.int("mesh.rows") * s.int("mesh.columns"), oscillatorsPerTile: n) : TileLayout(sizes: tileSizes)
    let total = layout.oscillators  // the chip's oscillators
    let gMin = s.real("crossbar.g_min_s"), gMax = s.real("crossbar.g_max_s")
    guard gMax > gMin else { throw s.error("crossbar.g_max_s", "must exceed crossbar.g_min_s (\(gMin) S)") }
    let levels = s.int("crossbar.levels")
    let device: MemristorDevice
    switch s.word("crossbar.device") {
    case "ideal": device = .ideal(gMinSiemens: gMin, gMaxSiemens: gMax)
    case "soft_bounds":
      device = .softBounds(gMinSiemens: gMin, gMaxSiemens: gMax, levels: levels,
                           nonlinearitySet: s.real("crossbar.nonlinearity_set"),
                           nonlinearityReset: s.real("crossbar.nonlinearity_reset"))
    case "asymmetric_step":
      device = .asymmetricStep(gMinSiemens: gMin, gMaxSiemens: gMax, levels: levels, asymmetry: s.real("crossbar.asymmetry"))
    case "vteam":
      guard gMin > 0 else {
        throw s.error("crossbar.g_min_s", "the vteam device needs a positive g_min_s (its resistance 1/g_min_s is the OFF state)")
      }
      // VTEAM's rate law with a rectangular window: Δx = k·(V/v_th − 1)^α·t above threshold.
      func step(_ k: String, _ v: String, _ vth: String, _ alpha: String) -> Double {
        let ratio = s.real(v) / s.real(vth)
        return ratio > 1 ? s.real(k) * Double.pow(ratio - 1, s.real(alpha)) * s.real("crossbar.pulse_width_ns") * 1e-9 : 0
      }
      device = .vteam(gMinSiemens: gMin, gMaxSiemens: gMax,
                      setStateStep: step("crossbar.vteam_k_set_per_s", "crossbar.set_voltage_v", "crossbar.vteam_threshold_set_v",
                                         "crossbar.vteam_alpha_set"),
                      resetStateStep: step("crossbar.vteam_k_reset_per_s", "crossbar.reset_voltage_v",
                                           "crossbar.vteam_threshold_reset_v", "crossbar.vteam_alpha_reset"),
                      window: s.word("crossbar.vteam_window") == "joglekar" ? .joglekar(p: s.int("crossbar.vteam_window_p"))
                        : s.word("crossbar.vteam_window") == "biolek" ? .biolek(p: s.int("crossbar.vteam_window_p")) : .rectangular)
    case "exp_step":
      let wMin = s.real("crossbar.exp_step_w_min"), wMax = s.real("crossbar.exp_step_w_max")
      guard wMax > wMin else { throw s.error("crossbar.exp_step_w_max", "must exceed crossbar.exp_step_w_min (\(wMin))") }
      device = .expStep(ExpStepParameters(
        gMinSiemens: gMin, gMaxSiemens: gMax, weightMin: wMin, weightMax: wMax, dwMin: s.real("crossbar.exp_step_dw_min"),
        upDown: s.real("crossbar.exp_step_up_down"), a: s.real("crossbar.exp_step_a"), b: s.real("crossbar.exp_step_b"),
        gammaUp: s.real("crossbar.exp_step_gamma_up"), gammaDown: s.real("crossbar.exp_step_gamma_down"),
        aUp: s.real("crossbar.exp_step_a_up"), aDown: s.real("crossbar.exp_step_a_down")))
    default: device = .linearStep(gMinSiemens: gMin, gMaxSiemens: gMax, levels: levels)
    }
    if s.given.contains("crossbar.vteam_window_p") && s.word("crossbar.vteam_window") == "rectangular" {
      throw s.error("crossbar.vteam_window_p", "only used with crossbar.vteam_window: joglekar or biolek")
    }
    for (key, model) in SettingValues.modelOfKey where s.given.contains(key) && s.word("crossbar.device") != model {
      throw s.error(key, "only used with crossbar.device: \(model) (this chip's device is \(s.word("crossbar.device")))")

    }
    let stuckMin = s.real("crossbar.stuck_at_gmin_fraction"), stuckMax = s.real("crossbar.stuck_at_gmax_fraction")
    guard stuckMin + stuckMax <= 1 else {
      throw s.error("crossbar.stuck_at_gmax_fraction", "stuck_at_gmin_fraction + stuck_at_gmax_fraction = \(stuckMin + stuckMax) exceeds 1")
    }
    let deviceKeys = ["crossbar.set_voltage_v", "crossbar.reset_voltage_v", "crossbar.pulse_width_ns",
                      "crossbar.read_voltage_v", "crossbar.read_time_ns"]
    if s.word("crossbar.pulse_energy") == "device" {
      deviceEnergy = DeviceEnergyModel(
        setVoltage: s.real("crossbar.set_voltage_v"), resetVoltage: s.real("crossbar.reset_voltage_v"),
        pulseWidthSeconds: s.real("crossbar.pulse_width_ns") * 1e-9, readVoltage: s.real("crossbar.read_voltage_v"),
        readTimeSeconds: s.real("crossbar.read_time_ns") * 1e-9)
    } else {
      let vteamUses = ["crossbar.set_voltage_v", "crossbar.reset_voltage_v", "crossbar.pulse_width_ns"]
      if let key = deviceKeys.first(where: { s.given.contains($0) && !(s.word("crossbar.device") == "vteam" && vteamUses.contains($0)) }) {
        throw s.error(key, "only used with crossbar.pulse_energy: device (this chip prices pulses with its energy table)"
                        + (vteamUses.contains(key) ? " or crossbar.device: vteam" : ""))
      }
      deviceEnergy = nil
    }
    let variability = DeviceVariability(
      cycleToCycleSigma: s.real("crossbar.cycle_to_cycle_sigma"), deviceToDeviceSigma: s.real("crossbar.device_to_device_sigma"),
      stuckAtMinFraction: stuckMin, stuckAtMaxFraction: stuckMax, endurancePulses: s.int("crossbar.endurance_pulses"),
      driftNu: s.real("crossbar.drift_nu"), driftT0Microseconds: s.real("crossbar.drift_t0_us"),
      cycleToCycleAdditiveSigma: s.real("crossbar.cycle_to_cycle_additive_sigma"),
      asymmetryDeviceSigma: s.real("crossbar.asymmetry_device_to_device_sigma"),
      conductanceRangeSigma: s.real("crossbar.conductance_range_sigma"))
    if s.given.contains("crossbar.drift_t0_us") && variability.driftNu == 0 {
      throw s.error("crossbar.drift_t0_us", "only used with a non-zero crossbar.drift_nu")
    }
    for key in ["crossbar.dac_bits", "crossbar.adc_bits"] where s.int(key) == 1 {
      throw s.error(key, "a 1-bit signed converter has no non-zero level; use 0 (ideal) or 2...16", code: .outOfRange)
    }

    let couplingGain: Double
    switch (s.realOrNone("crossbar.coupling_gain_rad_per_us_per_s"), s.realOrNone("crossbar.full_range_weight_rad_per_us")) {
    case (let gain?, nil): couplingGain = gain
    case (nil, let weight?): couplingGain = weight / (gMax - gMin)
    case (_?, _?):
      throw s.error("crossbar.full_range_weight_rad_per_us", "give either this or crossbar.coupling_gain_rad_per_us_per_s, not both "
                      + "(to set a gain on a chip that gives the full-range weight, also --set crossbar.full_range_weight_rad_per_us=none)")
    case (nil, nil):
      throw s.error("crossbar.full_range_weight_rad_per_us",
                    "the weight scale is missing: give crossbar.full_range_weight_rad_per_us (rad/µs of a full-range cell) "
                      + "or crossbar.coupling_gain_rad_per_us_per_s", code: .missingKey)
    }

    let clock = s.real("chip.clock_mhz")
    for key in ["oscillators.natural_frequency_mhz", "oscillators.reference_frequency_mhz"] where s.real(key) >= clock / 2 {
      throw s.error(key, "must be below half of chip.clock_mhz (\(clock / 2) MHz): a phase register advances at most π per cycle",
                    code: .outOfRange)
    }
    let spread = s.real("oscillators.frequency_spread_mhz")
    let offsets = s.reals("oscillators.frequency_offsets_mhz")
    let distribution: FrequencyDistribution
    switch s.word("oscillators.frequency_distribution") {
    case "fixed":
      guard offsets.count == total else {
        throw s.error("oscillators.frequency_offsets_mhz",
                      "needs exactly \(total) entries (one per oscillator of the chip), found \(offsets.count)")
      }
      distribution = .fixed(offsets)
    case "uniform": distribution = .uniform(halfWidth: spread)
    case "gaussian": distribution = .gaussian(sigma: spread)
    case "lorentzian": distribution = .lorentzian(gamma: spread)
    default: distribution = .identical
    }
    // Every natural frequency must lie in (0, clock/2): the extreme offset of the distribution
    // (uniform: a; gaussian: 6σ; lorentzian: its largest quantile; fixed: the list).
    let extreme: Double
    switch distribution {
    case .identical: extreme = 0
    case .fixed(let list): extreme = list.map(abs).max() ?? 0
    case .uniform(let a): extreme = a
    case .gaussian(let sigma): extreme = 6 * sigma
    case .lorentzian(let gamma): extreme = FrequencyDistribution.lorentzianQuantiles(count: total, gamma: gamma).last.map(abs) ?? 0
    }
    let centre = s.real("oscillators.natural_frequency_mhz")
    if centre - extreme <= 0 || centre + extreme >= clock / 2 {
      let key = distribution == .fixed(offsets) ? "oscillators.frequency_offsets_mhz" : "oscillators.frequency_spread_mhz"
      throw s.error(key, "natural frequencies would reach \(fmt(centre - extreme))...\(fmt(centre + extreme)) MHz "
                      + "(centre ± \(fmt(extreme)) MHz); they must stay inside (0, clock_mhz/2 = \(fmt(clock / 2)) MHz)",
                    code: .outOfRange)
    }
    if distribution != .fixed(offsets) && !offsets.isEmpty {
      throw s.error("oscillators.frequency_offsets_mhz", "only allowed with oscillators.frequency_distribution: fixed")
    }

    let function: ResonanceFunction
    switch s.word("learning.function") {
    case "gaussian": function = .gaussian(widthRadians: s.real("learning.gaussian_width_rad"))
    case "sigmoid": function = .sigmoid(steepness: s.real("learning.sigmoid_steepness"))
    case "piecewise_linear": function = .piecewiseLinear
    default: function = .cosine
    }
    let up = s.real("learning.potentiation_threshold"), down = s.real("learning.depression_threshold")
    guard down < up else {
      throw s.error("learning.depression_threshold", "must be below learning.potentiation_threshold (\(up))")
    }
    let rule = LearningRule(
      mode: LearningMode(rawValue: s.word("learning.mode"))!, function: function, potentiationThreshold: up, depressionThreshold: down,
      learningRate: s.real("learning.learning_rate_rad_per_us"), decayFraction: s.real("learning.decay_fraction"),
      maxIncomingWeight: s.realOrNone("learning.max_incoming_weight_rad_per_us"),
      stabilityMargin: s.real("learning.stability_margin_rad_per_us"))
    if rule.mode != .stability && rule.stabilityMargin != 0 {
      throw s.error("learning.stability_margin_rad_per_us", "a non-zero margin is only used with learning.mode: stability")
    }

    let tile = TileConfiguration(
      oscillators: n, phaseFormat: PhaseFormat(bits: s.int("oscillators.phase_bits")),
      clockMHz: s.real("chip.clock_mhz"), naturalFrequenciesMHz: [],
      referenceFrequencyMHz: s.real("oscillators.reference_frequency_mhz"),
      couplingPeriodCycles: s.int("crossbar.coupling_period_cycles"), device: device,
      couplingGain: couplingGain,
      dacBits: s.int("crossbar.dac_bits"), adcBits: s.int("crossbar.adc_bits"),
      adcFullScaleFraction: s.real("crossbar.adc_full_scale_fraction"),
      readNoiseSigma: s.real("crossbar.read_noise_sigma"), forcingStrength: s.real("forcing.strength_rad_per_us"),
      samplePeriodCycles: s.int("learning.sample_period_cycles"), windowSamples: s.int("learning.window_samples"),
      rule: rule, variability: variability, writeVerifyMaxPulses: s.int("crossbar.write_verify_max_pulses"),
      faultMap: s.word("crossbar.fault_map") == "none"
        ? [] : try FaultMapFile.load(s.url("crossbar.fault_map"), layout: layout),
      wireResistanceOhms: s.real("crossbar.wire_resistance_ohm"))
    if case .ideal = device {
      for key in ["crossbar.cycle_to_cycle_additive_sigma", "crossbar.asymmetry_device_to_device_sigma"] where s.real(key) > 0 {
        throw s.error(key, "acts on each pulse's step, and the ideal device has none (it writes any change in one pulse); use a stepped device")
      }
    }
    if tile.writeVerifyMaxPulses > 0, case .ideal = device {
      throw s.error("crossbar.write_verify_max_pulses", "the ideal device writes any change exactly in one pulse; write-verify needs a stepped device")
    }
    var io: [IOPort] = []
    for (key, side, limit, what) in [("mesh.io_west", Port.west, s.int("mesh.rows"), "rows"),
                                     ("mesh.io_east", .east, s.int("mesh.rows"), "rows"),
                                     ("mesh.io_north", .north, s.int("mesh.columns"), "columns"),
                                     ("mesh.io_south", .south, s.int("mesh.columns"), "columns")] {
      let list = s.ints(key)
      if let bad = list.first(where: { $0 >= limit }) {
        throw s.error(key, "\(bad) is not an edge position of the mesh: it has \(what) 0...\(limit - 1)", code: .outOfRange)
      }
      if Set(list).count != list.count { throw s.error(key, "lists a position twice: \(list)") }
      io += list.map { IOPort(side: side, index: $0) }
    }
    let mesh = MeshConfiguration(
      rows: s.int("mesh.rows"), columns: s.int("mesh.columns"), virtualChannels: s.int("router.virtual_channels"),
      bufferFlits: s.int("router.buffer_flits"), routerLatency: s.int("router.router_latency_cycles"),
      linkLatency: s.int("router.link_latency_cycles"), routing: RoutingFunction(rawValue: s.word("router.routing"))!,
      separateClasses: s.bool("router.separate_classes"), ioPorts: io)
    if let problem = mesh.validate() { throw s.error("router.separate_classes", problem) }
    let connectivity = try Self.connectivity(s, layout: layout)
    self.mesh = mesh
    configuration = ChipConfiguration(
      name: s.word("chip.name"), centerFrequencyMHz: s.real("oscillators.natural_frequency_mhz"),
      frequencyDistribution: distribution, tile: tile, mesh: mesh,
      latencyCompensation: s.bool("router.latency_compensation"), connectivity: connectivity,
      sourceQueuePackets: s.int("router.source_queue_packets"),
      overflowPolicy: ChipConfiguration.OverflowPolicy(rawValue: s.word("router.overflow"))!, tileOscillators: tileSizes)
    estimate = ChipEstimate(configuration: configuration)
    try Self.checkStep(tile, largestFanIn: n - 1 + estimate.largestFanIn, settings: s)
    try Self.checkQuanta(tile, slowestMHz: centre - extreme,
                         spreadMHz: distribution == .identical || distribution == .fixed(offsets) ? nil : spread, settings: s)
    try Self.checkCapacity(estimate, settings: s)
    energyTableURLs = s.urls("chip.energy_tables")
  }

  /// Loads the energy table the description names.
  /// - Throws: ``DescriptionError``: a missing or unreadable table is reported against the
  ///   chip file's `chip.energy_tables` key; errors inside a table name the table's file.
  public func loadEnergyTable() throws -> EnergyTable {
    do { return try EnergyTable(paths: energyTableURLs.map(\.path)) } catch let e as DescriptionError where e.code == .unreadableFile {
      let reason = e.allowed.replacingOccurrences(of: " (paths are relative to the current folder)", with: "")
      throw settings.error("chip.energy_tables", "\(e.file): \(reason) (table paths are relative to the chip file's folder)",
                           code: .unreadableFile)
    }
  }

  /// The phase-register quanta that must not round away (Docs/model.md, "Precision"): the
  /// slowest oscillator and the reference advance at least 1 LSB per cycle (below ½ LSB an
  /// oscillator would not move at all, and below 1 its frequency is off by more than half);
  /// a random frequency spread spans at least 1 LSB per cycle (below it every oscillator
  /// rounds to one of a few increments and the spread silently vanishes); and the forcing
  /// step F·dt spans at least 5 LSBs, as the coupling step must. Each error names the key,
  /// its value and the smallest safe value. - Throws: ``DescriptionError``.
  static func checkQuanta(_ t: TileConfiguration, slowestMHz: Double, spreadMHz: Double?, settings s: SettingValues) throws {
    let lsbPerCycleAt1MHz = Double(1 << t.phaseFormat.bits) / t.clockMHz  // LSB per cycle per MHz
    let bits = t.phaseFormat.bits, clock = t.clockMHz
    for (key, mhz) in [("oscillators.natural_frequency_mhz", slowestMHz),
                       ("oscillators.reference_frequency_mhz", t.referenceFrequencyMHz)] where mhz * lsbPerCycleAt1MHz < 1 {
      let what = key.hasSuffix("natural_frequency_mhz") && slowestMHz != s.real(key) ? "the slowest oscillator (\(fmt(slowestMHz)) MHz)" : "it"
      throw s.error(key, "at \(bits)-bit phases and clock_mhz \(fmt(clock)) \(what) advances \(fmt(mhz * lsbPerCycleAt1MHz)) phase LSBs "
                      + "per cycle, which rounds away; at least 1 LSB per cycle is needed: \(fmt(1 / lsbPerCycleAt1MHz)) MHz or more, "
                      + "or raise oscillators.phase_bits", code: .outOfRange)
    }
    if let spread = spreadMHz, spread > 0, spread * lsbPerCycleAt1MHz < 1 {
      throw s.error("oscillators.frequency_spread_mhz",
                    "a spread of \(fmt(spread)) MHz is \(fmt(spread * lsbPerCycleAt1MHz)) phase LSBs per cycle at \(bits)-bit phases "
                      + "and clock_mhz \(fmt(clock)): the per-cycle increments round it away; the smallest safe spread is "
                      + "\(fmt(1 / lsbPerCycleAt1MHz)) MHz (1 LSB per cycle), or raise oscillators.phase_bits", code: .outOfRange)
    }
    let forcingLSBs = t.forcingStrength * t.couplingStepMicroseconds * t.phaseFormat.lsbPerRadian
    if t.forcingStrength > 0 && forcingLSBs < 5 {
      throw s.error("forcing.strength_rad_per_us",
                    "one forcing step F·dt = \(fmt(t.forcingStrength)) rad/µs × \(fmt(t.couplingStepMicroseconds)) µs is only "
                      + "\(fmt(forcingLSBs)) phase LSBs at \(bits) bits; at least 5 are needed or rounding breaks locking to the "
                      + "reference: \(fmt(5 / (t.couplingStepMicroseconds * t.phaseFormat.lsbPerRadian))) rad/µs or more, or raise "
                      + "oscillators.phase_bits or crossbar.coupling_period_cycles", code: .outOfRange)
    }
  }

  /// The Euler-step checks described on ``init(path:overrides:)``, for oscillators with at
  /// most `largestFanIn` synapses each (crossbar and inter-tile).
  static func checkStep(_ t: TileConfiguration, largestFanIn: Int, settings s: SettingValues) throws {
    let dt = t.couplingStepMicroseconds
    let k = min(t.rule.maxIncomingWeight ?? .infinity, Double(largestFanIn) * t.maxWeight)
    let stepRadians = (k + t.forcingStrength) * dt
    guard stepRadians < 1 else {
      throw s.error("crossbar.coupling_period_cycles",
                    "the coupling step (K + F)·dt = \(fmt(stepRadians)) rad must stay below 1 rad for a stable Euler step "
                      + "(K = \(fmt(k)) rad/µs, F = \(fmt(t.forcingStrength)) rad/µs, dt = \(fmt(dt)) µs); shorten the period or raise clock_mhz",
                    code: .outOfRange)
    }
    let lsbs = k * dt * t.phaseFormat.lsbPerRadian
    guard lsbs >= 5 else {
      throw s.error("oscillators.phase_bits",
                    "one coupling step, K·dt = \(fmt(k)) rad/µs × \(fmt(dt)) µs (coupling_period_cycles / clock_mhz), is only "
                      + "\(fmt(lsbs)) phase LSBs at \(t.phaseFormat.bits) bits; at least 5 are needed or rounding to the LSB "
                      + "breaks locking (Docs/model.md): raise phase_bits or coupling_period_cycles, or lower clock_mhz",
                    code: .outOfRange)
    }
  }
}

extension ChipDescription {
  /// `oscillators.per_tile`, checked: empty, or one entry per tile whose largest is
  /// `oscillators.count`. - Throws: ``DescriptionError``.
  static func tileSizes(_ s: SettingValues) throws -> [Int] {
    let sizes = s.ints("oscillators.per_tile"), tiles = s.int("mesh.rows") * s.int("mesh.columns")
    guard !sizes.isEmpty else { return [] }
    guard sizes.count == tiles else {
      throw s.error("oscillators.per_tile", "needs one entry per tile: mesh.rows × mesh.columns = \(tiles) entries, found \(sizes.count)")
    }
    let largest = sizes.max()!
    guard s.int("oscillators.count") == largest else {
      throw s.error("oscillators.count", "with oscillators.per_tile it is the largest tile's count: \(largest), not \(s.int("oscillators.count"))")
    }
    return sizes
  }

  /// The `connectivity` section, checked: keys of other rules, tile lists, fan-in and fan-out
  /// against their candidates, and the file's rows. - Throws: ``DescriptionError``.
  static func connectivity(_ s: SettingValues, layout: TileLayout) throws -> InterTileConnectivity {
    let tiles = layout.tiles, n = layout.largestTile
    func size(_ k: Int) -> Int { layout.size(ofTile: k) }
    let rule = s.word("connectivity.rule")
    let ruleKeys = ["connectivity.fan_in": ["fixed_fan_in"], "connectivity.fan_out": ["fixed_fan_out"],
                    "connectivity.probability": ["distance"], "connectivity.length_hops": ["distance"],
                    "connectivity.max_distance_hops": ["distance"], "connectivity.file": ["file"],
                    "connectivity.from_tiles": ["all_to_all", "fixed_fan_in", "fixed_fan_out", "one_to_one", "distance"],
                    "connectivity.to_tiles": ["all_to_all", "fixed_fan_in", "fixed_fan_out", "one_to_one", "distance"],
                    "connectivity.initial_weight_rad_per_us": ["all_to_all", "fixed_fan_in", "fixed_fan_out", "one_to_one", "distance"]]
    // A rule changed by --set drops the file's keys of its old rule (as a --set device preset
    // drops the file's device keys); keys given by --set must fit the rule.
    let ruleOverridden = s.fileValueBeforeOverride["connectivity.rule"] != nil
    for (key, rules) in ruleKeys.sorted(by: { $0.key < $1.key })
    where s.given.contains(key) && !rules.contains(rule) && !(ruleOverridden && s.line(key) != nil) {
      throw s.error(key, "only used with connectivity.rule: \(rules.joined(separator: ", ")) (this chip's rule is \(rule))")
    }
    var lists: [[Int]] = []
    for key in ["connectivity.from_tiles", "connectivity.to_tiles"] {
      let list = s.ints(key)
      if let bad = list.first(where: { $0 >= tiles }) {
        throw s.error(key, "\(bad) is not a tile: the mesh has tiles 0...\(tiles - 1) (row-major)", code: .outOfRange)
      }
      if Set(list).count != list.count { throw s.error(key, "lists a tile twice") }
      lists.append(list.sorted())
    }
    let from = lists[0].isEmpty ? Array(0..<tiles) : lists[0], to = lists[1].isEmpty ? Array(0..<tiles) : lists[1]
    let fromSet = Set(from), toSet = Set(to)
    let r: InterTileConnectivity.Rule
    switch rule {
    case "none": r = .none
    case "fixed_fan_in", "fixed_fan_out":
      // Each oscillator draws from the other tiles' oscillators on the far side of the rule.
      let inward = rule == "fixed_fan_in"
      let key = inward ? "connectivity.fan_in" : "connectivity.fan_out"
      let (own, far, farSet) = inward ? (to, from, fromSet) : (from, to, toSet)
      let fan = s.int(key)
      let farTotal = far.reduce(0) { $0 + size($1) }
      let fewest = own.map { farTotal - (farSet.contains($0) ? size($0) : 0) }.min() ?? 0
      guard tiles == 1 || fan <= fewest else {
        throw s.error(key, inward
                        ? "a postsynaptic oscillator can draw from at most \(fewest) oscillators of other from tiles"
                        : "a presynaptic oscillator can reach at most \(fewest) oscillators of other to tiles",
                      code: .outOfRange)
      }
      r = inward ? .fixedFanIn(fan) : .fixedFanOut(fan)
    case "one_to_one": r = .oneToOne
    case "distance":
      // Drawing visits every oscillator pair of tiles within reach (geometric skips inside):
      // bound that work by the description's size, before anything is drawn.
      let hops = s.int("connectivity.max_distance_hops")
      let reach = min(Double(tiles), 2 * Double(hops) * Double(hops + 1) + 1)
      // (the estimate visits each tile pair once more: at least 1/40 of a draw's cost each)
      let work = Double(to.count) * reach * Double(max(n, 40))
      guard work <= 4e9 else {
        throw s.error("connectivity.max_distance_hops", "drawing would visit about \(fmt(work)) (oscillator, source tile) "
                        + "pairs (\(to.count) destination tiles × up to \(Int(reach)) tiles within \(hops) hops × \(max(n, 40)) "
                        + "oscillators, counted as at least 40); at most 4e9: lower max_distance_hops", code: .outOfRange)
      }
      r = .distance(probability: s.real("connectivity.probability"), lengthHops: s.real("connectivity.length_hops"),
                    maxHops: hops)
    case "file":
      guard s.word("connectivity.file") != "none" else {
        throw s.error("connectivity.file", "connectivity.rule: file needs the CSV file of synapses (\(ConnectivityFile.header))",
                      code: .missingKey)
      }
      r = .file(try ConnectivityFile.load(s.url("connectivity.file"), layout: layout))
    default: r = .allToAll
    }
    if s.word("connectivity.file") != "none" && rule != "file" {
      throw s.error("connectivity.file", "only used with connectivity.rule: file")
    }
    return InterTileConnectivity(rule: r, fromTiles: lists[0], toTiles: lists[1],
                                 initialWeightRadiansPerMicrosecond: s.real("connectivity.initial_weight_rad_per_us"))
  }

  /// Refuses a chip whose state would not fit in this machine's memory, or whose phase
  /// spikes no network of its shape could carry. - Throws: ``DescriptionError``.
  static func checkCapacity(_ e: ChipEstimate, settings s: SettingValues) throws {
    let physical = Double(ProcessInfo.processInfo.physicalMemory)
    let sizeKey = e.routerMemoryBytes > e.memoryBytes / 2
      ? (s.given.contains("router.buffer_flits") ? "router.buffer_flits" : s.given.contains("router.virtual_channels") ? "router.virtual_channels" : "mesh.rows")
      : s.given.contains("connectivity.rule") ? "connectivity.rule"
      : s.given.contains("mesh.rows") || s.given.contains("mesh.columns") ? "mesh.rows" : "oscillators.count"
    guard e.memoryBytes < 0.9 * physical else {
      throw s.error(sizeKey, "the chip needs about \(ChipEstimate.format(bytes: e.memoryBytes)) for \(e.oscillators) oscillators "
                      + "and \(Int(e.interTileSynapses)) inter-tile synapses, more than 90 % of this machine's "
                      + "\(ChipEstimate.format(bytes: physical)); use fewer or smaller tiles or a sparser connectivity",
                    code: .outOfRange)
    }
    guard e.largestTileSynapses < Double(Int32.max) else {
      throw s.error(sizeKey, "a tile would hold about \(Int(e.largestTileSynapses)) inter-tile synapses; a tile's synapse "
                      + "index is 32 bits (at most \(Int32.max)): use smaller tiles or a sparser connectivity", code: .outOfRange)
    }
    let load = e.spikePacketsPerTilePerCycle
    guard load <= 1 else {
      let perTile = Double(s.int("oscillators.count"))  // the largest tile's
      throw s.error(sizeKey, "each tile would offer its router \(fmt(load)) phase-spike packets per cycle "
                      + "(\(Int(perTile)) oscillators × \(fmt(e.spikesPerOscillatorPerCycle)) spikes per cycle × "
                      + "\(fmt(e.axons / Double(max(e.oscillators, 1)))) destination tiles per spike), but a router's local port accepts one flit per cycle: "
                      + "lower oscillators.natural_frequency_mhz against chip.clock_mhz, or use a sparser or more local connectivity",
                    code: .outOfRange)
    }
    if let link = e.busiestLinkFlitsPerCycle, link > 1 {
      throw s.error(sizeKey, "the busiest link would carry about \(fmt(link)) flits per cycle (\(fmt(load)) phase-spike packets "
                      + "per tile per cycle to destinations spread over the mesh; a link carries one flit per cycle): "
                      + "lower oscillators.natural_frequency_mhz against chip.clock_mhz, or use a sparser or more local connectivity",
                    code: .outOfRange)
    }
  }
}

/// `x` with 4 significant digits, for messages.
func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
