/* A C host of the DRAI library: create the default chip, step it, poll its AER events, and check
 * that they match the phase-spike counter. Built and run by the end-to-end tests. */
#include <stdio.h>
#include <stdlib.h>
#include "drai.h"

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: smoke CHIP.yaml\n"); return 2; }
  char error[512];
  drai_chip *chip = NULL;
  if (drai_chip_create_from_path(argv[1], 1, &chip, error, sizeof error) != DRAI_OK) {
    fprintf(stderr, "create: %s\n", error);
    return 1;
  }
  uint32_t n = 0;
  drai_chip_oscillators(chip, &n);
  if (drai_chip_step(chip, 1000) != DRAI_OK) { fprintf(stderr, "step: %s\n", drai_chip_last_error(chip)); return 1; }
  drai_aer_event events[4096];
  size_t polled = 0;
  drai_chip_poll(chip, events, 4096, &polled);
  drai_counters counters;
  counters.size = sizeof counters;
  drai_chip_counters(chip, &counters);
  double w = 0;
  int32_t bad = drai_chip_weight(chip, n, 0, &w);  /* out of range: an error, not a crash */
  drai_energy energy;
  energy.size = sizeof energy;
  drai_chip_energy(chip, &energy);
  printf("abi %u, oscillators %u, cycles %llu, events %zu, spikes %llu, bad index status %d (%s), energy %s\n",
         drai_abi_version(), n, (unsigned long long)counters.cycles, polled, (unsigned long long)counters.phase_spikes, bad,
         drai_chip_last_error(chip), energy.total_j > 0 ? "positive" : "zero");
  drai_chip_destroy(chip);
  return polled == counters.phase_spikes ? 0 : 1;
}
