import DRAIChip

extension CheckpointFormat {
  /// Checks that a checkpoint's chip (`saved`, built with `savedSeed`) is the run's (`chip`,
  /// `seed`). - Throws: ``CheckpointError`` naming both chips and the first setting that
  /// differs (as the model names it), or both seeds.
  static func checkChip(_ saved: ChipConfiguration, seed savedSeed: UInt64, against chip: ChipConfiguration, seed: UInt64,
                        file: String) throws {
    if saved != chip {
      let names = saved.name == chip.name
        ? "chip '\(chip.name)' with other settings"
        : "chip '\(saved.name)', and this run's chip is '\(chip.name)'"
      let difference = saved.name != chip.name ? "" : firstDifference(saved, chip).map { " (first difference: \($0))" } ?? ""
      throw CheckpointError(file: file, reason: "it was written for \(names)\(difference); resume with the chip file and --set values "
                              + "of the run that wrote it")
    }
    guard savedSeed == seed else {
      throw CheckpointError(file: file, reason: "it was written by a run with --seed \(savedSeed), not \(seed): resume with --seed \(savedSeed)")
    }
  }

  /// The path of the first stored property where `a` and `b` differ, and both values (short),
  /// found by reflection; nil when none is found within a few levels.
  static func firstDifference(_ a: Any, _ b: Any, path: String = "", depth: Int = 0) -> String? {
    let ma = Mirror(reflecting: a), mb = Mirror(reflecting: b)
    let ca = Array(ma.children), cb = Array(mb.children)
    if depth < 4, !ca.isEmpty, ca.count == cb.count, ma.displayStyle == .struct || ma.displayStyle == .enum {
      for (x, y) in zip(ca, cb) where "\(x.value)" != "\(y.value)" {
        let name = path.isEmpty ? (x.label ?? "?") : path + "." + (x.label ?? "?")
        return firstDifference(x.value, y.value, path: name, depth: depth + 1)
      }
      return nil
    }
    func short(_ v: Any) -> String { let s = "\(v)"; return s.count <= 40 ? s : s.prefix(37) + "…" }
    return "\(path.isEmpty ? "value" : path) \(short(a)) here, \(short(b)) in this run"
  }
}
