// DraiChipModule: the emulated DRAI chip as a SystemC module (Docs/cosim.md).
//
// Ports: clk and reset (one chip cycle per rising clock edge while running; reset high on an
// edge returns the chip to its state at creation), aer_in and aer_out (sc_fifo of
// drai_aer_event: forcing and learning events in, phase-spike events out), and a TLM-2.0
// target socket (blocking transport, DMI refused) with the register map in Docs/cosim.md.
#ifndef DRAI_CHIP_MODULE_H
#define DRAI_CHIP_MODULE_H

#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "drai.h"

// sc_fifo needs streaming and comparison of its element type.
inline std::ostream &operator<<(std::ostream &os, const drai_aer_event &e) {
  return os << "aer(" << e.address << ", kind " << e.kind << ", cycle " << e.cycle << ")";
}
inline bool operator==(const drai_aer_event &a, const drai_aer_event &b) {
  return a.address == b.address && a.kind == b.kind && a.cycle == b.cycle;
}

namespace drai {

// Register map (byte addresses of the target socket).
enum Register : uint64_t {
  kControl = 0x000,          // W: 1 run, 2 stop, 4 reset (R: 1 while running)
  kStatus = 0x004,           // R: bit 0 running, bit 1 a chip call failed since reset or the last status read
                             //    (cleared by reading), bit 2 learning packets in flight
  kAbiVersion = 0x008,       // R: DRAI_ABI_VERSION
  kOscillators = 0x00C,      // R: number of oscillators
  kCycles = 0x010,           // R, 64-bit: cycles simulated
  kResonanceEvents = 0x018,  // R, 64-bit
  kWeightUpdates = 0x020,    // R, 64-bit
  kPulses = 0x028,           // R, 64-bit: SET + RESET pulses
  kEnergyFemtojoules = 0x030,// R, 64-bit: total energy so far, fJ (rounded)
  kPlasticity = 0x038,       // RW: 0 learning off, 1 on
  kLearningPending = 0x040,  // R, 64-bit: resonance-event packets in flight on the mesh
  kClockKilohertz = 0x048,   // R: the chip's clock, kHz
  kForcingBase = 0x1000,     // W, 4 bytes per oscillator: 1 force high, 2 force low, 0 release all
  kWeightBase = 0x10000,     // RW, 8 bytes per synapse (post * N + pre): IEEE double, rad/us
};

class DraiChipModule : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_in<bool> reset;
  sc_core::sc_fifo_in<drai_aer_event> aer_in;
  sc_core::sc_fifo_out<drai_aer_event> aer_out;
  tlm_utils::simple_target_socket<DraiChipModule> socket;

  SC_HAS_PROCESS(DraiChipModule);

  // A module emulating the chip described at `chip_path` with `seed`; it starts stopped (see
  // set_running and the control register). A description the library rejects is an
  // SC_REPORT_ERROR with the library's message (SystemC's default action throws it: sc_main
  // ends, printing it).
  DraiChipModule(sc_core::sc_module_name name, const std::string &chip_path, uint64_t seed);
  ~DraiChipModule() override;

  // Traces into `tf`, under this module's name: the clock, reset, the AER events taken in and
  // handed out, the phase-spike and resonance-event counts, the resonance-event packets in
  // flight, the phases (radians) of `oscillators`, and with `routers` each router's occupancy
  // (flits in its input buffers; a multi-tile chip only). Call before the simulation starts.
  void trace(sc_core::sc_trace_file *tf, const std::vector<uint32_t> &oscillators, bool routers = true);

  // One clock period of the chip (1 / clock_mhz), for the testbench's sc_clock.
  sc_core::sc_time clock_period() const;

  // Starts or stops stepping (as the control register does).
  void set_running(bool running) { running_ = running; }

  // AER events taken from aer_in and handed to aer_out since creation or the last reset.
  uint64_t aer_events_in() const { return events_in_; }
  uint64_t aer_events_out() const { return spikes_out_; }

  // Saves the chip's whole state to `path` (drai_chip_save), or restores it from a file saved
  // from a chip of the same description and seed (drai_chip_restore); false, with an
  // SC_REPORT_WARNING naming the library's message, when the library refuses. Call between
  // clock edges; a restore also empties the module's undelivered events, as a reset does.
  bool save(const std::string &path);
  bool restore(const std::string &path);

  // The library handle (for testbenches that compare with it).
  drai_chip *chip() const { return chip_; }

 private:
  void tick();
  // The chip back to its state at creation, with the module's counts and failure bit cleared.
  void reset_chip();
  void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
  // Debug transport: register reads without side effects; writes refused (0 bytes).
  unsigned int transport_dbg(tlm::tlm_generic_payload &trans);
  // The register access of both transports; `debug` suppresses side effects and time.
  void serve(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay, bool debug);
  // A library call made for a transaction: false (with the failure bit set and a warning
  // naming the call and the library's message) when it failed.
  bool call(int32_t status, const char *what);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload &trans, tlm::tlm_dmi &dmi);
  void check(int32_t status, const char *what);
  void refresh_traces();

  drai_chip *chip_ = nullptr;
  uint32_t oscillators_ = 0;
  bool running_ = false;
  bool failed_ = false;   // sticky until reset or a status read
  bool tracing_ = false;  // trace() was called: refresh the traced signals each edge
  bool warned_unflushable_ = false;  // reset could not empty a non-sc_fifo aer_out channel
  uint32_t plasticity_ = 0;
  std::deque<drai_aer_event> pending_out_;
  std::vector<drai_aer_event> poll_buffer_;
  // Traced values.
  sc_core::sc_signal<uint64_t> spikes_signal_;
  sc_core::sc_signal<uint64_t> resonance_signal_;
  sc_core::sc_signal<uint64_t> aer_in_signal_;
  sc_core::sc_signal<uint64_t> aer_out_signal_;
  sc_core::sc_signal<uint64_t> pending_signal_;
  std::vector<std::unique_ptr<sc_core::sc_signal<uint32_t>>> router_signals_;
  std::vector<uint32_t> occupancy_;
  std::vector<uint32_t> traced_;
  std::vector<std::unique_ptr<sc_core::sc_signal<double>>> phase_signals_;
  std::vector<double> phases_;
  uint64_t spikes_out_ = 0;
  uint64_t events_in_ = 0;
};

}  // namespace drai

#endif
