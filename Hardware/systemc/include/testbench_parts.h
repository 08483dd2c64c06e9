// Small SystemC modules shared by the example testbenches.
#ifndef DRAI_TESTBENCH_PARTS_H
#define DRAI_TESTBENCH_PARTS_H

#include <cstdint>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include "drai_chip_module.h"

namespace drai {

// Reads the emitted AER events as they come: counts them, folds them into a 64-bit FNV-1a
// digest of (cycle, address, kind) in order, and with `keep` also keeps them.
SC_MODULE(AerSink) {
  sc_core::sc_fifo_in<drai_aer_event> in;
  bool keep = true;
  std::vector<drai_aer_event> seen;
  uint64_t count = 0;
  uint64_t digest = 14695981039346656037ull;

  void take(const drai_aer_event &e) {
    ++count;
    if (keep) seen.push_back(e);
    const uint64_t words[3] = {e.cycle, e.address, e.kind};
    for (uint64_t w : words) {
      for (int b = 0; b < 8; ++b) {
        digest ^= (w >> (8 * b)) & 0xff;
        digest *= 1099511628211ull;
      }
    }
  }
  void run() {
    for (;;) take(in.read());
  }
  SC_CTOR(AerSink) { SC_THREAD(run); }
};

// An initiator that never calls: testbenches that do not use the socket bind it.
SC_MODULE(IdleInitiator) {
  tlm_utils::simple_initiator_socket<IdleInitiator> socket;
  SC_CTOR(IdleInitiator) : socket("socket") {}
};

}  // namespace drai

#endif
