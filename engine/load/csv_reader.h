/* Streaming CSV reader for the observatory's input files (DATA-CONTRACT.md).
 *
 * - delimiter detected on the header line among ',' ';' and TAB;
 * - RFC 4180 quoting: "" inside quotes, embedded delimiters and newlines;
 * - UTF-8 BOM skipped; CRLF or LF;
 * - encoding detected on the first 64 KiB (BOM or valid UTF-8 -> UTF-8, else
 *   Windows-1252) and every field returned converted to UTF-8 (iconv). A later
 *   record that is not valid UTF-8 in a UTF-8 file is converted from
 *   Windows-1252 and counted in csv_stats.recoded_records.
 * - memory stays bounded by the longest record, never by the file size.
 *
 * A malformed record (unterminated quote, quote followed by text, field or
 * record too long, too many fields, undecodable bytes) is reported as
 * CSV_BAD_RECORD with a csv_problem; reading then resumes at the physical
 * line that follows the start of the bad record, so one stray quote never
 * swallows the rest of the file.
 */
#ifndef OBS_CSV_READER_H
#define OBS_CSV_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CSV_MAX_FIELD_BYTES (1u << 20)   /* 1 MiB in one field */
#define CSV_MAX_RECORD_BYTES (4u << 20)  /* 4 MiB in one record */
#define CSV_MAX_FIELDS 1024              /* columns in one record */

typedef struct csv_reader csv_reader;

typedef enum { CSV_ENC_UTF8 = 0, CSV_ENC_CP1252 = 1 } csv_encoding;

typedef enum {
    CSV_RECORD = 1,      /* a record was read into rec */
    CSV_EOF = 0,         /* no more records */
    CSV_BAD_RECORD = -1, /* malformed record, described in the problem; call again */
    CSV_IO_ERROR = -2,   /* read error: stop */
} csv_status;

typedef struct {
    size_t nfields;
    char **fields;   /* UTF-8, NUL-terminated, owned by the reader: valid until the next call */
    size_t *lengths; /* byte length of each field */
    long line;       /* physical line (1-based) where the record starts */
} csv_record;

typedef struct {
    long line;          /* physical line where the bad record starts */
    int column;         /* 1-based field number where the problem was seen, 0 if none */
    const char *reason; /* reason code: "guillemet_non_ferme", "guillemet_mal_place",
                           "champ_trop_long", "ligne_trop_longue", "trop_de_colonnes",
                           "encodage_invalide", "octet_nul" */
    char raw[256];      /* start of the offending physical line, UTF-8 safe */
    char message[256];  /* French explanation */
} csv_problem;

typedef struct {
    char delimiter;        /* ',', ';' or '\t' */
    csv_encoding encoding; /* detected encoding of the file */
    bool bom;              /* a UTF-8 BOM was present */
    bool crlf;             /* CRLF line endings seen */
    long recoded_records;  /* records converted from Windows-1252 in a UTF-8 file */
    uint64_t bytes_read;   /* for progress reporting */
    uint64_t file_size;    /* 0 when unknown */
} csv_stats;

/* Opens a file; on failure returns NULL and writes a French message to err. */
csv_reader *csv_open(const char *path, char *err, size_t errlen);
/* Reads from memory (fuzzing, tests); data must outlive the reader. */
csv_reader *csv_open_memory(const void *data, size_t len, const char *name, char *err, size_t errlen);
/* Forces a delimiter instead of detecting it (call before the first csv_next). */
void csv_set_delimiter(csv_reader *r, char delimiter);

/* Reads the next record. The header is the first record returned. */
csv_status csv_next(csv_reader *r, csv_record *rec, csv_problem *problem);
const csv_stats *csv_get_stats(const csv_reader *r);
/* XXH3-128 of the file bytes as 32 hex digits (complete after CSV_EOF); bytes
 * re-read after a resynchronisation are hashed once. */
const char *csv_checksum(csv_reader *r);
void csv_close(csv_reader *r);

#endif
