/*
 * drai.h: the C ABI of the DRAI chip emulator (Docs/cosim.md). This header is the source of
 * truth: the Swift exports in Sources/DRAICAPI implement it, and a test fails to compile when
 * a declaration here and its Swift twin drift apart.
 *
 * Every function returns a status (DRAI_OK or a DRAI_ERR_* code) unless stated otherwise; NULL
 * handles and bad arguments are errors, never crashes. A chip handle is not thread-safe: use it
 * from one thread at a time. Same description, same seed, same calls => the same results.
 */
#ifndef DRAI_H
#define DRAI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this ABI; it changes when a declaration changes. */
#define DRAI_ABI_VERSION 1u

/* Status codes. */
#define DRAI_OK 0
#define DRAI_ERR_NULL 1           /* a required pointer (handle or output) was NULL */
#define DRAI_ERR_ARGUMENT 2       /* an index, count or event kind out of range */
#define DRAI_ERR_DESCRIPTION 3    /* the chip description or its energy tables were rejected */
#define DRAI_ERR_BUFFER 4         /* an output buffer is too small: *count says how many are needed */
#define DRAI_ERR_EVENT_OVERFLOW 5 /* too many AER events wait to be polled: poll, then step on */

/* AER event kinds. Emitted by the chip: */
#define DRAI_AER_PHASE_SPIKE 0    /* oscillator `address` wrapped its phase (a spike) in cycle `cycle` */
/* Accepted by drai_chip_inject: */
#define DRAI_AER_FORCE_HIGH 1     /* force oscillator `address` towards phase 0 (pixel on); forcing on */
#define DRAI_AER_FORCE_LOW 2      /* force oscillator `address` towards phase pi (pixel off); forcing on */
#define DRAI_AER_RELEASE 3        /* stop forcing (address ignored) */

/* An address-event: which oscillator (global index), what kind, and the cycle it happened in
 * (emitted) or is applied from (injected: ignored, events apply from the next step). */
typedef struct drai_aer_event {
  uint32_t address;
  uint32_t kind;
  uint64_t cycle;
} drai_aer_event;

/* Activity counters of the chip since creation or reset (Docs/model.md, Counters and energy). */
typedef struct drai_counters {
  uint64_t cycles;
  uint64_t oscillator_cycles;
  uint64_t phase_spikes;
  uint64_t crossbar_cell_reads;
  uint64_t dac_conversions;
  uint64_t adc_conversions;
  uint64_t coupling_updates;
  uint64_t detector_samples;
  uint64_t windows_evaluated;
  uint64_t resonance_events;
  uint64_t weight_updates;
  uint64_t set_pulses;
  uint64_t reset_pulses;
  uint64_t noc_flit_hops;
  uint64_t noc_deliveries;
} drai_counters;

/* Energy so far, priced with the chip's energy tables, in joules (Docs/energy.md). */
typedef struct drai_energy {
  double total_j;
  double total_low_j;
  double total_high_j;
  double learning_j;
} drai_energy;

/* An emulated chip (opaque). */
typedef struct drai_chip drai_chip;

/* The ABI version of the library (compare with DRAI_ABI_VERSION). Never fails. */
uint32_t drai_abi_version(void);

/* Creates a chip from the description file at `path` (YAML; its energy tables are resolved
 * against its folder) with `seed`. On failure *out is NULL and `error` (if not NULL) receives a
 * NUL-terminated message of at most error_capacity bytes naming the file, key and value. */
int32_t drai_chip_create_from_path(const char *path, uint64_t seed, drai_chip **out, char *error, size_t error_capacity);

/* The same from description text; relative paths in it resolve against `base_folder`. */
int32_t drai_chip_create_from_text(const char *yaml, const char *base_folder, uint64_t seed, drai_chip **out,
                                   char *error, size_t error_capacity);

/* Frees the chip. NULL is an error (DRAI_ERR_NULL), not a crash. */
int32_t drai_chip_destroy(drai_chip *chip);

/* Returns the chip to its state at creation (same seed): cycle 0, no pending events. */
int32_t drai_chip_reset(drai_chip *chip);

/* Simulates `cycles` cycles, one at a time, queueing a DRAI_AER_PHASE_SPIKE event for every
 * oscillator wrap. Stops early with DRAI_ERR_EVENT_OVERFLOW when 2^22 events wait. */
int32_t drai_chip_step(drai_chip *chip, uint64_t cycles);

/* Applies an input event (DRAI_AER_FORCE_HIGH, _LOW or _RELEASE) from the next cycle on. */
int32_t drai_chip_inject(drai_chip *chip, drai_aer_event event);

/* Moves up to `capacity` waiting events, oldest first, into `events`; *count is how many. */
int32_t drai_chip_poll(drai_chip *chip, drai_aer_event *events, size_t capacity, size_t *count);

/* The number of oscillators of the chip. */
int32_t drai_chip_oscillators(const drai_chip *chip, uint32_t *count);

/* Writes every oscillator's phase relative to its tile's reference, radians in [-pi, pi), into
 * `phases`; *count is the number of oscillators (DRAI_ERR_BUFFER if capacity is smaller). */
int32_t drai_chip_phases(const drai_chip *chip, double *phases, size_t capacity, size_t *count);

/* The weight w_post<-pre in rad/us (post != pre). */
int32_t drai_chip_weight(const drai_chip *chip, uint32_t post, uint32_t pre, double *weight_rad_per_us);

/* Writes w_post<-pre in rad/us through an ideal write-verify (rounded to the device's levels;
 * no pulses counted). */
int32_t drai_chip_set_weight(drai_chip *chip, uint32_t post, uint32_t pre, double weight_rad_per_us);

/* Turns learning (resonance detectors and programming) on (1) or off (0). */
int32_t drai_chip_set_plasticity(drai_chip *chip, int32_t enabled);

/* The activity counters so far. */
int32_t drai_chip_counters(const drai_chip *chip, drai_counters *out);

/* The energy so far. */
int32_t drai_chip_energy(const drai_chip *chip, drai_energy *out);

/* The message of the chip's last failed call ("" if none); valid until the next call on the
 * chip. For a NULL chip, a static message. Never NULL. */
const char *drai_chip_last_error(const drai_chip *chip);

#ifdef __cplusplus
}
#endif

#endif /* DRAI_H */
