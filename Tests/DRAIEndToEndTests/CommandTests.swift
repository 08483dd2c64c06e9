import Foundation
import Testing

/// Repository root, found from this file's path.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The built `drai` executable, next to the test bundle.
let drai: URL = {
  var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  // Some runners start the bundle from inside it (…/drai-packageTests.xctest/…).
  while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("drai").path) && dir.path != "/" {
    dir.deleteLastPathComponent()
  }
  return dir.appendingPathComponent("drai")
}()

struct Output {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `drai` with `arguments` from the repository root.
func run(_ arguments: [String]) throws -> Output {
  let p = Process()
  p.executableURL = drai
  p.arguments = arguments
  p.currentDirectoryURL = root
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = err
  try p.run()
  let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

func temporaryPath(_ name: String) -> String {
  FileManager.default.temporaryDirectory.appendingPathComponent("drai-e2e-\(UUID().uuidString)-\(name)").path
}

/// A short digits run: 3 templates, 2 epochs, 2 cues each.
let quick = ["--set", "templates.classes=[0,1,2]", "--set", "training.epochs=2", "--set", "recall.cues_per_template=2"]

@Suite(.serialized) struct CommandTests {
  @Test("drai run: same seed ⇒ byte-identical JSON; another seed differs; the JSON has the promised keys")
  func deterministicRun() throws {
    let a = temporaryPath("a.json"), b = temporaryPath("b.json"), c = temporaryPath("c.json")
    for (path, seed) in [(a, "7"), (b, "7"), (c, "8")] {
      let r = try run(["run", "--seed", seed, "--json", path, "--omit-timing"] + quick)
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stdout.contains("recall_accuracy (chip)"))
    }
    let da = try Data(contentsOf: URL(fileURLWithPath: a)), db = try Data(contentsOf: URL(fileURLWithPath: b))
    let dc = try Data(contentsOf: URL(fileURLWithPath: c))
    #expect(da == db)
    #expect(da != dc)
    let json = try JSONSerialization.jsonObject(with: da) as! [String: Any]
    for key in ["recall_accuracy", "baselines", "resonance_events", "weight_updates", "skipped_windows",
                "programming_pulses", "energy", "cycles"] {
      #expect(json[key] != nil, "missing \(key)")
    }
    #expect(json["wall_s"] == nil)
    let energy = json["energy"] as! [String: Any]
    for key in ["total_j", "per_update_j", "dense_baseline_j"] { #expect(energy[key] != nil, "missing energy.\(key)") }
    let baselines = json["baselines"] as! [String: Any]
    #expect(baselines["hebbian_accuracy"] != nil && baselines["projection_accuracy"] != nil)
    // 3 templates × 2 epochs × (1000 + 4000) + 6 cues × (1000 + 5000) cycles.
    #expect(json["cycles"] as? Int == 66_000)
  }

  @Test("drai run on the 2×2 chip: byte-identical JSON, a network section whose packets add up")
  func meshRun() throws {
    let a = temporaryPath("m1.json"), b = temporaryPath("m2.json")
    for path in [a, b] {
      let r = try run(["run", "Hardware/chips/mesh-2x2.yaml", "--seed", "2", "--json", path, "--omit-timing"] + quick)
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stdout.contains("network                           2x2 mesh, latency compensation on"))
    }
    let da = try Data(contentsOf: URL(fileURLWithPath: a)), db = try Data(contentsOf: URL(fileURLWithPath: b))
    #expect(da == db)
    let json = try JSONSerialization.jsonObject(with: da) as! [String: Any]
    let net = json["network"] as! [String: Any]
    let spikes = net["phase_spikes"] as! [String: Any]
    let counters = json["counters"] as! [String: Any]
    // One packet per spike and other tile (3 of them).
    #expect(spikes["packets"] as? Int == 3 * (counters["phase_spikes"] as! Int))
    let events = net["resonance_events"] as! [String: Any]
    #expect((events["packets"] as! Int) > 0 && events["in_flight"] as? Int == 0, "training ends when they have arrived")
    // Each resonance packet for 16 pairs is a head and ⌈16·9/32⌉ = 5 body flits.
    #expect(events["flits"] as? Int == 6 * (events["packets"] as! Int))
    // Every flit delivered into a tile is priced as a delivery: the delivered spikes (1 flit
    // each) and every resonance flit.
    #expect(counters["noc_deliveries"] as? Int == (spikes["delivered"] as! Int) + (events["flits"] as! Int))
    // 3 templates × 2 epochs × (1000 + 4000) + 6 cues × (1000 + 5000) cycles, plus the cycles
    // until the last training window's resonance packets arrived (a few hundred at most).
    let drain = json["learning_drain_cycles"] as! Int
    #expect(drain > 0 && drain < 2_000)
    #expect(json["cycles"] as? Int == 66_000 + drain)
  }

  @Test("drai run --threads 2 gives the JSON of --threads 1: the digits job on the 2×2 chips (tiles alike and not) and a free run of mesh-8x8")
  func threadsGiveIdenticalJSON() throws {
    let jobs: [[String]] = [
      ["run", "Hardware/chips/mesh-2x2.yaml", "--seed", "3", "--omit-timing"] + quick,
      ["run", "Hardware/chips/mesh-2x2-mixed.yaml", "--seed", "3", "--omit-timing"] + quick,
      ["run", "Hardware/chips/mesh-8x8.yaml", "--workload", "Hardware/workloads/free-run.yaml", "--cycles", "1500", "--omit-timing"],
    ]
    for job in jobs {
      var files: [Data] = []
      for threads in ["1", "2"] {
        let path = temporaryPath("t\(threads).json")
        let r = try run(job + ["--threads", threads, "--json", path])
        #expect(r.status == 0, "\(r.stderr)")
        files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
      }
      #expect(files[0] == files[1])
    }
  }

  @Test("drai run with the free-run workload: any chip, --cycles, the figures and the speed")
  func freeRun() throws {
    let path = temporaryPath("free.json")
    let r = try run(["run", "Hardware/chips/mesh-2x2.yaml", "--workload", "Hardware/workloads/free-run.yaml", "--cycles", "3000",
                     "--json", path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("simulated_cycles_per_second"))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    #expect(json["cycles"] as? Int == 3000 && json["workload"] as? String == "free_run")
    #expect((json["simulated_cycles_per_second"] as! Double) > 0)
    // 64 oscillators near 1 MHz for 30 µs: about 30 spikes each; one packet per other tile.
    let spikes = json["phase_spikes"] as! Int
    #expect(abs(spikes - 64 * 30) <= 64)
    let net = json["network"] as! [String: Any]
    #expect((net["phase_spikes"] as! [String: Any])["packets"] as? Int == 3 * spikes)
    let digitsOnly = try run(["run", "--cycles", "10"])
    #expect(digitsOnly.status != 0 && digitsOnly.stderr.contains("--cycles applies to free_run workloads"))
    let workload = try run(["validate", "Hardware/workloads/free-run.yaml"])
    #expect(workload.status == 0 && workload.stdout.contains("valid free_run workload: 10000 cycles"))
    let validate = try run(["validate", "Hardware/chips/mesh-8x8.yaml"])
    #expect(validate.status == 0 && validate.stdout.contains("spike load") && validate.stdout.contains("262144 inter-tile synapses"))
  }

  @Test("A free run stopped at a checkpoint and resumed writes the JSON of a run that never stopped; a checkpoint of another run is refused")
  func checkpointAndResume() throws {
    let free = ["--workload", "Hardware/workloads/free-run.yaml", "--cycles", "3000", "--set", "free_run.plasticity=true", "--omit-timing"]
    for chip in ["Hardware/chips/default.yaml", "Hardware/chips/mesh-2x2-mixed.yaml"] {
      let whole = temporaryPath("whole.json"), resumed = temporaryPath("resumed.json")
      let first = temporaryPath("first.bin"), second = temporaryPath("second.bin")
      #expect(try run(["run", chip, "--json", whole] + free).status == 0)
      // Stop at 1,111 (mid window), resume on two threads and stop again at 2,222, then finish.
      let stop = try run(["run", chip, "--checkpoint", first, "--checkpoint-at", "1111"] + free)
      #expect(stop.status == 0 && stop.stdout.contains("checkpoint at cycle 1111 of 3000 written to \(first)"), "\(stop.stderr)")
      #expect(try run(["run", chip, "--resume", first, "--threads", "2", "--checkpoint", second, "--checkpoint-at", "2222"] + free).status == 0)
      let end = try run(["run", chip, "--resume", second, "--json", resumed] + free)
      #expect(end.status == 0, "\(end.stderr)")
      #expect(try Data(contentsOf: URL(fileURLWithPath: whole)) == Data(contentsOf: URL(fileURLWithPath: resumed)), "\(chip)")
      // Another description, seed or length is refused with the reason; so is a file that is
      // not a checkpoint, and a checkpoint for the digits job.
      let other = try run(["run", chip, "--resume", first, "--set", "learning.decay_fraction=0.1"] + free)
      #expect(other.status != 0 && other.stderr.contains("with other settings (first difference: tile.rule.decayFraction"))
      let seed = try run(["run", chip, "--resume", first, "--seed", "2"] + free)
      #expect(seed.status != 0 && seed.stderr.contains("it was written by a run with --seed 1, not 2"))
      let short = try run(["run", chip, "--resume", second, "--workload", "Hardware/workloads/free-run.yaml", "--cycles", "2000",
                           "--set", "free_run.plasticity=true"])
      #expect(short.status != 0 && short.stderr.contains("it belongs to a free run of 3000 cycles, and this one has 2000: resume with --cycles 3000"))
    }
    let notOne = try run(["run", "--workload", "Hardware/workloads/free-run.yaml", "--resume", "Hardware/chips/default.yaml"])
    #expect(notOne.status != 0 && notOne.stderr.contains("not a drai free-run checkpoint file"))
    // A missing file and a folder are named as such.
    let missing = try run(["run", "--resume", temporaryPath("d.bin") + "-free", "--checkpoint", temporaryPath("d.bin"), "--checkpoint-at", "10"])
    #expect(missing.status != 0 && missing.stderr.contains("-free: no such file"))
    let folder = try run(["run", "--resume", "Hardware"])
    #expect(folder.status != 0 && folder.stderr.contains("Hardware: this is a folder, not a checkpoint file"))
  }

  @Test("The digits job stopped during training and during the drain and resumed writes the JSON, VCD and CSV of a run that never stopped")
  func digitsCheckpointAndResume() throws {
    // mesh-2x2 trains for 250,000 cycles (10 epochs × 5 templates × (1,000 + 4,000)) and then
    // drains its resonance packets for a few hundred cycles: stop once at 4,000 (inside the VCD
    // window 2,000:7,000, on two threads) and once at 250,100, inside the drain.
    let chip = "Hardware/chips/mesh-2x2.yaml", vcd = ["--vcd-cycles", "2000:7000"]
    let whole = temporaryPath("whole.json"), resumed = temporaryPath("resumed.json")
    let wholeVCD = temporaryPath("whole.vcd"), resumedVCD = temporaryPath("resumed.vcd")
    let wholeCSV = temporaryPath("whole-csv"), resumedCSV = temporaryPath("resumed-csv")
    let first = temporaryPath("first.bin"), second = temporaryPath("second.bin")
    let plain = try run(["run", chip, "--json", whole, "--vcd", wholeVCD, "--csv", wholeCSV, "--omit-timing"] + vcd)
    #expect(plain.status == 0 && plain.stdout.contains("after training for the last resonance packets"), "\(plain.stderr)")
    let stop = try run(["run", chip, "--checkpoint", first, "--checkpoint-at", "4000", "--threads", "2", "--vcd", resumedVCD] + vcd)
    #expect(stop.status == 0 && stop.stdout.contains("checkpoint at cycle 4000 of 550000"), "\(stop.stderr)")
    let drain = try run(["run", chip, "--resume", first, "--checkpoint", second, "--checkpoint-at", "250100", "--vcd", resumedVCD] + vcd)
    #expect(drain.status == 0 && drain.stdout.contains("checkpoint at cycle 250100"), "\(drain.stderr)")
    let end = try run(["run", chip, "--resume", second, "--threads", "2", "--json", resumed, "--vcd", resumedVCD, "--csv", resumedCSV,
                       "--omit-timing"] + vcd)
    #expect(end.status == 0, "\(end.stderr)")
    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
    #expect(try bytes(whole) == bytes(resumed))
    #expect(try bytes(wholeVCD) == bytes(resumedVCD))
    for file in try FileManager.default.contentsOfDirectory(atPath: wholeCSV) {
      #expect(try bytes(wholeCSV + "/" + file) == bytes(resumedCSV + "/" + file), "\(file)")
    }
    // What a resume must match, and what a checkpointing run cannot write.
    let noVCD = try run(["run", chip, "--resume", first])
    #expect(noVCD.status != 0 && noVCD.stderr.contains("it records a VCD; give --vcd PATH"))
    let otherWorkload = try run(["run", chip, "--resume", first, "--set", "recall.flip_fraction=0.2", "--vcd", resumedVCD] + vcd)
    #expect(otherWorkload.status != 0 && otherWorkload.stderr.contains("it belongs to another digits workload"))
    let otherPricing = try run(["run", chip, "--resume", first, "--set", "crossbar.pulse_energy=device", "--vcd", resumedVCD] + vcd)
    #expect(otherPricing.status != 0 && otherPricing.stderr.contains("priced with another energy table"))
    let backwards = try run(["run", chip, "--resume", second, "--checkpoint", temporaryPath("x.bin"), "--checkpoint-at", "100",
                             "--vcd", resumedVCD] + vcd)
    #expect(backwards.status != 0 && backwards.stderr.contains("it is at cycle 250100; --checkpoint-at 100 must lie after it"))
    let beyond = try run(["run", "--checkpoint", temporaryPath("x.bin"), "--checkpoint-at", "550000"])
    #expect(beyond.status != 0 && beyond.stderr.contains("--checkpoint-at 550000 must lie after cycle 0 and below 550000"))
    let json = try run(["run", "--checkpoint", temporaryPath("x.bin"), "--checkpoint-at", "5", "--json", temporaryPath("x.json")])
    #expect(json.status != 0 && json.stderr.contains("give --json to the run that resumes"))
    let kind = try run(["run", chip, "--workload", "Hardware/workloads/free-run.yaml", "--resume", first])
    #expect(kind.status != 0 && kind.stderr.contains("it is a drai digits-recall checkpoint file, not a drai free-run checkpoint one"))
  }

  @Test("A free run whose inter-tile weights are all 0 says that its tiles ran uncoupled")
  func uncoupledTilesNoted() throws {
    // mesh-2x2 draws 3,072 inter-tile synapses (all-to-all between 4 tiles of 16: 64 × 48) at
    // connectivity.initial_weight_rad_per_us 0; with plasticity off none ever changes.
    let path = temporaryPath("uncoupled.json")
    let out = try run(["run", "Hardware/chips/mesh-2x2.yaml", "--workload", "Hardware/workloads/free-run.yaml", "--cycles", "2000", "--json", path])
    #expect(out.status == 0 && out.stdout.contains("note: every inter-tile weight is 0"))
    struct Figures: Decodable { var inter_tile_synapses: Int; var inter_tile_synapses_weighted: Int }
    let f = try JSONDecoder().decode(Figures.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(f.inter_tile_synapses == 64 * 48 && f.inter_tile_synapses_weighted == 0)
    // With a starting weight every synapse is weighted, and nothing is noted.
    let weighted = try run(["run", "Hardware/chips/mesh-2x2.yaml", "--workload", "Hardware/workloads/free-run.yaml", "--cycles", "2000",
                            "--set", "connectivity.initial_weight_rad_per_us=0.05"])
    #expect(weighted.status == 0 && !weighted.stdout.contains("note: every inter-tile weight is 0"))
  }

  @Test("Inputs that used to trap, hang or exhaust memory are refused in one line before any work")
  func boundedInputs() throws {
    func refused(_ arguments: [String], _ message: String) throws {
      let out = try run(arguments)
      let line = out.stderr.split(separator: "\n").first.map(String.init) ?? ""
      #expect(out.status != 0 && line.contains(message) && line.count < 400, "\(arguments.prefix(3)): \(out.stderr.prefix(300))")
    }
    // A YAML alias bomb: 7 levels of ten aliases each would expand to 10^7 copies.
    var bomb = "chip:\n  name: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for k in 1...7 { bomb += "  l\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 10).joined(separator: ", ") + "]\n" }
    let path = temporaryPath("bomb.yaml")
    try bomb.write(toFile: path, atomically: true, encoding: .utf8)
    try refused(["validate", path], "YAML anchors and aliases (&name, *name) are not allowed")
    // A 10,000-character value is quoted by its first characters and its length.
    try refused(["validate", "Hardware/chips/default.yaml", "--set", "chip.clock_mhz=" + String(repeating: "1", count: 10_000)],
                "… (10000 characters)' is not allowed")
    try refused(["run", "--workload", "Hardware/workloads/free-run.yaml", "--cycles=" + String(repeating: "9", count: 3_000)],
                "… (3000 characters)' is invalid for '--cycles <cycles>'")
    // 256×256 routers of 16 VCs × 1,024 flits: 5 × 16 × 1,024 × 24 B each, about 120 GiB.
    try refused(["noc", "--mesh", "256x256", "--vcs", "16", "--buffer-flits", "1024", "--cycles", "100"], "of router buffers")
    // A rate sweep of 10^6 points, and a step count that is not finite.
    try refused(["noc", "--rate-sweep=0:1:1e-6"], "asks for 1e+06 points; at most 1,000")
    try refused(["kuramoto", "--coupling", "3", "--dt=1e-308"], "steps; at most 10,000,000")
    try refused(["kuramoto", "--coupling", "3", "--transient=inf"], "--transient must be a finite number")
    // 100,000 oscillators × 15,000 steps = 1.5·10^9 oscillator-steps, above 10^9.
    try refused(["kuramoto", "--coupling", "3", "--oscillators", "100000"], "1.5e+09 oscillator-steps")
    // A device step of 10^-6 gives 10^6 levels, programmed pulse by pulse; a full scale of
    // 5e-324 underflows.
    try refused(["validate", "Hardware/chips/default.yaml", "--set", "crossbar.exp_step_dw_min=1e-6"], "expected a number ≥ 0.0001")
    try refused(["validate", "Hardware/chips/default.yaml", "--set", "crossbar.adc_full_scale_fraction=5e-324"], "expected a number ≥ 1e-06")
  }

  @Test("Learned weights whose coupling step falls below the safe quantum are counted and warned about; the default chip has none")
  func weakLearnedCoupling() throws {
    struct Report: Decodable {
      struct Weak: Decodable { var oscillators: Int; var smallest_step_phase_lsb: Double? }
      var weak_coupling: Weak
      var weights: [String: Double]
    }
    func report(_ sets: [String]) throws -> (Output, Report) {
      let path = temporaryPath("weak.json")
      let out = try run(["run", "--json", path, "--omit-timing"] + sets.flatMap { ["--set", $0] })
      return (out, try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: path))))
    }
    // At 11-bit phases one radian is 2048 / 2π = 325.95 LSBs and dt = 0.01 µs: the loader's check
    // passes (the largest incoming weight, 2 rad/µs, steps 6.5 LSBs), but the average learned row
    // of 63 weights steps 63 × mean |w| × 3.2595 LSBs, so the smallest row steps no more.
    let (weakRun, weak) = try report(["oscillators.phase_bits=11", "oscillators.frequency_spread_mhz=0.05"])
    let meanRow = 63 * weak.weights["mean_abs_rad_per_us"]! * 2048 / (2 * Double.pi) * 0.01
    #expect(weakRun.status == 0 && meanRow < 5, "\(meanRow)")
    #expect(weak.weak_coupling.oscillators >= 1 && weak.weak_coupling.smallest_step_phase_lsb! <= meanRow)
    #expect(weakRun.stdout.contains("oscillators end with learned coupling K·dt below 5 phase LSBs"))
    // At 16 bits the same rows step 32 times more, far above 5.
    let (safeRun, safe) = try report([])
    #expect(safe.weak_coupling.oscillators == 0 && safe.weak_coupling.smallest_step_phase_lsb == nil && !safeRun.stdout.contains("warning"))
  }

  @Test("A learning rate far beyond the device's range programs at most the pair's full swing per change, without a trap")
  func hugeLearningRate() throws {
    // 1e300 rad/µs per unit of window mean: each planned change is ~1e300 levels (it used to
    // trap converting to Int, and 1e5 asked for ~3e7 pulses per change, one at a time). Clamped to the pair's
    // full swing, 2 × 31 levels of the 5-bit cells, every change costs at most 62 pulses.
    let path = temporaryPath("huge.json")
    let r = try run(["run", "--set", "learning.learning_rate_rad_per_us=1e300", "--json", path, "--omit-timing"] + quick)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    // Each resonance-gated update is clamped to the full swing and whole: exactly 62 pulses.
    let counters = json["counters"] as! [String: Any]
    let updates = counters["weight_updates"] as! Int, pulses = counters["update_pulses"] as! Int
    #expect(updates > 0 && pulses == 62 * updates, "\(pulses) pulses for \(updates) updates")
  }

  @Test("drai sweep: one row per grid point, each run equal to drai run with the same settings and seed")
  func sweep() throws {
    // 101 × 100 values × 1 seed = 10,100 runs: more than the 10,000 a sweep may ask for,
    // refused before any description is loaded (nothing is printed on standard output).
    let rates = (1...101).map { "0.00\($0)" }.joined(separator: ","), decays = (0..<100).map { "0.00\($0)" }.joined(separator: ",")
    let huge = try run(["sweep", "--set", "learning.learning_rate_rad_per_us=" + rates, "--set", "learning.decay_fraction=" + decays,
                        "--seeds", "1"])
    #expect(huge.status != 0 && huge.stderr.contains("more than 10000 runs") && huge.stdout.isEmpty, "\(huge.stderr)")
    let path = temporaryPath("sweep.json")
    let r = try run(["sweep", "--set", "crossbar.asymmetry=0,0.3", "--set", "crossbar.device=asymmetric_step", "--seeds", "2",
                     "--json", path] + quick.filter { $0 != "--set" }.flatMap { ["--set", $0] })
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [[String: Any]]
    #expect(rows.count == 2)
    let runs = rows[1]["runs"] as! [[String: Any]]
    #expect(runs.count == 2 && (rows[1]["settings"] as! [String]).first == "crossbar.asymmetry=0.3")
    let recalls = runs.map { $0["recall_accuracy"] as! Double }
    #expect(abs((rows[1]["recall_accuracy_mean"] as! Double) - (recalls[0] + recalls[1]) / 2) < 1e-12)
    // The same point through drai run, seed 2.
    let single = temporaryPath("single.json")
    let s = try run(["run", "--seed", "2", "--json", single, "--omit-timing", "--set", "crossbar.asymmetry=0.3",
                     "--set", "crossbar.device=asymmetric_step"] + quick)
    #expect(s.status == 0, "\(s.stderr)")
    let one = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: single))) as! [String: Any]
    #expect(one["recall_accuracy"] as? Double == recalls[1])
    #expect(one["programming_pulses"] as? Int == runs[1]["programming_pulses"] as? Int)
    // Two runs at a time: the same file.
    let parallel = temporaryPath("sweep2.json")
    let p = try run(["sweep", "--set", "crossbar.asymmetry=0,0.3", "--set", "crossbar.device=asymmetric_step", "--seeds", "2",
                     "--threads", "2", "--json", parallel] + quick.filter { $0 != "--set" }.flatMap { ["--set", $0] })
    #expect(p.status == 0, "\(p.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: parallel)) == Data(contentsOf: URL(fileURLWithPath: path)))
    let bad = try run(["sweep", "--set", "crossbar.levels=3,1"])
    #expect(bad.status != 0 && bad.stderr.contains("crossbar.levels") && bad.stderr.contains("2...65536"))
  }

  @Test("Outputs are checked before any work: a folder, an input, two outputs on one path, a missing folder")
  func outputPathsCheckedFirst() throws {
    let folder = temporaryPath("outputs")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let chipText = try String(contentsOf: root.appendingPathComponent("Hardware/chips/default.yaml"), encoding: .utf8)
    let cases: [([String], String)] = [
      (["run", "--json", folder], "--json \(folder): this is a folder; give the path of a file to write"),
      (["run", "--json", "Hardware/chips/default.yaml"], "--json Hardware/chips/default.yaml: this is an input of the run"),
      (["run", "--report", "Hardware/data/optdigits-test-8x8.csv.gz"], "this is an input of the run"),
      (["run", "--json", folder + "/a.json", "--vcd", folder + "/./a.json"], "--json writes the same path"),
      (["run", "--csv", "Hardware/chips/default.yaml"], "this is a file; give the path of a folder to write into"),
      (["run", "--json", folder + "/missing/a.json"], "the folder \(folder)/missing does not exist or is not writable"),
      (["run", "Hardware/chips/mesh-8x8.yaml", "--workload", "Hardware/workloads/free-run.yaml", "--json", "Hardware/workloads/free-run.yaml"],
       "this is an input of the run"),
      (["noc", "--json", "Hardware/energy/noc-loihi.yaml"], "this is an input of the run"),
      (["report", folder + "/r.json", "-o", folder + "/r.json"], "this is an input of the run"),
    ]
    for (arguments, message) in cases {
      let r = try run(arguments)
      #expect(r.status != 0 && r.stderr.contains(message), "\(arguments): \(r.stderr)")
      // Refused before the run: nothing was simulated, so no summary was printed.
      #expect(r.stdout.isEmpty, "\(arguments) ran before refusing")
    }
    #expect(try String(contentsOf: root.appendingPathComponent("Hardware/chips/default.yaml"), encoding: .utf8) == chipText)
  }

  @Test("drai validate: a bad description gives one error line naming file, line, key and value; status ≠ 0")
  func validateError() throws {
    let text = try String(contentsOf: root.appendingPathComponent("Hardware/chips/default.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "  levels: 32", with: "  levels: 1")
    let path = temporaryPath("chip.yaml")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let r = try run(["validate", path])
    #expect(r.status != 0)
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(r.stderr.contains("\(path):21: key 'crossbar.levels': value '1' is not allowed"))
    #expect(r.stderr.contains("an integer in 2...65536"))
    let ok = try run(["validate", "Hardware/chips/default.yaml"])
    #expect(ok.status == 0 && ok.stdout.contains("valid chip description"))
  }

  @Test("drai kuramoto: reference model near sqrt(1 − 2/K), JSON written")
  func kuramoto() throws {
    let path = temporaryPath("k.json")
    let r = try run(["kuramoto", "--oscillators", "1000", "--coupling", "4", "--transient", "40", "--average", "40",
                     "--json", path])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    let mean = json["order_parameter_mean"] as! Double
    #expect(abs(mean - 0.70711) < 0.01)  // sqrt(1 − 2/4)
    #expect(json["order_parameter_std"] != nil)
    let bad = try run(["kuramoto", "--coupling", "0.5", "--model", "chip", "--phase-bits", "8"])
    #expect(bad.status != 0 && bad.stderr.contains("phase LSBs"))
    // Near the locking threshold: K = 2.5, γ = 1 gives r = sqrt(1 − 2/2.5) = 0.4472; at 12 bits
    // and dt = 0.0037 µs, K·dt = 2.5 × 0.0037 × 4096/2π = 6.03 LSBs passes, but the mean-field
    // step K·r·dt = 2.70 LSBs does not; 5 LSBs need 2^b ≥ 5·2π/(K·r·dt) = 7,594, b = 13.
    let threshold = try run(["kuramoto", "--coupling", "2.5", "--frequencies", "lorentzian:1", "--model", "chip",
                             "--phase-bits", "12", "--dt", "0.0037"])
    #expect(threshold.status != 0 && threshold.stderr.contains("is only 2.70 phase LSBs")
              && threshold.stderr.contains("--phase-bits 13 or more"), "\(threshold.stderr)")
  }

  @Test("drai noc: JSON with the promised keys; bad arguments are one clear error")
  func noc() throws {
    let path = temporaryPath("noc.json")
    let csvPath = temporaryPath("noc.csv")
    let r = try run(["noc", "--mesh", "4x4", "--rate-sweep", "0.1:0.2:0.1", "--cycles", "2000", "--json", path, "--csv", csvPath])
    #expect(r.status == 0, "\(r.stderr)")
    let csv = try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 3 && csv[0].hasPrefix("offered_rate,accepted_rate,latency_mean_cycles"))
    let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [[String: Any]]
    #expect(rows.count == 2)
    for key in ["accepted_rate", "latency_mean_cycles", "latency_p99_cycles", "packets_injected", "packets_delivered",
                "packets_in_flight", "simulated_cycles_per_second"] {
      #expect(rows[0][key] != nil, "missing \(key)")
    }
    // 0.1 offered on 4×4 uniform, far below saturation: accepted within sampling error.
    #expect(abs((rows[0]["accepted_rate"] as! Double) - 0.1) < 0.02)
    let bad = try run(["noc", "--mesh", "4by4"])
    #expect(bad.status != 0 && bad.stderr.contains("--mesh must be ROWSxCOLUMNS"))
    // I/O ports: input events from the west edge, 0.2 flits/cycle each in 4-flit packets:
    // ≈ 2 ports × 0.05 packets/cycle × 2000 cycles = 200 packets in the window.
    let ioPath = temporaryPath("noc-io.json")
    let io = try run(["noc", "--mesh", "4x4", "--io", "west:0", "--io", "west:3", "--io-rate", "0.2", "--cycles", "2000",
                      "--json", ioPath])
    #expect(io.status == 0, "\(io.stderr)")
    let ioRows = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ioPath))) as! [[String: Any]]
    let figures = ioRows[0]["io"] as! [String: Any]
    #expect(abs(Double(figures["packets"] as! Int) - 200) < 45)
    let edge = try run(["noc", "--mesh", "4x4", "--io", "west:4"])
    #expect(edge.status != 0 && edge.stderr.contains("I/O port west:4 is not on the mesh edge"))
  }

  @Test("drai noc with nothing delivered reports no latency rather than 0; --omit-timing gives identical files")
  func nocWithoutDeliveries() throws {
    let path = temporaryPath("idle.json"), csvPath = temporaryPath("idle.csv")
    let r = try run(["noc", "--mesh", "4x4", "--rate", "0", "--cycles", "500", "--json", path, "--csv", csvPath])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [[String: Any]]
    #expect(rows[0]["packets_delivered"] as? Int == 0)
    for key in ["latency_mean_cycles", "latency_p50_cycles", "latency_p99_cycles", "latency_max_cycles", "hops_mean",
                "energy_per_delivered_flit_j"] {
      #expect(rows[0][key] == nil, "\(key) must be absent when nothing was delivered")
    }
    // CSV: the same figures are empty cells (columns 3 to 7 and 18).
    let cells = try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\n")[1]
      .split(separator: ",", omittingEmptySubsequences: false)
    #expect(cells[2...6].allSatisfy(\.isEmpty) && cells[17].isEmpty && cells[7] == "0")
    #expect(r.stdout.contains("    -      -      -      -"))
    // Two runs with --omit-timing write the same bytes, without the speed.
    var files: [Data] = []
    for k in 0..<2 {
      let p = temporaryPath("timing\(k).json")
      #expect(try run(["noc", "--mesh", "4x4", "--rate", "0.1", "--cycles", "500", "--omit-timing", "--json", p]).status == 0)
      files.append(try Data(contentsOf: URL(fileURLWithPath: p)))
    }
    #expect(files[0] == files[1])
    let timed = try JSONSerialization.jsonObject(with: files[0]) as! [[String: Any]]
    #expect(timed[0]["simulated_cycles_per_second"] == nil && timed[0]["latency_mean_cycles"] != nil)
    // A chip run whose resonance class sent nothing says so instead of printing latency 0.
    let free = try run(["run", "Hardware/chips/mesh-2x2.yaml", "--workload", "Hardware/workloads/free-run.yaml", "--cycles", "300"])
    #expect(free.stdout.contains("resonance events                0 packets, 0 in flight; none delivered"), "\(free.stdout)")
  }

  @Test("drai describe lists every chip key with its default")
  func describe() throws {
    let r = try run(["describe", "--kind", "chip"])
    #expect(r.status == 0)
    for key in ["chip.clock_mhz", "oscillators.phase_bits", "crossbar.adc_bits", "learning.mode", "forcing.strength_rad_per_us"] {
      #expect(r.stdout.contains(key))
    }
    #expect(r.stdout.contains("default: 16"))
  }
}

/// The first path of `names` found on the PATH, if any.
func tool(_ names: [String]) -> String? {
  for name in names {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
      let path = "\(dir)/\(name)"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
  }
  return nil
}

/// Runs an external program and returns its status and standard output.
func external(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: path)
  p.arguments = arguments
  let out = Pipe()
  p.standardOutput = out
  p.standardError = FileHandle.nullDevice
  try p.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite(.serialized) struct ReportTests {
  static let folder = temporaryPath("report")
  static let charts = ["chart-energy-breakdown", "chart-cumulative-energy", "chart-order-parameter", "chart-phase-raster",
                       "chart-weights-before", "chart-weights-after", "chart-resonance-events", "chart-recall", "chart-update-energy"]

  /// One quick run with every output, shared by the tests below.
  static let outputs: Result<Output, Error> = Result {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return try run(["run", "--seed", "3", "--omit-timing", "--json", folder + "/run.json", "--report", folder + "/run.html",
                    "--csv", folder + "/csv", "--vcd", folder + "/run.vcd", "--vcd-oscillators", "0,5",
                    "--vcd-cycles", "1000:1600"] + quick)
  }

  func json() throws -> [String: Any] {
    _ = try Self.outputs.get()
    return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.folder + "/run.json"))) as! [String: Any]
  }

  @Test("The report has every chart; drai report draws the same file from the JSON")
  func report() throws {
    let r = try Self.outputs.get()
    #expect(r.status == 0, "\(r.stderr)")
    let html = try String(contentsOfFile: Self.folder + "/run.html", encoding: .utf8)
    for id in Self.charts { #expect(html.contains("<svg id=\"\(id)\""), "missing \(id)") }
    #expect(!html.contains("chart-router-utilisation"))  // a single tile has no router
    #expect(!html.contains("href=\"http") && !html.contains("src=\"http") && !html.contains("url(http"))  // nothing fetched
    let again = try run(["report", Self.folder + "/run.json", "-o", Self.folder + "/again.html"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try String(contentsOfFile: Self.folder + "/again.html", encoding: .utf8) == html)
    let bad = try run(["report", root.appendingPathComponent("Hardware/chips/default.yaml").path, "-o", Self.folder + "/x.html"])
    #expect(bad.status != 0 && bad.stderr.contains("is not the JSON of a `drai run`"))
  }

  @Test("Headless Chromium opens the report and finds every chart (skipped without Chromium)",
        .enabled(if: tool(["chromium", "chromium-browser", "google-chrome"]) != nil))
  func chromium() throws {
    _ = try Self.outputs.get()
    let browser = tool(["chromium", "chromium-browser", "google-chrome"])!
    let (status, dom) = try external(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                                               "file://" + Self.folder + "/run.html"])
    #expect(status == 0)
    for id in Self.charts { #expect(dom.contains("id=\"\(id)\""), "Chromium's DOM lacks \(id)") }
    #expect(dom.contains("data:image/png;base64,"))
  }

  /// The parts of the run JSON that the CSV files repeat, decoded with JSONDecoder (which reads
  /// numbers exactly; JSONSerialization may be off in the last digit).
  struct RunFile: Decodable {
    struct Trace: Decodable {
      var order_parameter: [Double], target_overlap: [Double], energy_j: [Double], learning_energy_j: [Double]
      var resonance_events: [Int]
    }
    struct Energy: Decodable { var breakdown: [String: [String: Double]] }
    var trace: Trace
    var energy: Energy
  }

  @Test("CSV files read back to the JSON's values exactly; one row per 500-cycle sample")
  func csvRoundTrip() throws {
    _ = try Self.outputs.get()
    let file = try JSONDecoder().decode(RunFile.self, from: Data(contentsOf: URL(fileURLWithPath: Self.folder + "/run.json")))
    let t = file.trace
    let trace: [String: Any] = ["order_parameter": t.order_parameter, "target_overlap": t.target_overlap, "energy_j": t.energy_j,
                                "learning_energy_j": t.learning_energy_j, "resonance_events": t.resonance_events]
    let text = try String(contentsOfFile: Self.folder + "/csv/timeseries.csv", encoding: .utf8)
    let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    #expect(rows[0] == ["cycle", "time_us", "segment", "template_class", "order_parameter", "target_overlap", "resonance_events",
                        "programming_pulses", "energy_j", "learning_energy_j"])
    // 66,000 cycles sampled every window (500 cycles) from cycle 0: 133 samples.
    #expect(rows.count == 1 + 133)
    for (column, key) in [(4, "order_parameter"), (5, "target_overlap"), (8, "energy_j"), (9, "learning_energy_j")] {
      let values = trace[key] as! [Double]
      #expect(rows.dropFirst().map { Double($0[column])! } == values, "\(key)")
    }
    #expect(rows.dropFirst().map { Int($0[6])! } == trace["resonance_events"] as! [Int])
    #expect(rows[1][2] == "" && rows[2][2] == "train-settle" && rows[3][2] == "train-settle" && rows[4][2] == "train")
    let breakdown = try String(contentsOfFile: Self.folder + "/csv/energy_breakdown.csv", encoding: .utf8).split(separator: "\n")
    let energy = file.energy.breakdown
    #expect(breakdown.count == 1 + energy.count)
    for line in breakdown.dropFirst() {
      let f = line.split(separator: ",").map(String.init)
      #expect(Double(f[1]) == energy[f[0]]!["j"] && Double(f[2]) == energy[f[0]]!["low_j"] && Double(f[3]) == energy[f[0]]!["high_j"])
    }
  }

  @Test("The VCD declares its signals in scopes and has the right number of value changes")
  func vcd() throws {
    let j = try json()
    let text = try String(contentsOfFile: Self.folder + "/run.vcd", encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    var ids: [String: String] = [:]  // id → scoped name
    var scope: [String] = []
    for l in lines {
      let w = l.split(separator: " ").map(String.init)
      if w.first == "$scope" { scope.append(w[2]) } else if w.first == "$upscope" { scope.removeLast() }
      else if w.first == "$var" { ids[w[3]] = (scope + [w[4]]).joined(separator: ".") }
    }
    #expect(Set(ids.values) == ["chip.clk", "chip.forcing", "chip.plasticity", "chip.resonance_event", "chip.resonance_events",
                                "chip.programming_pulses", "chip.tile_0.osc_0.phase", "chip.tile_0.osc_5.phase"])
    #expect(lines.contains("$timescale 1 ps $end"))
    // Changes per signal after $enddefinitions (the $dumpvars values count as one each).
    var changes: [String: Int] = [:], times: [UInt64] = []
    var lastValue: [String: String] = [:], valueAt1500: [String: String] = [:]
    for l in lines.drop(while: { $0 != "$enddefinitions $end" }).dropFirst() {
      if l.hasPrefix("#") { times.append(UInt64(l.dropFirst())!); continue }
      if l.hasPrefix("$") { continue }
      let (id, value) = l.hasPrefix("b") ? (String(l.split(separator: " ")[1]), String(l.split(separator: " ")[0].dropFirst())) : (String(l.dropFirst()), String(l.prefix(1)))
      changes[ids[id]!, default: 0] += 1
      lastValue[id] = value
      if times.last! <= 15_000_000 { valueAt1500[ids[id]!] = value }
    }
    // 600 cycles (1000..<1600) at 10 ns: the state at the window's start (time 1000·T, clk
    // low) is the $dumpvars block, then the clock rises and falls once per cycle: 1 + 1200.
    #expect(changes["chip.clk"] == 1201)
    #expect(times.first == 1000 * 10_000 && times.last == 1600 * 10_000 + 5_000)
    // Each phase register moves by about ω·dt = 2^16/100 LSBs every cycle, so every cycle is a
    // change, after the initial value.
    #expect(changes["chip.tile_0.osc_0.phase"] == 601 && changes["chip.tile_0.osc_5.phase"] == 601)
    // The running event count at cycle 1500 equals the trace's sample at cycle 1500.
    let events = ((j["trace"] as! [String: Any])["resonance_events"] as! [Int])[3]
    #expect(UInt64(valueAt1500["chip.resonance_events"]!, radix: 2) == UInt64(events))
    let bad = try run(["run", "--vcd", Self.folder + "/x.vcd", "--vcd-oscillators", "64"] + quick)
    #expect(bad.status != 0 && bad.stderr.contains("--vcd-oscillators: '64' is not an oscillator of this chip (0...63)"))
    if let converter = tool(["vcd2fst"]), let back = tool(["fst2vcd"]) {  // GTKWave's own reader and writer
      let (status, _) = try external(converter, [Self.folder + "/run.vcd", Self.folder + "/run.fst"])
      #expect(status == 0)
      let (status2, dump) = try external(back, [Self.folder + "/run.fst"])
      #expect(status2 == 0)
      // GTKWave read every clock edge: 600 rising edges.
      #expect(dump.split(separator: "\n").filter { $0 == "1!" }.count == 600)
      #expect(dump.contains("$var reg 16 ' phase $end"))
    }
  }

  @Test("A multi-tile chip's report draws its router links and shows saturation per class")
  func meshReport() throws {
    let path = temporaryPath("mesh.html")
    let r = try run(["run", "Hardware/chips/mesh-2x2.yaml", "--report", path] + quick)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("  source queues                   peak "))
    let html = try String(contentsOfFile: path, encoding: .utf8)
    #expect(html.contains("<svg id=\"chart-router-utilisation\""))
    #expect(html.contains("<table id=\"network-classes\">") && html.contains("Source queues: peak "))
    // A 2×2 mesh has 8 directed links, each drawn once.
    #expect(html.components(separatedBy: "flits/cycle</title></line>").count - 1 == 8)
  }
}

extension ReportTests {
  @Test("Energy of the quick run by hand: counts from the protocol, energy = counts × table, bands propagate (Docs/energy.md)")
  func energyByHand() throws {
    let j = try json()
    let c = j["counters"] as! [String: Double], e = j["energy"] as! [String: Any]
    // Quick run: 3 templates × 2 epochs × (1000 settle + 4000 learning) + 6 cues × (1000 + 5000) cycles.
    let cycles = 3.0 * 2 * (1000 + 4000) + 6 * (1000 + 5000), learning = 3.0 * 2 * 4000
    #expect(c["cycles"] == cycles)                                  // 66,000
    #expect(c["oscillator_cycles"] == 64 * cycles)                  // every oscillator, every cycle
    #expect(c["coupling_updates"] == 64 * cycles)                   // coupling period 1 cycle
    #expect(c["dac_conversions"] == 2 * 64 * cycles)                // cos and sin reads, 64 word lines
    #expect(c["adc_conversions"] == 2 * 64 * cycles)                // 64 bit lines
    #expect(c["crossbar_cell_reads"] == 2 * 64 * 64 * 2 * cycles)   // 2 reads × 4096 cells × 2 devices
    #expect(c["detector_samples"] == 64 * 63 / 2 * learning / 10)   // 2016 pairs, one sample per 10 cycles
    #expect(c["windows_evaluated"] == 64 * 63 * learning / 500)     // 4032 synapses, 500-cycle windows
    // The bundled tables' constants (value, low, high), J per event; tile leakage in W.
    let k: [(String, String, Double, Double, Double)] = [
      ("oscillator_cycle", "oscillator_cycles", 0.1e-12, 0.05e-12, 0.3e-12),
      ("crossbar_cell_read", "crossbar_cell_reads", 12.5e-15, 1e-15, 25e-15),
      ("dac_conversion", "dac_conversions", 0.1e-12, 0.02e-12, 1e-12),
      ("adc_conversion", "adc_conversions", 6.25e-12, 1.5e-12, 12e-12),
      ("coupling_update", "coupling_updates", 1.8e-12, 0.9e-12, 4e-12),
      ("detector_sample", "detector_samples", 0.3e-12, 0.1e-12, 1.5e-12),
      ("window_evaluation", "windows_evaluated", 0.1e-12, 0.05e-12, 0.3e-12),
      ("resonance_event", "resonance_events", 2e-12, 0.5e-12, 10e-12),
      ("set_pulse", "set_pulses", 1e-12, 0.15e-12, 3.2e-12),
      ("reset_pulse", "reset_pulses", 1e-12, 0.15e-12, 3.2e-12),
    ]
    let seconds = cycles / 100e6, learningSeconds = learning / 100e6
    #expect(c["oscillator_idle_cycles"] == 0 && c["learning_powered_cycles"] == learning)
    // Leakage: the tile (20 µW), the learning domain while learning (5 µW) and its retention
    // while gated (0.5 µW), with their bands.
    var total = 20e-6 * seconds + 5e-6 * learningSeconds + 0.5e-6 * (seconds - learningSeconds)
    var low = 5e-6 * seconds + 1e-6 * learningSeconds + 0.1e-6 * (seconds - learningSeconds)
    var high = 100e-6 * seconds + 25e-6 * learningSeconds + 2.5e-6 * (seconds - learningSeconds)
    for (_, counter, value, lo, hi) in k { total += c[counter]! * value; low += c[counter]! * lo; high += c[counter]! * hi }
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * abs(b) }
    #expect(close(e["total_j"] as! Double, total) && close(e["total_low_j"] as! Double, low) && close(e["total_high_j"] as! Double, high))
    // Average power = total / simulated time; an update of one pulse costs its event and its pulse.
    #expect(close(e["average_power_w"] as! Double, total / seconds))
    let buckets = e["update_energy_distribution"] as! [[String: Double]]
    #expect(buckets.reduce(0) { $0 + $1["updates"]! } == c["weight_updates"])
    #expect(buckets.reduce(0) { $0 + $1["updates"]! * $1["pulses"]! } == c["update_pulses"])
    let pulse = 1e-12  // SET and RESET pulses both cost 1 pJ in the table (above)
    for b in buckets { #expect(close(b["energy_j"]!, 2e-12 + b["pulses"]! * pulse)) }
    // A cycle costs 64 × (0.1 + 1.8) pJ + 128 × (0.1 + 6.25) pJ + 16,384 × 12.5 fJ + 20 µW × 10 ns
    // = 1139.4 pJ, plus 0.05 pJ of learning-domain leakage while learning or 0.005 pJ of retention;
    // training is 24,000 learning and 6,000 settling cycles plus the learning energy, recall
    // 36,000 gated cycles over 6 cues.
    let learningJ = e["learning_j"] as! Double, perCycle = 1139.4e-12
    #expect(close(e["training_j"] as! Double, 24_000 * (perCycle + 0.05e-12) + 6_000 * (perCycle + 0.005e-12) + learningJ))
    #expect(close(e["recall_per_cue_j"] as! Double, 36_000 * (perCycle + 0.005e-12) / 6))
    // The gradient-style estimate: per synapse window a MAC (0.3), an evaluation (0.1) and a
    // set-up (2 pJ), plus the dense pulses at 1 pJ, instead of the learning energy.
    let gradient = c["windows_evaluated"]! * 2.4e-12 + c["dense_pulse_estimate"]! * 1e-12
    #expect(close(e["gradient_learning_j"] as! Double, gradient))
    #expect(close(e["gradient_baseline_j"] as! Double, total - learningJ + gradient))
    #expect(close(e["per_synaptic_operation_j"] as! Double, total / (c["crossbar_cell_reads"]! / 4)))
    let cues = j["per_cue"] as! [[String: Any]]
    let recalled = cues.filter { ($0["chip_nearest_class"] as? Int) == ($0["template_class"] as! Int) }.count
    #expect(close(e["per_recalled_pattern_j"] as! Double, total / Double(recalled)))
  }

  @Test("Recording the trace and the VCD does not change the run")
  func traceChangesNothing() throws {
    let with = try Self.outputs.get()
    let without = try run(["run", "--seed", "3"] + quick)
    func lines(_ s: String) -> [Substring] { s.split(separator: "\n").filter { !$0.hasPrefix("wall_s") } }
    #expect(without.status == 0 && lines(without.stdout) == lines(with.stdout))
  }
}

extension ReportTests {
  @Test("A VCD starts at #0 with every value, keeps exact time at a clock that is not whole picoseconds, and escapes the chip name")
  func vcdTimeAndNames() throws {
    let path = temporaryPath("clock.vcd")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try run(["run", "--vcd", path, "--vcd-cycles", "0:20000", "--vcd-oscillators", "0",
                     "--set", "chip.clock_mhz=30", "--set", "chip.name=odd $end name"] + quick)
    #expect(r.status == 0, "\(r.stderr)")
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    // A `$end` inside the name would close the comment early: written as `Send`.
    #expect(lines.contains { $0.hasPrefix("$comment chip odd Send name, seed 1") })
    // 30 MHz: half a period is 16,666.67 ps, not whole, so the timescale is 1 fs and every time
    // is rounded on its own: cycle 20,000 ends at 20,000 / 30 MHz = 666.6667 µs =
    // 666,666,666,667 fs (1 ps steps would have drifted 6,667 ps behind by then).
    #expect(lines.contains("$timescale 1 fs $end"))
    let times = lines.filter { $0.hasPrefix("#") && $0.count > 1 && $0.dropFirst().allSatisfy(\.isNumber) }.map { UInt64($0.dropFirst())! }
    #expect(times.first == 0 && times.contains(666_666_666_667) && times.contains(33_333_333))
    // #0 holds every signal's value: the clock, the three flags, the two totals and the phase.
    let start = try #require(lines.firstIndex(of: "#0"))
    #expect(lines[start + 1] == "$dumpvars" && lines[start + 2] == "0!" && lines[start + 9] == "$end")
  }

  @Test("A VCD window that starts on an event cycle shows the event; a window after the run is an error")
  func vcdEdges() throws {
    let j = try json()
    // The first learning window starts at cycle 1000; its 50th detector sample (every 10 cycles)
    // is taken in cycle 1490, whose end (time 1491·T) brings the window's events. The trace's
    // sample at 1500 has them.
    let events = ((j["trace"] as! [String: Any])["resonance_events"] as! [Int])[3]
    #expect(events > 0)
    let path = temporaryPath("edge.vcd")
    let r = try run(["run", "--seed", "3", "--vcd", path, "--vcd-cycles", "1490:1492"] + quick)
    #expect(r.status == 0, "\(r.stderr)")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    // The value changes at time 14,910,000 ps: the lines after "#14910000" up to the next time
    // (a line of '#' and digits; '#' alone is also the plasticity signal's identifier).
    let lines = text.split(separator: "\n").map(String.init)
    let at = lines.firstIndex(of: "#14910000")!
    let changes = lines[(at + 1)...].prefix { !($0.hasPrefix("#") && $0.dropFirst().allSatisfy(\.isNumber) && $0.count > 1) }
    #expect(changes.contains("1$"), "the cycle that ends the window must raise resonance_event")
    let late = try run(["run", "--vcd", path, "--vcd-cycles", "70000:70010"] + quick)
    #expect(late.status != 0 && late.stderr.contains("starts after the run, which has 66000 cycles"))
    let alone = try run(["run", "--vcd-cycles", "0:10"] + quick)
    #expect(alone.status != 0 && alone.stderr.contains("--vcd-cycles needs --vcd PATH"))
  }

  @Test("drai report refuses an inconsistent trace with the key at fault")
  func reportRefusesBadTrace() throws {
    _ = try Self.outputs.get()
    var text = try String(contentsOfFile: Self.folder + "/run.json", encoding: .utf8)
    // Put "zz" at the start of the first phases entry.
    let key = text.range(of: "\"phases_hex\" : [")!
    let quote = text[key.upperBound...].firstIndex(of: "\"")!
    text.insert(contentsOf: "zz", at: text.index(after: quote))
    let path = temporaryPath("bad.json")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let r = try run(["report", path, "-o", temporaryPath("bad.html")])
    #expect(r.status != 0 && r.stderr.contains("trace.phases_hex: every entry must be lowercase hexadecimal of one even length"))
  }
}

@Suite struct CHostTests {
  // Skipped under `make sanitize`: the C compiler's sanitizer runtime is not the Swift
  // toolchain's that the instrumented library needs.
  @Test("A C program built against drai.h and libDRAICAPI creates, steps and polls a chip (skipped without a C compiler)",
        .enabled(if: tool(["cc", "clang", "gcc"]) != nil && ProcessInfo.processInfo.environment["DRAI_SANITIZE"] == nil))
  func cHost() throws {
    let compiler = tool(["cc", "clang", "gcc"])!
    let libraryFolder = drai.deletingLastPathComponent().path  // the shared library sits next to the drai executable
    guard FileManager.default.fileExists(atPath: libraryFolder + "/libDRAICAPI.so") else {
      Issue.record("libDRAICAPI.so was not built next to \(drai.path)")
      return
    }
    let program = temporaryPath("smoke")
    let (built, _) = try external(compiler, ["-I", root.appendingPathComponent("Sources/CDRAI/include").path,
                                             root.appendingPathComponent("Tests/CABI/smoke.c").path, "-L", libraryFolder, "-lDRAICAPI",
                                             "-Wl,-rpath," + libraryFolder, "-o", program])
    #expect(built == 0)
    let (status, out) = try external(program, [root.appendingPathComponent("Hardware/chips/default.yaml").path])
    #expect(status == 0)
    // 64 oscillators at 1 MHz for 1000 cycles of 10 ns: 10 µs, about 10 wraps each.
    #expect(out.hasPrefix("abi 4, oscillators 64, cycles 1000, events "))
    #expect(out.contains("bad index status 2 (no synapse 64 <- 0: indices are 0...63 and must differ), energy positive"))
  }
}
