// Testbenches of the DRAI SystemC module (Docs/cosim.md):
//   drai-systemc CHIP aer CYCLES [--vcd PATH]   AER in and out over sc_fifo, one cycle per clock edge:
//       forces oscillators 0..N/2-1 high and the rest low from the second cycle, prints every
//       emitted phase spike ("spike CYCLE ADDRESS") and the counters.
//   drai-systemc CHIP tlm                       a loosely-timed TLM-2.0 initiator that configures the
//       chip and reads its counters over the socket only, including the error responses.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include "drai_chip_module.h"

using namespace sc_core;

// Reads the emitted events as they come.
SC_MODULE(AerSink) {
  sc_fifo_in<drai_aer_event> in;
  std::vector<drai_aer_event> seen;
  void run() {
    for (;;) seen.push_back(in.read());
  }
  SC_CTOR(AerSink) { SC_THREAD(run); }
};

// Writes the forcing pattern half a cycle after the first edge.
SC_MODULE(AerSource) {
  sc_fifo_out<drai_aer_event> out;
  uint32_t oscillators = 0;
  void run() {
    wait(5, SC_NS);
    for (uint32_t i = 0; i < oscillators; ++i) {
      out.write(drai_aer_event{i, i < oscillators / 2 ? uint32_t(DRAI_AER_FORCE_HIGH) : uint32_t(DRAI_AER_FORCE_LOW), 0});
    }
  }
  SC_CTOR(AerSource) { SC_THREAD(run); }
};

// An initiator that never calls: the AER testbench binds it so that the target socket is bound.
SC_MODULE(IdleInitiator) {
  tlm_utils::simple_initiator_socket<IdleInitiator> socket;
  SC_CTOR(IdleInitiator) : socket("socket") {}
};

// A loosely-timed initiator: every access is one b_transport call with its response printed.
SC_MODULE(Initiator) {
  tlm_utils::simple_initiator_socket<Initiator> socket;
  sc_time delay = SC_ZERO_TIME;

  tlm::tlm_response_status access(tlm::tlm_command command, uint64_t address, void *data, unsigned length) {
    tlm::tlm_generic_payload p;
    p.set_command(command);
    p.set_address(address);
    p.set_data_ptr(static_cast<unsigned char *>(data));
    p.set_data_length(length);
    p.set_streaming_width(length);
    p.set_byte_enable_ptr(nullptr);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(p, delay);
    return p.get_response_status();
  }
  template <typename T> T read(uint64_t address) {
    T v{};
    tlm::tlm_response_status s = access(tlm::TLM_READ_COMMAND, address, &v, sizeof v);
    if (s != tlm::TLM_OK_RESPONSE) SC_REPORT_ERROR("tb/read", "unexpected error response");
    return v;
  }
  template <typename T> void write(uint64_t address, T v) {
    if (access(tlm::TLM_WRITE_COMMAND, address, &v, sizeof v) != tlm::TLM_OK_RESPONSE) SC_REPORT_ERROR("tb/write", "unexpected error response");
  }

  void run() {
    using namespace drai;
    const uint32_t n = read<uint32_t>(kOscillators);
    std::printf("abi %u oscillators %u\n", read<uint32_t>(kAbiVersion), n);
    write<double>(kWeightBase + 8 * (3 * n + 7), 0.05);
    std::printf("weight 3<-7 %.7f\n", read<double>(kWeightBase + 8 * (3 * n + 7)));
    write<uint32_t>(kPlasticity, 1);
    for (uint32_t i = 0; i < n; ++i) write<uint32_t>(kForcingBase + 4 * i, i % 2 == 0 ? 1u : 2u);
    write<uint32_t>(kControl, 1);
    wait(delay + sc_time(20, SC_US));  // 2000 cycles at 10 ns
    delay = SC_ZERO_TIME;
    write<uint32_t>(kControl, 2);
    std::printf("status %u cycles %llu resonance_events %llu weight_updates %llu pulses %llu energy_fj %llu\n",
                read<uint32_t>(kStatus), (unsigned long long)read<uint64_t>(kCycles),
                (unsigned long long)read<uint64_t>(kResonanceEvents), (unsigned long long)read<uint64_t>(kWeightUpdates),
                (unsigned long long)read<uint64_t>(kPulses), (unsigned long long)read<uint64_t>(kEnergyFemtojoules));
    uint64_t v64 = 0;
    uint32_t v32 = 0;
    std::printf("errors: cycles as 4 bytes %d, unmapped %d, write to cycles %d, self-synapse %d, control 9 %d\n",
                access(tlm::TLM_READ_COMMAND, kCycles, &v32, 4), access(tlm::TLM_READ_COMMAND, 0x500, &v32, 4),
                access(tlm::TLM_WRITE_COMMAND, kCycles, &v64, 8), access(tlm::TLM_READ_COMMAND, kWeightBase + 8 * (5 * n + 5), &v64, 8),
                [&] { uint32_t nine = 9; return access(tlm::TLM_WRITE_COMMAND, kControl, &nine, 4); }());
    tlm::tlm_dmi dmi;
    tlm::tlm_generic_payload p;
    p.set_address(kCycles);
    std::printf("dmi %s\n", socket->get_direct_mem_ptr(p, dmi) ? "granted" : "refused");
    sc_stop();
  }
  SC_CTOR(Initiator) : socket("socket") { SC_THREAD(run); }
};

int sc_main(int argc, char *argv[]) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: drai-systemc CHIP aer CYCLES [--vcd PATH] | drai-systemc CHIP tlm\n");
    return 2;
  }
  const std::string chip_path = argv[1], mode = argv[2];
  sc_clock clk("clk", 10, SC_NS);
  sc_signal<bool> reset("reset");
  drai::DraiChipModule chip("chip", chip_path, 1);
  chip.clk(clk);
  chip.reset(reset);
  sc_fifo<drai_aer_event> in("aer_in_fifo", 1 << 12), out("aer_out_fifo", 1 << 16);
  chip.aer_in(in);
  chip.aer_out(out);
  uint32_t n = 0;
  drai_chip_oscillators(chip.chip(), &n);
  if (mode == "aer") {
    if (argc < 4) { std::fprintf(stderr, "aer needs CYCLES\n"); return 2; }
    const long cycles = std::atol(argv[3]);
    AerSource source("source");
    source.oscillators = n;
    source.out(in);
    AerSink sink("sink");
    sink.in(out);
    IdleInitiator idle("idle");
    idle.socket.bind(chip.socket);
    sc_trace_file *tf = nullptr;
    if (argc >= 6 && std::strcmp(argv[4], "--vcd") == 0) {
      tf = sc_create_vcd_trace_file(argv[5]);
      chip.trace(tf, {0, 1, 2, 3});
    }
    chip.set_running(true);
    sc_start(sc_time(10.0 * cycles, SC_NS));
    if (tf != nullptr) sc_close_vcd_trace_file(tf);
    drai_aer_event e;
    while (out.nb_read(e)) sink.seen.push_back(e);
    for (const drai_aer_event &s : sink.seen) std::printf("spike %llu %u\n", (unsigned long long)s.cycle, s.address);
    drai_counters c;
    drai_chip_counters(chip.chip(), &c);
    std::printf("cycles %llu phase_spikes %llu events %zu\n", (unsigned long long)c.cycles, (unsigned long long)c.phase_spikes,
                sink.seen.size());
    return 0;
  }
  if (mode == "tlm") {
    Initiator tb("initiator");
    tb.socket.bind(chip.socket);
    sc_start();
    return 0;
  }
  std::fprintf(stderr, "unknown mode '%s': aer or tlm\n", mode.c_str());
  return 2;
}
