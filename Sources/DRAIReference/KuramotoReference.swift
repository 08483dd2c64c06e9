import RealModule

/// A double-precision integrator of the phase equations the chip implements:
///
///     dφ_i/dt = ω_i + Σ_j w_ij sin(φ_j − φ_i) + F_i sin(ψ_i − φ_i)
///
/// with either a full weight matrix or the all-to-all mean-field coupling w_ij = K/N (which is
/// evaluated in O(N) through the order parameter: Σ_j sin(φ_j − φ_i) = N·r·sin(Θ − φ_i)).
/// Time in µs, frequencies and weights in rad/µs. Used by the tests and by `drai kuramoto`.
public struct KuramotoReference: Sendable {
  /// How oscillators are coupled.
  public enum Coupling: Sendable {
    /// w_ij = K/N for all i, j (the classic Kuramoto model).
    case allToAll(k: Double)
    /// w_ij = weights[i·N + j] (row-major, N × N).
    case matrix([Double])
  }

  /// Integration scheme.
  public enum Method: Sendable {
    /// Classic fourth-order Runge-Kutta.
    case rungeKutta4
    /// Forward Euler (the scheme of the chip's coupling step).
    case euler
  }

  /// Natural frequencies ω_i (rad/µs).
  public let naturalFrequencies: [Double]
  /// The coupling.
  public let coupling: Coupling
  /// Forcing strength F (rad/µs) and targets ψ_i (radians), or nil for no forcing.
  public var forcing: (strength: Double, targets: [Double])?
  /// Current phases (radians, not wrapped).
  public private(set) var phases: [Double]
  /// Current time (µs).
  public private(set) var time: Double = 0

  /// Creates the integrator. Preconditions: equal counts of frequencies and phases; a matrix
  /// has N² entries.
  public init(naturalFrequencies: [Double], coupling: Coupling, initialPhases: [Double]) {
    precondition(naturalFrequencies.count == initialPhases.count, "one phase per oscillator")
    if case .matrix(let w) = coupling {
      precondition(w.count == initialPhases.count * initialPhases.count, "matrix must be N×N")
    }
    self.naturalFrequencies = naturalFrequencies
    self.coupling = coupling
    self.phases = initialPhases
  }

  /// The right-hand side dφ/dt at phases `p`, into `out`.
  /// - Complexity: O(N) for all-to-all, O(N²) for a matrix.
  public func derivative(_ p: [Double], into out: inout [Double]) {
    let n = p.count
    switch coupling {
    case .allToAll(let k):
      var sx = 0.0, sy = 0.0
      for x in p { sx += Double.cos(x); sy += Double.sin(x) }
      for i in 0..<n {
        // Σ_j sin(φ_j − φ_i) = sy·cos φ_i − sx·sin φ_i
        out[i] = naturalFrequencies[i] + k / Double(n) * (sy * Double.cos(p[i]) - sx * Double.sin(p[i]))
      }
    case .matrix(let w):
      var s = [Double](repeating: 0, count: n), c = s
      for j in 0..<n { s[j] = Double.sin(p[j]); c[j] = Double.cos(p[j]) }
      for i in 0..<n {
        var acc = 0.0
        for j in 0..<n { acc += w[i * n + j] * (s[j] * c[i] - c[j] * s[i]) }
        out[i] = naturalFrequencies[i] + acc
      }
    }
    if let f = forcing {
      for i in 0..<n { out[i] += f.strength * Double.sin(f.targets[i] - p[i]) }
    }
  }

  /// Advances by `steps` steps of `dt` µs with `method`.
  public mutating func integrate(steps: Int, dt: Double, method: Method = .rungeKutta4) {
    let n = phases.count
    var k1 = [Double](repeating: 0, count: n), k2 = k1, k3 = k1, k4 = k1, tmp = k1
    for _ in 0..<steps {
      derivative(phases, into: &k1)
      switch method {
      case .euler:
        for i in 0..<n { phases[i] += dt * k1[i] }
      case .rungeKutta4:
        for i in 0..<n { tmp[i] = phases[i] + 0.5 * dt * k1[i] }
        derivative(tmp, into: &k2)
        for i in 0..<n { tmp[i] = phases[i] + 0.5 * dt * k2[i] }
        derivative(tmp, into: &k3)
        for i in 0..<n { tmp[i] = phases[i] + dt * k3[i] }
        derivative(tmp, into: &k4)
        for i in 0..<n { phases[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
      }
      time += dt
    }
  }

  /// The order parameter r = |(1/N) Σ_j e^{iφ_j}| of the current phases.
  public var orderParameter: Double { Self.orderParameter(phases) }

  /// r = |(1/N) Σ_j e^{iφ_j}| of `phases`.
  public static func orderParameter(_ phases: [Double]) -> Double {
    var sx = 0.0, sy = 0.0
    for x in phases { sx += Double.cos(x); sy += Double.sin(x) }
    return (sx * sx + sy * sy).squareRoot() / Double(phases.count)
  }
}
