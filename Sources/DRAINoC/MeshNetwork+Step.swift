import DRAICore
import DequeModule

extension MeshNetwork {
  /// Simulates `cycles` cycles (see the cycle order on ``MeshNetwork``).
  /// - Complexity: O(links + routers with buffered flits × 25·V) per cycle.
  public mutating func run(cycles: UInt64) {
    for _ in 0..<cycles { step() }
  }

  /// One cycle.
  mutating func step() {
    let c = configuration, v = c.virtualChannels
    let routerDelay = UInt64(c.routerLatency), linkDelay = UInt64(c.linkLatency)
    // 1. Link arrivals and returning credits.
    for l in links.indices where !links[l].isEmpty {
      while let front = links[l].first, front.arrival <= now {
        links[l].removeFirst()
        let downstream = neighbour(l / 4, Port(rawValue: l % 4)!)!
        var flit = front.flit
        flit.ready = now + routerDelay
        inputs[(downstream * 5 + Port(rawValue: l % 4)!.opposite.rawValue) * v + Int(front.vc)].append(flit)
        buffered[downstream] += 1
      }
    }
    for r in creditReturns.indices where !creditReturns[r].isEmpty {
      while let front = creditReturns[r].first, front.arrival <= now {
        creditReturns[r].removeFirst()
        credits[Int(front.index)] += 1
      }
    }
    // 2. Injection: one flit per source per cycle into its local input (VC = packet mod V).
    for r in sources.indices where !sources[r].isEmpty {
      let id = Int(sources[r].first!)
      let vc = id % v
      let local = (r * 5 + Port.local.rawValue) * v + vc
      guard inputs[local].count < c.bufferFlits else { continue }
      let k = Int(sourceNextFlit[r]), p = packets[id]
      inputs[local].append(Flit(packet: Int32(id), destination: Int32(p.destination), isHead: k == 0,
                                isTail: k == p.flits - 1, ready: now + routerDelay))
      buffered[r] += 1
      injectedFlits += 1
      if k == p.flits - 1 { sources[r].removeFirst(); sourceNextFlit[r] = 0 } else { sourceNextFlit[r] += 1 }
    }
    // 3. Allocation and switch traversal in routers with buffered flits.
    for r in buffered.indices where buffered[r] > 0 { allocate(router: r, linkDelay: linkDelay) }
    now += 1
  }

  /// Switch allocation of one router: each output port grants one ready flit, round-robin over
  /// the input virtual channels; each input port sends at most one flit. Only this router's
  /// state and departures that arrive in a later cycle are touched.
  mutating func allocate(router r: Int, linkDelay: UInt64) {
    let c = configuration, v = c.virtualChannels, candidates = 5 * v
    let x = r % c.columns, y = r / c.columns
    var inputUsed: UInt8 = 0
    for o in 0..<5 {
      let start = Int(roundRobin[r * 5 + o])
      for k in 0..<candidates {
        let cand = (start + k) % candidates
        let p = cand / v, vc = cand % v
        if inputUsed & (1 << p) != 0 { continue }
        let idx = (r * 5 + p) * v + vc
        guard let flit = inputs[idx].first, flit.ready <= now else { continue }
        var out = Int(inputOutputPort[idx])
        if out < 0 {
          let d = Int(flit.destination)
          out = c.routing.port(x: x, y: y, dx: d % c.columns, dy: d / c.columns).rawValue
        }
        guard out == o else { continue }
        var outVC = Int(inputOutputVC[idx])
        if o != Port.local.rawValue {
          if outVC < 0 {
            guard let free = (0..<v).first(where: { outputOwner[(r * 5 + o) * v + $0] < 0 && credits[(r * 5 + o) * v + $0] > 0 })
            else { continue }
            outVC = free
          }
          guard credits[(r * 5 + o) * v + outVC] > 0 else { continue }
        } else {
          outVC = 0
        }
        // Grant.
        inputs[idx].removeFirst()
        buffered[r] -= 1
        inputUsed |= 1 << p
        roundRobin[r * 5 + o] = Int32((cand + 1) % candidates)
        flitHops += 1
        if flit.isHead {
          inputOutputPort[idx] = Int8(o)
          inputOutputVC[idx] = Int8(outVC)
          if o != Port.local.rawValue { outputOwner[(r * 5 + o) * v + outVC] = Int32(idx) }
        }
        if o == Port.local.rawValue {
          ejectedFlits += 1
          if flit.isTail { packets[Int(flit.packet)].delivered = now }
        } else {
          credits[(r * 5 + o) * v + outVC] -= 1
          links[r * 4 + o].append((flit, Int8(outVC), now + linkDelay))
          linkFlits[r * 4 + o] += 1
        }
        if flit.isTail {
          inputOutputPort[idx] = -1
          inputOutputVC[idx] = -1
          if o != Port.local.rawValue { outputOwner[(r * 5 + o) * v + outVC] = -1 }
        }
        if p != Port.local.rawValue, let upstream = neighbour(r, Port(rawValue: p)!) {
          let q = Port(rawValue: p)!.opposite.rawValue
          creditReturns[upstream].append((Int32((upstream * 5 + q) * v + vc), now + linkDelay))
        }
        break
      }
    }
  }
}
