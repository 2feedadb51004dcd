/* libFuzzer target: any byte string through the GeoJSON outline parser
 * (engine/load/geojson.c, jansson underneath). It must accept or refuse the input
 * without crashing, leaking or reading out of bounds; every ring it hands out
 * must hold at least 3 vertices within the globe. The parser's message for
 * each refused input goes to stderr, which run-short.sh closes
 * (-close_fd_mask=2: libFuzzer's own output and crash reports still show). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "engine/load/geojson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool check(void *ctx, const geojson_feature *f)
{
    size_t *n = ctx;
    if (f->code && strlen(f->code) == 0)
        __builtin_trap();
    for (size_t r = 0; r < f->n_rings; r++) {
        if (f->rings[r].n < 3)
            __builtin_trap();
        for (size_t i = 0; i < f->rings[r].n; i++)
            if (!(f->rings[r].lonlat[2 * i] >= -180 && f->rings[r].lonlat[2 * i] <= 180 &&
                  f->rings[r].lonlat[2 * i + 1] >= -90 && f->rings[r].lonlat[2 * i + 1] <= 90))
                __builtin_trap();
        (*n)++;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t rings = 0;
    geojson_parse((const char *)data, size, "fuzz.geojson", "code", check, &rings);
    return 0;
}
