/*
 * drai_sc_shim.h: a C interface through which Swift drives a SystemC simulation (Docs/cosim.md).
 * The simulation holds one reference block, a 32-bit phase accumulator clocked at 10 ns: on each
 * rising edge, phase <- phase + increment (mod 2^32), as a DRAI oscillator's register advances
 * without coupling. SystemC allows one elaboration per process, so there is one accumulator per
 * process. No C++ exception leaves these functions.
 */
#ifndef DRAI_SC_SHIM_H
#define DRAI_SC_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Elaborates the accumulator with `initial` and `increment` (register units). Returns 0, or -1
 * if a simulation was already elaborated in this process, or -2 if SystemC reported an error. */
int32_t drai_sc_accumulator_start(uint32_t initial, uint32_t increment);

/* Simulates one clock cycle and stores the register in *phase. Returns 0, or -1 before
 * drai_sc_accumulator_start, or -2 if SystemC reported an error. */
int32_t drai_sc_accumulator_step(uint32_t *phase);

#ifdef __cplusplus
}
#endif

#endif
