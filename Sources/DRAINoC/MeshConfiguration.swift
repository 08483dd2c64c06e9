/// The parameters of a 2D-mesh network-on-chip.
///
/// Latency model (cycles): a flit that enters a router's input buffer at cycle t may leave it
/// at t + `routerLatency` at the earliest (route, allocate and traverse the switch), and reaches
/// the next router's input buffer `linkLatency` cycles after it leaves. A packet of F flits
/// crossing H links with no contention is therefore delivered, tail included,
/// H·(routerLatency + linkLatency) + routerLatency + (F − 1) cycles after its head entered the
/// source router (the last term is serialisation).
public struct MeshConfiguration: Hashable, Sendable, Codable {
  /// Routers per column (the mesh is `rows` × `columns`).
  public var rows: Int
  /// Routers per row.
  public var columns: Int
  /// Virtual channels per input port, ≥ 1.
  public var virtualChannels: Int
  /// Buffer depth per input port and virtual channel, flits, ≥ 1.
  public var bufferFlits: Int
  /// Router pipeline latency, cycles, ≥ 1.
  public var routerLatency: Int
  /// Link traversal latency, cycles, ≥ 1 (credits return with the same latency).
  public var linkLatency: Int
  /// The routing function.
  public var routing: RoutingFunction
  /// Whether each packet class travels on its own virtual channels (class k on the VCs with
  /// vc mod 2 = k), so that learning traffic never waits behind phase spikes. Needs ≥ 2 VCs.
  public var separateClasses: Bool
  /// I/O ports at the chip edge, each on the otherwise unused outward port of an edge router.
  /// They are endpoints `routers ..< routers + ioPorts.count`, in this order.
  public var ioPorts: [IOPort]

  /// Memberwise initialiser; ``validate()`` reports the first out-of-range value.
  public init(rows: Int, columns: Int, virtualChannels: Int = 1, bufferFlits: Int = 4, routerLatency: Int = 1,
              linkLatency: Int = 1, routing: RoutingFunction = .xy, separateClasses: Bool = false,
              ioPorts: [IOPort] = []) {
    self.ioPorts = ioPorts
    self.rows = rows
    self.columns = columns
    self.virtualChannels = virtualChannels
    self.bufferFlits = bufferFlits
    self.routerLatency = routerLatency
    self.linkLatency = linkLatency
    self.routing = routing
    self.separateClasses = separateClasses
  }

  /// Number of routers.
  public var routers: Int { rows * columns }

  /// Number of endpoints: one per router (its tile) plus the I/O ports.
  public var endpoints: Int { routers + ioPorts.count }

  /// The router an endpoint attaches to.
  public func router(ofEndpoint e: Int) -> Int { e < routers ? e : ioPorts[e - routers].router(in: self) }

  /// A description of the first value out of range, or nil when the configuration is usable.
  public func validate() -> String? {
    if rows < 1 || columns < 1 || rows * columns > 65_536 { return "mesh must be 1×1 ... 65536 routers, got \(rows)×\(columns)" }
    if virtualChannels < 1 || virtualChannels > 16 { return "virtual channels must be 1...16, got \(virtualChannels)" }
    if bufferFlits < 1 || bufferFlits > 1024 { return "buffer_flits must be 1...1024, got \(bufferFlits)" }
    if routerLatency < 1 || routerLatency > 64 { return "router latency must be 1...64 cycles, got \(routerLatency)" }
    if linkLatency < 1 || linkLatency > 64 { return "link latency must be 1...64 cycles, got \(linkLatency)" }
    if separateClasses && virtualChannels < 2 { return "separate packet classes need at least 2 virtual channels, got \(virtualChannels)" }
    var seen = Set<IOPort>()
    for io in ioPorts {
      let limit = io.side == .north || io.side == .south ? columns : rows
      if io.side == .local || io.index < 0 || io.index >= limit {
        return "I/O port \(io) is not on the mesh edge: a \(rows)×\(columns) mesh has \(io.side == .north || io.side == .south ? "columns" : "rows") 0...\(limit - 1) there"
      }
      if !seen.insert(io).inserted { return "I/O port \(io) is given twice" }
    }
    return nil
  }
}

/// An I/O port at the chip edge: the outward port `side` of the edge router at position `index`
/// along that edge (a row for west and east, a column for north and south). It connects through
/// one link of the mesh's link latency to an off-chip AER interface, which sources packets (with
/// credits for the router's input buffer, like a neighbour) and sinks them (always ready).
public struct IOPort: Hashable, Sendable, CustomStringConvertible, Codable {
  /// The edge: north, east, south or west.
  public var side: Port
  /// Row (west, east) or column (north, south) of the router on that edge.
  public var index: Int

  /// An I/O port on `side` at `index`.
  public init(side: Port, index: Int) {
    self.side = side
    self.index = index
  }

  /// The router it attaches to. Precondition: a valid port of `mesh`.
  public func router(in mesh: MeshConfiguration) -> Int {
    switch side {
    case .north: return index
    case .south: return (mesh.rows - 1) * mesh.columns + index
    case .west: return index * mesh.columns
    default: return index * mesh.columns + mesh.columns - 1
    }
  }

  /// "west:3" and so on.
  public var description: String { "\(side):\(index)" }
}

/// The two classes of AER packets on the chip.
public enum PacketClass: Int, CaseIterable, Sendable, Codable {
  /// A phase spike of an oscillator, to the tiles it couples to.
  case phaseSpike = 0
  /// A resonance event or learning message, to the tile that owns the synapse.
  case resonanceEvent = 1
}

/// Router ports. `local` connects the tile (injection and ejection).
public enum Port: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible, Codable {
  /// Towards row − 1.
  case north = 0
  /// Towards column + 1.
  case east
  /// Towards row + 1.
  case south
  /// Towards column − 1.
  case west
  /// The tile's own injection and ejection port.
  case local

  /// The port's name.
  public var description: String { ["north", "east", "south", "west", "local"][rawValue] }

  /// The port on the neighbouring router that a link from this port arrives at.
  var opposite: Port {
    switch self {
    case .north: return .south
    case .south: return .north
    case .east: return .west
    case .west: return .east
    case .local: return .local
    }
  }
}

/// A deadlock-free dimension-order routing function, selectable by name.
public enum RoutingFunction: String, CaseIterable, Hashable, Sendable, Codable {
  /// X (columns) first, then Y (rows).
  case xy
  /// Y first, then X.
  case yx

  /// The output port at router (x, y) for a packet to (dx, dy). Rows grow southwards.
  func port(x: Int, y: Int, dx: Int, dy: Int) -> Port {
    switch self {
    case .xy:
      if dx > x { return .east }
      if dx < x { return .west }
      if dy > y { return .south }
      if dy < y { return .north }
    case .yx:
      if dy > y { return .south }
      if dy < y { return .north }
      if dx > x { return .east }
      if dx < x { return .west }
    }
    return .local
  }
}
