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
    synchronizeTiles()
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
    // The network is moved out for the cycle and back at its end: a read through `network!`
    // copies the whole network and retains every one of its arrays.
    var net = network.take()!
    defer { network = net }
    let cycle = net.now
    net.step()
    sortDeliveries(net)
    let count = tiles.count
    tiles.withUnsafeMutableBufferPointer { tileBuffer in
      outboxes.withUnsafeMutableBufferPointer { outboxBuffer in
        arrivals.withUnsafeBufferPointer { arrivalBuffer in
          arrivalStart.withUnsafeBufferPointer { startBuffer in
           messages.withUnsafeBufferPointer { messageBuffer in
            let shared = TileStepBuffers(tiles: tileBuffer, outboxes: outboxBuffer, arrivals: arrivalBuffer,
                                         arrivalStart: startBuffer, messages: messageBuffer)
            if let workers {
              workers.tileBoundaries.withUnsafeBufferPointer { bound in
                workers.perform { w in shared.step(tiles: bound[w]..<bound[w + 1], cycle: cycle) }
              }
            } else {
              shared.step(tiles: 0..<count, cycle: cycle)
            }
           }
          }
        }
      }
    }
    for k in tiles.indices {
      for s in outboxes[k] {
        let residual = Int32(bitPattern: tiles[k].phaseRegister(Int(s)))
        let j = layout.start[k] + Int(s)
        for e in routeStart[j]..<routeStart[j + 1] {
          send(from: k, to: Int(routeTile[e]), flits: 1, packetClass: .phaseSpike, address: UInt32(routeAxon[e]),
               payload: residual, body: [], into: &net)
        }
      }
      if !tiles[k].interTile.outgoing.isEmpty {
        for m in tiles[k].interTile.outgoing {
          send(from: k, to: m.destinationTile, flits: m.flits, packetClass: .resonanceEvent, address: UInt32(m.post),
               payload: Int32(m.means.count), body: m.bodyWords, into: &net)
        }
        tiles[k].clearOutgoing()
      }
    }
  }

  /// Brings every tile skipped in quiet cycles up to the chip's cycle (``OscillatorTile/catchUp(to:)``),
  /// so that what a caller reads after a run is the state of every tile at the same cycle.
  mutating func synchronizeTiles() {
    guard let cycle = network?.now else { return }
    for k in tiles.indices where tiles[k].now.count < cycle { tiles[k].catchUp(to: cycle) }
  }

  /// Groups the packets delivered in the last network cycle by destination tile (delivery
  /// order kept within a tile): the phase spikes into ``arrivals``, the resonance events into
  /// ``messages`` with the number of the tile's spikes delivered before each. `network` is the
  /// chip's network, lent for the cycle by ``step(workers:)``.
  mutating func sortDeliveries(_ network: borrowing MeshNetwork) {
    let delivered = network.deliveredInLastCycle
    for k in arrivalStart.indices { arrivalStart[k] = 0 }
    arrivals.removeAll(keepingCapacity: true)
    messages.removeAll(keepingCapacity: true)
    guard !delivered.isEmpty else { return }
    var spikeCount = 0
    for id in delivered where network.packets[Int(id)].packetClass == .phaseSpike {
      arrivalStart[network.packets[Int(id)].destination + 1] += 1
      spikeCount += 1
    }
    for k in 0..<tiles.count { arrivalStart[k + 1] += arrivalStart[k] }
    for k in arrivalFill.indices { arrivalFill[k] = arrivalStart[k] }
    arrivals.append(contentsOf: repeatElement(SpikeArrival(axon: 0, sentAt: 0, residual: 0), count: spikeCount))
    for id in delivered {
      let p = network.packets[Int(id)]
      switch p.packetClass {
      case .phaseSpike:
        arrivals[arrivalFill[p.destination]] = SpikeArrival(axon: Int32(p.address), sentAt: p.created,
                                                            residual: UInt32(bitPattern: p.payload))
        arrivalFill[p.destination] += 1
      case .resonanceEvent:
        messages.append(Delivery(tile: p.destination, source: p.source, post: Int(p.address), count: Int(p.payload),
                                 body: network.body(of: Int(id)), spikesBefore: arrivalFill[p.destination], order: messages.count))
      }
    }
    if messages.count > 1 { messages.sort { ($0.tile, $0.order) < ($1.tile, $1.order) } }
  }

  /// Offers a packet to tile `k`'s source queue of its class: queued if the queue has room;
  /// otherwise dropped and counted, or recorded as the chip's ``overflow``. `network` is the
  /// chip's network, moved out of ``network`` for the cycle by ``step(workers:)``.
  mutating func send(from k: Int, to d: Int, flits: Int, packetClass: PacketClass, address: UInt32, payload: Int32,
                     body: [UInt32], into network: inout MeshNetwork) {
    offeredPackets[2 * k + packetClass.rawValue] += 1
    if network.queuedPackets(at: k, packetClass: packetClass) >= configuration.sourceQueuePackets {
      switch configuration.overflowPolicy {
      case .drop:
        droppedPackets[packetClass.rawValue] += 1
        return
      case .stop:
        if overflow == nil {
          let offered = offeredPackets[2 * k + packetClass.rawValue]
          overflow = NetworkOverflow(
            tile: k, row: k / configuration.mesh.columns, column: k % configuration.mesh.columns, packetClass: packetClass,
            cycle: network.now, queuePackets: configuration.sourceQueuePackets, offeredPackets: offered,
            acceptedPackets: offered - UInt64(network.queuedPackets(at: k, packetClass: packetClass)) - 1)
        }
        return
      }
    }
    network.send(from: k, to: d, flits: flits, packetClass: packetClass, address: address, payload: payload, body: body)
    sourceQueuePeakPackets = Swift.max(sourceQueuePeakPackets, network.queuedPackets(at: k, packetClass: packetClass))
  }
}

/// A resonance-event packet delivered into a tile: what its flits carried, and where it falls
/// among the tile's spike arrivals of the same cycle.
struct Delivery: Sendable, Codable {
  var tile: Int
  var source: Int
  var post: Int
  var count: Int
  var body: [UInt32]
  /// The index in ``Chip/arrivals`` of the first spike delivered after it.
  var spikesBefore: Int
  /// Its place among the cycle's resonance-event deliveries.
  var order: Int
}

/// The chip's tiles, their spike outboxes and the cycle's deliveries, lent to the workers of
/// one cycle: worker blocks of tiles are disjoint, so no two threads touch the same tile.
struct TileStepBuffers: @unchecked Sendable {
  let tiles: UnsafeMutableBufferPointer<OscillatorTile>
  let outboxes: UnsafeMutableBufferPointer<[Int32]>
  let arrivals: UnsafeBufferPointer<SpikeArrival>
  let arrivalStart: UnsafeBufferPointer<Int>
  let messages: UnsafeBufferPointer<Delivery>

  /// Delivers each tile's packets in delivery order (spikes kick and are sampled; resonance
  /// events program) and steps it through `cycle`, its spikes into its outbox. A tile that
  /// nothing reached and that is quiet until after `cycle` (``OscillatorTile/quietUntil``:
  /// free rotation, no spike) is skipped and caught up in closed form when it is next stepped.
  func step(tiles range: Range<Int>, cycle: UInt64) {
    // Messages are sorted by tile: find the first of this range's.
    var m = 0
    while m < messages.count && messages[m].tile < range.lowerBound { m += 1 }
    for k in range {
      let delivered = arrivalStart[k] < arrivalStart[k + 1] || (m < messages.count && messages[m].tile == k)
      if !delivered && cycle < tiles[k].quietUntil {
        if !outboxes[k].isEmpty { outboxes[k].removeAll(keepingCapacity: true) }
        continue
      }
      tiles[k].catchUp(to: cycle)
      var next = arrivalStart[k]
      while m < messages.count && messages[m].tile == k {
        let d = messages[m]
        tiles[k].receiveSpikes(arrivals[next..<d.spikesBefore])
        next = d.spikesBefore
        let message = ResonanceMessage(destinationTile: k, post: d.post, count: d.count, body: d.body)
        tiles[k].receiveResonanceEvents(fromTile: d.source, post: d.post, means: message.means, resonant: message.resonant)
        m += 1
      }
      tiles[k].receiveSpikes(arrivals[next..<arrivalStart[k + 1]])
      if !outboxes[k].isEmpty { outboxes[k].removeAll(keepingCapacity: true) }
      tiles[k].stepInMesh(spikes: &outboxes[k])
    }
  }
}

/// A tile's source queue filled up: the network could not carry what the tiles offered.
public struct NetworkOverflow: Hashable, Sendable, CustomStringConvertible, Codable {
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
