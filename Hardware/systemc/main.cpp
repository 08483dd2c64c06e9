// drai-systemc: the example testbenches of the DRAI SystemC module (Docs/cosim.md).
//   drai-systemc CHIP aer CYCLES [--seed S] [--vcd PATH]
//       AER in and out over sc_fifo, one cycle per clock edge: forces oscillators 0..N/2-1 high
//       and the rest low from the second cycle, prints every emitted phase spike
//       ("spike CYCLE ADDRESS") and the counters.
//   drai-systemc CHIP tlm [--seed S]
//       a loosely-timed TLM-2.0 initiator that configures the chip and reads its counters over
//       the socket only, including the error responses.
//   drai-systemc CHIP digits WORKLOAD [--seed S] [--vcd PATH] [--json PATH]
//   (PATH of --vcd with or without ".vcd"; SystemC adds it)
//       the digits workload driven through clock, reset and the AER input fifo; prints the
//       summary `drai run` prints for the same chip, workload and seed.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <systemc>

#include "drai.h"
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

// Whether `path` can be created or overwritten (checked before a run, not after it).
bool writable(const std::string &path) {
  FILE *f = std::fopen(path.c_str(), "a");
  if (f == nullptr) return false;
  std::fclose(f);
  return true;
}

}  // namespace

int sc_main(int argc, char *argv[]) {
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) { std::printf("%s", kUsage); return 0; }
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
      if (!parse_count(value, o.seed)) {
        std::fprintf(stderr, "--seed: '%s' is not a whole number from 0 to 18446744073709551615\n", value);
        return 2;
      }
    } else if (option == "--vcd" && mode != "tlm") {
      // SystemC appends ".vcd": accept the path with or without it.
      o.vcd = value;
      if (o.vcd.size() > 4 && o.vcd.compare(o.vcd.size() - 4, 4, ".vcd") == 0) o.vcd.resize(o.vcd.size() - 4);
      if (!writable(o.vcd + ".vcd")) { std::fprintf(stderr, "--vcd: cannot write %s.vcd\n", o.vcd.c_str()); return 2; }
    } else if (option == "--json" && mode == "digits") {
      o.json = value;
      if (!writable(o.json)) { std::fprintf(stderr, "--json: cannot write %s\n", o.json.c_str()); return 2; }
    } else {
      std::fprintf(stderr, "unknown option '%s' for mode %s\n%s", option.c_str(), mode.c_str(), kUsage);
      return 2;
    }
  }
  // A description the library rejects: its message on standard error, before any module exists.
  drai_chip *probe = nullptr;
  char message[2048];
  if (drai_chip_create_from_path(o.chip.c_str(), o.seed, &probe, message, sizeof message) != DRAI_OK) {
    std::fprintf(stderr, "drai-systemc: %s\n", message);
    return 1;
  }
  drai_chip_destroy(probe);
  if (mode == "aer") return drai::run_aer_testbench(o);
  if (mode == "tlm") return drai::run_tlm_testbench(o);
  return drai::run_digits_testbench(o);
}
