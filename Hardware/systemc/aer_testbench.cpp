// The AER testbench: forcing over the input fifo, every emitted phase spike printed.
#include <cstdio>

#include "testbench_parts.h"
#include "testbenches.h"

using namespace sc_core;

namespace {

// Writes the forcing pattern half a cycle after the first edge: oscillators 0..N/2-1 high, the
// rest low.
SC_MODULE(AerSource) {
  sc_fifo_out<drai_aer_event> out;
  uint32_t oscillators = 0;
  sc_time period;
  void run() {
    wait(period / 2);
    for (uint32_t i = 0; i < oscillators; ++i) {
      out.write(drai_aer_event{i, i < oscillators / 2 ? uint32_t(DRAI_AER_FORCE_HIGH) : uint32_t(DRAI_AER_FORCE_LOW), 0});
    }
  }
  SC_CTOR(AerSource) { SC_THREAD(run); }
};

}  // namespace

int drai::run_aer_testbench(const TestbenchOptions &o) {
  drai::DraiChipModule chip("chip", o.chip, o.seed);
  const sc_time period = chip.clock_period();
  sc_clock clk("clk", period);
  sc_signal<bool> reset("reset");
  chip.clk(clk);
  chip.reset(reset);
  uint32_t n = 0;
  drai_chip_oscillators(chip.chip(), &n);
  sc_fifo<drai_aer_event> in("aer_in_fifo", int(n) + 16), out("aer_out_fifo", 1 << 16);
  chip.aer_in(in);
  chip.aer_out(out);
  AerSource source("source");
  source.oscillators = n;
  source.period = period;
  source.out(in);
  AerSink sink("sink");
  sink.in(out);
  IdleInitiator idle("idle");
  idle.socket.bind(chip.socket);
  sc_trace_file *tf = nullptr;
  if (!o.vcd.empty()) {
    tf = sc_create_vcd_trace_file(o.vcd.c_str());
    chip.trace(tf, {0, 1, 2, 3});
  }
  chip.set_running(true);
  sc_start(period * double(o.cycles));
  if (tf != nullptr) sc_close_vcd_trace_file(tf);
  drai_aer_event e;
  while (out.nb_read(e)) sink.take(e);
  for (const drai_aer_event &s : sink.seen) std::printf("spike %llu %u\n", (unsigned long long)s.cycle, s.address);
  drai_counters c;
  c.size = sizeof c;
  drai_chip_counters(chip.chip(), &c);
  std::printf("cycles %llu phase_spikes %llu events %zu\n", (unsigned long long)c.cycles, (unsigned long long)c.phase_spikes,
              sink.seen.size());
  return 0;
}
