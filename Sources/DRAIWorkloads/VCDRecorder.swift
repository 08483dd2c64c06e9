import DRAIChip
import DRAICore

/// Records a stretch of a run at cycle resolution as a Value Change Dump (IEEE 1364-2005,
/// §18), which GTKWave and other waveform viewers open.
///
/// Scopes and signals (`$scope module`):
/// - `chip`: `clk` (1 bit, rises at each cycle boundary and falls half a cycle later),
///   `forcing` and `plasticity` (1 bit), `resonance_event` (1 bit: 1 in a cycle that produced
///   resonance events), `resonance_events` and `programming_pulses` (64-bit running totals);
/// - `chip.tile_K.osc_I`: `phase` (the oscillator's phase register, `phase_bits` wide; 2^bits ≙ 2π).
///
/// The values at time t = (c + 1)·T are the state after cycle c, T the clock period in ps.
public struct VCDRecorder: Sendable {
  /// Global indices of the oscillators whose phases are dumped.
  public let oscillators: [Int]
  /// Cycles recorded: those whose completion time lies in this range.
  public let window: Range<UInt64>
  let periodPicoseconds: UInt64
  let phaseBits: Int
  var lines: [String] = []
  var last: [String: String] = [:]
  var lastEvents: UInt64 = 0
  var started = false
  var primed = false

  /// A recorder for `chip`'s `oscillators` (dumped in ascending order, grouped by tile) over
  /// the cycles in `window`. Preconditions: distinct indices below `chip.oscillators`; a
  /// non-empty window.
  public init(chip: Chip, oscillators: [Int], window: Range<UInt64>) {
    precondition(oscillators.allSatisfy { $0 >= 0 && $0 < chip.oscillators }, "no such oscillator")
    precondition(Set(oscillators).count == oscillators.count, "an oscillator listed twice")
    precondition(!window.isEmpty, "empty VCD window")
    self.oscillators = oscillators.sorted()
    self.window = window
    let c = chip.configuration
    periodPicoseconds = UInt64((1e6 / c.tile.clockMHz).rounded())
    phaseBits = c.tile.phaseFormat.bits
    lines = ["$date DRAI emulator run $end", "$version drai 0.1.0 $end",
             "$comment chip \(c.name), seed \(chip.seed), cycles \(window.lowerBound)..<\(window.upperBound) $end",
             "$timescale 1 ps $end", "$scope module chip $end",
             "$var wire 1 ! clk $end", "$var wire 1 \" forcing $end", "$var wire 1 # plasticity $end",
             "$var wire 1 $ resonance_event $end", "$var integer 64 % resonance_events $end",
             "$var integer 64 & programming_pulses $end"]
    let layout = chip.layout
    var tile = -1
    for (k, i) in self.oscillators.enumerated() {
      let (t, local) = layout.locate(i)
      if t != tile {
        if tile >= 0 { lines.append("$upscope $end") }
        tile = t
        lines.append("$scope module tile_\(tile) $end")
      }
      lines.append("$scope module osc_\(local) $end")
      lines.append("$var reg \(phaseBits) \(Self.identifier(k)) phase $end")
      lines.append("$upscope $end")
    }
    if tile >= 0 { lines.append("$upscope $end") }
    lines.append(contentsOf: ["$upscope $end", "$enddefinitions $end"])
  }

  /// Short printable identifier for the k-th oscillator signal (after the six chip signals).
  static func identifier(_ k: Int) -> String {
    var k = k + 6, s = ""
    repeat { s.append(Character(UnicodeScalar(UInt8(33 + k % 94)))); k /= 94 } while k > 0
    return s
  }

  /// Whether the recorder must see the chip before the cycle starting at `cycle` runs (the
  /// first recorded cycle), to know the event count before it.
  public func needsPriming(at cycle: UInt64) -> Bool { !primed && cycle == window.lowerBound }

  /// Notes the state before the first recorded cycle.
  public mutating func prime(_ chip: Chip) {
    lastEvents = chip.counters.resonanceEvents
    primed = true
  }

  /// Whether the cycle that ends at `cycle` completed is recorded.
  public func records(completed cycle: UInt64) -> Bool { cycle > window.lowerBound && cycle <= window.upperBound }

  /// Records the state of `chip` after a cycle (call once per cycle in the window).
  public mutating func record(_ chip: Chip) {
    let t = chip.now.count * periodPicoseconds, c = chip.counters
    let layout = chip.layout
    var changes: [String] = []
    func value(_ id: String, _ v: String, vector: Bool = true) {
      if last[id] != v { changes.append(vector ? "b" + v + " " + id : v + id); last[id] = v }
    }
    if !primed { lastEvents = c.resonanceEvents; primed = true }
    value("!", "1", vector: false)
    value("\"", chip.forcingEnabled ? "1" : "0", vector: false)
    value("#", chip.plasticityEnabled ? "1" : "0", vector: false)
    value("$", c.resonanceEvents > lastEvents ? "1" : "0", vector: false)
    value("%", String(c.resonanceEvents, radix: 2))
    value("&", String(c.programmingPulses, radix: 2))
    lastEvents = c.resonanceEvents
    for (k, i) in oscillators.enumerated() {
      let (tile, local) = layout.locate(i)
      let register = chip.tiles[tile].phaseRegister(local) >> UInt32(32 - phaseBits)
      value(Self.identifier(k), String(register, radix: 2))
    }
    if !started {
      lines.append("#\(t)")
      lines.append("$dumpvars")
      lines.append(contentsOf: changes)
      lines.append("$end")
      started = true
    } else {
      lines.append("#\(t)")
      lines.append(contentsOf: changes)
    }
    lines.append("#\(t + periodPicoseconds / 2)")
    lines.append("0!")
    last["!"] = "0"
  }

  /// The dump so far.
  public var contents: String { lines.joined(separator: "\n") + "\n" }
}
