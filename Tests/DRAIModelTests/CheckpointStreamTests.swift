import DRAIDescription
import DRAIWorkloads
import Foundation
import Testing

/// The checkpoint stream round-trips every shape the model's state uses.
@Suite struct CheckpointStreamTests {
  enum Device: Codable, Equatable { case ideal(gMin: Double, gMax: Double), stepped(levels: Int), none }
  struct Segment: Codable, Equatable {
    var start: UInt64, end: UInt64
    var kind: String
    var templateClass: Int?
    enum CodingKeys: String, CodingKey { case start = "start_cycle", end = "end_cycle", kind, templateClass = "template_class" }
  }
  struct Inner: Codable, Equatable { var a: Int8; var b: [Float]; var c: Bool? }
  struct State: Codable, Equatable {
    var counts = SIMD32<UInt64>()
    var segments: [Segment] = []
    var empty: [Inner] = []
    var nested: [[Int32]] = []
    var optionals: [UInt64?] = []
    var device: Device = .none
    var devices: [Device] = []
    var inner: Inner?
    var flags: [Bool] = []
    var text = ""
    var last: [String: String] = [:]
    var tail: UInt64 = 0
  }

  @Test("Segments, optionals, enums with associated values, SIMD vectors, dictionaries, empty and nested arrays come back equal")
  func roundTrip() throws {
    var s = State()
    s.counts[3] = 7
    s.counts[31] = .max
    s.segments = [Segment(start: 0, end: 15000, kind: "train", templateClass: 2), Segment(start: 15000, end: 15559, kind: "drain", templateClass: nil),
                  Segment(start: 15559, end: 16000, kind: "cue", templateClass: 3)]
    s.nested = [[1, 2], [], [-3]]
    s.optionals = [nil, 5, nil]
    s.device = .ideal(gMin: 1e-6, gMax: 1e-4)
    s.devices = [.none, .stepped(levels: 32), .ideal(gMin: 0, gMax: 1)]
    s.inner = Inner(a: -4, b: [0.5, -1], c: nil)
    s.flags = [true, false, true]
    s.text = "phase π"
    s.last = ["!": "0", "%": "101", "\"": "1"]
    s.tail = 42
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).ckpt").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = try CheckpointFormat.write(s, format: "test", to: path)
    let back = try CheckpointFormat.read(State.self, format: "test", from: path)
    #expect(back == s)
    // Another kind, or a value of another shape, is refused with the reason.
    #expect(throws: CheckpointError.self) { try CheckpointFormat.read(State.self, format: "other", from: path) }
    #expect(throws: CheckpointError.self) { try CheckpointFormat.read(Segment.self, format: "test", from: path) }
  }

  @Test("A checkpoint that would not fit in memory is refused before any work, with the sizes")
  func memoryCheck() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let chip = try ChipDescription(path: root.appendingPathComponent("Hardware/chips/mesh-8x8.yaml").path).configuration
    // mesh-8x8 holds 64 crossbars of 64 × 64 cells (about 20 bytes each, 5.2 MB) and 262,144
    // inter-tile synapses (about 61 bytes each, 16 MB): some 20–30 MiB. Alone it fits any
    // machine; beside a million other chips of its size, 1,000,001.5 × 20–30 MiB = 19–29 TiB,
    // it fits none, and the message says so in TiB.
    try CheckpointFormat.checkMemory(configuration: chip, file: "x.ckpt")
    #expect(throws: CheckpointError.self) { try CheckpointFormat.checkMemory(configuration: chip, file: "x.ckpt", chipsHeld: 1_000_000) }
    do { try CheckpointFormat.checkMemory(configuration: chip, file: "x.ckpt", chipsHeld: 1_000_000) } catch {
      let text = "\(error)"
      let tebibytes = text.firstMatch(of: /needs about ([0-9.]+) TiB of memory/).flatMap { Double($0.output.1) }
      #expect(text.hasPrefix("x.ckpt: a checkpoint of 'drai-8x8-64' (about ") && (19...29).contains(tebibytes ?? 0), "\(text)")
    }
  }
}
