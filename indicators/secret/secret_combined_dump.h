/* A system of secondary-suppression equations written to a file and read
 * back, so that the choice of victims against combinations
 * (combined_victims) can be measured and profiled alone, on the national
 * system, without building the model again (tests/bench/bench_combined.c).
 * With OBS_SECRET_DUMP_COMBINED=FILE in the environment, the first call of
 * combined_victims in a process (on the stage's own system, not an
 * insider's) writes its system to FILE. A developer's tool: the file holds
 * the cells' raw values. */
#ifndef OBS_SECRET_COMBINED_DUMP_H
#define OBS_SECRET_COMBINED_DUMP_H

#include <stdbool.h>

#include "indicators/secret/secret_combined.h"

/* Writes c (equations, cells, hidden flags, values, changed blocks) to
 * path. False, said on stderr, when it cannot. */
bool combined_dump_write(const combined *c, const char *path);
/* The system written by combined_dump_write; NULL, said on stderr, when
 * the file cannot be read or is not such a file. */
combined *combined_dump_read(const char *path);
/* With OBS_SECRET_DUMP_COMBINED set: writes c there, once per process. */
void combined_dump_if_asked(const combined *c);

#endif
