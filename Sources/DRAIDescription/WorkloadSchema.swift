/// The settings of a workload description (Hardware/workloads/*.yaml).
public let workloadSchema = DescriptionSchema(kind: "workload", settings: [
  .init("workload.kind", .choice(["digits_recall", "free_run"]), default: nil,
        "digits_recall: store class templates of handwritten digits by resonance, recall them from noisy cues (the dataset, templates, training and recall keys; a chip of as many oscillators as pixels). free_run: run any chip for free_run.cycles with an optional seeded forcing pattern and plasticity on or off, and report activity, network, energy and speed (the free_run keys)."),
  // MARK: digits_recall
  .init("dataset.path", .path, default: .word("none"),
        "digits_recall (required): CSV (optionally gzip-compressed): per row N pixel values then the class label; relative to this file."),
  .init("dataset.pixel_threshold", .real(lower: -1e9, upper: 1e9), default: .real(8),
        "A template pixel is on when its class-mean value exceeds this (data README: 8 for optdigits)."),
  .init("templates.classes", .integerList(0...9), default: .integerList([]),
        "digits_recall (required): classes whose mean images (thresholded) are the P stored templates, in presentation order."),
  .init("training.epochs", .integer(1...10_000), default: .integer(3),
        "Passes over the templates; each pass presents every template once, forcing and plasticity on."),
  .init("training.settle_cycles", .integer(0...100_000_000), unit: "cycles", default: .integer(1000),
        "Cycles of forcing with plasticity off at the start of each presentation (lets phases lock)."),
  .init("training.present_cycles", .integer(1...100_000_000), unit: "cycles", default: .integer(4000),
        "Cycles of forcing with plasticity on per presentation; a whole number of the chip's windows (sample_period_cycles × window_samples)."),
  .init("recall.cues_per_template", .integer(1...100_000), default: .integer(10),
        "Noisy cues per template."),
  .init("recall.flip_fraction", .real(lower: 0, upper: 1), default: .real(0.1),
        "Fraction of pixels flipped in each cue (exactly round(fraction·N) distinct pixels, chosen from the seed)."),
  .init("recall.cue_cycles", .integer(1...100_000_000), unit: "cycles", default: .integer(1000),
        "Cycles the cue is forced (plasticity off) before release."),
  .init("recall.settle_cycles", .integer(1...100_000_000), unit: "cycles", default: .integer(5000),
        "Cycles of free running (forcing off) before the phases are read out."),
  // MARK: free_run
  .init("free_run.cycles", .integer(1...1_000_000_000_000), unit: "cycles", default: .integer(10_000),
        "free_run: cycles to simulate (`drai run --cycles N` overrides it)."),
  .init("free_run.forcing", .choice(["none", "random"]), default: .word("none"),
        "free_run: none, or random: every oscillator forced towards phase 0 or π of the reference, drawn from the seed (stream \"free-run/pattern\"), for the whole run."),
  .init("free_run.plasticity", .boolean, default: .boolean(false),
        "free_run: whether the detectors sample and resonance events program synapses."),
])

/// The workload keys each kind uses (`workload.kind` aside); a key of another kind is an error.
public let workloadKeysByKind: [String: [String]] = [
  "digits_recall": workloadSchema.settings.map(\.key).filter { !$0.hasPrefix("free_run.") && $0 != "workload.kind" },
  "free_run": workloadSchema.settings.map(\.key).filter { $0.hasPrefix("free_run.") },
]
