import DRAIChip
import DRAICore
import DRAIDescription
import DRAIEnergy
import Foundation

/// The digits-recall protocol as data: the segments a driver runs on a chip, one after another,
/// and the scoring of each readout. ``DigitsRecall/run(chip:workload:energyTable:deviceEnergy:progress:trace:vcd:)``
/// drives a Swift ``Chip`` through it; the C ABI (`drai_workload_next`) hands the same segments
/// to outside drivers such as the SystemC digits testbench, so both run the same cycles.
///
/// Everything (templates, cues, baselines) is a function of the workload, the chip's
/// oscillator count and the seed.
public struct DigitsRecallProtocol: Sendable {
  /// One stretch of cycles with fixed inputs.
  public struct Segment: Sendable, Equatable {
    /// What the stretch is for (the names are the run trace's segment kinds).
    public enum Kind: String, Sendable {
      /// Forcing a template, learning off, so that the phases settle into it.
      case trainSettle = "train-settle"
      /// Forcing the template with learning on.
      case train
      /// Learning off, running until the resonance events in flight have programmed their
      /// synapses (multi-tile chips; none on one tile).
      case drain
      /// Forcing a noisy cue.
      case cue
      /// Free running (forcing released) before the phases are read.
      case recallSettle = "recall-settle"
    }

    /// The forcing input during the segment.
    public enum Forcing: Sendable, Equatable {
      /// As before.
      case keep
      /// Force every oscillator to this pattern (true: phase 0, false: phase π) and turn forcing on.
      case pattern([Bool])
      /// Forcing off.
      case release
    }

    /// What the stretch is for.
    public var kind: Kind
    /// Index of the template presented or cued (into ``DigitsRecallProtocol/templates``); nil
    /// for the drain.
    public var template: Int?
    /// The forcing to apply at the start.
    public var forcing: Forcing
    /// Learning on or off during the segment (turning it on discards the detectors' partial window).
    public var plasticity: Bool
    /// Cycles to run; for ``Kind/drain``, the most to run while resonance events are in flight.
    public var cycles: UInt64
    /// Index of the cue (into ``DigitsRecallProtocol/cues``) whose readout is taken from the
    /// phases at the end of the segment, or nil.
    public var readout: Int?
  }

  /// The workload.
  public let workload: DigitsRecallWorkload
  /// Template pixels, one per class of `workload.classes`, true = ink.
  public let templates: [[Bool]]
  /// Templates as ±1.
  public let signedTemplates: [[Double]]
  /// The cues in recall order: template index and pixels (round(f·N) distinct pixels flipped,
  /// from the seed's stream "cues").
  public let cues: [(template: Int, pixels: [Bool])]
  /// The segments in order.
  public let segments: [Segment]
  /// Most cycles the drain may take.
  public static let drainLimitCycles: UInt64 = 1_000_000
  let hebbian: HopfieldBaseline, projection: HopfieldBaseline

  /// The protocol of workload `w` on a chip of configuration `c` built with `seed`.
  /// - Throws: ``DescriptionError`` for a dataset that does not fit the chip (pixels ≠ N, a
  ///   class with no images, linearly dependent templates) or a presentation that is not a
  ///   whole number of learning windows.
  /// - Complexity: reads the dataset once; O(cues · N) memory.
  public init(workload w: DigitsRecallWorkload, chip c: ChipConfiguration, seed: UInt64) throws {
    workload = w
    let n = c.oscillators
    let dataset = try DigitsDataset(url: w.datasetURL, pixels: nil)
    guard dataset.pixels == n else {
      throw w.settings.error("dataset.path", "its images have \(dataset.pixels) pixels but the chip '\(c.name)' has \(n) oscillators "
                               + (c.tileOscillators.isEmpty
                                    ? "(oscillators.count \(c.tile.oscillators) × mesh \(c.mesh.rows)×\(c.mesh.columns) tiles); "
                                    : "(oscillators.per_tile over mesh \(c.mesh.rows)×\(c.mesh.columns) tiles); ")
                               + "the workload needs one oscillator per pixel", code: .inconsistent)
    }
    var templates: [[Bool]] = []
    for k in w.classes {
      guard let t = dataset.template(label: k, threshold: w.pixelThreshold) else {
        throw w.settings.error("templates.classes", "class \(k) has no images in \(w.datasetURL.path)", code: .badData)
      }
      templates.append(t)
    }
    try w.check(against: c.tile)
    self.templates = templates
    signedTemplates = templates.map(signedPattern)
    hebbian = HopfieldBaseline.hebbian(patterns: signedTemplates)
    guard let p = HopfieldBaseline.projection(patterns: signedTemplates) else {
      throw w.settings.error("templates.classes", "the templates are linearly dependent; the projection rule needs independent ones")
    }
    projection = p
    var rng = SeededRNG(seed: seed, stream: "cues")
    let flips = Int((w.flipFraction * Double(n)).rounded())
    var cues: [(template: Int, pixels: [Bool])] = []
    for (k, t) in templates.enumerated() {
      for _ in 0..<w.cuesPerTemplate { cues.append((k, flipped(t, count: flips, rng: &rng))) }
    }
    self.cues = cues

    var s: [Segment] = []
    for _ in 0..<w.epochs {
      for (k, t) in templates.enumerated() {
        s.append(Segment(kind: .trainSettle, template: k, forcing: .pattern(t), plasticity: false, cycles: w.trainSettleCycles))
        s.append(Segment(kind: .train, template: k, forcing: .keep, plasticity: true, cycles: w.presentCycles))
      }
    }
    s.append(Segment(kind: .drain, template: nil, forcing: .keep, plasticity: false, cycles: Self.drainLimitCycles))
    for (q, cue) in cues.enumerated() {
      s.append(Segment(kind: .cue, template: cue.template, forcing: .pattern(cue.pixels), plasticity: false, cycles: w.cueCycles))
      s.append(Segment(kind: .recallSettle, template: cue.template, forcing: .release, plasticity: false,
                       cycles: w.recallSettleCycles, readout: q))
    }
    segments = s
  }

  /// The outcome of cue `q` read from the chip's settled phases (radians, relative to the
  /// reference, global order): the binarised readout against every template, and the
  /// baselines' recall of the same cue. Preconditions: `q` in ``cues``' indices, one phase per
  /// oscillator.
  /// - Complexity: O(templates · N) plus the baselines' recall.
  public func score(cue q: Int, phases: [Double]) -> CueRecord {
    let cue = cues[q], classes = workload.classes
    let bits = PatternOverlap.binarize(phases)
    let chipOverlaps = signedTemplates.map { PatternOverlap.binary($0, bits) }
    let binaryCue = signedPattern(cue.pixels)
    let h = hebbian.recall(binaryCue), p = projection.recall(binaryCue)
    let hebbianOverlaps = signedTemplates.map { PatternOverlap.binary($0, h) }
    let projectionOverlaps = signedTemplates.map { PatternOverlap.binary($0, p) }
    func cls(_ overlaps: [Double]) -> Int? { PatternOverlap.nearest(overlaps).map { classes[$0] } }
    return CueRecord(
      templateClass: classes[cue.template],
      cueNearestClass: cls(signedTemplates.map { PatternOverlap.binary($0, binaryCue) }),
      chipNearestClass: cls(chipOverlaps), hebbianNearestClass: cls(hebbianOverlaps),
      projectionNearestClass: cls(projectionOverlaps),
      chipOverlap: chipOverlaps[cue.template], chipPhaseOverlap: PatternOverlap.phase(signedTemplates[cue.template], phases),
      hebbianOverlap: hebbianOverlaps[cue.template], projectionOverlap: projectionOverlaps[cue.template])
  }

  /// The report of a finished run: `chip` after the last segment, the cue records in order, the
  /// counters at the end of the drain and the drain's length. A nil `wallSeconds` leaves
  /// `wall_s` out (byte-identical reports for equal inputs).
  public func result(
    chip: Chip, records: [CueRecord], trainingCounters: ActivityCounters, learningDrainCycles: UInt64,
    energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel?, wallSeconds: Double?, trace: RunTrace? = nil, vcd: String? = nil
  ) -> DigitsRecallResult {
    var pairOverlaps: [Double] = []
    for a in signedTemplates.indices {
      for b in signedTemplates.indices where b > a { pairOverlaps.append(PatternOverlap.binary(signedTemplates[a], signedTemplates[b])) }
    }
    return DigitsRecallResult(
      chip: chip, workload: workload, records: records, trainingCounters: trainingCounters, learningDrainCycles: learningDrainCycles,
      deviceEnergy: deviceEnergy, energyTable: energyTable, pairOverlaps: pairOverlaps, wallSeconds: wallSeconds, trace: trace, vcd: vcd)
  }
}

extension DigitsRecallProtocol.Segment {
  /// Sets `chip`'s forcing and learning as the segment asks (turning learning on discards the
  /// detectors' partial window).
  public func apply(to chip: inout Chip) {
    switch forcing {
    case .keep: break
    case .pattern(let p):
      chip.setForcingPattern(p)
      chip.forcingEnabled = true
    case .release: chip.forcingEnabled = false
    }
    chip.setLearning(plasticity)
  }
}
