#include "drai_chip_module.h"

#include <cmath>
#include <cstring>
#include <sstream>

namespace drai {

DraiChipModule::DraiChipModule(sc_core::sc_module_name name, const std::string &chip_path, uint64_t seed)
    : sc_core::sc_module(name), clk("clk"), reset("reset"), aer_in("aer_in"), aer_out("aer_out"), socket("socket"),
      poll_buffer_(4096), spikes_signal_("phase_spikes"), resonance_signal_("resonance_events"),
      aer_in_signal_("aer_in_events"), aer_out_signal_("aer_out_events"), pending_signal_("learning_pending") {
  // The library must implement the ABI this module was compiled against (drai.h): a mismatch
  // would read structs and codes of another layout.
  if (drai_abi_version() != DRAI_ABI_VERSION) {
    std::ostringstream message;
    message << "libDRAICAPI implements ABI " << drai_abi_version() << ", this module was built for ABI " << DRAI_ABI_VERSION
            << ": rebuild the module against the library's drai.h";
    SC_REPORT_ERROR("drai/abi", message.str().c_str());
    return;
  }
  char error[1024];
  if (drai_chip_create_from_path(chip_path.c_str(), seed, &chip_, error, sizeof error) != DRAI_OK) {
    SC_REPORT_ERROR("drai/create", error);  // SystemC's default action throws: elaboration ends
    return;
  }
  drai_chip_oscillators(chip_, &oscillators_);
  socket.register_b_transport(this, &DraiChipModule::b_transport);
  socket.register_get_direct_mem_ptr(this, &DraiChipModule::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &DraiChipModule::transport_dbg);
  SC_METHOD(tick);
  sensitive << clk.pos();
  dont_initialize();
}

DraiChipModule::~DraiChipModule() {
  if (chip_ != nullptr) drai_chip_destroy(chip_);
}

void DraiChipModule::check(int32_t status, const char *what) {
  if (status != DRAI_OK) {
    failed_ = true;
    std::ostringstream m;
    m << what << ": status " << status << ": " << drai_chip_last_error(chip_);
    SC_REPORT_ERROR("drai/call", m.str().c_str());
  }
}

void DraiChipModule::reset_chip() {
  // Every queue of the old run goes: inputs not yet taken (they were meant for it), events not
  // yet handed out, and events already in the output fifo but not yet read (their cycle
  // numbers would collide with the new run's). The fifos are the testbench's channels, so
  // they are emptied through the channel itself when it is an sc_fifo.
  drai_aer_event stale;
  while (aer_in.nb_read(stale)) {}
  if (auto *fifo = dynamic_cast<sc_core::sc_fifo<drai_aer_event> *>(aer_out.get_interface())) {
    while (fifo->nb_read(stale)) {}
  } else if (!warned_unflushable_) {
    SC_REPORT_WARNING("drai/reset", "aer_out is not bound to an sc_fifo: events already in it survive the reset");
    warned_unflushable_ = true;
  }
  pending_out_.clear();
  plasticity_ = 0;
  spikes_out_ = 0;
  events_in_ = 0;
  failed_ = false;
  check(drai_chip_reset(chip_), "drai_chip_reset");
}

void DraiChipModule::tick() {
  if (reset.read()) {
    reset_chip();
    refresh_traces();
    return;
  }
  if (!running_) return;
  drai_aer_event in;
  while (aer_in.nb_read(in)) {
    check(drai_chip_inject(chip_, in), "drai_chip_inject");
    ++events_in_;
    if (in.kind == DRAI_AER_LEARN_ON || in.kind == DRAI_AER_LEARN_OFF) plasticity_ = in.kind == DRAI_AER_LEARN_ON ? 1 : 0;
  }
  check(drai_chip_step(chip_, 1), "drai_chip_step");
  size_t polled = 0;
  do {
    check(drai_chip_poll(chip_, poll_buffer_.data(), poll_buffer_.size(), &polled), "drai_chip_poll");
    for (size_t k = 0; k < polled; ++k) pending_out_.push_back(poll_buffer_[k]);
  } while (polled == poll_buffer_.size());
  // Hand over as many events as the output fifo takes; the rest wait for the next edge.
  while (!pending_out_.empty() && aer_out.num_free() > 0) {
    aer_out.nb_write(pending_out_.front());
    pending_out_.pop_front();
    ++spikes_out_;
  }
  refresh_traces();
}

sc_core::sc_time DraiChipModule::clock_period() const {
  double mhz = 0;
  drai_chip_clock_mhz(chip_, &mhz);
  return sc_core::sc_time(1e3 / mhz, sc_core::SC_NS);
}

void DraiChipModule::refresh_traces() {
  if (!tracing_) return;
  drai_counters c;
  c.size = sizeof c;
  drai_chip_counters(chip_, &c);
  spikes_signal_.write(c.phase_spikes);
  resonance_signal_.write(c.resonance_events);
  aer_in_signal_.write(events_in_);
  aer_out_signal_.write(spikes_out_);
  uint64_t pending = 0;
  drai_chip_learning_pending(chip_, &pending);
  pending_signal_.write(pending);
  if (!router_signals_.empty()) {
    size_t routers = 0;
    drai_chip_router_occupancy(chip_, occupancy_.data(), occupancy_.size(), &routers);
    for (size_t r = 0; r < router_signals_.size(); ++r) router_signals_[r]->write(occupancy_[r]);
  }
  if (phase_signals_.empty()) return;
  size_t count = 0;
  phases_.resize(oscillators_);
  drai_chip_phases(chip_, phases_.data(), phases_.size(), &count);
  for (size_t k = 0; k < traced_.size(); ++k) phase_signals_[k]->write(phases_[traced_[k]]);
}

void DraiChipModule::trace(sc_core::sc_trace_file *tf, const std::vector<uint32_t> &oscillators, bool routers) {
  const std::string prefix = std::string(name()) + ".";
  tracing_ = true;
  sc_core::sc_trace(tf, clk, prefix + "clk");
  sc_core::sc_trace(tf, reset, prefix + "reset");
  sc_core::sc_trace(tf, aer_in_signal_, prefix + "aer_in_events");
  sc_core::sc_trace(tf, aer_out_signal_, prefix + "aer_out_events");
  sc_core::sc_trace(tf, spikes_signal_, prefix + "phase_spikes");
  sc_core::sc_trace(tf, resonance_signal_, prefix + "resonance_events");
  sc_core::sc_trace(tf, pending_signal_, prefix + "learning_pending");
  size_t count = 0;
  if (routers) drai_chip_router_occupancy(chip_, nullptr, 0, &count);  // capacity 0: the count
  if (count > 0 && router_signals_.empty()) {
    occupancy_.resize(count);
    for (size_t r = 0; r < count; ++r) {
      const std::string signal = std::string(basename()) + "_router_" + std::to_string(r);
      router_signals_.push_back(std::make_unique<sc_core::sc_signal<uint32_t>>(signal.c_str()));
      sc_core::sc_trace(tf, *router_signals_.back(), prefix + "router_" + std::to_string(r) + ".occupancy_flits");
    }
  }
  for (uint32_t i : oscillators) {
    if (i >= oscillators_) {
      SC_REPORT_WARNING("drai/trace", ("no oscillator " + std::to_string(i) + " to trace").c_str());
      continue;
    }
    traced_.push_back(i);
    const std::string signal = std::string(basename()) + "_phase_" + std::to_string(i);
    phase_signals_.push_back(std::make_unique<sc_core::sc_signal<double>>(signal.c_str()));
    sc_core::sc_trace(tf, *phase_signals_.back(), prefix + "osc_" + std::to_string(i) + ".phase");
  }
}

bool DraiChipModule::get_direct_mem_ptr(tlm::tlm_generic_payload &, tlm::tlm_dmi &) { return false; }  // DMI refused

bool DraiChipModule::save(const std::string &path) { return call(drai_chip_save(chip_, path.c_str()), "drai_chip_save"); }

bool DraiChipModule::restore(const std::string &path) {
  if (!call(drai_chip_restore(chip_, path.c_str()), "drai_chip_restore")) return false;
  pending_out_.clear();
  return true;
}

unsigned int DraiChipModule::transport_dbg(tlm::tlm_generic_payload &trans) {
  // Debug reads see the registers without side effects (the status read keeps its failure
  // bit, no time passes); debug writes are refused (0 bytes).
  if (trans.get_command() != tlm::TLM_READ_COMMAND) return 0;
  sc_core::sc_time ignored = sc_core::SC_ZERO_TIME;
  serve(trans, ignored, true);
  return trans.get_response_status() == tlm::TLM_OK_RESPONSE ? trans.get_data_length() : 0;
}

void DraiChipModule::b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay) { serve(trans, delay, false); }

bool DraiChipModule::call(int32_t status, const char *what) {
  if (status == DRAI_OK) return true;
  failed_ = true;
  std::ostringstream m;
  m << what << ": status " << status << ": " << drai_chip_last_error(chip_);
  SC_REPORT_WARNING("drai/call", m.str().c_str());
  return false;
}

void DraiChipModule::serve(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay, bool debug) {
  const uint64_t address = trans.get_address();
  const unsigned length = trans.get_data_length();
  unsigned char *data = trans.get_data_ptr();
  const tlm::tlm_command command = trans.get_command();
  if (!debug) delay += sc_core::sc_time(10, sc_core::SC_NS);  // one bus cycle per access
  if (trans.get_byte_enable_ptr() != nullptr) { trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE); return; }
  if (trans.get_streaming_width() < length) { trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE); return; }
  if (command == tlm::TLM_IGNORE_COMMAND) { trans.set_response_status(tlm::TLM_OK_RESPONSE); return; }
  const bool read = command == tlm::TLM_READ_COMMAND;
  auto reply64 = [&](uint64_t v) {
    if (length != 8) { trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE); return; }
    if (!read) { trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE); return; }
    std::memcpy(data, &v, 8);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  auto reply32 = [&](uint32_t v) {
    if (length != 4) { trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE); return; }
    if (!read) { trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE); return; }
    std::memcpy(data, &v, 4);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  drai_counters c;
  c.size = sizeof c;
  switch (address) {
    case kControl: {
      if (length != 4) { trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE); return; }
      if (read) { reply32(running_ ? 1 : 0); return; }
      uint32_t v;
      std::memcpy(&v, data, 4);
      if (v == 1) running_ = true;
      else if (v == 2) running_ = false;
      else if (v == 4) reset_chip();
      else { trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE); return; }
      trans.set_response_status(tlm::TLM_OK_RESPONSE);
      return;
    }
    case kStatus: {
      uint64_t pending = 0;
      drai_chip_learning_pending(chip_, &pending);
      reply32((running_ ? 1u : 0u) | (failed_ ? 2u : 0u) | (pending > 0 ? 4u : 0u));
      if (!debug && trans.get_response_status() == tlm::TLM_OK_RESPONSE) failed_ = false;  // bit 1 clears when read
      return;
    }
    case kLearningPending: {
      uint64_t pending = 0;
      drai_chip_learning_pending(chip_, &pending);
      reply64(pending);
      return;
    }
    case kClockKilohertz: {
      double mhz = 0;
      drai_chip_clock_mhz(chip_, &mhz);
      reply32(static_cast<uint32_t>(std::llround(mhz * 1e3)));
      return;
    }
    case kAbiVersion: reply32(drai_abi_version()); return;
    case kOscillators: reply32(oscillators_); return;
    case kCycles: drai_chip_counters(chip_, &c); reply64(c.cycles); return;
    case kResonanceEvents: drai_chip_counters(chip_, &c); reply64(c.resonance_events); return;
    case kWeightUpdates: drai_chip_counters(chip_, &c); reply64(c.weight_updates); return;
    case kPulses: drai_chip_counters(chip_, &c); reply64(c.set_pulses + c.reset_pulses); return;
    case kEnergyFemtojoules: {
      drai_energy e;
      e.size = sizeof e;
      drai_chip_energy(chip_, &e);
      reply64(static_cast<uint64_t>(std::llround(e.total_j * 1e15)));
      return;
    }
    case kPlasticity: {
      if (length != 4) { trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE); return; }
      if (read) { reply32(plasticity_); return; }
      uint32_t v;
      std::memcpy(&v, data, 4);
      if (v > 1) { trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE); return; }
      if (!call(drai_chip_set_plasticity(chip_, static_cast<int32_t>(v)), "drai_chip_set_plasticity")) {
        trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
      }
      plasticity_ = v;
      trans.set_response_status(tlm::TLM_OK_RESPONSE);
      return;
    }
    default: break;
  }
  const uint64_t n = oscillators_;
  if (address >= kForcingBase && address < kForcingBase + 4 * n && (address - kForcingBase) % 4 == 0) {
    if (length != 4) { trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE); return; }
    if (read) { trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE); return; }
    uint32_t v;
    std::memcpy(&v, data, 4);
    if (v > 2) { trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE); return; }
    const drai_aer_event e{static_cast<uint32_t>((address - kForcingBase) / 4), v == 0 ? uint32_t(DRAI_AER_RELEASE) : v, 0};
    trans.set_response_status(call(drai_chip_inject(chip_, e), "drai_chip_inject") ? tlm::TLM_OK_RESPONSE
                                                                                     : tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  if (address >= kWeightBase && address < kWeightBase + 8 * n * n && (address - kWeightBase) % 8 == 0) {
    if (length != 8) { trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE); return; }
    const uint64_t synapse = (address - kWeightBase) / 8;
    const uint32_t post = static_cast<uint32_t>(synapse / n), pre = static_cast<uint32_t>(synapse % n);
    if (post == pre) { trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE); return; }  // no self-synapse
    // Each transaction answers for its own library call: an earlier failure (kept in the
    // status register's bit 1) does not turn this one into an error.
    double w = 0;
    bool ok;
    if (read) {
      ok = call(drai_chip_weight(chip_, post, pre, &w), "drai_chip_weight");
      if (ok) std::memcpy(data, &w, 8);
    } else {
      std::memcpy(&w, data, 8);
      if (!std::isfinite(w)) { trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE); return; }
      ok = call(drai_chip_set_weight(chip_, post, pre, w), "drai_chip_set_weight");
    }
    trans.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace drai
