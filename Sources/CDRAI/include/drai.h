/*
 * drai.h: the C ABI of the DRAI chip emulator (Docs/cosim.md). This header is the source of
 * truth: the Swift exports in Sources/DRAICAPI implement it, and a test fails to compile when
 * a declaration here and its Swift twin drift apart.
 *
 * Every function returns a status (DRAI_OK or a DRAI_ERR_* code) unless stated otherwise; NULL
 * handles and bad arguments are errors, never crashes. A handle is a token, not an address: a
 * destroyed, never-created or other-kind handle is DRAI_ERR_HANDLE, never a read of freed memory.
 * Same description, same seed, same calls => the same results.
 *
 * Threads: drai_abi_version, the create functions and the destroy functions may be called from
 * any thread at any time, and so may every function on different chips (each its own state).
 * The functions on one chip handle, and on a workload with its chip, must not run concurrently:
 * call them from one thread at a time (drai_chip_set_threads makes drai_chip_step itself use
 * several threads internally). drai_chip_destroy must not race a call on the same chip.
 *
 * Structs that the library fills (drai_counters, drai_energy) begin with `size`: set it to
 * sizeof the struct before the call, so that a library with more fields never writes past a
 * caller's shorter struct, and a newer caller's extra fields are left as they were.
 */
#ifndef DRAI_H
#define DRAI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this ABI; it changes when a declaration changes. */
#define DRAI_ABI_VERSION 4u

/* Status codes. */
#define DRAI_OK 0
#define DRAI_ERR_NULL 1           /* a required pointer (handle or output) was NULL */
#define DRAI_ERR_ARGUMENT 2       /* an index, count or event kind out of range */
#define DRAI_ERR_DESCRIPTION 3    /* a chip or workload description, or the chip's energy tables, was rejected */
#define DRAI_ERR_BUFFER 4         /* an output buffer is too small: *count says how many are needed */
#define DRAI_ERR_EVENT_OVERFLOW 5 /* too many AER events wait to be polled: poll, then step on */
#define DRAI_ERR_PROTOCOL 6       /* a workload call out of turn, or the chip not where the last segment should have left it */
#define DRAI_ERR_NETWORK 7        /* the chip's network could not carry its load (router.overflow: stop); the last error names the tile and the offered load */
#define DRAI_ERR_HANDLE 8         /* a handle that is not live: destroyed, never created, or of another kind (ABI 4) */

/* AER event kinds. Emitted by the chip: */
#define DRAI_AER_PHASE_SPIKE 0    /* oscillator `address` wrapped its phase (a spike) in cycle `cycle` */
/* Accepted by drai_chip_inject: */
#define DRAI_AER_FORCE_HIGH 1     /* force oscillator `address` towards phase 0 (pixel on); forcing on */
#define DRAI_AER_FORCE_LOW 2      /* force oscillator `address` towards phase pi (pixel off); forcing on */
#define DRAI_AER_RELEASE 3        /* stop forcing (address ignored) */
#define DRAI_AER_LEARN_ON 4       /* learning on; if it was off, the detectors' partial window is discarded (address ignored) */
#define DRAI_AER_LEARN_OFF 5      /* learning off (address ignored) */

/* An address-event: which oscillator (global index), what kind, and the cycle it happened in
 * (emitted) or is applied from (injected: ignored, events apply from the next step). */
typedef struct drai_aer_event {
  uint32_t address;
  uint32_t kind;
  uint64_t cycle;
} drai_aer_event;

/* Activity counters of the chip since creation or reset (Docs/model.md, Counters and energy).
 * Set `size` to sizeof(drai_counters) before drai_chip_counters (ABI 4). */
typedef struct drai_counters {
  size_t size;
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

/* Energy so far, priced with the chip's energy tables, in joules (Docs/energy.md).
 * Set `size` to sizeof(drai_energy) before drai_chip_energy (ABI 4). */
typedef struct drai_energy {
  size_t size;
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

/* Frees the chip. NULL does nothing (DRAI_OK, as free(NULL)); a handle already destroyed or never
 * created is DRAI_ERR_HANDLE. A workload made for the chip stays valid to destroy, and its calls
 * with the destroyed chip's handle return DRAI_ERR_HANDLE. */
int32_t drai_chip_destroy(drai_chip *chip);

/* Returns the chip to its state at creation (same seed): cycle 0, no pending events. */
int32_t drai_chip_reset(drai_chip *chip);

/* Simulates `cycles` cycles, one at a time, queueing a DRAI_AER_PHASE_SPIKE event for every
 * spike: one per net forward revolution of a phase register, the spikes the counters count and
 * a mesh sends as packets (a phase kicked backwards across zero is not a spike, nor is its
 * forward re-crossing). Stops early with DRAI_ERR_EVENT_OVERFLOW when 2^22 events wait, or with
 * DRAI_ERR_NETWORK when a source queue overflows (after which no cycle runs). */
int32_t drai_chip_step(drai_chip *chip, uint64_t cycles);

/* Sets the threads (1...256) that step a multi-tile chip's tiles in drai_chip_step; kept across
 * drai_chip_reset. Results are identical for every value. (ABI 3) */
int32_t drai_chip_set_threads(drai_chip *chip, uint32_t threads);

/* Applies an input event (DRAI_AER_FORCE_HIGH, _LOW, _RELEASE, _LEARN_ON or _LEARN_OFF) from
 * the next cycle on. */
int32_t drai_chip_inject(drai_chip *chip, drai_aer_event event);

/* Moves up to `capacity` waiting events, oldest first, into `events`; *count is how many. A
 * capacity of 2^63 or more (beyond any addressable buffer) is DRAI_ERR_ARGUMENT, as for every
 * size_t capacity below. */
int32_t drai_chip_poll(drai_chip *chip, drai_aer_event *events, size_t capacity, size_t *count);

/* The number of oscillators of the chip. */
int32_t drai_chip_oscillators(const drai_chip *chip, uint32_t *count);

/* Writes every oscillator's phase relative to its tile's reference, radians in [-pi, pi), into
 * `phases`; *count is the number of oscillators (DRAI_ERR_BUFFER if capacity is smaller). */
int32_t drai_chip_phases(const drai_chip *chip, double *phases, size_t capacity, size_t *count);

/* The weight w_post<-pre in rad/us (post != pre; between tiles, a synapse the chip's
 * connectivity drew, else DRAI_ERR_ARGUMENT). */
int32_t drai_chip_weight(const drai_chip *chip, uint32_t post, uint32_t pre, double *weight_rad_per_us);

/* Writes w_post<-pre in rad/us through an ideal write-verify (rounded to the device's levels;
 * no pulses counted). */
int32_t drai_chip_set_weight(drai_chip *chip, uint32_t post, uint32_t pre, double weight_rad_per_us);

/* Turns learning (resonance detectors and programming) on (1) or off (0). */
int32_t drai_chip_set_plasticity(drai_chip *chip, int32_t enabled);

/* The chip's clock, MHz (one cycle lasts 1/clock_mhz microseconds). */
int32_t drai_chip_clock_mhz(const drai_chip *chip, double *clock_mhz);

/* The resonance-event packets sent over the router mesh and not yet delivered to the tiles
 * whose synapses they program (always 0 on a single-tile chip). */
int32_t drai_chip_learning_pending(const drai_chip *chip, uint64_t *packets);

/* Writes the flits buffered in each router's input buffers into `flits` (router r = row *
 * columns + column); *count is the number of routers, 0 on a single-tile chip
 * (DRAI_ERR_BUFFER if capacity is smaller: capacity 0 asks for the count). */
int32_t drai_chip_router_occupancy(const drai_chip *chip, uint32_t *flits, size_t capacity, size_t *count);

/* The activity counters so far (out->size set by the caller; DRAI_ERR_ARGUMENT if it is not). */
int32_t drai_chip_counters(const drai_chip *chip, drai_counters *out);

/* The energy so far (out->size set by the caller; DRAI_ERR_ARGUMENT if it is not). */
int32_t drai_chip_energy(const drai_chip *chip, drai_energy *out);

/* Writes the chip's whole state (phases, crossbars and devices, detectors, random streams, the
 * network's queues, counters) and the events not yet polled to the file at `path`, atomically
 * (ABI 4). A chip restored from it continues exactly as this one would. */
int32_t drai_chip_save(drai_chip *chip, const char *path);

/* Replaces the chip's state with the one saved at `path` by drai_chip_save from a chip of the
 * same description and seed (else DRAI_ERR_ARGUMENT, and nothing changes) (ABI 4). */
int32_t drai_chip_restore(drai_chip *chip, const char *path);

/* The message of the chip's last failed call ("" if none); valid until the next call on the
 * chip. For a NULL or not-live chip, a static message saying so. Never NULL. */
const char *drai_chip_last_error(const drai_chip *chip);

/* ---- Workloads: the digits-recall protocol (Docs/cosim.md) stepped by the host ----
 *
 * A workload hands out segments: stretches of cycles with fixed inputs. For each, the host
 * applies the segment's forcing and learning state to the chip (for example as AER events:
 * one DRAI_AER_FORCE_HIGH or _LOW per oscillator for a pattern, DRAI_AER_RELEASE, and
 * DRAI_AER_LEARN_ON or _OFF when the state changes) and then runs exactly `cycles` cycles; a
 * DRAI_SEGMENT_DRAIN runs one cycle at a time while drai_chip_learning_pending reports packets,
 * at most `cycles`. The next call to drai_workload_next checks that the chip is where the
 * segment should have left it (its cycle, the drain stopped at the first cycle that began with
 * no packet pending, and, if the segment ran any cycle, its forcing and learning state, not
 * changed inside it) and takes the readout (the phases) when the segment asks for one.
 * After DRAI_SEGMENT_END, drai_workload_report gives the run's summary or JSON, equal to
 * `drai run`'s for the same chip, workload and seed. */

/* Segment kinds. */
#define DRAI_SEGMENT_END 0            /* the workload is finished */
#define DRAI_SEGMENT_TRAIN_SETTLE 1   /* a template forced, learning off */
#define DRAI_SEGMENT_TRAIN 2          /* the template still forced, learning on */
#define DRAI_SEGMENT_DRAIN 3          /* learning off, until the resonance events in flight arrive */
#define DRAI_SEGMENT_CUE 4            /* a noisy cue forced */
#define DRAI_SEGMENT_RECALL_SETTLE 5  /* forcing released; the phases are read at the end */

/* Forcing at the start of a segment. */
#define DRAI_FORCING_KEEP 0     /* as before */
#define DRAI_FORCING_PATTERN 1  /* force every oscillator to `pattern` (1 phase 0, 0 phase pi) */
#define DRAI_FORCING_RELEASE 2  /* forcing off */

/* Report formats. */
#define DRAI_REPORT_SUMMARY 0   /* the table `drai run` prints (without its wall_s row) */
#define DRAI_REPORT_JSON 1      /* `drai run --json --omit-timing`'s JSON, without its "trace" */

/* One segment of a workload. */
typedef struct drai_segment {
  uint32_t kind;           /* DRAI_SEGMENT_* */
  uint32_t forcing;        /* DRAI_FORCING_* */
  uint32_t plasticity;     /* learning during the segment: 1 on, 0 off */
  uint32_t readout;        /* 1 when the phases are read at the end of the segment */
  int32_t template_class;  /* the digit class presented or cued, -1 for none */
  uint32_t index;          /* the segment's position in the workload, from 0 */
  uint64_t start_cycle;    /* the chip cycle the segment starts at */
  uint64_t cycles;         /* cycles to run (DRAI_SEGMENT_DRAIN: at most) */
} drai_segment;

/* A workload bound to one chip (opaque). */
typedef struct drai_workload drai_workload;

/* Creates the workload described at `path` (YAML, `workload.kind: digits_recall`) for `chip`,
 * whose oscillator count, configuration and seed it is planned for (the templates, cues and
 * baselines are fixed here). The chip must be at cycle 0 when the first segment is taken. On
 * failure *out is NULL and `error` receives the message. */
int32_t drai_workload_create_from_path(const char *path, const drai_chip *chip, drai_workload **out, char *error,
                                       size_t error_capacity);

/* Frees the workload (not its chip). NULL does nothing; a handle not live is DRAI_ERR_HANDLE. */
int32_t drai_workload_destroy(drai_workload *workload);

/* Ends the current segment (checking `chip`'s cycle, forcing and learning state and taking its
 * readout) and writes the next into *segment; for DRAI_FORCING_PATTERN, `pattern` receives one
 * byte per oscillator (`capacity` at least the oscillator count, else DRAI_ERR_BUFFER). `chip`
 * must be the workload's own. After the last segment, *segment is DRAI_SEGMENT_END, again on
 * every later call. DRAI_ERR_PROTOCOL (a check failed) stops the workload: every later call
 * returns it again; create a new workload on a new or reset chip. After DRAI_ERR_NULL or
 * DRAI_ERR_BUFFER nothing has changed: call again with the right arguments. */
int32_t drai_workload_next(drai_workload *workload, const drai_chip *chip, drai_segment *segment, uint8_t *pattern,
                           size_t capacity);

/* Writes the finished run's report (DRAI_REPORT_SUMMARY or _JSON), made from the chip as the
 * last segment left it, as NUL-terminated text (no trailing newline) into `text`; *length is its length without the
 * NUL (DRAI_ERR_BUFFER when capacity <= length, so that a call with capacity 0 asks for the
 * size). DRAI_ERR_PROTOCOL before DRAI_SEGMENT_END or after a stop; DRAI_ERR_ARGUMENT for an
 * unknown format or a report with a non-finite number (JSON). */
int32_t drai_workload_report(drai_workload *workload, const drai_chip *chip, uint32_t format, char *text, size_t capacity,
                             size_t *length);

/* The message of the workload's last failed call ("" if none); as drai_chip_last_error. */
const char *drai_workload_last_error(const drai_workload *workload);

#ifdef __cplusplus
}
#endif

#endif /* DRAI_H */
