extension MeshNetwork {
  /// Stage 3 of a cycle: switch allocation and traversal in every router with buffered flits,
  /// in router order (``allocate(router:_:_:)``).
  ///
  /// The routers' arrays are lent once per cycle as pointers (a write through an array checks
  /// its uniqueness and bounds every time); what a grant sends elsewhere (a flit onto a link, a
  /// credit back, a delivery) is collected in this cycle's timing-wheel slots and in a list of
  /// deliveries applied after the loop, in grant order. Results are those of granting one
  /// router at a time.
  /// - Complexity: O(10·V) per router with buffered flits, plus O(1) per granted flit.
  mutating func allocateRouters(linkDelay: UInt64) {
    let c = ScalarConfiguration(configuration)
    let slot = Int((now + linkDelay) % UInt64(arrivals.count))
    var departures = AllocationDepartures(
      links: arrivals[slot], credits: creditArrivals[slot], deliveries: allocationDeliveries)
    // Moved out for the loop (the arrays are put back below), so that appends do not copy.
    arrivals[slot] = []
    creditArrivals[slot] = []
    allocationDeliveries = []
    departures.deliveries.removeAll(keepingCapacity: true)
    let ioCreditBase = ioCreditBase, now = now
    bufferSlots.withUnsafeMutableBufferPointer { slots in
      bufferHead.withUnsafeMutableBufferPointer { head in
        bufferCount.withUnsafeMutableBufferPointer { count in
          inputOutputPort.withUnsafeMutableBufferPointer { outPort in
            inputOutputVC.withUnsafeMutableBufferPointer { outVC in
              outputOwner.withUnsafeMutableBufferPointer { owner in
                credits.withUnsafeMutableBufferPointer { credit in
                  roundRobin.withUnsafeMutableBufferPointer { turn in
                    buffered.withUnsafeMutableBufferPointer { held in
                      linkFlits.withUnsafeMutableBufferPointer { link in
                        ioAt.withUnsafeBufferPointer { io in
                          endpointRouter.withUnsafeBufferPointer { router in
                            endpointExit.withUnsafeBufferPointer { exit in
                              let state = RouterArrays(
                                slots: slots.baseAddress!, head: head.baseAddress!, count: count.baseAddress!,
                                outPort: outPort.baseAddress!, outVC: outVC.baseAddress!, owner: owner.baseAddress!,
                                credits: credit.baseAddress!, roundRobin: turn.baseAddress!, buffered: held.baseAddress!,
                                linkFlits: link.baseAddress!, ioAt: io.baseAddress!, endpointRouter: router.baseAddress!,
                                endpointExit: exit.baseAddress!, depth: c.bufferFlits, ioCreditBase: ioCreditBase)
                              for r in 0..<c.routers where state.buffered[r] > 0 {
                                Self.allocate(router: r, state, c, now: now, linkDelay: linkDelay, &departures)
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    arrivals[slot] = departures.links
    creditArrivals[slot] = departures.credits
    flitHops += departures.flitHops
    ejectedFlits += departures.ejectedFlits
    ioExitFlits += departures.ioExitFlits
    flitsOnLinks += departures.flitsOnLinks
    blockedFlitCycles += departures.blockedFlitCycles
    for d in departures.deliveries {
      deliver(d.packet, at: d.cycle)
      if d.local { deliveredInLastCycle.append(d.packet) }
    }
    allocationDeliveries = departures.deliveries
  }

  /// Switch allocation of one router: each output port grants one ready flit, round-robin over
  /// the input virtual channels; each input port sends at most one flit. Only this router's
  /// state and departures that arrive in a later cycle are touched.
  @inline(__always)
  static func allocate(
    router r: Int, _ a: RouterArrays, _ c: ScalarConfiguration, now: UInt64, linkDelay: UInt64,
    _ out: inout AllocationDepartures
  ) {
    let v = c.virtualChannels, candidates = 5 * v
    let x = r % c.columns, y = r / c.columns
    // Route computation: the ready front flits (their input VC, ascending) and the output port
    // each asks for. Usually only a few of the 5·V input VCs have one.
    withUnsafeTemporaryAllocation(of: (cand: Int8, out: Int8).self, capacity: candidates) { list in
      var m = 0
      var wanted: UInt8 = 0  // bit o: some input asks for output o
      for cand in 0..<candidates {
        let idx = r * candidates + cand
        guard a.count[idx] > 0 else { continue }
        let flit = a.front(idx)
        guard flit.ready <= now else { continue }
        var port = Int(a.outPort[idx])
        if port < 0 {
          let d = Int(a.endpointRouter[Int(flit.destination)])
          port = c.routing.port(x: x, y: y, dx: d % c.columns, dy: d / c.columns).rawValue
          if port == Port.local.rawValue { port = Int(a.endpointExit[Int(flit.destination)]) }
        }
        list[m] = (Int8(cand), Int8(port))
        m += 1
        wanted |= 1 << port
      }
      var inputUsed: UInt8 = 0
      defer { out.blockedFlitCycles += UInt64(m - inputUsed.nonzeroBitCount) }
      for o in 0..<5 where wanted & (1 << o) != 0 {
        // Round-robin: the requests from input VC `start` upwards first, then those below it.
        let start = Int(a.roundRobin[r * 5 + o])
        for k in 0..<(2 * m) {
          let entry = list[k < m ? k : k - m]
          let cand = Int(entry.cand)
          guard entry.out == Int8(o), (k < m) == (cand >= start) else { continue }
          let p = cand / v, vc = cand % v
          if inputUsed & (1 << p) != 0 { continue }
          let idx = r * candidates + cand
          let flit = a.front(idx)
          var outVC = Int(a.outVC[idx])
          let output = (r * 5 + o) * v
          // Leaving the chip through an I/O port: the off-chip interface always accepts.
          let exits = o == Port.local.rawValue || a.ioAt[r * 4 + o] >= 0
          if !exits {
            if outVC < 0 {
              let k = Int(flit.packetClass)
              guard let free = (0..<v).first(where: {
                (!c.separateClasses || $0 % 2 == k) && a.owner[output + $0] < 0 && a.credits[output + $0] > 0
              })
              else { continue }
              outVC = free
            }
            guard a.credits[output + outVC] > 0 else { continue }
          } else {
            outVC = 0
          }
          // Grant.
          a.pop(idx)
          a.buffered[r] -= 1
          inputUsed |= 1 << p
          a.roundRobin[r * 5 + o] = Int32((cand + 1) % candidates)
          out.flitHops += 1
          if flit.isHead {
            a.outPort[idx] = Int8(o)
            a.outVC[idx] = Int8(outVC)
            if !exits { a.owner[output + outVC] = Int32(idx) }
          }
          if o == Port.local.rawValue {
            out.ejectedFlits += 1
            if flit.isTail { out.deliveries.append(.init(packet: flit.packet, cycle: now, local: true)) }
          } else if exits {
            // Out through the I/O link: delivered to the off-chip interface a link latency later.
            out.ejectedFlits += 1
            out.ioExitFlits += 1
            a.linkFlits[r * 4 + o] += 1
            if flit.isTail { out.deliveries.append(.init(packet: flit.packet, cycle: now + linkDelay, local: false)) }
          } else {
            a.credits[output + outVC] -= 1
            let port = Port(rawValue: o)!
            let downstream = c.neighbour(r, port)!
            let input = (downstream * 5 + port.opposite.rawValue) * v + outVC
            out.links.append(LinkArrival(input: Int32(input), flit: flit))
            out.flitsOnLinks += 1
            a.linkFlits[r * 4 + o] += 1
          }
          if flit.isTail {
            a.outPort[idx] = -1
            a.outVC[idx] = -1
            if !exits { a.owner[output + outVC] = -1 }
          }
          if p != Port.local.rawValue {
            let inPort = Port(rawValue: p)!
            if let upstream = c.neighbour(r, inPort) {
              out.credits.append(Int32((upstream * 5 + inPort.opposite.rawValue) * v + vc))
            } else {
              // The flit came in from an I/O port: its credit goes back to the off-chip source.
              out.credits.append(Int32(a.ioCreditBase + Int(a.ioAt[r * 4 + p]) * v + vc))
            }
          }
          break
        }
      }
    }
  }
}

/// The routers' arrays of a ``MeshNetwork``, lent as pointers for one cycle's allocation
/// (indices as in the network: input buffer (router·5 + port)·V + vc, and so on).
struct RouterArrays {
  let slots: UnsafeMutablePointer<Flit>, head: UnsafeMutablePointer<Int32>, count: UnsafeMutablePointer<Int32>
  let outPort: UnsafeMutablePointer<Int8>, outVC: UnsafeMutablePointer<Int8>, owner: UnsafeMutablePointer<Int32>
  let credits: UnsafeMutablePointer<Int32>, roundRobin: UnsafeMutablePointer<Int32>, buffered: UnsafeMutablePointer<Int32>
  let linkFlits: UnsafeMutablePointer<UInt64>
  let ioAt: UnsafePointer<Int32>, endpointRouter: UnsafePointer<Int32>, endpointExit: UnsafePointer<Int8>
  /// Flits per input buffer, and the first credit index of the I/O ports.
  let depth: Int, ioCreditBase: Int

  /// The front flit of input buffer `b`. Precondition: not empty.
  @inline(__always) func front(_ b: Int) -> Flit { slots[b * depth + Int(head[b])] }

  /// Removes the front flit of input buffer `b`. Precondition: not empty.
  @inline(__always) func pop(_ b: Int) {
    head[b] = (head[b] + 1) % Int32(depth)
    count[b] -= 1
  }
}

/// What one cycle's allocation sends out of the routers: flits onto links and credits back
/// (both arriving a link latency later), deliveries in grant order, and the counters.
struct AllocationDepartures {
  var links: [LinkArrival]
  var credits: [Int32]
  var deliveries: [AllocationDelivery]
  var flitHops: UInt64 = 0, ejectedFlits: UInt64 = 0, ioExitFlits: UInt64 = 0, blockedFlitCycles: UInt64 = 0
  var flitsOnLinks = 0
}

/// A packet whose tail left the network in this cycle's allocation: delivered at `cycle`
/// (now, or a link latency later through an I/O port); `local` if it left to a tile.
struct AllocationDelivery: Codable {
  var packet: Int32
  var cycle: UInt64
  var local: Bool
}
