// drai-systemc: the example testbenches of the DRAI SystemC module (Docs/cosim.md).
//   drai-systemc CHIP aer CYCLES [--seed S] [--vcd PATH]
//       AER in and out over sc_fifo, one cycle per clock edge: forces oscillators 0..N/2-1 high
//       and the rest low from the second cycle, prints every emitted phase spike
//       ("spike CYCLE ADDRESS") and the counters.
//   drai-systemc CHIP tlm [--seed S]
//       a loosely-timed TLM-2.0 initiator that configures the chip and reads its counters over
//       the socket only, including the error responses.
//   drai-systemc CHIP digits WORKLOAD [--seed S] [--vcd PATH] [--json PATH]
//       the digits workload driven through clock, reset and the AER input fifo; prints the
//       summary `drai run` prints for the same chip, workload and seed.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <systemc>

#include "testbenches.h"

namespace {

const char *kUsage =
    "usage: drai-systemc CHIP aer CYCLES [--seed S] [--vcd PATH]\n"
    "       drai-systemc CHIP tlm [--seed S]\n"
    "       drai-systemc CHIP digits WORKLOAD [--seed S] [--vcd PATH] [--json PATH]\n";

// A whole decimal number, or false.
bool parse_count(const char *text, uint64_t &value) {
  char *end = nullptr;
  if (*text == '\0' || *text == '-') return false;
  errno = 0;
  value = std::strtoull(text, &end, 10);
  return *end == '\0' && errno != ERANGE;
}

}  // namespace

int sc_main(int argc, char *argv[]) {
  if (argc < 3) { std::fprintf(stderr, "%s", kUsage); return 2; }
  drai::TestbenchOptions o;
  o.chip = argv[1];
  const std::string mode = argv[2];
  int k = 3;
  if (mode == "aer") {
    if (argc < 4 || !parse_count(argv[3], o.cycles)) {
      std::fprintf(stderr, "aer needs CYCLES, a whole number (got '%s')\n%s", argc < 4 ? "" : argv[3], kUsage);
      return 2;
    }
    k = 4;
  } else if (mode == "digits") {
    if (argc < 4) { std::fprintf(stderr, "digits needs WORKLOAD, a workload description\n%s", kUsage); return 2; }
    o.workload = argv[3];
    k = 4;
  } else if (mode != "tlm") {
    std::fprintf(stderr, "unknown mode '%s': aer, tlm or digits\n%s", mode.c_str(), kUsage);
    return 2;
  }
  for (; k < argc; k += 2) {
    const std::string option = argv[k];
    if (k + 1 >= argc) { std::fprintf(stderr, "%s needs a value\n%s", option.c_str(), kUsage); return 2; }
    const char *value = argv[k + 1];
    if (option == "--seed") {
      if (!parse_count(value, o.seed)) { std::fprintf(stderr, "--seed: '%s' is not a whole number\n", value); return 2; }
    } else if (option == "--vcd" && mode != "tlm") {
      o.vcd = value;
    } else if (option == "--json" && mode == "digits") {
      o.json = value;
    } else {
      std::fprintf(stderr, "unknown option '%s' for mode %s\n%s", option.c_str(), mode.c_str(), kUsage);
      return 2;
    }
  }
  if (mode == "aer") return drai::run_aer_testbench(o);
  if (mode == "tlm") return drai::run_tlm_testbench(o);
  return drai::run_digits_testbench(o);
}
