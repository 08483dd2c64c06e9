import CDRAI
import Foundation

/// The live handles of one kind that the C ABI has handed out, by token.
///
/// A `drai_chip *` or `drai_workload *` is a token, not the object's address: its low 24 bits
/// are a slot + 1, the next 32 the slot's generation (bumped when the handle is destroyed), the
/// top 8 the kind. A destroyed, never-created or other-kind handle therefore finds nothing, and
/// the call returns `DRAI_ERR_HANDLE` instead of reading freed memory. Every lookup takes a
/// lock: handles of different chips may be used from different threads.
///
/// This is process-wide state by nature (like a file-descriptor table); the model has none.
final class HandleTable<Object: AnyObject>: @unchecked Sendable {
  private struct Slots {
    var objects: [Object?] = []
    var generations: [UInt32] = []
    var free: [Int] = []
  }
  /// Guarded by `lock` (the objects are not Sendable, so a lock around plain storage rather
  /// than a Mutex, whose value must be sendable).
  private var slots = Slots()
  private let lock = NSLock()
  private let kind: UInt64

  /// A table whose tokens carry `kind` (1...255) in their top byte.
  init(kind: UInt8) { self.kind = UInt64(kind) << 56 }

  /// Registers `object` and returns its token (never NULL). Precondition: fewer than 2^24 − 1
  /// live handles of this kind.
  func insert(_ object: Object) -> OpaquePointer {
    lock.withLock {
      let slot: Int
      if let reused = slots.free.popLast() {
        slot = reused
        slots.objects[slot] = object
      } else {
        precondition(slots.objects.count < (1 << 24) - 1, "too many live handles")
        slot = slots.objects.count
        slots.objects.append(object)
        slots.generations.append(0)
      }
      let token = kind | UInt64(slots.generations[slot]) << 24 | UInt64(slot + 1)
      return OpaquePointer(bitPattern: UInt(token))!
    }
  }

  /// The object of a live token, or nil (NULL, destroyed, never handed out, another kind).
  func lookup(_ token: OpaquePointer?) -> Object? {
    guard let (slot, generation) = decode(token) else { return nil }
    return lock.withLock {
      slot < slots.objects.count && slots.generations[slot] == generation ? slots.objects[slot] : nil
    }
  }

  /// Ends a live token's life and returns its object, or nil if it was not live.
  func remove(_ token: OpaquePointer) -> Object? {
    guard let (slot, generation) = decode(token) else { return nil }
    return lock.withLock {
      guard slot < slots.objects.count && slots.generations[slot] == generation, let object = slots.objects[slot] else { return nil }
      slots.objects[slot] = nil
      slots.generations[slot] &+= 1
      slots.free.append(slot)
      return object
    }
  }

  /// The slot and generation of a token of this kind, or nil.
  private func decode(_ token: OpaquePointer?) -> (Int, UInt32)? {
    guard let token else { return nil }
    let bits = UInt64(UInt(bitPattern: token))
    guard bits & (0xff << 56) == kind, bits & 0xff_ffff != 0 else { return nil }
    return (Int(bits & 0xff_ffff) - 1, UInt32(truncatingIfNeeded: bits >> 24))
  }
}

/// The chips handed out by `drai_chip_create_*`.
let chipHandles = HandleTable<ChipHandle>(kind: 0x1c)
/// The workloads handed out by `drai_workload_create_from_path`.
let workloadHandles = HandleTable<WorkloadHandle>(kind: 0x2d)

/// The status for a handle argument that found no object: `DRAI_ERR_NULL` for NULL, else
/// `DRAI_ERR_HANDLE` (destroyed, never created, or another kind of handle).
func handleError(_ token: OpaquePointer?) -> Int32 { token == nil ? DRAI_ERR_NULL : DRAI_ERR_HANDLE }
