#include "engine/core/checksum.h"

#include <stdio.h>
#include <stdlib.h>
#include <xxhash.h>

static void to_hex(XXH128_hash_t h, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

void checksum_buffer(const void *data, size_t len, char out[33])
{
    to_hex(XXH3_128bits(data, len), out);
}

char *checksum_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    XXH3_state_t *state = XXH3_createState();
    char *out = malloc(33);
    unsigned char buf[1 << 16];
    size_t n;
    if (!state || !out || XXH3_128bits_reset(state) != XXH_OK) {
        fclose(f);
        XXH3_freeState(state);
        free(out);
        return NULL;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        XXH3_128bits_update(state, buf, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        XXH3_freeState(state);
        free(out);
        return NULL;
    }
    to_hex(XXH3_128bits_digest(state), out);
    XXH3_freeState(state);
    return out;
}

struct checksum_stream {
    XXH3_state_t *state;
};

checksum_stream *checksum_stream_new(void)
{
    checksum_stream *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    s->state = XXH3_createState();
    if (!s->state || XXH3_128bits_reset(s->state) != XXH_OK) {
        XXH3_freeState(s->state);
        free(s);
        return NULL;
    }
    return s;
}

void checksum_stream_add(checksum_stream *s, const void *data, size_t len)
{
    XXH3_128bits_update(s->state, data, len);
}

void checksum_stream_finish(checksum_stream *s, char out[33])
{
    to_hex(XXH3_128bits_digest(s->state), out);
    XXH3_freeState(s->state);
    free(s);
}
