import DRAIDescription
import Foundation
import Testing

/// Settings whose phase step, frequency spread or forcing step would round away in the phase
/// register are refused with the key, the value and the smallest safe value.
@Suite struct PrecisionTests {
  func error(_ overrides: [String]) -> DescriptionError? {
    do { _ = try ChipDescription(path: repo("Hardware/chips/default.yaml"), overrides: overrides); return nil } catch let e as DescriptionError {
      return e
    } catch { return nil }
  }

  @Test("A natural frequency below 1 phase LSB per cycle is refused, naming the smallest safe frequency")
  func phaseStep() throws {
    // 12-bit phases at 10 GHz: 1 MHz is 2^12/10^4 = 0.4096 LSB per cycle (it would not move);
    // 1 LSB per cycle is 10^4/2^12 = 2.441 MHz. A long coupling period keeps the coupling and
    // forcing steps above their own limits (K·dt = 2 × 0.1 = 0.2 rad = 130 LSBs).
    let base = ["chip.clock_mhz=10000", "oscillators.phase_bits=12", "crossbar.coupling_period_cycles=1000",
                "oscillators.frequency_spread_mhz=0"]
    let e = try #require(error(base))
    #expect(e.key == "oscillators.natural_frequency_mhz" && e.code == .outOfRange)
    #expect(e.description.contains("0.4096 phase LSBs per cycle") && e.description.contains("2.441 MHz or more"))
    #expect(error(base + ["oscillators.natural_frequency_mhz=2.5", "oscillators.reference_frequency_mhz=2.5"]) == nil)
  }

  @Test("A frequency spread below 1 LSB per cycle, and a forcing step below 5 LSBs, are refused")
  func spreadAndForcing() throws {
    // 16 bits at 100 MHz: 1 LSB per cycle is 100/65536 = 0.001526 MHz; the default 0.002 passes.
    let spread = try #require(error(["oscillators.frequency_spread_mhz=0.001"]))
    #expect(spread.key == "oscillators.frequency_spread_mhz" && spread.description.contains("0.6554 phase LSBs")
              && spread.description.contains("0.001526 MHz"))
    // F·dt at 16 bits and dt = 0.01 µs: 5 LSBs is 5 × 2π / 65536 / 0.01 = 0.04794 rad/µs.
    let forcing = try #require(error(["forcing.strength_rad_per_us=0.04"]))
    #expect(forcing.key == "forcing.strength_rad_per_us" && forcing.description.contains("0.04794 rad/µs or more"))
    #expect(error(["forcing.strength_rad_per_us=0.05"]) == nil)
    #expect(error(["forcing.strength_rad_per_us=0"]) == nil)  // no forcing: nothing to round
  }
}
