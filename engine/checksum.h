/* Content checksums (XXH3-128, 32 hex digits) used to recognise unchanged
 * inputs and configurations. Not a security hash: change detection only. */
#ifndef OBS_CHECKSUM_H
#define OBS_CHECKSUM_H

#include <stddef.h>

/* Checksum of a whole file, malloc'd; NULL if it cannot be read. */
char *checksum_file(const char *path);
/* Checksum of a buffer into out (33 bytes). */
void checksum_buffer(const void *data, size_t len, char out[33]);

#endif
