#ifndef OBS_DIMENSION_KEY_H
#define OBS_DIMENSION_KEY_H
/* Breakdown keys as data.
 *
 * A cell's breakdown is a set of (key, value) pairs: financeur = « Crédit
 * Agricole; BPI », dispositif = D1. The catalog queries build the
 * `dimension` column with the SQL function dim(key, value, ...), never by
 * concatenation; dim() writes the canonical form, which round-trips:
 *
 *   - pairs sorted by key (byte order), written key=value and joined by ';';
 *   - a key is [a-z][a-z0-9_]*;
 *   - a value containing ';', '=' or '"' is written between double quotes,
 *     its '"' doubled (as a CSV field): financeur="Crédit Agricole; BPI";
 *     any other value is written as it is (accents, spaces, '|' included);
 *   - no pair: '' (the total); a NULL value: NULL (no cell, as with ||).
 *
 * After each indicator, the engine decodes every new dimension once and
 * stores its pairs in the table dimension_cle(dimension, cle, valeur, reste,
 * n_cles): one row per key, `reste` being the canonical dimension without
 * that key (the cell the breakdown along `cle` adds up to). The secrecy,
 * the audit, the reports and the funder list read the keys there, never
 * from the string. */

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIMENSION_FUNCTION "dim"
#define DIMENSION_MAX_KEYS 8

typedef struct {
    char *key;
    char *value;
} dimension_pair;

/* True for a valid key: [a-z][a-z0-9_]*, at most 63 bytes. */
bool dimension_key_valid(const char *key);

/* The canonical form of n pairs (sorted here; the caller's array is left
 * as it is), or NULL (err set) for an invalid or repeated key; malloc'ed. */
char *dimension_encode(const dimension_pair *pairs, size_t n, char *err, size_t errlen);

/* Decodes a canonical dimension into at most DIMENSION_MAX_KEYS pairs
 * (strings malloc'ed, free with dimension_pairs_free), in their written
 * order. Strict on the quoting: rejects a repeated or invalid key, a raw
 * value holding '=' or '"', an unterminated quote. (Keys out of order are
 * read as written: dim() never writes them so, a hand-written row may.)
 * err gets the reason and the byte offset. */
bool dimension_decode(const char *s, dimension_pair *pairs, size_t *n, char *err, size_t errlen);
void dimension_pairs_free(dimension_pair *pairs, size_t n);

/* Registers dim() on db. */
bool dimension_register(sqlite3 *db);

/* Stores in dimension_cle the keys of every dimension of this indicator
 * (NULL: of every indicator) in this run not stored yet. False (err set, naming the dimension) when one
 * is not in the canonical form. */
bool dimension_keys_store(sqlite3 *db, int64_t run_id, const char *indicator, char *err, size_t errlen);

#endif
