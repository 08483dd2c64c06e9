// The digits testbench: the digits-recall workload driven through the module's clock, reset and
// AER input fifo, its output fifo read by a sink; prints the summary `drai run` prints.
//
// The workload (drai_workload_*, Docs/cosim.md) hands out segments; for each, the driver writes
// the segment's forcing and learning events into the AER input fifo half a cycle before a
// rising edge (the module injects them at that edge, before stepping) and then waits exactly
// the segment's cycles. The workload's scoreboard reads the chip's phases and counters through
// the module's handle, as a testbench's backdoor would.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "testbench_parts.h"
#include "testbenches.h"

using namespace sc_core;

namespace {

SC_MODULE(DigitsDriver) {
  sc_fifo_out<drai_aer_event> out;
  sc_out<bool> reset;
  drai::DraiChipModule *chip = nullptr;
  drai_workload *workload = nullptr;
  sc_time period;
  uint32_t oscillators = 0;
  bool finished = false;
  std::string error;

  void send(uint32_t address, int kind) { out.write(drai_aer_event{address, uint32_t(kind), 0}); }

  void run() {
    // The clock's first rising edge is half a period in: reset is high for it, and every input
    // below is written half a period before the edge that takes it.
    reset.write(true);
    wait(period);
    reset.write(false);
    std::vector<uint8_t> pattern(oscillators);
    bool learning = false;
    for (;;) {
      drai_segment s;
      if (drai_workload_next(workload, chip->chip(), &s, pattern.data(), pattern.size()) != DRAI_OK) {
        error = drai_workload_last_error(workload);
        break;
      }
      if (s.kind == DRAI_SEGMENT_END) { finished = true; break; }
      if (s.forcing == DRAI_FORCING_PATTERN) {
        for (uint32_t i = 0; i < oscillators; ++i) send(i, pattern[i] ? DRAI_AER_FORCE_HIGH : DRAI_AER_FORCE_LOW);
      } else if (s.forcing == DRAI_FORCING_RELEASE) {
        send(0, DRAI_AER_RELEASE);
      }
      if ((s.plasticity == 1) != learning) {
        learning = s.plasticity == 1;
        send(0, learning ? DRAI_AER_LEARN_ON : DRAI_AER_LEARN_OFF);
      }
      if (s.kind == DRAI_SEGMENT_DRAIN) {
        // One edge at a time while resonance-event packets are on their way (none on one tile).
        uint64_t pending = 0, ran = 0;
        while (drai_chip_learning_pending(chip->chip(), &pending) == DRAI_OK && pending > 0 && ran < s.cycles) {
          wait(period);
          ++ran;
        }
      } else {
        wait(period * double(s.cycles));
      }
    }
    sc_stop();
  }
  SC_CTOR(DigitsDriver) { SC_THREAD(run); }
};

// The report of `format` as text (empty, with `error` set, on failure).
std::string report(drai_workload *w, drai_chip *c, uint32_t format, std::string &error) {
  size_t length = 0;
  if (drai_workload_report(w, c, format, nullptr, 0, &length) != DRAI_ERR_BUFFER) {  // capacity 0: the length
    error = drai_workload_last_error(w);
    return "";
  }
  std::vector<char> text(length + 1);
  if (drai_workload_report(w, c, format, text.data(), text.size(), &length) != DRAI_OK) {
    error = drai_workload_last_error(w);
    return "";
  }
  return std::string(text.data(), length);
}

}  // namespace

int drai::run_digits_testbench(const TestbenchOptions &o) {
  const auto start = std::chrono::steady_clock::now();
  drai::DraiChipModule chip("chip", o.chip, o.seed);
  drai_workload *workload = nullptr;
  char message[2048];
  if (drai_workload_create_from_path(o.workload.c_str(), chip.chip(), &workload, message, sizeof message) != DRAI_OK) {
    std::fprintf(stderr, "drai-systemc: %s\n", message);
    return 1;
  }
  uint32_t n = 0;
  drai_chip_oscillators(chip.chip(), &n);
  const sc_time period = chip.clock_period();
  sc_clock clk("clk", period, 0.5, period / 2, true);  // first rising edge half a period in
  sc_signal<bool> reset("reset");
  chip.clk(clk);
  chip.reset(reset);
  // The input fifo holds a whole pattern plus the forcing and learning events.
  sc_fifo<drai_aer_event> in("aer_in_fifo", int(n) + 16), out("aer_out_fifo", 1 << 16);
  chip.aer_in(in);
  chip.aer_out(out);
  DigitsDriver driver("driver");
  driver.out(in);
  driver.reset(reset);
  driver.chip = &chip;
  driver.workload = workload;
  driver.period = period;
  driver.oscillators = n;
  AerSink sink("sink");
  sink.keep = false;
  sink.in(out);
  IdleInitiator idle("idle");
  idle.socket.bind(chip.socket);
  sc_trace_file *tf = nullptr;
  if (!o.vcd.empty()) {
    tf = sc_create_vcd_trace_file(o.vcd.c_str());
    chip.trace(tf, {0, 1, 2, 3}, true);
  }
  chip.set_running(true);
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", SC_INFO, SC_DO_NOTHING);  // "stopped by user"
  sc_start();
  if (tf != nullptr) sc_close_vcd_trace_file(tf);
  drai_aer_event e;
  while (out.nb_read(e)) sink.take(e);
  std::string error = driver.error;
  const std::string summary = driver.finished ? report(workload, chip.chip(), DRAI_REPORT_SUMMARY, error) : "";
  const std::string json = driver.finished && !o.json.empty() ? report(workload, chip.chip(), DRAI_REPORT_JSON, error) : "";
  drai_workload_destroy(workload);
  if (!error.empty()) {
    std::fprintf(stderr, "drai-systemc: %s\n", error.c_str());
    return 1;
  }
  if (!o.json.empty()) {
    FILE *f = std::fopen(o.json.c_str(), "w");
    if (f == nullptr || std::fwrite(json.data(), 1, json.size(), f) != json.size()) {
      std::fprintf(stderr, "drai-systemc: cannot write the JSON report to %s\n", o.json.c_str());
      if (f != nullptr) std::fclose(f);
      return 1;
    }
    std::fclose(f);
  }
  drai_counters c;
  c.size = sizeof c;
  drai_chip_counters(chip.chip(), &c);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s\n%-34s%.2f\n", summary.c_str(), "wall_s", wall);
  std::printf("\nSystemC: %llu clock edges stepped, ended at %s; AER in %llu events, AER out %llu events "
              "(phase_spikes %llu, sink %llu), digest %016llx\n",
              (unsigned long long)c.cycles, sc_time_stamp().to_string().c_str(), (unsigned long long)chip.aer_events_in(),
              (unsigned long long)chip.aer_events_out(), (unsigned long long)c.phase_spikes, (unsigned long long)sink.count,
              (unsigned long long)sink.digest);
  return 0;
}
