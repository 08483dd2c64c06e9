#include "drai_sc_shim.h"

#include <systemc>

using namespace sc_core;

namespace {

// The reference block: a 32-bit phase register that adds its increment on every rising edge.
SC_MODULE(PhaseAccumulator) {
  sc_in<bool> clk;
  sc_dt::sc_uint<32> phase;
  sc_dt::sc_uint<32> increment;
  void tick() { phase = phase + increment; }
  SC_CTOR(PhaseAccumulator) {
    SC_METHOD(tick);
    sensitive << clk.pos();
    dont_initialize();
  }
};

struct Simulation {
  // Rising edges at 5, 15, 25 ns ...: each 10 ns step (sc_start stops before its end time's
  // events) holds exactly one.
  sc_clock clk{"clk", sc_time(10, SC_NS), 0.5, sc_time(5, SC_NS), true};
  PhaseAccumulator accumulator{"accumulator"};
  Simulation(uint32_t initial, uint32_t increment) {
    accumulator.clk(clk);
    accumulator.phase = initial;
    accumulator.increment = increment;
  }
};

Simulation *simulation = nullptr;  // one per process: SystemC elaborates once

}  // namespace

extern "C" int32_t drai_sc_accumulator_start(uint32_t initial, uint32_t increment) {
  if (simulation != nullptr) return -1;
  try {
    sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", SC_DO_NOTHING);
    simulation = new Simulation(initial, increment);
    sc_start(SC_ZERO_TIME);  // finish elaboration
    return 0;
  } catch (...) {
    return -2;
  }
}

extern "C" int32_t drai_sc_accumulator_step(uint32_t *phase) {
  if (simulation == nullptr || phase == nullptr) return -1;
  try {
    sc_start(sc_time(10, SC_NS));
    *phase = static_cast<uint32_t>(simulation->accumulator.phase);
    return 0;
  } catch (...) {
    return -2;
  }
}

// libsystemc's main() refers to sc_main; a Swift program that links SystemC has its own main, so
// this weak definition only satisfies the reference and is never called.
int sc_main(int, char *[]) __attribute__((weak));
int sc_main(int, char *[]) { return 0; }
