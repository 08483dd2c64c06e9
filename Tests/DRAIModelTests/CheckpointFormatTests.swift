import DRAIChip
import DRAICore
import DRAIWorkloads
import Foundation
import Testing

/// The checkpoint format must change version whenever the model's state changes shape.
@Suite struct CheckpointFormatTests {
  /// Every key path of `value` (array elements as "[]"), sorted, one per line.
  func keyPaths(_ value: Any, _ prefix: String = "") -> Set<String> {
    if let object = value as? [String: Any] {
      return object.reduce(into: Set([prefix])) { paths, entry in paths.formUnion(keyPaths(entry.value, prefix + "." + entry.key)) }
    }
    if let array = value as? [Any] {
      return array.reduce(into: Set([prefix + "[]"])) { paths, element in paths.formUnion(keyPaths(element, prefix + "[]")) }
    }
    return [prefix]
  }

  @Test("The chip's state has the shape the checkpoint format version was written for")
  func stateShapeMatchesFormatVersion() throws {
    // A 2×2 chip with forcing, learning and traffic, so that the network's queues and records,
    // the tiles' inter-tile synapses and the detectors all hold elements.
    let helper = ConnectivityTests()
    var chip = Chip(configuration: helper.configuration(connectivity: .init(rule: .allToAll, initialWeightRadiansPerMicrosecond: 0.05)), seed: 1)
    chip.forcingEnabled = true
    chip.plasticityEnabled = true
    chip.run(cycles: Cycles(600))
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let object = try JSONSerialization.jsonObject(with: encoder.encode(chip))
    let shape = keyPaths(object).sorted().joined(separator: "\n")
    // FNV-1a of the shape: a stored property added, removed or renamed anywhere in the model
    // changes it. When this fails, bump CheckpointFormat.version (every checkpoint
    // takes the same version), then record the new value here. This value is a snapshot of the
    // code's own state shape, not an independent figure: the test guards change, not correctness.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in shape.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    #expect(CheckpointFormat.version == 2)
    #expect(String(hash, radix: 16) == "fc77a59b5c43a947", "the state's shape changed (\(keyPaths(object).count) key paths, hash \(String(hash, radix: 16)))")
  }
}
