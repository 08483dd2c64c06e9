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
    while resonanceEventsInFlight > 0 && ran < maxCycles {
      step()
      ran += 1
    }
    return ran
  }

  /// One cycle of a multi-tile chip, in this order (Docs/model.md):
  /// 1. the network steps (sources inject, routers evaluate and commit) and delivers packets;
  /// 2. each delivered phase spike kicks, and is sampled by, its destination tile; each
  ///    delivered resonance-event packet programs the synapses its destination holds;
  /// 3. every tile steps (coupling, commit, window end);
  /// 4. each spike becomes one single-flit phase-spike packet to every other tile (address:
  ///    the global oscillator index; payload: the sender's register, the wrap residual), and
  ///    each ``ResonanceMessage`` one multi-flit resonance-event packet (its body, the means and
  ///    decisions, is kept beside the network until the tail is delivered); they enter their source
  ///    queues stamped with the next cycle (for a spike, the first cycle at which the wrapped
  ///    phase is committed).
  /// Tiles only read their own state and the packets delivered to them, so the order in which
  /// tiles are visited never changes results.
  mutating func step() {
    network!.step()
    for id in network!.deliveredInLastCycle {
      let p = network!.packets[Int(id)]
      switch p.packetClass {
      case .phaseSpike:
        tiles[p.destination].receiveSpike(from: Int(p.address), sentAt: Cycle(p.created),
                                          residual: UInt32(bitPattern: p.payload))
      case .resonanceEvent:
        let body = messageBodies.removeValue(forKey: Int(id))!
        tiles[p.destination].receiveResonanceEvents(address: p.address, means: body.means, resonant: body.resonant)
      }
    }
    let n = configuration.tile.oscillators
    for k in tiles.indices {
      spikes.removeAll(keepingCapacity: true)
      tiles[k].stepInMesh(spikes: &spikes)
      for s in spikes {
        let residual = Int32(bitPattern: tiles[k].phaseRegister(Int(s)))
        for d in tiles.indices where d != k {
          network!.send(from: k, to: d, flits: 1, packetClass: .phaseSpike, address: UInt32(k * n + Int(s)),
                        payload: residual)
        }
      }
      if let messages = tiles[k].remote?.outgoing, !messages.isEmpty {
        for m in messages {
          let id = network!.send(from: k, to: m.destinationTile, flits: m.flits, packetClass: .resonanceEvent,
                                 address: m.address)
          messageBodies[id] = (m.means, m.resonant)
        }
        tiles[k].clearOutgoing()
      }
    }
  }
}
