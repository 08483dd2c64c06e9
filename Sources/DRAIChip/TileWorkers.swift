#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A pool of threads that run one job at a time on disjoint parts of the chip: the calling
/// thread is worker 0, the pool's threads are workers 1 ..< count. ``perform(_:)`` hands every
/// worker the same job and returns when all have finished it, so a chip cycle costs two
/// barrier crossings (start and end) and no allocation.
///
/// Workers wait by spinning on an atomic generation counter, yielding the processor after a
/// while (a loaded machine makes pure spinning slow). The pool lives for one
/// ``Chip/run(cycles:)`` call; ``shutDown()`` joins its threads.
final class TileWorkers: @unchecked Sendable {
  /// Workers, the calling thread included.
  private(set) var count: Int
  /// Which tiles each worker steps: worker w takes `tileBoundaries[w] ..< tileBoundaries[w + 1]`
  /// (count + 1 entries, set by the chip that owns the pool).
  var tileBoundaries: [Int] = []
  /// The job of the current generation, called with the worker's index.
  private var job: ((Int) -> Void)?
  private let generation = Atomic<Int>(0)
  private let finished = Atomic<Int>(0)
  private let stopping = Atomic<Bool>(false)
  private var threads: [pthread_t] = []

  /// Starts up to `count − 1` threads, or nil when not even one could be started (the system's
  /// thread limit): the chip then runs on the calling thread alone, with the same results.
  init?(count requested: Int) {
    var started: [pthread_t] = []
    count = 0
    for w in 1..<Swift.max(requested, 1) {
      let context = Unmanaged.passRetained(WorkerContext(pool: self, index: w)).toOpaque()
      var thread = pthread_t()
      let rc = pthread_create(&thread, nil, { raw in
        let c = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
        c.pool.loop(worker: c.index)
        return nil
      }, context)
      guard rc == 0 else {
        Unmanaged<WorkerContext>.fromOpaque(context).release()
        break
      }
      started.append(thread)
    }
    threads = started
    count = started.count + 1
    if count < 2 { return nil }
  }

  /// Runs `body(w)` on every worker w (0 on the calling thread) and waits for all.
  func perform(_ body: @escaping (Int) -> Void) {
    job = body
    finished.store(0, ordering: .relaxed)
    generation.add(1, ordering: .releasing)
    body(0)
    var spins = 0
    while finished.load(ordering: .acquiring) < count - 1 { spins = Self.pause(spins) }
    job = nil
  }

  /// Stops and joins the threads.
  func shutDown() {
    stopping.store(true, ordering: .releasing)
    generation.add(1, ordering: .releasing)
    for t in threads { pthread_join(t, nil) }
    threads.removeAll()
  }

  private func loop(worker w: Int) {
    var seen = 0
    while true {
      var spins = 0
      while generation.load(ordering: .acquiring) == seen { spins = Self.pause(spins) }
      seen += 1
      if stopping.load(ordering: .acquiring) { return }
      job!(w)
      finished.add(1, ordering: .releasing)
    }
  }

  /// One step of a wait: spin a while, then yield the processor.
  @inline(__always) private static func pause(_ spins: Int) -> Int {
    if spins > 2_000 { sched_yield() }
    return spins &+ 1
  }
}

private final class WorkerContext {
  let pool: TileWorkers
  let index: Int
  init(pool: TileWorkers, index: Int) { self.pool = pool; self.index = index }
}
