import DRAIWorkloads
import Foundation

/// The terminal table of a digits-recall run, as `drai run` prints it and the SystemC digits
/// testbench (through the C ABI's `drai_workload_report` with `DRAI_REPORT_SUMMARY`) prints it too.
public enum RunSummary {
  /// The table: recall against the baselines, learning activity, energy, cycles (and the
  /// network's figures on a multi-tile chip); a last `wall_s` row when `r.wallS` is set.
  public static func text(_ r: DigitsRecallResult) -> String {
    func pct(_ x: Double) -> String { String(format: "%5.1f %%", x * 100) }
    var lines = [
      "DRAI run: chip \(r.chip), seed \(r.seed)" + (r.device.map { ", device \($0)" } ?? "") + (r.preset.map { " (preset \($0))" } ?? ""),
      row("templates (classes)", r.templateClasses.map(String.init).joined(separator: " ")
          + (r.templateMeanAbsOverlap.map { "   mean |overlap| \(String(format: "%.3f", $0))" } ?? "")),
      row("cues", "\(r.cues), \(String(format: "%.0f", r.flipFraction * 100)) % of pixels flipped"),
      "",
      row("", "nearest template   exact recall   mean overlap"),
      row("recall_accuracy (chip)", pct(r.recallAccuracy) + "            " + pct(r.exactRecall)
          + "        " + String(format: "%.3f", r.meanOverlap)),
      row("  hebbian baseline", pct(r.baselines.hebbianAccuracy) + "            " + pct(r.baselines.hebbianExactRecall)),
      row("  projection baseline", pct(r.baselines.projectionAccuracy) + "            " + pct(r.baselines.projectionExactRecall)),
      row("  no memory (raw cue)", pct(r.baselines.cueAccuracy) + "            " + pct(r.flipFraction == 0 ? 1 : 0)
          + "        " + String(format: "%.3f", abs(1 - 2 * r.flipFraction))),
      "",
      row("resonance_events", "\(r.resonanceEvents)"),
      row("weight_updates", "\(r.weightUpdates)"),
      row("skipped_windows", "\(r.skippedWindows)"),
      row("programming_pulses", "\(r.programmingPulses)"),
      "",
      row("energy total", "\(sig(r.energy.totalJ)) J  [\(sig(r.energy.totalLowJ, 3)) … \(sig(r.energy.totalHighJ, 3))]"),
      row("energy learning", "\(sig(r.energy.learningJ)) J   (dense updating: \(sig(r.energy.denseLearningJ)) J, "
          + String(format: "%.1f", r.energy.denseLearningJ / r.energy.learningJ) + "×)"),
      row("energy per update", r.energy.perUpdateJ.map { "\(sig($0)) J" } ?? "n/a (no updates)"),
      row("energy dense baseline", "\(sig(r.energy.denseBaselineJ)) J"
          + "  (\(String(format: "%.2f", r.energy.denseBaselineJ / r.energy.totalJ))× the gated total)"),
      "",
      row("cycles", "\(r.cycles)  (\(sig(r.simulatedUs)) µs simulated"
          + (r.learningDrainCycles > 0 ? "; \(r.learningDrainCycles) after training for the last resonance packets)" : ")")),
    ]
    if let n = r.network { lines.insert(contentsOf: networkLines(n) + [""], at: lines.count - 1) }
    // Beside the figures it puts in doubt.
    if let warning = r.weakCoupling?.warning, let k = lines.firstIndex(where: { $0.hasPrefix("resonance_events") }) {
      lines.insert(contentsOf: [warning, ""], at: k)
    }
    if let w = r.wallS { lines.append(row("wall_s", String(format: "%.2f", w))) }
    return lines.joined(separator: "\n")
  }
}

extension RunSummary {
  /// A row of the table: the label padded to 34 columns, then the value.
  static func row(_ k: String, _ v: String) -> String { k.padding(toLength: 34, withPad: " ", startingAt: 0) + v }

  /// The network's rows: mesh and injection rate, each class's packets, in flight and latency
  /// percentiles, and the phase lag the spike latency reads into φ_i − φ_j.
  static func networkLines(_ n: NetworkSummary) -> [String] {
    func lat(_ f: NetworkSummary.ClassFigures) -> String {
      guard let mean = f.latencyMeanCycles, let p99 = f.latencyP99Cycles, let max = f.latencyMaxCycles else {
        return "\(f.packets) packets, \(f.inFlight) in flight; none delivered"
      }
      return "\(f.packets) packets, \(f.inFlight) in flight; latency mean \(String(format: "%.1f", mean)), "
        + "p99 \(Int(p99)), max \(Int(max)) cycles"
    }
    return [
      row("network", "\(n.mesh) mesh, latency compensation \(n.latencyCompensation ? "on" : "off"), "
          + String(format: "%.2f", n.injectionRateFlitsPerTilePerCycle) + " flits/tile/cycle injected"),
      row("  phase spikes", lat(n.phaseSpikes)),
      row("  resonance events", lat(n.resonanceEvents)),
      row("  spike phase lag", n.spikePhaseLagMeanRad.map { mean in
        String(format: "%.3f rad mean, %.3f rad p99 (ω × latency)", mean, n.spikePhaseLagP99Rad ?? 0) } ?? "n/a (no spike delivered)"),
    ] + saturationLines(n)
  }

  /// The source queues' peak against their capacity, and the dropped packets (none unless
  /// `router.overflow: drop`).
  static func saturationLines(_ n: NetworkSummary) -> [String] {
    guard let capacity = n.sourceQueueCapacityPackets, let peak = n.sourceQueuePeakPackets else { return [] }
    let dropped = n.droppedPackets ?? [:]
    return [row("  source queues", "peak \(peak) of \(capacity) packets per tile and class; dropped "
                + "\(dropped["phase_spikes"] ?? 0) phase spikes, \(dropped["resonance_events"] ?? 0) resonance events")]
  }

  /// The terminal table of a free run: the chip, activity, order parameter, network, energy and
  /// speed (when `r.wallS` is set).
  public static func text(_ r: FreeRunResult) -> String {
    var lines = [
      "DRAI free run: chip \(r.chip), seed \(r.seed), \(r.tiles) tile\(r.tiles == 1 ? "" : "s"), \(r.oscillators) oscillators, "
        + "\(r.interTileSynapses) inter-tile synapses",
      row("forcing, plasticity", "\(r.forcing ? "random pattern" : "none"), \(r.plasticity ? "on" : "off")"),
      row("cycles", "\(r.cycles)  (\(sig(r.simulatedUs)) µs simulated)"),
      row("phase_spikes", "\(r.phaseSpikes)"),
      row("order parameter r", String(format: "%.4f", r.orderParameter)),
      row("resonance_events", "\(r.resonanceEvents)"),
      row("weight_updates", "\(r.weightUpdates)"),
      row("programming_pulses", "\(r.programmingPulses)"),
      "",
      row("energy total", "\(sig(r.energyJ.j)) J  [\(sig(r.energyJ.lowJ, 3)) … \(sig(r.energyJ.highJ, 3))]"),
      row("average power", "\(sig(r.averagePowerW)) W"),
    ]
    if let warning = r.weakCoupling.warning { lines += ["", warning] }
    if r.interTileSynapses > 0 && r.interTileSynapsesWeighted == 0 {
      lines += ["", "note: every inter-tile weight is 0 (connectivity.initial_weight_rad_per_us\(r.plasticity ? "; plasticity learned none" : ", plasticity off")): "
                  + "the tiles ran uncoupled, though their spikes crossed the network and cost energy"]
    }
    if let n = r.network {
      lines.append("")
      lines += networkLines(n)
    }
    if let w = r.wallS {
      lines.append("")
      lines.append(row("wall_s", String(format: "%.2f", w)))
      if let rate = r.simulatedCyclesPerSecond { lines.append(row("simulated_cycles_per_second", sig(rate))) }
    }
    return lines.joined(separator: "\n")
  }
}

/// A JSON encoder with stable key order and formatting (byte-identical output for equal values):
/// pretty-printed, sorted keys, slashes unescaped.
public func stableJSONEncoder() -> JSONEncoder {
  let e = JSONEncoder()
  e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  return e
}
