/* The outlines of the contour table (obs init loads them), read ring by
 * ring for the maps: each ring as stored, its points a blob of
 * little-endian WGS 84 doubles (longitude, latitude), 16 bytes a point. */
#ifndef OBS_REPORT_OUTLINES_H
#define OBS_REPORT_OUTLINES_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/data/report_data.h"

typedef struct {
    const char *code;            /* the territory's code ("" when NULL) */
    bool first;                  /* the first ring of a new territory */
    long long anneau, n_points;  /* the ring's number, its points as stored */
    int trou;                    /* non-zero for a hole */
    const unsigned char *points; /* bytes of them; valid until the next call */
    long long bytes;
} report_outline_ring;

typedef struct report_outlines report_outlines;

/* The rings of `niveau` in the report's database (only rd->db is read, so
 * a report_data with just its db set will do): of codes[0..n_codes) in that
 * order (a NULL code, or one without outline, gives no ring), or of every
 * code of the level by code when codes is NULL; each territory's rings by
 * number. NULL (logged) on error. */
report_outlines *report_outlines_open(const report_data *rd, const char *niveau, const char *const *codes,
                                      size_t n_codes);
/* The next ring: 1, 0 at the end, -1 on an error (logged). */
int report_outlines_next(report_outlines *it, report_outline_ring *out);
void report_outlines_close(report_outlines *it);

/* Whether the report's database has outlines at all. */
bool report_outlines_loaded(const report_data *rd);

#endif
