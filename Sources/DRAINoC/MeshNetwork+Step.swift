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
    for r in buffered.indices where buffered[r] > 0 { allocate(router: r, linkDelay: linkDelay) }
    now += 1
  }

  /// Injects the next flit of the front packet of source queue `q` (endpoint `r`), if the queue
  /// has one and the buffer it enters has room, and returns whether it did. A tile's flit enters
  /// its router's local input; an I/O port's flit crosses its link (link latency) into the edge
  /// router's input, on a credit. The other class gets the next turn after a tail flit, or after
  /// every flit when `interleave`.
  @inline(__always)
  mutating func inject(queue q: Int, router r: Int, routerDelay: UInt64, interleave: Bool) -> Bool {
    guard let front = sources[q].first else { return false }
    let c = ScalarConfiguration(configuration), v = c.virtualChannels
    let id = Int(front)
    let vc = c.separateClasses ? (id % (v / 2)) * 2 + packets[id].packetClass.rawValue : id % v
    let k = Int(sourceNextFlit[q]), p = packets[id]
    let flit = Flit(packet: Int32(id), destination: Int32(p.destination), isHead: k == 0,
                    isTail: k == p.flits - 1, packetClass: UInt8(p.packetClass.rawValue), ready: now + routerDelay)
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
      arrivals[Int((now + UInt64(c.linkLatency)) % UInt64(arrivals.count))].append((Int32(input), flit))
      flitsOnLinks += 1
      linkFlits[router * 4 + side] += 1
    }
    injectedFlits += 1
    if k == p.flits - 1 {
      sources[q].removeFirst()
      sourceQueued[r] -= 1
      sourceNextFlit[q] = 0
    } else {
      sourceNextFlit[q] += 1
    }
    if interleave || k == p.flits - 1 { sourceTurn[r] = UInt8(1 - q % 2) }  // the other class goes first next time
    return true
  }

  /// Switch allocation of one router: each output port grants one ready flit, round-robin over
  /// the input virtual channels; each input port sends at most one flit. Only this router's
  /// state and departures that arrive in a later cycle are touched.
  mutating func allocate(router r: Int, linkDelay: UInt64) {
    let c = ScalarConfiguration(configuration), v = c.virtualChannels, candidates = 5 * v
    let x = r % c.columns, y = r / c.columns
    // Route computation: the ready front flits (their input VC, ascending) and the output port
    // each asks for. Usually only a few of the 5·V input VCs have one.
    withUnsafeTemporaryAllocation(of: (cand: Int8, out: Int8).self, capacity: candidates) { list in
      var m = 0
      var wanted: UInt8 = 0  // bit o: some input asks for output o
      for cand in 0..<candidates {
        let idx = r * candidates + cand
        guard let flit = front(idx), flit.ready <= now else { continue }
        var out = Int(inputOutputPort[idx])
        if out < 0 {
          let d = Int(endpointRouter[Int(flit.destination)])
          out = c.routing.port(x: x, y: y, dx: d % c.columns, dy: d / c.columns).rawValue
          if out == Port.local.rawValue { out = Int(endpointExit[Int(flit.destination)]) }
        }
        list[m] = (Int8(cand), Int8(out))
        m += 1
        wanted |= 1 << out
      }
      var inputUsed: UInt8 = 0
      defer { blockedFlitCycles += UInt64(m - inputUsed.nonzeroBitCount) }
      for o in 0..<5 where wanted & (1 << o) != 0 {
        // Round-robin: the requests from input VC `start` upwards first, then those below it.
        let start = Int(roundRobin[r * 5 + o])
        for k in 0..<(2 * m) {
          let entry = list[k < m ? k : k - m]
          let cand = Int(entry.cand)
          guard entry.out == Int8(o), (k < m) == (cand >= start) else { continue }
          let p = cand / v, vc = cand % v
          if inputUsed & (1 << p) != 0 { continue }
          let idx = r * candidates + cand
          let flit = front(idx)!
          var outVC = Int(inputOutputVC[idx])
          // Leaving the chip through an I/O port: the off-chip interface always accepts.
          let exits = o == Port.local.rawValue || ioAt[r * 4 + o] >= 0
          if !exits {
            if outVC < 0 {
              let k = PacketClass(rawValue: Int(flit.packetClass))!
              guard let free = (0..<v).first(where: {
                allows($0, k) && outputOwner[(r * 5 + o) * v + $0] < 0 && credits[(r * 5 + o) * v + $0] > 0
              })
              else { continue }
              outVC = free
            }
            guard credits[(r * 5 + o) * v + outVC] > 0 else { continue }
          } else {
            outVC = 0
          }
        // Grant.
        pop(idx)
        buffered[r] -= 1
        inputUsed |= 1 << p
        roundRobin[r * 5 + o] = Int32((cand + 1) % candidates)
        flitHops += 1
        if flit.isHead {
          inputOutputPort[idx] = Int8(o)
          inputOutputVC[idx] = Int8(outVC)
          if !exits { outputOwner[(r * 5 + o) * v + outVC] = Int32(idx) }
        }
        if o == Port.local.rawValue {
          ejectedFlits += 1
          if flit.isTail { deliver(flit.packet, at: now); deliveredInLastCycle.append(flit.packet) }
        } else if exits {
          // Out through the I/O link: delivered to the off-chip interface a link latency later.
          ejectedFlits += 1
          ioExitFlits += 1
          linkFlits[r * 4 + o] += 1
          if flit.isTail { deliver(flit.packet, at: now + linkDelay) }
        } else {
          credits[(r * 5 + o) * v + outVC] -= 1
          let downstream = neighbour(r, Port(rawValue: o)!)!
          let input = (downstream * 5 + Port(rawValue: o)!.opposite.rawValue) * v + outVC
          arrivals[Int((now + linkDelay) % UInt64(arrivals.count))].append((Int32(input), flit))
          flitsOnLinks += 1
          linkFlits[r * 4 + o] += 1
        }
        if flit.isTail {
          inputOutputPort[idx] = -1
          inputOutputVC[idx] = -1
          if !exits { outputOwner[(r * 5 + o) * v + outVC] = -1 }
        }
        if p != Port.local.rawValue {
          let slot = Int((now + linkDelay) % UInt64(creditArrivals.count))
          if let upstream = neighbour(r, Port(rawValue: p)!) {
            let q = Port(rawValue: p)!.opposite.rawValue
            creditArrivals[slot].append(Int32((upstream * 5 + q) * v + vc))
          } else {
            // The flit came in from an I/O port: its credit goes back to the off-chip source.
            creditArrivals[slot].append(Int32(ioCreditBase + Int(ioAt[r * 4 + p]) * v + vc))
          }
        }
        break
      }
    }
    }
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
}
