/* Streaming CSV reader: see csv_reader.h for the contract.
 *
 * The reader keeps one input buffer (refilled from the file or taken whole
 * from memory) and one record buffer that grows to the longest record. A
 * record is parsed by a small state machine over bytes; fields are
 * NUL-terminated in place in the record buffer. On a malformed record the
 * reader seeks back to the end of the record's first physical line, so a
 * stray quote costs one line, never the rest of the file. */
#include "engine/load/csv_reader.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "engine/core/grow.h"

#define READ_CHUNK (1u << 16)
#define DETECT_BYTES (1u << 16)

struct csv_reader {
    char name[512];
    FILE *fp;                 /* NULL for memory input */
    const unsigned char *mem; /* memory input */
    size_t mem_len;

    unsigned char *buf;       /* input window */
    size_t buf_len, buf_pos;
    uint64_t buf_offset;      /* file offset of buf[0] */
    bool eof;

    char *rec;                /* record bytes, fields NUL-terminated in place */
    size_t rec_cap;
    char **fields;
    size_t *lengths;
    size_t fields_cap;
    char *conv;               /* converted (UTF-8) copy when recoding */
    size_t conv_cap;
    char **conv_fields;

    long line;                /* physical line of the next byte to read */
    bool delimiter_fixed;
    bool header_done;
    csv_stats stats;
    iconv_t cd;               /* CP1252 -> UTF-8 */

    XXH3_state_t *hash;
    uint64_t hashed_to;       /* bytes [0, hashed_to) are in the hash */
    char checksum[33];
};

/* ---------- input window ---------- */

static bool refill(csv_reader *r)
{
    if (r->eof)
        return false;
    if (!r->fp) { /* memory: the whole input is the window */
        r->eof = true;
        return false;
    }
    r->buf_offset += r->buf_len;
    r->buf_pos = 0;
    r->buf_len = fread(r->buf, 1, READ_CHUNK, r->fp);
    if (r->buf_len == 0) {
        r->eof = true;
        return false;
    }
    /* hash each byte once, even after a seek back */
    uint64_t end = r->buf_offset + r->buf_len;
    if (end > r->hashed_to) {
        size_t skip = (size_t)(r->hashed_to > r->buf_offset ? r->hashed_to - r->buf_offset : 0);
        XXH3_128bits_update(r->hash, r->buf + skip, r->buf_len - skip);
        r->hashed_to = end;
    }
    return true;
}

static inline int next_byte(csv_reader *r)
{
    if (r->buf_pos == r->buf_len && !refill(r))
        return EOF;
    return r->buf[r->buf_pos++];
}

static inline int peek_byte(csv_reader *r)
{
    if (r->buf_pos == r->buf_len && !refill(r))
        return EOF;
    return r->buf[r->buf_pos];
}

static uint64_t position(const csv_reader *r) { return r->buf_offset + r->buf_pos; }

static bool seek_to(csv_reader *r, uint64_t offset)
{
    if (!r->fp) {
        r->buf_pos = (size_t)offset;
        return true;
    }
    if (offset >= r->buf_offset && offset <= r->buf_offset + r->buf_len) {
        r->buf_pos = (size_t)(offset - r->buf_offset);
        return true;
    }
    if (fseeko(r->fp, (off_t)offset, SEEK_SET) != 0)
        return false;
    /* an empty window at offset: the next refill reads from there */
    r->buf_offset = offset;
    r->buf_len = 0;
    r->buf_pos = 0;
    r->eof = false;
    return true;
}

/* ---------- encoding ---------- */

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
static bool utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned min;
        if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
        else return false;
        if (i + len > n)
            return false;
        unsigned cp = c & (0xFF >> (len + 1));
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

/* Length of the valid UTF-8 sequence starting at s (1 for ASCII), 0 if
 * the bytes there are not valid UTF-8. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
                 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || len > n || !utf8_valid(s, len))
        return 0;
    return len;
}

/* The sample is UTF-8 unless its invalid bytes outnumber its valid
 * multi-byte sequences: Windows-1252 text almost never forms valid UTF-8
 * sequences, while a UTF-8 file may hold a stray Windows-1252 line (that
 * record alone is then converted). A sequence cut by the sample's end is
 * ignored. */
static bool sample_is_utf8(const unsigned char *s, size_t n)
{
    size_t valid_multi = 0, invalid = 0, i = 0;
    while (i < n) {
        size_t len = utf8_sequence(s + i, n - i);
        if (len == 0) {
            if (n - i < 4 && s[i] >= 0xC0)
                break; /* truncated at the end of the sample */
            invalid++;
            i++;
        } else {
            valid_multi += len > 1;
            i += len;
        }
    }
    return invalid == 0 || valid_multi >= invalid;
}

static void detect(csv_reader *r)
{
    const unsigned char *s;
    size_t n;
    if (r->fp) {
        refill(r);
        s = r->buf;
        n = r->buf_len;
    } else {
        s = r->mem;
        n = r->mem_len < DETECT_BYTES ? r->mem_len : DETECT_BYTES;
    }
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        r->stats.bom = true;
        r->stats.encoding = CSV_ENC_UTF8;
        r->buf_pos = 3;
        return;
    }
    r->stats.encoding = sample_is_utf8(s, n) ? CSV_ENC_UTF8 : CSV_ENC_CP1252;
}

/* Converts the record's fields from CP1252 into r->conv; false when a byte
 * has no character in CP1252. */
static bool recode_record(csv_reader *r, csv_record *rec)
{
    size_t total = 0;
    for (size_t i = 0; i < rec->nfields; i++)
        total += rec->lengths[i] * 3 + 1;
    if (!grow((void **)&r->conv, &r->conv_cap, total, 1))
        return false;
    char *out = r->conv;
    size_t left = r->conv_cap;
    for (size_t i = 0; i < rec->nfields; i++) {
        char *in = rec->fields[i];
        size_t in_left = rec->lengths[i];
        char *start = out;
        iconv(r->cd, NULL, NULL, NULL, NULL);
        if (iconv(r->cd, &in, &in_left, &out, &left) == (size_t)-1)
            return false;
        *out++ = '\0';
        left--;
        r->conv_fields[i] = start;
        rec->lengths[i] = (size_t)(out - start - 1);
    }
    for (size_t i = 0; i < rec->nfields; i++)
        rec->fields[i] = r->conv_fields[i];
    return true;
}

/* ---------- open / close ---------- */

static csv_reader *reader_new(const char *name, char *err, size_t errlen)
{
    csv_reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "mémoire insuffisante");
        return NULL;
    }
    snprintf(r->name, sizeof r->name, "%s", name);
    r->line = 1;
    r->stats.delimiter = ',';
    r->cd = iconv_open("UTF-8", "CP1252");
    r->hash = XXH3_createState();
    if (r->cd == (iconv_t)-1 || !r->hash || XXH3_128bits_reset(r->hash) != XXH_OK) {
        snprintf(err, errlen, "initialisation du lecteur CSV impossible");
        if (r->cd != (iconv_t)-1)
            iconv_close(r->cd);
        XXH3_freeState(r->hash);
        free(r);
        return NULL;
    }
    return r;
}

csv_reader *csv_open(const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "impossible d'ouvrir %s : %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s est un dossier, pas un fichier CSV", path);
        fclose(fp);
        return NULL;
    }
    csv_reader *r = reader_new(path, err, errlen);
    if (!r) {
        fclose(fp);
        return NULL;
    }
    r->fp = fp;
    r->stats.file_size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    r->buf = malloc(READ_CHUNK);
    if (!r->buf) {
        snprintf(err, errlen, "mémoire insuffisante");
        csv_close(r);
        return NULL;
    }
    detect(r);
    return r;
}

csv_reader *csv_open_memory(const void *data, size_t len, const char *name, char *err, size_t errlen)
{
    csv_reader *r = reader_new(name ? name : "(mémoire)", err, errlen);
    if (!r)
        return NULL;
    r->mem = data;
    r->mem_len = len;
    r->buf = (unsigned char *)data; /* never written through */
    r->buf_len = len;
    r->stats.file_size = len;
    XXH3_128bits_update(r->hash, data, len);
    r->hashed_to = len;
    detect(r);
    return r;
}

void csv_set_delimiter(csv_reader *r, char delimiter)
{
    r->stats.delimiter = delimiter;
    r->delimiter_fixed = true;
}

void csv_close(csv_reader *r)
{
    if (!r)
        return;
    if (r->fp) {
        fclose(r->fp);
        free(r->buf);
    }
    iconv_close(r->cd);
    XXH3_freeState(r->hash);
    free(r->rec);
    free(r->fields);
    free(r->lengths);
    free(r->conv);
    free(r->conv_fields);
    free(r);
}

const csv_stats *csv_get_stats(const csv_reader *r) { return &r->stats; }

const char *csv_checksum(csv_reader *r)
{
    if (r->fp) { /* hash what was never read (a reader stopped early) */
        unsigned char chunk[READ_CHUNK];
        if (fseeko(r->fp, (off_t)r->hashed_to, SEEK_SET) == 0) {
            size_t n;
            while ((n = fread(chunk, 1, sizeof chunk, r->fp)) > 0) {
                XXH3_128bits_update(r->hash, chunk, n);
                r->hashed_to += n;
            }
        }
        /* the file position moved: put it back under the window */
        if (fseeko(r->fp, (off_t)(r->buf_offset + r->buf_len), SEEK_SET) != 0)
            r->eof = true;
    }
    XXH128_hash_t h = XXH3_128bits_digest(r->hash);
    snprintf(r->checksum, sizeof r->checksum, "%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
    return r->checksum;
}

/* ---------- delimiter detection ---------- */

/* Counts candidate delimiters outside quotes on the first line, without
 * consuming input. */
static void detect_delimiter(csv_reader *r)
{
    uint64_t start = position(r);
    size_t counts[3] = {0, 0, 0};
    const char cands[3] = {',', ';', '\t'};
    bool quoted = false;
    for (size_t n = 0; n < CSV_MAX_RECORD_BYTES; n++) {
        int c = next_byte(r);
        if (c == EOF)
            break;
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            for (int k = 0; k < 3; k++)
                counts[k] += c == cands[k];
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (counts[k] > counts[best])
            best = k;
    r->stats.delimiter = counts[best] ? cands[best] : ',';
    seek_to(r, start);
}

/* ---------- record parsing ---------- */

static void excerpt(csv_reader *r, uint64_t start, csv_problem *p)
{
    uint64_t here = position(r);
    seek_to(r, start);
    size_t n = 0;
    int c;
    while (n < sizeof p->raw - 1 && (c = next_byte(r)) != EOF && c != '\n' && c != '\r')
        p->raw[n++] = c ? (char)c : '?';
    p->raw[n] = '\0';
    /* cut a UTF-8 sequence broken by the length limit, or replace invalid bytes */
    if (!utf8_valid((unsigned char *)p->raw, n)) {
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)p->raw[i] >= 0x80)
                p->raw[i] = '?';
    }
    seek_to(r, here);
}

/* Skips to the byte after the end of the physical line that starts at start. */
static uint64_t end_of_first_line(csv_reader *r, uint64_t start, long *lines)
{
    uint64_t here = position(r);
    seek_to(r, start);
    int c;
    while ((c = next_byte(r)) != EOF && c != '\n' && c != '\r')
        ;
    if (c == '\r' && peek_byte(r) == '\n')
        next_byte(r);
    uint64_t end = position(r);
    *lines = 1;
    seek_to(r, here);
    return end;
}

static csv_status bad_record(csv_reader *r, uint64_t start, long start_line, int column,
                             const char *reason, const char *message, csv_problem *p)
{
    p->line = start_line;
    p->column = column;
    p->reason = reason;
    snprintf(p->message, sizeof p->message, "%s", message);
    excerpt(r, start, p);
    long lines;
    uint64_t resume = end_of_first_line(r, start, &lines);
    if (!seek_to(r, resume))
        return CSV_IO_ERROR;
    r->line = start_line + 1;
    return CSV_BAD_RECORD;
}

static bool push_field(csv_reader *r, size_t *nfields, size_t field_start, size_t len)
{
    if (*nfields >= r->fields_cap) {
        size_t cap = r->fields_cap ? r->fields_cap * 2 : 32;
        char **f = realloc(r->fields, cap * sizeof *f);
        if (!f)
            return false;
        r->fields = f;
        size_t *l = realloc(r->lengths, cap * sizeof *l);
        if (!l)
            return false;
        r->lengths = l;
        char **cf = realloc(r->conv_fields, cap * sizeof *cf);
        if (!cf)
            return false;
        r->conv_fields = cf;
        r->fields_cap = cap;
    }
    r->fields[*nfields] = (char *)(uintptr_t)field_start; /* offsets until the record is done */
    r->lengths[*nfields] = len;
    (*nfields)++;
    return true;
}

/* Ends the field that started at field_start: NUL-terminates it and records
 * it. CSV_BAD_RECORD when the record would exceed CSV_MAX_FIELDS. */
static csv_status close_field(csv_reader *r, size_t *nfields, size_t field_start, size_t len)
{
    if (!grow((void **)&r->rec, &r->rec_cap, len + 1, 1))
        return CSV_IO_ERROR;
    r->rec[len] = '\0';
    if (*nfields + 1 > CSV_MAX_FIELDS)
        return CSV_BAD_RECORD;
    return push_field(r, nfields, field_start, len - field_start) ? CSV_RECORD : CSV_IO_ERROR;
}

csv_status csv_next(csv_reader *r, csv_record *rec, csv_problem *problem)
{
    memset(problem, 0, sizeof *problem);
    if (!r->header_done && !r->delimiter_fixed)
        detect_delimiter(r);
    r->header_done = true;

    for (;;) { /* skip blank lines */
        int c = peek_byte(r);
        if (c == EOF) {
            if (r->fp && ferror(r->fp))
                return CSV_IO_ERROR;
            return CSV_EOF;
        }
        if (c == '\n') {
            next_byte(r);
            r->line++;
            continue;
        }
        if (c == '\r') {
            next_byte(r);
            if (peek_byte(r) == '\n')
                next_byte(r);
            r->stats.crlf = true;
            r->line++;
            continue;
        }
        break;
    }

    const char delim = r->stats.delimiter;
    uint64_t start = position(r);
    long start_line = r->line;
    size_t len = 0, nfields = 0, field_start = 0;
    bool quoted = false, was_quoted = false;
    long lines = 0;

    for (;;) {
        int c = next_byte(r);
        if (c == EOF) {
            if (r->fp && ferror(r->fp))
                return CSV_IO_ERROR;
            if (quoted)
                return bad_record(r, start, start_line, (int)nfields + 1, "guillemet_non_ferme",
                                  "guillemet ouvert jamais refermé", problem);
            break;
        }
        if (c == 0)
            return bad_record(r, start, start_line, (int)nfields + 1, "octet_nul",
                              "octet nul dans le fichier (fichier binaire ?)", problem);
        if (quoted) {
            if (c == '"') {
                if (peek_byte(r) == '"') {
                    next_byte(r);
                } else {
                    quoted = false;
                    int after = peek_byte(r);
                    if (after != EOF && after != delim && after != '\n' && after != '\r') {
                        /* across lines, the likely cause is a quote never closed */
                        if (lines > 0)
                            return bad_record(r, start, start_line, (int)nfields + 1,
                                              "guillemet_non_ferme",
                                              "guillemet ouvert sur cette ligne et jamais refermé",
                                              problem);
                        return bad_record(r, start, start_line, (int)nfields + 1,
                                          "guillemet_mal_place",
                                          "texte après un guillemet fermant", problem);
                    }
                    continue;
                }
            } else if (c == '\n') {
                lines++;
            } else if (c == '\r' && peek_byte(r) != '\n') {
                lines++;
            }
        } else if (c == '"') {
            if (len == field_start && !was_quoted) {
                quoted = was_quoted = true;
                continue;
            }
            return bad_record(r, start, start_line, (int)nfields + 1, "guillemet_mal_place",
                              "guillemet au milieu d'un champ non entouré de guillemets", problem);
        } else if (c == delim || c == '\n' || c == '\r') {
            csv_status fs = close_field(r, &nfields, field_start, len);
            if (fs == CSV_BAD_RECORD)
                return bad_record(r, start, start_line, (int)nfields + 1, "trop_de_colonnes",
                                  "plus de 1024 colonnes", problem);
            if (fs != CSV_RECORD)
                return fs;
            len++;
            field_start = len;
            was_quoted = false;
            if (c == delim)
                continue;
            if (c == '\r') {
                if (peek_byte(r) == '\n')
                    next_byte(r);
                r->stats.crlf = true;
            }
            r->line += lines + 1;
            goto record_done;
        }
        if (len - field_start >= CSV_MAX_FIELD_BYTES)
            return bad_record(r, start, start_line, (int)nfields + 1, "champ_trop_long",
                              "champ de plus de 1 Mio", problem);
        if (len >= CSV_MAX_RECORD_BYTES)
            return bad_record(r, start, start_line, (int)nfields + 1, "ligne_trop_longue",
                              "enregistrement de plus de 4 Mio", problem);
        if (!grow((void **)&r->rec, &r->rec_cap, len + 2, 1))
            return CSV_IO_ERROR;
        r->rec[len++] = (char)c;
    }
    /* end of input without a final newline */
    csv_status fs = close_field(r, &nfields, field_start, len);
    if (fs == CSV_BAD_RECORD)
        return bad_record(r, start, start_line, (int)nfields + 1, "trop_de_colonnes",
                          "plus de 1024 colonnes", problem);
    if (fs != CSV_RECORD)
        return fs;
    r->line += lines + 1;

record_done:
    for (size_t i = 0; i < nfields; i++)
        r->fields[i] = r->rec + (uintptr_t)r->fields[i];
    rec->nfields = nfields;
    rec->fields = r->fields;
    rec->lengths = r->lengths;
    rec->line = start_line;
    r->stats.bytes_read = position(r);

    bool recode = r->stats.encoding == CSV_ENC_CP1252;
    if (!recode) {
        bool valid = true;
        for (size_t i = 0; i < nfields && valid; i++)
            valid = utf8_valid((unsigned char *)rec->fields[i], rec->lengths[i]);
        if (!valid) {
            recode = true;
            r->stats.recoded_records++;
        }
    }
    if (recode && !recode_record(r, rec)) {
        problem->line = start_line;
        problem->column = 0;
        problem->reason = "encodage_invalide";
        snprintf(problem->message, sizeof problem->message,
                 "octet sans caractère en Windows-1252 (ni UTF-8 valide)");
        excerpt(r, start, problem);
        return CSV_BAD_RECORD;
    }
    return CSV_RECORD;
}
