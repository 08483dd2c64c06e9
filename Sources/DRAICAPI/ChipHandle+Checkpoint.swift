import CDRAI
import DRAIChip
import DequeModule
import DRAIWorkloads
import Foundation

/// What a C host's checkpoint holds: the chip and the handle's own state (the events not yet
/// polled, the forcing targets, the input bookkeeping a workload checks).
struct ChipHandleCheckpoint: Codable {
  /// The format's name: a file of another format is refused.
  static let formatName = "drai chip checkpoint"
  /// The version every checkpoint shares (``CheckpointFormat``), set by the ``Chip``'s state shape.
  static let formatVersion = CheckpointFormat.version
  /// An AER event as stored (drai_aer_event is a C struct).
  struct Event: Codable {
    var address: UInt32, kind: UInt32, cycle: UInt64
  }

  var format = Self.formatName
  var version = Self.formatVersion
  var chip: Chip
  var events: [Event]
  var forcing: [Bool]
  var inputsChangedAt: UInt64
  var lastCycleBeganPending: Bool
}

extension ChipHandle {
  /// Writes the chip's whole state and the handle's events and inputs to `path` atomically.
  /// - Complexity: O(the chip's state).
  func save(to path: String) -> Int32 {
    do { try CheckpointFormat.checkMemory(configuration: chip.configuration, file: path) } catch {
      return fail(DRAI_ERR_ARGUMENT, "\(error)")
    }
    let saved = ChipHandleCheckpoint(
      chip: chip, events: events.map { .init(address: $0.address, kind: $0.kind, cycle: $0.cycle) }, forcing: forcing,
      inputsChangedAt: inputsChangedAt, lastCycleBeganPending: lastCycleBeganPending)
    do { _ = try CheckpointFormat.write(saved, format: ChipHandleCheckpoint.formatName, to: path) } catch {
      return fail(DRAI_ERR_ARGUMENT, "\(error)")
    }
    return DRAI_OK
  }

  /// Replaces the chip's state and the handle's events and inputs with those saved at `path`,
  /// which must come from a chip of the same description and seed; on any error nothing changes.
  func restore(from path: String) -> Int32 {
    // The handle's chip stays until the saved one has been read: two chips at once.
    do { try CheckpointFormat.checkMemory(configuration: chip.configuration, file: path, chipsHeld: 1) } catch {
      return fail(DRAI_ERR_ARGUMENT, "\(error)")
    }
    let saved: ChipHandleCheckpoint
    do { saved = try CheckpointFormat.read(ChipHandleCheckpoint.self, format: ChipHandleCheckpoint.formatName, from: path) } catch {
      return fail(DRAI_ERR_ARGUMENT, "\(error)")
    }
    guard saved.chip.configuration == chip.configuration && saved.chip.seed == seed else {
      return fail(DRAI_ERR_ARGUMENT, "\(path): it belongs to another chip (another description or seed)")
    }
    chip = saved.chip
    chip.threads = threads
    events = Deque(saved.events.map { drai_aer_event(address: $0.address, kind: $0.kind, cycle: $0.cycle) })
    forcing = saved.forcing
    inputsChangedAt = saved.inputsChangedAt
    lastCycleBeganPending = saved.lastCycleBeganPending
    return DRAI_OK
  }
}
