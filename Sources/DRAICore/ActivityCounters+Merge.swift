extension ActivityCounters {
  /// Adds the counts of another part of the same chip (a tile, the network): every count is
  /// summed except ``cycles``, which is chip time and becomes the larger of the two.
  public mutating func merge(_ o: ActivityCounters) {
    cycles = Swift.max(cycles, o.cycles)
    oscillatorCycles += o.oscillatorCycles
    oscillatorIdleCycles += o.oscillatorIdleCycles
    learningPoweredCycles += o.learningPoweredCycles
    phaseSpikes += o.phaseSpikes
    couplingPeriods += o.couplingPeriods
    crossbarCellReads += o.crossbarCellReads
    dacConversions += o.dacConversions
    adcConversions += o.adcConversions
    adcSaturations += o.adcSaturations
    couplingUpdates += o.couplingUpdates
    detectorSamples += o.detectorSamples
    windowsEvaluated += o.windowsEvaluated
    resonanceEvents += o.resonanceEvents
    potentiationEvents += o.potentiationEvents
    depressionEvents += o.depressionEvents
    skippedWindows += o.skippedWindows
    weightUpdates += o.weightUpdates
    updatesByPulses &+= o.updatesByPulses
    updatePulses += o.updatePulses
    setPulses += o.setPulses
    resetPulses += o.resetPulses
    ineffectivePulses += o.ineffectivePulses
    decayPulses += o.decayPulses
    homeostaticPulses += o.homeostaticPulses
    nocHopsEastWest += o.nocHopsEastWest
    nocHopsNorthSouth += o.nocHopsNorthSouth
    nocDeliveries += o.nocDeliveries
    densePulseEstimate += o.densePulseEstimate
    setPulseConductanceSum += o.setPulseConductanceSum
    resetPulseConductanceSum += o.resetPulseConductanceSum
    readConductanceSum += o.readConductanceSum
    verifyReads += o.verifyReads
    verifyConductanceSum += o.verifyConductanceSum
  }
}
