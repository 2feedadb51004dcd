/* Content checksums (XXH3-128, 32 hex digits) used to recognise unchanged
 * inputs and configurations. Not a security hash: change detection only. */
#ifndef OBS_CHECKSUM_H
#define OBS_CHECKSUM_H

#include <stddef.h>

/* Checksum of a whole file, malloc'd; NULL if it cannot be read. */
char *checksum_file(const char *path);
/* Checksum of a buffer into out (33 bytes). */
void checksum_buffer(const void *data, size_t len, char out[33]);

/* A checksum fed piece by piece, for what is too large or too scattered to
 * hold in one buffer. new returns NULL when out of memory; finish writes the
 * checksum and frees the stream. */
typedef struct checksum_stream checksum_stream;
checksum_stream *checksum_stream_new(void);
void checksum_stream_add(checksum_stream *s, const void *data, size_t len);
void checksum_stream_finish(checksum_stream *s, char out[33]);

#endif
