/// Which resonance gate decides that a synapse learns.
public enum LearningMode: String, CaseIterable, Hashable, Sendable, Codable {
  /// The founding paper's rule: synapse (i ← j) learns whenever its window mean m_ij passes a
  /// threshold. Under forcing to a ±1 pattern this writes the Hebbian outer product.
  case hebbian
  /// As `hebbian`, and in addition the postsynaptic oscillator i must be out of resonance with
  /// its own synaptic drive: its window-mean in-phase drive λ_i = Σ_j w_ij cos(φ_j − φ_i)
  /// (read from the same crossbar outputs as the Kuramoto term, c_i cos φ_i + s_i sin φ_i)
  /// must be below ``LearningRule/stabilityMargin``. Under forcing λ_i = ξ_i Σ_j w_ij ξ_j is
  /// the pattern's stability at i, so this is the perceptron rule with margin (Gardner 1988;
  /// Krauth & Mézard 1987) gated by resonance: oscillators that the network already holds in
  /// place stop learning, which both stores correlated patterns and saves pulses.
  case stability
}

/// Parameters of the DRAI learning rule for one tile.
///
/// At the end of each window the detector mean m_ij = ⟨g(φ_i − φ_j)⟩_W is compared with the
/// thresholds. If m_ij ≥ ``potentiationThreshold`` or m_ij ≤ ``depressionThreshold`` (and, in
/// stability mode, oscillator i's in-phase drive is below the margin) a resonance event fires
/// for synapse i ← j (R_ij = 1) and w_ij changes by Δw = η·m_ij (founding paper's rule,
/// Docs/model.md). Otherwise nothing is programmed for that pair, except the explicit decay
/// step if ``decayFraction`` > 0. Homeostatic scaling keeps Σ_j |w_ij| ≤ ``maxIncomingWeight``.
public struct LearningRule: Hashable, Sendable, Codable {
  /// How the window mean is formed.
  public var mode: LearningMode
  /// The phase-difference function g.
  public var function: ResonanceFunction
  /// Window mean at or above which potentiation fires (dimensionless, in (−2, 2]).
  public var potentiationThreshold: Double
  /// Window mean at or below which depression fires (dimensionless, in [−2, 2)), below
  /// ``potentiationThreshold``.
  public var depressionThreshold: Double
  /// η: weight change per unit window mean, in rad/µs (the weight's unit).
  public var learningRate: Double
  /// λ: fraction of its weight that a synapse without a resonance event loses at each window
  /// end, in [0, 1]. 0 disables decay.
  public var decayFraction: Double
  /// Stability mode only: the margin κ (rad/µs) below which an oscillator's in-phase drive λ_i
  /// lets its incoming synapses learn.
  public var stabilityMargin: Double
  /// Bound on each oscillator's total incoming weight magnitude Σ_j |w_ij| in rad/µs, or nil
  /// for no homeostatic scaling.
  public var maxIncomingWeight: Double?

  /// Creates a rule; the description loader validates the ranges stated above.
  public init(
    mode: LearningMode = .hebbian, function: ResonanceFunction, potentiationThreshold: Double, depressionThreshold: Double,
    learningRate: Double, decayFraction: Double, maxIncomingWeight: Double?, stabilityMargin: Double = 0
  ) {
    self.mode = mode
    self.function = function
    self.potentiationThreshold = potentiationThreshold
    self.depressionThreshold = depressionThreshold
    self.learningRate = learningRate
    self.decayFraction = decayFraction
    self.maxIncomingWeight = maxIncomingWeight
    self.stabilityMargin = stabilityMargin
  }
}
