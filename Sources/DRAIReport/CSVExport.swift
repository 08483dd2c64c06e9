import DRAIWorkloads
import Foundation

/// The run as CSV files for plotting elsewhere (`drai run --csv DIR`, `drai report --csv DIR`):
/// comma-separated, one header line, numbers in Swift's shortest round-trip form, so reading a
/// file back gives the JSON's values exactly.
///
/// - `timeseries.csv`: `cycle,time_us,segment,template_class,order_parameter,target_overlap,resonance_events,programming_pulses,energy_j,learning_energy_j`
///   (one row per trace sample; `segment` is the protocol stretch the sample ends, empty at cycle 0);
/// - `energy_breakdown.csv`: `operation,energy_j,low_j,high_j` (by decreasing energy);
/// - `per_cue.csv`: `cue,template_class,chip_nearest_class,chip_overlap,chip_phase_overlap,hebbian_overlap,projection_overlap`
///   (an empty class is a tie).
public enum CSVExport {
  /// File name and text of each CSV file; the time series only when the run has a trace.
  public static func files(for r: DigitsRecallResult) -> [(name: String, text: String)] {
    var out: [(String, String)] = []
    if let t = r.trace {
      var lines = ["cycle,time_us,segment,template_class,order_parameter,target_overlap,resonance_events,programming_pulses,energy_j,learning_energy_j"]
      var s = 0
      for k in t.cycle.indices {
        // The segment that ends this sample: the first with start < cycle ≤ end.
        while k > 0 && s < t.segments.count && (t.segments[s].endCycle < t.cycle[k] || t.segments[s].startCycle >= t.cycle[k]) { s += 1 }
        let segment = k == 0 || s >= t.segments.count ? nil : t.segments[s]
        lines.append([
          "\(t.cycle[k])", "\(Double(t.cycle[k]) / t.clockMHz)", segment?.kind ?? "", segment?.templateClass.map(String.init) ?? "",
          "\(t.orderParameter[k])", "\(t.targetOverlap[k])", "\(t.resonanceEvents[k])", "\(t.programmingPulses[k])",
          "\(t.energyJ[k])", "\(t.learningEnergyJ[k])",
        ].joined(separator: ","))
      }
      out.append(("timeseries.csv", lines.joined(separator: "\n") + "\n"))
    }
    let parts = r.energy.breakdown.sorted { $0.value.j != $1.value.j ? $0.value.j > $1.value.j : $0.key < $1.key }
    out.append(("energy_breakdown.csv", (["operation,energy_j,low_j,high_j"] + parts.map { "\($0.key),\($0.value.j),\($0.value.lowJ),\($0.value.highJ)" })
      .joined(separator: "\n") + "\n"))
    let cues = r.perCue.enumerated().map { k, c in
      [String(k), String(c.templateClass), c.chipNearestClass.map(String.init) ?? "", "\(c.chipOverlap)", "\(c.chipPhaseOverlap)",
       "\(c.hebbianOverlap)", "\(c.projectionOverlap)"].joined(separator: ",")
    }
    out.append(("per_cue.csv", (["cue,template_class,chip_nearest_class,chip_overlap,chip_phase_overlap,hebbian_overlap,projection_overlap"] + cues)
      .joined(separator: "\n") + "\n"))
    return out
  }

  /// Writes the files into `folder`, creating it if needed.
  /// - Throws: the file system's error for a folder or file that cannot be written.
  public static func write(_ r: DigitsRecallResult, to folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in files(for: r) { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
  }
}
