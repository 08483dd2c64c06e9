// The example testbenches of the DRAI SystemC module (Docs/cosim.md), one per file, dispatched
// by main.cpp's sc_main.
#ifndef DRAI_TESTBENCHES_H
#define DRAI_TESTBENCHES_H

#include <cstdint>
#include <string>

namespace drai {

// The command line of drai-systemc.
struct TestbenchOptions {
  std::string chip;      // chip description (YAML)
  uint64_t seed = 1;     // --seed
  uint64_t cycles = 0;   // aer: cycles to run
  std::string workload;  // digits: workload description (YAML)
  std::string vcd;       // --vcd: trace file path without ".vcd" ("" for none)
  std::string json;      // --json (digits): the run's JSON report
};

// Forcing over the AER input fifo, every emitted phase spike printed (aer_testbench.cpp).
int run_aer_testbench(const TestbenchOptions &options);
// A loosely-timed TLM-2.0 initiator using the socket only (tlm_testbench.cpp).
int run_tlm_testbench(const TestbenchOptions &options);
// The digits workload through clock, reset and the AER fifos; prints drai run's summary
// (digits_testbench.cpp).
int run_digits_testbench(const TestbenchOptions &options);

}  // namespace drai

#endif
