/* Folders a run writes into: created when missing, so that a configuration
 * pointing at a new place (a first run from cron) just works. */
#ifndef OBS_FOLDERS_H
#define OBS_FOLDERS_H

#include <stdbool.h>

/* Creates DIR and its missing parents (mkdir -p); logs and returns false on
 * failure. */
bool folders_make(const char *dir);
/* The same for the folder holding PATH (nothing to do for a bare name). */
bool folders_make_parent(const char *path);

#endif
