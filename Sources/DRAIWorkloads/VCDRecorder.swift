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
/// The values at time t = (c + 1)·T are the state after cycle c, T the clock period; the state
/// at the start of the window (time `window.lowerBound`·T, #0 for a window from cycle 0) is the
/// `$dumpvars` block, with `clk` low. The timescale is 1 ps when half a clock period is a whole
/// number of picoseconds, else 1 fs with every time rounded on its own to the nearest fs, so
/// that no error accumulates over a window (a 30 MHz clock: 16,666,667 fs after one cycle,
/// 666,666,666,667 fs after 20,000 cycles, exactly as rounded).
public struct VCDRecorder: Codable, Sendable {
  /// Global indices of the oscillators whose phases are dumped.
  public let oscillators: [Int]
  /// Cycles recorded: those whose completion time lies in this range.
  public let window: Range<UInt64>
  /// Half a clock period in timescale units (possibly fractional: then each time is rounded).
  let halfPeriod: Double
  /// "ps" or "fs".
  let unit: String
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
    let halfPicoseconds = 5e5 / c.tile.clockMHz
    (halfPeriod, unit) = halfPicoseconds == halfPicoseconds.rounded() ? (halfPicoseconds, "ps") : (halfPicoseconds * 1000, "fs")
    phaseBits = c.tile.phaseFormat.bits
    lines = ["$date DRAI emulator run $end", "$version drai 0.1.0 $end",
             "$comment chip \(Self.commentText(c.name)), seed \(chip.seed), cycles \(window.lowerBound)..<\(window.upperBound) $end",
             "$timescale 1 \(unit) $end", "$scope module chip $end",
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

  /// `text` as it may stand inside a `$comment … $end` section: printable ASCII, with `$`
  /// (which would let a name such as `x $end` close the section) written as `S`.
  static func commentText(_ text: String) -> String {
    String(text.unicodeScalars.map { $0 == "$" ? "S" : ($0.value >= 32 && $0.value < 127 ? Character($0) : "?") })
  }

  /// The time of half-cycle `halves` (2·c for the rising edge that ends cycle c − 1), in
  /// timescale units, rounded on its own (no accumulated error).
  func time(halfCycles halves: UInt64) -> UInt64 { UInt64((Double(halves) * halfPeriod).rounded()) }

  /// Short printable identifier for the k-th oscillator signal (after the six chip signals).
  static func identifier(_ k: Int) -> String {
    var k = k + 6, s = ""
    repeat { s.append(Character(UnicodeScalar(UInt8(33 + k % 94)))); k /= 94 } while k > 0
    return s
  }

  /// Whether the recorder must see the chip before the cycle starting at `cycle` runs (the
  /// first recorded cycle), to know the event count before it.
  public func needsPriming(at cycle: UInt64) -> Bool { !primed && cycle == window.lowerBound }

  /// Notes the state before the first recorded cycle and dumps it (`$dumpvars`) at the
  /// window's start, `clk` low.
  public mutating func prime(_ chip: Chip) {
    lastEvents = chip.counters.resonanceEvents
    primed = true
    dump(chip, clock: "0", event: "0")
  }

  /// Whether the cycle that ends at `cycle` completed is recorded.
  public func records(completed cycle: UInt64) -> Bool { cycle > window.lowerBound && cycle <= window.upperBound }

  /// Records the state of `chip` after a cycle (call once per cycle in the window).
  public mutating func record(_ chip: Chip) {
    let c = chip.counters
    if !primed { prime(chip) }
    dump(chip, clock: "1", event: c.resonanceEvents > lastEvents ? "1" : "0")
    lastEvents = c.resonanceEvents
    lines.append("#\(time(halfCycles: 2 * chip.now.count + 1))")
    lines.append("0!")
    last["!"] = "0"
  }

  /// The values of every signal that changed since the last dump, at the chip's current cycle
  /// boundary: the first dump is the `$dumpvars` block.
  mutating func dump(_ chip: Chip, clock: String, event: String) {
    let c = chip.counters
    var changes: [String] = []
    func value(_ id: String, _ v: String, vector: Bool = true) {
      if last[id] != v { changes.append(vector ? "b" + v + " " + id : v + id); last[id] = v }
    }
    value("!", clock, vector: false)
    value("\"", chip.forcingEnabled ? "1" : "0", vector: false)
    value("#", chip.plasticityEnabled ? "1" : "0", vector: false)
    value("$", event, vector: false)
    value("%", String(c.resonanceEvents, radix: 2))
    value("&", String(c.programmingPulses, radix: 2))
    let layout = chip.layout
    for (k, i) in oscillators.enumerated() {
      let (tile, local) = layout.locate(i)
      let register = chip.tiles[tile].phaseRegister(local) >> UInt32(32 - phaseBits)
      value(Self.identifier(k), String(register, radix: 2))
    }
    lines.append("#\(time(halfCycles: 2 * chip.now.count))")
    if !started {
      lines.append("$dumpvars")
      lines.append(contentsOf: changes)
      lines.append("$end")
      started = true
    } else {
      lines.append(contentsOf: changes)
    }
  }

  /// The dump so far.
  public var contents: String { lines.joined(separator: "\n") + "\n" }
}
