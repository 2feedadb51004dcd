/* A signature: one checksum over labelled values and over the files of a
 * folder, fed as a stream, so that nothing is cut whatever the number of
 * files or the length of the values. obs run compares the signature of what a
 * publication depends on with the last one to know whether anything changed. */
#ifndef OBS_SIGNATURE_H
#define OBS_SIGNATURE_H

#include <stdbool.h>

#include "engine/core/checksum.h"

typedef struct {
    checksum_stream *sum;
    bool failed; /* a piece could not be read: the signature must not be trusted */
} signature;

/* false when out of memory (message printed) */
bool signature_begin(signature *s);
/* label and value (NULL is the empty value), each with its length, so that
 * no two different lists of pieces give the same stream */
void signature_add(signature *s, const char *label, const char *value);
/* the names and contents of the files of dir ending with suffix, in name
 * order; a missing folder is the value "absent"; an unreadable file fails */
void signature_add_folder(signature *s, const char *label, const char *dir, const char *suffix);
/* writes the checksum (33 bytes) and frees the stream; false when a piece
 * failed (message printed), out then unset */
bool signature_end(signature *s, char out[33]);

#endif
