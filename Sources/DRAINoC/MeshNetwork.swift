import DRAICore
import DequeModule

/// A flit in a buffer or on a link.
struct Flit: Sendable, Codable {
  /// Index of its packet in ``MeshNetwork/packets``.
  var packet: Int32
  /// Destination router.
  var destination: Int32
  /// First flit of its packet (carries the route).
  var isHead: Bool
  /// Last flit of its packet.
  var isTail: Bool
  /// Its packet's class (``PacketClass/rawValue``), carried so that virtual-channel allocation
  /// does not look up the packet's record (in the padding: the flit stays 24 bytes).
  var packetClass: UInt8
  /// Earliest cycle at which it may leave the buffer it is in.
  var ready: UInt64
}

/// One packet's life, for statistics.
public struct PacketRecord: Sendable, Codable {
  /// Source and destination routers.
  public var source: Int, destination: Int
  /// Flits in the packet.
  public var flits: Int
  /// Cycle the packet was created (entered its source queue).
  public var created: UInt64
  /// Cycle its tail was delivered, if it was.
  public var delivered: UInt64?
  /// Links crossed (Manhattan distance for dimension-order routing).
  public var hops: Int
  /// The AER class of the packet.
  public var packetClass: PacketClass
  /// The AER address inside the destination tile (e.g. the oscillator or synapse index).
  public var address: UInt32
  /// The event's payload word (e.g. a spike's phase residual), 0 if unused.
  public var payload: Int32

  /// Memberwise initialiser (the network makes records in ``MeshNetwork/send(from:to:flits:packetClass:address:payload:)``).
  public init(source: Int, destination: Int, flits: Int, created: UInt64, delivered: UInt64?, hops: Int,
              packetClass: PacketClass, address: UInt32, payload: Int32) {
    self.source = source
    self.destination = destination
    self.flits = flits
    self.created = created
    self.delivered = delivered
    self.hops = hops
    self.packetClass = packetClass
    self.address = address
    self.payload = payload
  }
}

/// A cycle-accurate 2D mesh of input-buffered wormhole routers with virtual channels and
/// credit-based flow control (the BookSim model, simplified to a fixed pipeline latency).
///
/// Each cycle, in this order: link arrivals enter input buffers (ready after the router
/// latency) and returning credits are added; sources inject at most one flit each into their
/// router's local input; then every router with buffered flits allocates: each output port
/// grants, round-robin over input virtual channels, one ready flit whose packet holds (or, for a
/// head flit, can take) an output virtual channel with a credit; each input port sends at most
/// one flit. Granted flits leave on the link (arriving `linkLatency` later) and return a credit
/// upstream. Nothing reaches another router in the cycle it leaves, so the order in which
/// routers are visited never changes results; routers with empty buffers are skipped.
/// Nothing is dropped: a full buffer stalls its upstream, a full local input stalls the source.
public struct MeshNetwork: Sendable, Codable {
  /// The configuration.
  public let configuration: MeshConfiguration
  /// Every packet created so far, in creation order, when the network keeps records
  /// (``keepsRecords``). Otherwise a pool: a delivered packet's slot is reused from the cycle
  /// after its delivery on, so memory follows the packets in flight, not the run's length.
  public internal(set) var packets: [PacketRecord] = []
  /// The body words of each packet slot of ``packets`` (empty for single-flit packets).
  var bodies: [[UInt32]] = []
  /// Whether ``packets`` keeps every packet (synthetic-traffic experiments) or recycles slots
  /// (a chip's long runs, which use ``classCounts``).
  public let keepsRecords: Bool
  /// Running counts per packet class (index: ``PacketClass/rawValue``), kept in both modes.
  public internal(set) var classCounts = [LatencyCounts](repeating: LatencyCounts(), count: PacketClass.allCases.count)
  /// Slots free for reuse, and slots delivered in the last cycle (free from the next one).
  var freeSlots: [Int32] = []
  var deliveredSlots: [Int32] = []
  /// The current cycle.
  public internal(set) var now: UInt64 = 0
  /// Flits that crossed each link, indexed `router·4 + port` (north, east, south, west); an
  /// edge port's entry counts its I/O link, both directions.
  public internal(set) var linkFlits: [UInt64]
  /// Flit-hops: flits that traversed a router's switch (ejection included).
  public internal(set) var flitHops: UInt64 = 0
  /// Flits ejected at their destination: into a tile, or out of the chip through an I/O port.
  public internal(set) var ejectedFlits: UInt64 = 0
  /// Of ``ejectedFlits``, those that left through an I/O port.
  public internal(set) var ioExitFlits: UInt64 = 0
  /// Flits injected into their source router.
  public internal(set) var injectedFlits: UInt64 = 0
  /// Cycles in which a source had a flit to inject but its local input buffer was full.
  public internal(set) var sourceStallCycles: UInt64 = 0
  /// Flit-cycles in which a ready flit at the front of an input buffer was not granted (no
  /// credit, no free output VC, or lost arbitration).
  public internal(set) var blockedFlitCycles: UInt64 = 0

  /// Input buffers: fixed-capacity FIFOs of `bufferFlits` flits, one per (router·5 + port)·V + vc,
  /// stored flat (slot `buffer·bufferFlits + (head + k) mod bufferFlits`); credits guarantee
  /// that a buffer never overflows, and the source checks the local one.
  var bufferSlots: [Flit]
  var bufferHead: [Int32]
  var bufferCount: [Int32]
  var inputOutputPort: [Int8]  // allocated output port of the packet at the head, or −1
  var inputOutputVC: [Int8]
  var outputOwner: [Int32]  // (router·5 + port)·V + vc → owning input index, or −1
  var credits: [Int32]  // (router·5 + port)·V + vc, for ports 0...3
  var roundRobin: [Int32]  // router·5 + port
  /// Timing wheel of flits on links: slot (cycle mod (link latency + 1)) holds the flits that
  /// arrive in that cycle, as (downstream input buffer index, flit). Only traffic costs time.
  var arrivals: [[LinkArrival]]
  /// Timing wheel of returning credits: (credit index) by arrival cycle, as for flits.
  var creditArrivals: [[Int32]]
  /// Flits on links now.
  var flitsOnLinks = 0
  /// Source queues, one per endpoint (router, then I/O port) and packet class (index
  /// endpoint·2 + class), so that a resonance event never waits behind phase spikes before it
  /// reaches the network.
  @usableFromInline var sources: [Deque<QueuedPacket>]
  var sourceNextFlit: [Int32]  // endpoint·2 + class: flits of the front packet already injected
  var sourceTurn: [UInt8]  // endpoint: class whose queue injects first when both can (round-robin)
  var sourceQueued: [Int32]  // endpoint: packets in its two class queues (a plain load to skip idle sources)
  /// Per endpoint: the router it attaches to and the port a packet for it leaves that router
  /// by (local, or the I/O port's side).
  var endpointRouter: [Int32]
  var endpointExit: [Int8]
  /// router·4 + side → the I/O port on that edge port, or −1.
  var ioAt: [Int32]
  /// Index of the first I/O source credit in ``credits`` (then io·V + vc).
  var ioCreditBase: Int
  /// Packets whose tail was ejected into a tile in the last simulated cycle, in ejection order
  /// (packets to I/O ports leave the chip and are not listed).
  public internal(set) var deliveredInLastCycle: [Int32] = []
  /// Scratch of ``allocateRouters(linkDelay:)``, kept for its capacity.
  var allocationDeliveries: [AllocationDelivery] = []
  var buffered: [Int32]  // router: flits in its input buffers

  /// Flits held in each router's input buffers (all ports and virtual channels), by router
  /// index `row · columns + column`: the routers' occupancy.
  /// - Complexity: O(routers).
  public var routerOccupancyFlits: [Int] { buffered.map(Int.init) }

  /// An idle network. Precondition: `configuration.validate() == nil`.
  /// - Parameter keepRecords: keep every packet's record (true) or recycle delivered slots.
  public init(configuration c: MeshConfiguration, keepRecords: Bool = true) {
    precondition(c.validate() == nil, c.validate() ?? "")
    configuration = c
    keepsRecords = keepRecords
    let r = c.routers, v = c.virtualChannels
    bufferSlots = Array(repeating: Flit(packet: 0, destination: 0, isHead: false, isTail: false, packetClass: 0, ready: 0),
                        count: r * 5 * v * c.bufferFlits)
    bufferHead = Array(repeating: 0, count: r * 5 * v)
    bufferCount = Array(repeating: 0, count: r * 5 * v)
    inputOutputPort = Array(repeating: -1, count: r * 5 * v)
    inputOutputVC = Array(repeating: -1, count: r * 5 * v)
    outputOwner = Array(repeating: -1, count: r * 5 * v)
    credits = Array(repeating: Int32(c.bufferFlits), count: r * 5 * v + c.ioPorts.count * v)
    ioCreditBase = r * 5 * v
    endpointRouter = (0..<c.endpoints).map { Int32(c.router(ofEndpoint: $0)) }
    endpointExit = (0..<c.endpoints).map { Int8($0 < r ? Port.local.rawValue : c.ioPorts[$0 - r].side.rawValue) }
    ioAt = Array(repeating: -1, count: r * 4)
    for (k, io) in c.ioPorts.enumerated() { ioAt[io.router(in: c) * 4 + io.side.rawValue] = Int32(k) }
    roundRobin = Array(repeating: 0, count: r * 5)
    arrivals = Array(repeating: [], count: c.linkLatency + 1)
    creditArrivals = Array(repeating: [], count: c.linkLatency + 1)
    sources = Array(repeating: Deque(), count: c.endpoints * 2)
    sourceNextFlit = Array(repeating: 0, count: c.endpoints * 2)
    sourceTurn = Array(repeating: 0, count: c.endpoints)
    sourceQueued = Array(repeating: 0, count: c.endpoints)
    buffered = Array(repeating: 0, count: r)
    linkFlits = Array(repeating: 0, count: r * 4)
  }

  /// Queues an AER packet of `flits` flits from endpoint `source` to endpoint `destination` at
  /// the current cycle (its send cycle), in the source's queue for its class, and returns its
  /// index in ``packets`` (valid until the cycle after its delivery when slots are recycled).
  /// Endpoints are routers (their tiles) `0 ..< routers`, then the I/O ports. `body` is what
  /// the packet's body flits carry (one 32-bit word per body flit, e.g. a resonance event's
  /// window means), delivered with it (``body(of:)``). Preconditions: valid, distinct
  /// endpoints; flits ≥ 1, and flits ≥ 1 + body words.
  @discardableResult
  public mutating func send(from source: Int, to destination: Int, flits: Int, packetClass: PacketClass = .phaseSpike,
                            address: UInt32 = 0, payload: Int32 = 0, body: [UInt32] = []) -> Int {
    let c = configuration
    precondition(source != destination && (0..<c.endpoints).contains(source) && (0..<c.endpoints).contains(destination),
                 "bad endpoints")
    precondition(flits >= 1 + body.count, "a body word per body flit")
    let a = Int(endpointRouter[source]), b = Int(endpointRouter[destination])
    let hops = abs(a % c.columns - b % c.columns) + abs(a / c.columns - b / c.columns)
      + (source >= c.routers ? 1 : 0) + (destination >= c.routers ? 1 : 0)
    let record = PacketRecord(source: source, destination: destination, flits: flits, created: now, delivered: nil,
                              hops: hops, packetClass: packetClass, address: address, payload: payload)
    let id: Int
    if let slot = freeSlots.popLast() {
      id = Int(slot)
      packets[id] = record
      if !body.isEmpty || !bodies[id].isEmpty { bodies[id] = body }
    } else {
      id = packets.count
      packets.append(record)
      bodies.append(body)
    }
    classCounts[packetClass.rawValue].sent(flits: flits)
    sources[source * 2 + packetClass.rawValue].append(
      QueuedPacket(id: Int32(id), destination: Int32(destination), flits: Int32(flits), packetClass: UInt8(packetClass.rawValue)))
    sourceQueued[source] += 1
    return id
  }

  /// Records the delivery of packet `id`'s tail at cycle `cycle`.
  @inline(__always) mutating func deliver(_ id: Int32, at cycle: UInt64) {
    let k = Int(id)
    packets[k].delivered = cycle
    classCounts[packets[k].packetClass.rawValue].delivered(latency: cycle - packets[k].created)
    if !keepsRecords { deliveredSlots.append(id) }
  }

  /// The body words of packet `id` (empty for a single-flit packet), valid as long as its
  /// record is.
  public func body(of id: Int) -> [UInt32] { bodies[id] }

  /// Packets of class `packetClass` waiting in endpoint `source`'s queue.
  @inlinable public func queuedPackets(at source: Int, packetClass: PacketClass) -> Int {
    sources[source * 2 + packetClass.rawValue].count
  }

  /// Packets waiting in source queues (not yet fully injected).
  public var packetsQueuedAtSources: Int { sources.reduce(0) { $0 + $1.count } }

  /// Flits in input buffers or on links (injected and not yet ejected).
  public var flitsInNetwork: Int {
    buffered.reduce(0) { $0 + Int($1) } + flitsOnLinks
  }

  /// Packets created and not yet delivered (in source queues, buffers or on links).
  public var packetsInFlight: Int { classCounts.reduce(0) { $0 + $1.inFlight } }

  /// Appends `flit` to input buffer `b`. Precondition: not full.
  @inline(__always) mutating func push(_ b: Int, _ flit: Flit) {
    let depth = configuration.bufferFlits
    assert(Int(bufferCount[b]) < depth, "input buffer overflow: credit accounting is broken")
    bufferSlots[b * depth + (Int(bufferHead[b]) + Int(bufferCount[b])) % depth] = flit
    bufferCount[b] += 1
  }
}

/// A packet waiting in a source queue, with what injecting its flits needs, so that injection
/// does not read the packet's record (a cache miss per flit on a chip with many packets in
/// flight).
@usableFromInline struct QueuedPacket: Codable, Sendable {
  /// Index of the packet in ``MeshNetwork/packets``.
  var id: Int32
  /// Destination endpoint, flits, and ``PacketClass/rawValue``.
  var destination: Int32, flits: Int32, packetClass: UInt8
}

/// A flit on a link: the input buffer it enters (router·5 + port)·V + vc, a link latency
/// after it left.
struct LinkArrival: Codable {
  var input: Int32
  var flit: Flit
}
