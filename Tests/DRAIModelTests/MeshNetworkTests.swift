import DRAICore
import DRAIEnergy
import DRAINoC
import Testing

@Suite struct MeshNetworkTests {
  @Test("Zero-load latency = H·(router + link) + router + (F − 1)", arguments: [(2, 2), (4, 4), (8, 8), (3, 5)])
  func zeroLoad(rows: Int, columns: Int) {
    // Buffers of 16 flits exceed the credit round trip (router + 2·link ≤ 7 cycles here), so a
    // lone packet streams one flit per cycle and only serialisation adds to the head latency.
    for (router, link) in [(1, 1), (2, 1), (3, 2)] {
      for flits in [1, 4] {
        let c = MeshConfiguration(rows: rows, columns: columns, bufferFlits: 16, routerLatency: router, linkLatency: link)
        for (s, d) in [(0, rows * columns - 1), (rows * columns - 1, 0), (columns - 1, (rows - 1) * columns), (0, 0 + min(1, columns - 1))] where s != d {
          var net = MeshNetwork(configuration: c)
          net.send(from: s, to: d, flits: flits)
          net.run(cycles: 200)
          let p = net.packets[0]
          let h = abs(s % columns - d % columns) + abs(s / columns - d / columns)
          #expect(p.hops == h)
          #expect(net.blockedFlitCycles == 0 && net.sourceStallCycles == 0)  // alone in the network: no contention
          #expect(p.delivered.map { Int($0 - p.created) } == h * (router + link) + router + flits - 1,
                  "\(rows)x\(columns) \(s)->\(d) R\(router) L\(link) F\(flits)")
        }
      }
    }
  }

  @Test("Router occupancy follows a lone flit along its XY route: R cycles in each router's buffers", arguments: [1, 2, 3])
  func occupancy(routerLatency: Int) {
    // 2x2 mesh, router 0 (row 0, column 0) to router 3 (row 1, column 1): dimension order goes
    // east first, so the flit is buffered in routers 0, 1, 3, R cycles in each (the zero-load
    // latency h·(R + L) + R is (h + 1)·R in buffers and h·L on links).
    let c = MeshConfiguration(rows: 2, columns: 2, bufferFlits: 16, routerLatency: routerLatency, linkLatency: 1)
    var net = MeshNetwork(configuration: c)
    #expect(net.routerOccupancyFlits == [0, 0, 0, 0])
    net.send(from: 0, to: 3, flits: 1)
    var visited: [Int] = [], occupiedCycles = 0
    for _ in 0..<30 {
      net.step()
      let o = net.routerOccupancyFlits
      #expect(o.reduce(0, +) <= 1)
      if let r = o.firstIndex(of: 1) {
        occupiedCycles += 1
        if visited.last != r { visited.append(r) }
      }
    }
    #expect(visited == [0, 1, 3])
    #expect(occupiedCycles == 3 * routerLatency)
    #expect(net.routerOccupancyFlits == [0, 0, 0, 0] && net.packets[0].delivered != nil)
  }

  @Test("Conservation: injected = ejected + in network; every packet delivered after a drain; no deadlock", arguments: TrafficPattern.allCases)
  func conservation(pattern: TrafficPattern) {
    for routing in RoutingFunction.allCases {
      let c = MeshConfiguration(rows: 4, columns: 4, virtualChannels: 2, bufferFlits: 4, routing: routing)
      var net = MeshNetwork(configuration: c)
      var rng = SeededRNG(seed: 3, stream: "conservation")
      for _ in 0..<2000 {  // overload: 0.9 flits/node/cycle offered
        for s in 0..<16 where rng.nextUnit() < 0.9 / 3 {
          if let d = pattern.destination(from: s, mesh: c, rng: &rng) { net.send(from: s, to: d, flits: 3) }
        }
        net.run(cycles: 1)
        #expect(net.injectedFlits == net.ejectedFlits + UInt64(net.flitsInNetwork))
      }
      net.run(cycles: 200_000)  // drain: without deadlock everything arrives
      #expect(net.packetsInFlight == 0)
      let delivered = net.packets.reduce(0) { $0 + $1.flits }
      #expect(net.ejectedFlits == UInt64(delivered))  // each flit ejected exactly once
    }
  }

  @Test("8×8 uniform XY: accepted ≤ 4/k = 0.5, saturating in 0.35...0.5; below saturation accepted = offered")
  func throughput() {
    let c = MeshConfiguration(rows: 8, columns: 8, virtualChannels: 2, bufferFlits: 8)
    // Channel-load bound for uniform traffic on a k×k mesh: 4/k flits/node/cycle (Dally & Towles §3.3).
    let saturated = NoCExperiment.run(mesh: c, pattern: .uniform, rate: 0.9, packetFlits: 4, warmup: 2000, cycles: 4000, seed: 1)
    #expect(saturated.acceptedRate <= 0.5)
    #expect(saturated.acceptedRate >= 0.35)
    // 0.2 offered: ~16 000 packets in the window, relative standard error ~0.8 %.
    let light = NoCExperiment.run(mesh: c, pattern: .uniform, rate: 0.2, packetFlits: 4, warmup: 1000, cycles: 5000, seed: 2)
    #expect(abs(light.acceptedRate - 0.2) < 0.01)
    #expect(light.packetsInjected == light.packetsDelivered + light.packetsInFlight)
    #expect(light.latencyHistogram.reduce(0, +) == light.packetsDelivered)
    #expect(saturated.sourceStallCycles > 0 && saturated.blockedFlitCycles > light.blockedFlitCycles)
    // Mean hop count of uniform traffic on a k×k mesh excluding self: 2·(k² − 1)/(3k) per pair
    // including self, × k²/(k² − 1): for k = 8, 5.25 · 64/63 = 5.333.
    #expect(abs(light.hopsMean - 5.25 * 64 / 63) < 0.05)
  }

  @Test("NoC energy: hops by direction and deliveries, priced by the table")
  func energy() {
    // One 1-flit packet corner to corner on 8×8: 7 east-west hops, 7 north-south hops, 1 delivery.
    var net = MeshNetwork(configuration: MeshConfiguration(rows: 8, columns: 8))
    net.send(from: 0, to: 63, flits: 1)
    net.run(cycles: 100)
    let ew = net.linkFlits.enumerated().reduce(0) { $0 + ($1.offset % 4 == 1 || $1.offset % 4 == 3 ? $1.element : 0) }
    let ns = net.linkFlits.enumerated().reduce(0) { $0 + ($1.offset % 4 == 0 || $1.offset % 4 == 2 ? $1.element : 0) }
    #expect(ew == 7 && ns == 7 && net.ejectedFlits == 1)
    var c = ActivityCounters()
    c.nocHopsEastWest = ew
    c.nocHopsNorthSouth = ns
    c.nocDeliveries = net.ejectedFlits
    // Test table: the k-th operation costs (k + 1) pJ: east-west 12, north-south 13, delivery 14.
    let e = EnergyReport(counters: c, table: EnergyTableTests.table(), tiles: 0, elapsedSeconds: 0)
    #expect(abs(e.total.value - (7 * 12 + 7 * 13 + 14) * 1e-12) < 1e-20)
  }

  @Test("Separate packet classes: mixed spike and resonance traffic is conserved and drains")
  func packetClasses() {
    #expect(MeshConfiguration(rows: 2, columns: 2, virtualChannels: 1, separateClasses: true).validate() != nil)
    let c = MeshConfiguration(rows: 4, columns: 4, virtualChannels: 2, bufferFlits: 4, separateClasses: true)
    var net = MeshNetwork(configuration: c)
    var rng = SeededRNG(seed: 5, stream: "classes")
    for _ in 0..<1500 {
      for s in 0..<16 where rng.nextUnit() < 0.25 {
        let d = Int(rng.next() % 15), k: PacketClass = rng.nextUnit() < 0.3 ? .resonanceEvent : .phaseSpike
        net.send(from: s, to: d >= s ? d + 1 : d, flits: 2, packetClass: k, address: UInt32(s))
      }
      net.run(cycles: 1)
      #expect(net.injectedFlits == net.ejectedFlits + UInt64(net.flitsInNetwork))
    }
    net.run(cycles: 100_000)
    #expect(net.packetsInFlight == 0)
    #expect(net.packets.contains { $0.packetClass == .resonanceEvent } && net.packets.contains { $0.packetClass == .phaseSpike })
  }

  @Test("I/O ports: zero-load latency into and out of the chip adds one link: H·(R + L) + R + L + (F − 1)")
  func ioZeroLoad() {
    // The I/O interface sits one link beyond its edge router. In: the flit crosses that link (L)
    // and then travels like a tile's flit from the edge router. Out: it leaves the edge router
    // through the edge port like an ejection and arrives L later. H counts router-to-router links.
    for (router, link) in [(1, 1), (2, 3)] {
      for flits in [1, 4] {
        let c = MeshConfiguration(rows: 3, columns: 4, bufferFlits: 16, routerLatency: router, linkLatency: link,
                                  ioPorts: [IOPort(side: .west, index: 1), IOPort(side: .north, index: 3)])
        let west = c.routers, north = c.routers + 1  // endpoints 12 and 13: routers 4 and 3
        for (s, d, h) in [(west, 11, 3 + 1), (11, west, 3 + 1), (north, 8, 3 + 2), (0, north, 3), (west, north, 1 + 3)] {
          var net = MeshNetwork(configuration: c)
          net.send(from: s, to: d, flits: flits)
          net.run(cycles: 200)
          let p = net.packets[0]
          let ios = (s >= c.routers ? 1 : 0) + (d >= c.routers ? 1 : 0)
          #expect(p.hops == h + ios)
          #expect(p.delivered.map { Int($0 - p.created) } == h * (router + link) + router + ios * link + flits - 1,
                  "\(s)->\(d) R\(router) L\(link) F\(flits)")
          #expect(net.injectedFlits == UInt64(flits) && net.ejectedFlits == UInt64(flits))
        }
      }
    }
  }

  @Test("I/O ports: conservation at overload, tiles and I/O ports as sources and sinks; all drain")
  func ioConservation() {
    let io = [IOPort(side: .west, index: 0), IOPort(side: .east, index: 2), IOPort(side: .north, index: 1),
              IOPort(side: .south, index: 3)]
    let c = MeshConfiguration(rows: 4, columns: 4, virtualChannels: 2, bufferFlits: 4, ioPorts: io)
    var net = MeshNetwork(configuration: c)
    var rng = SeededRNG(seed: 5, stream: "io")
    for _ in 0..<2000 {
      for s in 0..<c.endpoints where rng.nextUnit() < 0.8 / 3 {
        var d = Int(rng.nextUnit() * Double(c.endpoints))
        if d == s { d = (d + 1) % c.endpoints }
        net.send(from: s, to: d, flits: 3)
      }
      net.run(cycles: 1)
      #expect(net.injectedFlits == net.ejectedFlits + UInt64(net.flitsInNetwork))
    }
    net.run(cycles: 200_000)
    #expect(net.packetsInFlight == 0, "every packet delivered after the drain: no deadlock")
    #expect(net.ejectedFlits == 3 * UInt64(net.packets.count))
    #expect(net.packets.contains { $0.source >= c.routers } && net.packets.contains { $0.destination >= c.routers })
  }

  @Test("Per-class source queues: a resonance event never waits behind queued phase spikes", arguments: [false, true])
  func sourceQueues(separate: Bool) {
    // Router 0 → router 1 (one hop, R = L = 1: zero-load latency 2·1 + 1 = 3 cycles + (F − 1)).
    // Ten single-flit spikes are queued before one single-flit resonance event: the class queues
    // take turns, so the event is injected in the second cycle, latency 3 + 1 = 4, where a
    // single FIFO would have made it wait 10 cycles.
    let c = MeshConfiguration(rows: 1, columns: 2, virtualChannels: 2, bufferFlits: 16, separateClasses: separate)
    var net = MeshNetwork(configuration: c)
    for _ in 0..<10 { net.send(from: 0, to: 1, flits: 1, packetClass: .phaseSpike) }
    let event = net.send(from: 0, to: 1, flits: 1, packetClass: .resonanceEvent)
    net.run(cycles: 50)
    #expect(net.packets[event].delivered == 4)
    #expect(net.packets.allSatisfy { $0.delivered != nil })
  }

  @Test("Separate classes interleave flits at the source: a spike passes a 5-flit event", arguments: [false, true])
  func interleaving(separate: Bool) {
    // A 5-flit resonance packet starts injecting in cycle 0; a spike is queued in cycle 1. On
    // separate VCs the spike's flit goes in cycle 1 and arrives 3 cycles later (cycle 4);
    // sharing VCs, the wormhole packet keeps the port to its tail (cycle 4), so the spike enters
    // in cycle 5 and arrives in cycle 8.
    let c = MeshConfiguration(rows: 1, columns: 2, virtualChannels: 2, bufferFlits: 16, separateClasses: separate)
    var net = MeshNetwork(configuration: c)
    net.send(from: 0, to: 1, flits: 5, packetClass: .resonanceEvent)
    net.run(cycles: 1)
    let spike = net.send(from: 0, to: 1, flits: 1, packetClass: .phaseSpike)
    net.run(cycles: 50)
    #expect(net.packets[spike].delivered == (separate ? 4 : 8))
    #expect(net.packets.allSatisfy { $0.delivered != nil })
  }

  @Test("Latency counts: nearest-rank percentiles and log2 buckets by hand")
  func latencyCounts() {
    // Ten delivered packets with latencies 1, 2, 2, 3, 5, 8, 8, 9, 16, 40 and one in flight.
    let latencies: [UInt64] = [1, 2, 2, 3, 5, 8, 8, 9, 16, 40]
    var records = latencies.map {
      PacketRecord(source: 0, destination: 1, flits: 2, created: 10, delivered: 10 + $0, hops: 1, packetClass: .phaseSpike,
                   address: 0, payload: 0)
    }
    records.append(PacketRecord(source: 0, destination: 1, flits: 2, created: 10, delivered: nil, hops: 1,
                                packetClass: .phaseSpike, address: 0, payload: 0))
    let c = LatencyCounts(records)
    #expect(c.packets == 11 && c.delivered == 10 && c.inFlight == 1 && c.flits == 22)
    #expect(c.mean == 9.4)  // 94 / 10
    #expect(c.percentile(0.5) == 5)  // ⌈5⌉-th smallest
    #expect(c.percentile(0.99) == 40)  // ⌈9.9⌉ = 10th
    #expect(c.percentile(0.1) == 1 && c.max == 40)
    // [0,2): 1 | [2,4): 2, 2, 3 | [4,8): 5 | [8,16): 8, 8, 9 | [16,32): 16 | [32,64): 40
    #expect(c.log2Histogram == [1, 3, 1, 3, 1, 1])
  }

  @Test("Same seed ⇒ identical statistics")
  func determinism() {
    let c = MeshConfiguration(rows: 4, columns: 4, virtualChannels: 2)
    let a = NoCExperiment.run(mesh: c, pattern: .hotspot, rate: 0.3, packetFlits: 2, warmup: 100, cycles: 1000, seed: 9)
    let b = NoCExperiment.run(mesh: c, pattern: .hotspot, rate: 0.3, packetFlits: 2, warmup: 100, cycles: 1000, seed: 9)
    #expect(a.latencyMean == b.latencyMean && a.acceptedRate == b.acceptedRate && a.linkUtilisation == b.linkUtilisation)
  }
}
