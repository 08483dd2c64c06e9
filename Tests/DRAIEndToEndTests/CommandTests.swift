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

  @Test("drai sweep: one row per grid point, each run equal to drai run with the same settings and seed")
  func sweep() throws {
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
    let bad = try run(["sweep", "--set", "crossbar.levels=3,1"])
    #expect(bad.status != 0 && bad.stderr.contains("crossbar.levels") && bad.stderr.contains("2...65536"))
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
