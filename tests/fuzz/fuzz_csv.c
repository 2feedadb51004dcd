/* libFuzzer target: any byte string through the CSV reader, the header-name
 * normalisation (engine/load/header_name.c, how the loader recognises a file by
 * its header) and the value parsers. The reader must end (EOF) without
 * crashing, leaking or reading out of bounds, whatever the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/load/csv_reader.h"
#include "engine/load/header_name.h"
#include "engine/load/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A header name normalised into buffers of every small size (exactly
 * allocated, so that ASan sees one byte too many) and a large one: NUL
 * within the buffer, only [a-z0-9_], no '_' at either end or twice. */
static void header_name_checks(const char *name)
{
    static const size_t sizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 128};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        char *out = malloc(sizes[k]);
        if (!out)
            return;
        header_normalise(name, out, sizes[k]);
        size_t n = strnlen(out, sizes[k]);
        if (n == sizes[k])
            __builtin_trap(); /* not terminated within the buffer */
        if (n > 0 && out[n - 1] == '_')
            __builtin_trap();
        for (size_t i = 0; i < n; i++) {
            char c = out[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
                __builtin_trap();
            if (c == '_' && (i == 0 || out[i - 1] == '_'))
                __builtin_trap();
        }
        free(out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    csv_reader *r = csv_open_memory(data, size, "fuzz.csv", err, sizeof err);
    if (!r)
        return 0;
    csv_record rec;
    csv_problem p;
    csv_status s;
    size_t guard = 0;
    while ((s = csv_next(r, &rec, &p)) != CSV_EOF && s != CSV_IO_ERROR) {
        if (++guard > size + 2)
            __builtin_trap(); /* more records than bytes: the reader loops */
        if (s != CSV_RECORD)
            continue;
        if (guard == 1)
            for (size_t i = 0; i < rec.nfields; i++)
                header_name_checks(rec.fields[i]);
        for (size_t i = 0; i < rec.nfields; i++) {
            char date[11], naf[7];
            int64_t iv;
            double dv;
            if (strlen(rec.fields[i]) != rec.lengths[i])
                __builtin_trap(); /* a field's length must match its bytes */
            parse_date(rec.fields[i], date);
            parse_int64(rec.fields[i], &iv);
            parse_decimal(rec.fields[i], true, &dv);
            parse_decimal(rec.fields[i], false, &dv);
            siret_valid(rec.fields[i]);
            naf_normalize(rec.fields[i], naf);
        }
    }
    csv_checksum(r);
    csv_close(r);
    return 0;
}
