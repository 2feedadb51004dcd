/* libFuzzer target: any byte string through the CSV reader and the value
 * parsers. The reader must end (EOF) without crashing, leaking or reading
 * out of bounds, whatever the input. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csv_reader.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
