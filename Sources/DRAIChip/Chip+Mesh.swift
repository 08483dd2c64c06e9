import DRAICore
import DRAINoC
import DRAITile

extension Chip {
  /// Resonance-event packets sent and not yet delivered (0 on a single-tile chip).
  public var resonanceEventsInFlight: Int {
    network?.classCounts[PacketClass.resonanceEvent.rawValue].inFlight ?? 0
  }

  /// Flits buffered in each router (``MeshNetwork/routerOccupancyFlits``); empty on a single-tile chip.
  public var routerOccupancyFlits: [Int] { network?.routerOccupancyFlits ?? [] }

  /// Runs until the learning messages already sent have been delivered and applied, at most
  /// `maxCycles` cycles, and returns the cycles it ran. With plasticity off no new ones are
  /// sent, so this ends learning cleanly (e.g. between training and recall); what is still in
  /// flight after `maxCycles` (a saturated network) is applied when it arrives.
  @discardableResult
  public mutating func finishLearning(maxCycles: UInt64) -> UInt64 {
    var ran: UInt64 = 0
    while resonanceEventsInFlight > 0 && ran < maxCycles && overflow == nil {
      step()
      ran += 1
    }
    return ran
  }

  /// One cycle of a multi-tile chip, in this order (Docs/model.md):
  /// 1. the network steps (sources inject, routers evaluate and commit) and delivers packets;
  /// 2. each delivered phase spike kicks, and is sampled by, the synapses of its axon in its
  ///    destination tile; each delivered resonance-event packet programs the synapses its
  ///    destination holds, from the means and decisions in its body flits;
  /// 3. every tile steps (delayed synapses due, coupling, commit, window end);
  /// 4. each spike becomes one single-flit phase-spike packet per destination tile that has
  ///    synapses from it (address: the axon there; payload: the sender's register, the wrap
  ///    residual), in ascending tile order, and each ``ResonanceMessage`` one multi-flit
  ///    resonance-event packet (address: the owner's postsynaptic oscillator; payload: the
  ///    pairs it covers; body: their means and decisions); they enter their source queues
  ///    stamped with the next cycle (for a spike, the first cycle at which the wrapped phase is
  ///    committed). A full source queue stops the run or drops the packet
  ///    (``ChipConfiguration/overflowPolicy``).
  /// Tiles only read their own state and the packets delivered to them, so the order in which
  /// tiles are visited never changes results.
  mutating func step() { step(workers: nil) }

  /// One cycle (see ``step()``), the tiles' part (deliveries into each tile and its step)
  /// spread over `workers` when given: every worker takes a contiguous block of tiles, and each
  /// tile reads only its own state and its own deliveries, so the result does not depend on
  /// the number of workers.
  mutating func step(workers: TileWorkers?) {
    lastCycleBeganWithLearningPending = resonanceEventsInFlight > 0
    network!.step()
    sortDeliveries()
    let count = tiles.count
    tiles.withUnsafeMutableBufferPointer { tileBuffer in
      outboxes.withUnsafeMutableBufferPointer { outboxBuffer in
        inbox.withUnsafeBufferPointer { inboxBuffer in
          inboxStart.withUnsafeBufferPointer { startBuffer in
            let shared = TileStepBuffers(tiles: tileBuffer, outboxes: outboxBuffer, inbox: inboxBuffer, inboxStart: startBuffer)
            if let workers {
              let parts = workers.count
              workers.perform { w in
                shared.step(tiles: (count * w / parts)..<(count * (w + 1) / parts))
              }
            } else {
              shared.step(tiles: 0..<count)
            }
          }
        }
      }
    }
    let n = configuration.tile.oscillators
    for k in tiles.indices {
      for s in outboxes[k] {
        let residual = Int32(bitPattern: tiles[k].phaseRegister(Int(s)))
        let j = k * n + Int(s)
        for e in routeStart[j]..<routeStart[j + 1] {
          send(from: k, to: Int(routeTile[e]), flits: 1, packetClass: .phaseSpike, address: UInt32(routeAxon[e]),
               payload: residual, body: [])
        }
      }
      if !tiles[k].interTile.outgoing.isEmpty {
        for m in tiles[k].interTile.outgoing {
          send(from: k, to: m.destinationTile, flits: m.flits, packetClass: .resonanceEvent, address: UInt32(m.post),
               payload: Int32(m.means.count), body: m.bodyWords)
        }
        tiles[k].clearOutgoing()
      }
    }
  }

  /// Groups the packets delivered in the last network cycle by destination tile (delivery
  /// order kept within a tile) into ``inbox``.
  mutating func sortDeliveries() {
    let delivered = network!.deliveredInLastCycle
    for k in inboxStart.indices { inboxStart[k] = 0 }
    inbox.removeAll(keepingCapacity: true)
    guard !delivered.isEmpty else { return }
    for id in delivered { inboxStart[network!.packets[Int(id)].destination + 1] += 1 }
    for k in 0..<tiles.count { inboxStart[k + 1] += inboxStart[k] }
    var fill = inboxStart
    let placeholder = Delivery(packetClass: .phaseSpike, source: 0, address: 0, created: 0, payload: 0, body: [])
    inbox = [Delivery](repeating: placeholder, count: delivered.count)
    for id in delivered {
      let p = network!.packets[Int(id)]
      inbox[fill[p.destination]] = Delivery(
        packetClass: p.packetClass, source: p.source, address: p.address, created: p.created, payload: p.payload,
        body: p.packetClass == .resonanceEvent ? network!.body(of: Int(id)) : [])
      fill[p.destination] += 1
    }
  }

  /// Offers a packet to tile `k`'s source queue of its class: queued if the queue has room;
  /// otherwise dropped and counted, or recorded as the chip's ``overflow``.
  mutating func send(from k: Int, to d: Int, flits: Int, packetClass: PacketClass, address: UInt32, payload: Int32,
                     body: [UInt32]) {
    offeredPackets[2 * k + packetClass.rawValue] += 1
    if network!.queuedPackets(at: k, packetClass: packetClass) >= configuration.sourceQueuePackets {
      switch configuration.overflowPolicy {
      case .drop:
        droppedPackets[packetClass.rawValue] += 1
        return
      case .stop:
        if overflow == nil {
          let offered = offeredPackets[2 * k + packetClass.rawValue]
          overflow = NetworkOverflow(
            tile: k, row: k / configuration.mesh.columns, column: k % configuration.mesh.columns, packetClass: packetClass,
            cycle: now.count, queuePackets: configuration.sourceQueuePackets, offeredPackets: offered,
            acceptedPackets: offered - UInt64(network!.queuedPackets(at: k, packetClass: packetClass)) - 1)
        }
        return
      }
    }
    network!.send(from: k, to: d, flits: flits, packetClass: packetClass, address: address, payload: payload, body: body)
  }
}

/// A packet delivered into a tile: what its flits carried.
struct Delivery: Sendable {
  var packetClass: PacketClass
  var source: Int
  var address: UInt32
  var created: UInt64
  var payload: Int32
  var body: [UInt32]
}

/// The chip's tiles, their spike outboxes and the cycle's deliveries, lent to the workers of
/// one cycle: worker blocks of tiles are disjoint, so no two threads touch the same tile.
struct TileStepBuffers: @unchecked Sendable {
  let tiles: UnsafeMutableBufferPointer<OscillatorTile>
  let outboxes: UnsafeMutableBufferPointer<[Int32]>
  let inbox: UnsafeBufferPointer<Delivery>
  let inboxStart: UnsafeBufferPointer<Int>

  /// Delivers each tile's packets (spikes kick and are sampled; resonance events program) and
  /// steps it, its spikes into its outbox.
  func step(tiles range: Range<Int>) {
    for k in range {
      for d in inbox[inboxStart[k]..<inboxStart[k + 1]] {
        switch d.packetClass {
        case .phaseSpike:
          tiles[k].receiveSpike(axon: Int(d.address), sentAt: Cycle(d.created), residual: UInt32(bitPattern: d.payload))
        case .resonanceEvent:
          let m = ResonanceMessage(destinationTile: k, post: Int(d.address), count: Int(d.payload), body: d.body)
          tiles[k].receiveResonanceEvents(fromTile: d.source, post: m.post, means: m.means, resonant: m.resonant)
        }
      }
      outboxes[k].removeAll(keepingCapacity: true)
      tiles[k].stepInMesh(spikes: &outboxes[k])
    }
  }
}

/// A tile's source queue filled up: the network could not carry what the tiles offered.
public struct NetworkOverflow: Hashable, Sendable, CustomStringConvertible {
  /// The tile (row-major index) and its mesh row and column.
  public var tile: Int, row: Int, column: Int
  /// The queue's packet class.
  public var packetClass: PacketClass
  /// The cycle at which a packet found the queue full.
  public var cycle: UInt64
  /// The queue's capacity, packets (`router.source_queue_packets`).
  public var queuePackets: Int
  /// Packets the tile had offered to that queue until then (this one included), and those the
  /// network had accepted (fully injected).
  public var offeredPackets: UInt64, acceptedPackets: UInt64

  /// One line: where, when, offered versus accepted load, and what to change.
  public var description: String {
    let cycles = Double(Swift.max(cycle, 1))
    func rate(_ x: UInt64) -> String {  // packets per cycle, three decimals
      let m = Int((Double(x) / cycles * 1000).rounded())
      return "\(m / 1000)." + String(String(1000 + m % 1000).dropFirst())
    }
    let name = packetClass == .phaseSpike ? "phase-spike" : "resonance-event"
    return "the network cannot keep up: tile \(tile) (row \(row), column \(column)) had \(queuePackets) \(name) packets "
      + "waiting in its source queue at cycle \(cycle); it offered \(rate(offeredPackets)) packets/cycle and the network "
      + "accepted \(rate(acceptedPackets)) (router.source_queue_packets; router.overflow: drop drops and counts instead; "
      + "a sparser connectivity, a longer oscillation period or more virtual channels lower the load)"
  }
}
