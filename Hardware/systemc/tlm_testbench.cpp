// The TLM testbench: a loosely-timed initiator that configures the chip and reads its counters
// over the target socket only, including the error responses.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include <tlm_utils/simple_initiator_socket.h>

#include "drai_chip_module.h"
#include "testbenches.h"

using namespace sc_core;

namespace {

// A loosely-timed initiator: every access is one b_transport call with its response printed.
SC_MODULE(Initiator) {
  tlm_utils::simple_initiator_socket<Initiator> socket;
  sc_time delay = SC_ZERO_TIME;
  sc_fifo<drai_aer_event> *in = nullptr, *out = nullptr;  // the chip's AER fifos
  drai::DraiChipModule *module = nullptr;                 // for save and restore

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
  // A debug read (transport_dbg): the bytes it returned, and the value.
  template <typename T> T debug_read(uint64_t address, unsigned &bytes) {
    T v{};
    tlm::tlm_generic_payload p;
    p.set_command(tlm::TLM_READ_COMMAND);
    p.set_address(address);
    p.set_data_ptr(reinterpret_cast<unsigned char *>(&v));
    p.set_data_length(sizeof v);
    p.set_streaming_width(sizeof v);
    bytes = socket->transport_dbg(p);
    return v;
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
    // A failed library call answers its own transaction only: a weight between oscillators 16
    // and 1 (on a chip whose connectivity has no such synapse: an error), then one inside tile 0.
    // The status register's failure bit stays set for debug reads and clears on a bus read.
    read<uint32_t>(kStatus);  // clear the bit first
    double w = 0.02;
    const int missing = access(tlm::TLM_WRITE_COMMAND, kWeightBase + 8 * (16 * uint64_t(n) + 1), &w, 8);
    const int next = access(tlm::TLM_WRITE_COMMAND, kWeightBase + 8 * (3 * uint64_t(n) + 7), &w, 8);
    unsigned b1 = 0, b2 = 0;
    const uint32_t s1 = debug_read<uint32_t>(kStatus, b1), s2 = debug_read<uint32_t>(kStatus, b2);
    const uint32_t s3 = read<uint32_t>(kStatus), s4 = read<uint32_t>(kStatus);
    unsigned wrote = 0;
    {
      uint32_t one = 1;
      tlm::tlm_generic_payload p2;
      p2.set_command(tlm::TLM_WRITE_COMMAND);
      p2.set_address(kControl);
      p2.set_data_ptr(reinterpret_cast<unsigned char *>(&one));
      p2.set_data_length(4);
      p2.set_streaming_width(4);
      wrote = socket->transport_dbg(p2);
    }
    std::printf("per-transaction: missing synapse %d, next write %d, debug status %u %u (%u %u bytes), status %u %u, debug write %u bytes\n",
                missing, next, s1 & 2u, s2 & 2u, b1, b2, s3 & 2u, s4 & 2u, wrote);
    // Save the stopped chip, so that it can be restored after the reset below.
    // In $TMPDIR (else /tmp), named by the process so that parallel runs do not collide.
    const char* tmp = std::getenv("TMPDIR");
    const std::string saved = std::string(tmp && *tmp ? tmp : "/tmp") + "/drai-tlm-" + std::to_string(::getpid()) + ".ckpt";
    const bool wroteCheckpoint = module->save(saved);
    const unsigned long long cyclesSaved = read<uint64_t>(kCycles);
    // Reset empties every queue of the old run: an input written before it and the spikes
    // waiting in aer_out are gone afterwards, and the cycle count restarts.
    in->nb_write(drai_aer_event{0, DRAI_AER_FORCE_HIGH, 0});
    wait(SC_ZERO_TIME);
    const int outBefore = out->num_available(), inBefore = in->num_available();
    write<uint32_t>(kControl, 4);
    wait(SC_ZERO_TIME);
    std::printf("reset: aer_out %d -> %d, aer_in %d -> %d, cycles %llu\n", outBefore, out->num_available(), inBefore,
                in->num_available(), (unsigned long long)read<uint64_t>(kCycles));
    // Restoring the saved state brings back its cycle and counters.
    const bool restored = wroteCheckpoint && module->restore(saved);
    std::printf("restore: saved %d at cycle %llu, restored %d, cycles %llu, resonance_events %llu\n", wroteCheckpoint ? 1 : 0,
                cyclesSaved, restored ? 1 : 0, (unsigned long long)read<uint64_t>(kCycles),
                (unsigned long long)read<uint64_t>(kResonanceEvents));
    std::remove(saved.c_str());
    sc_stop();
  }
  SC_CTOR(Initiator) : socket("socket") { SC_THREAD(run); }
};

}  // namespace

int drai::run_tlm_testbench(const TestbenchOptions &o) {
  drai::DraiChipModule chip("chip", o.chip, o.seed);
  sc_clock clk("clk", chip.clock_period());
  sc_signal<bool> reset("reset");
  chip.clk(clk);
  chip.reset(reset);
  sc_fifo<drai_aer_event> in("aer_in_fifo", 1 << 12), out("aer_out_fifo", 1 << 16);
  chip.aer_in(in);
  chip.aer_out(out);
  Initiator tb("initiator");
  tb.in = &in;
  tb.out = &out;
  tb.module = &chip;
  tb.socket.bind(chip.socket);
  sc_start();
  return 0;
}
