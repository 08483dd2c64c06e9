import DRAICore
import DequeModule

extension MeshNetwork {
  /// Simulates `cycles` cycles (see the cycle order on ``MeshNetwork``).
  /// - Complexity: per cycle, O(routers) to find busy routers and sources, plus O(10·V) per
  ///   router with buffered flits and O(1) per flit or credit arriving; idle links cost nothing.
  public mutating func run(cycles: UInt64) {
    for _ in 0..<cycles { step() }
  }

  /// Simulates one cycle; afterwards ``deliveredInLastCycle`` lists the packets delivered in it.
  public mutating func step() {
    let c = ScalarConfiguration(configuration), v = c.virtualChannels
    let routerDelay = UInt64(c.routerLatency), linkDelay = UInt64(c.linkLatency)
    // 1. Link arrivals and returning credits (this cycle's timing-wheel slots).
    let slot = Int(now % UInt64(arrivals.count))
    if !arrivals[slot].isEmpty {
      for a in arrivals[slot] {
        var flit = a.flit
        flit.ready = now + routerDelay
        push(Int(a.input), flit)
        buffered[Int(a.input) / (5 * v)] += 1
      }
      flitsOnLinks -= arrivals[slot].count
      arrivals[slot].removeAll(keepingCapacity: true)
    }
    if !creditArrivals[slot].isEmpty {
      for index in creditArrivals[slot] { credits[Int(index)] += 1 }
      creditArrivals[slot].removeAll(keepingCapacity: true)
    }
    // 2. Injection: one flit per source per cycle into its local input (VC = packet mod V, or,
    //    with separate classes, the class's VCs in turn). The two class queues of a source take
    //    turns. With separate classes they use different VCs, so their packets' flits may
    //    interleave and the turn passes after every flit; otherwise a wormhole packet keeps the
    //    port until its tail is in. The queue whose turn it is goes first, the other one only
    //    if the first cannot.
    if !deliveredInLastCycle.isEmpty { deliveredInLastCycle.removeAll(keepingCapacity: true) }
    if !deliveredSlots.isEmpty {
      freeSlots.append(contentsOf: deliveredSlots)
      deliveredSlots.removeAll(keepingCapacity: true)
    }
    let interleave = c.separateClasses
    for r in 0..<c.endpoints where sourceQueued[r] > 0 {
      let q0 = r * 2, q1 = q0 + 1
      var order: (Int, Int)
      if !interleave && sourceNextFlit[q0] > 0 { order = (q0, -1) }
      else if !interleave && sourceNextFlit[q1] > 0 { order = (q1, -1) }
      else { order = sourceTurn[r] == 0 ? (q0, q1) : (q1, q0) }
      if !inject(queue: order.0, router: r, routerDelay: routerDelay, interleave: interleave)
        && (order.1 < 0 || !inject(queue: order.1, router: r, routerDelay: routerDelay, interleave: interleave)) {
        sourceStallCycles += 1
      }
    }
    // 3. Allocation and switch traversal in routers with buffered flits.
    allocateRouters(linkDelay: linkDelay)
    now += 1
  }

  /// Injects the next flit of the front packet of source queue `q` (endpoint `r`), if the queue
  /// has one and the buffer it enters has room, and returns whether it did. A tile's flit enters
  /// its router's local input; an I/O port's flit crosses its link (link latency) into the edge
  /// router's input, on a credit. The other class gets the next turn after a tail flit, or after
  /// every flit when `interleave`.
  @inline(__always)
  mutating func inject(queue q: Int, router r: Int, routerDelay: UInt64, interleave: Bool) -> Bool {
    guard let p = sources[q].first else { return false }
    let c = ScalarConfiguration(configuration), v = c.virtualChannels
    let id = Int(p.id), flits = Int(p.flits)
    let vc = c.separateClasses ? (id % (v / 2)) * 2 + Int(p.packetClass) : id % v
    let k = Int(sourceNextFlit[q])
    let flit = Flit(packet: p.id, destination: p.destination, isHead: k == 0,
                    isTail: k == flits - 1, packetClass: p.packetClass, ready: now + routerDelay)
    if r < c.routers {
      let local = (r * 5 + Port.local.rawValue) * v + vc
      guard Int(bufferCount[local]) < c.bufferFlits else { return false }
      push(local, flit)
      buffered[r] += 1
    } else {
      let credit = ioCreditBase + (r - c.routers) * v + vc
      guard credits[credit] > 0 else { return false }
      credits[credit] -= 1
      let router = Int(endpointRouter[r]), side = Int(endpointExit[r])
      let input = (router * 5 + side) * v + vc
      arrivals[Int((now + UInt64(c.linkLatency)) % UInt64(arrivals.count))].append(LinkArrival(input: Int32(input), flit: flit))
      flitsOnLinks += 1
      linkFlits[router * 4 + side] += 1
    }
    injectedFlits += 1
    if k == flits - 1 {
      sources[q].removeFirst()
      sourceQueued[r] -= 1
      sourceNextFlit[q] = 0
    } else {
      sourceNextFlit[q] += 1
    }
    if interleave || k == flits - 1 { sourceTurn[r] = UInt8(1 - q % 2) }  // the other class goes first next time
    return true
  }

}

/// The scalar fields of a ``MeshConfiguration``, copied into the hot loops without its I/O port
/// list (copying the whole configuration retains and releases that array on every call).
struct ScalarConfiguration {
  let rows: Int, columns: Int, virtualChannels: Int, bufferFlits: Int, routerLatency: Int, linkLatency: Int
  let routing: RoutingFunction
  let separateClasses: Bool
  let routers: Int, endpoints: Int

  @inline(__always) init(_ c: MeshConfiguration) {
    rows = c.rows
    columns = c.columns
    virtualChannels = c.virtualChannels
    bufferFlits = c.bufferFlits
    routerLatency = c.routerLatency
    linkLatency = c.linkLatency
    routing = c.routing
    separateClasses = c.separateClasses
    routers = c.routers
    endpoints = c.endpoints
  }

  /// The neighbour of `router` through `port` (not local), or nil at the mesh edge.
  @inline(__always) func neighbour(_ router: Int, _ port: Port) -> Int? {
    let x = router % columns, y = router / columns
    switch port {
    case .north: return y > 0 ? router - columns : nil
    case .south: return y < rows - 1 ? router + columns : nil
    case .west: return x > 0 ? router - 1 : nil
    case .east: return x < columns - 1 ? router + 1 : nil
    case .local: return nil
    }
  }
}
