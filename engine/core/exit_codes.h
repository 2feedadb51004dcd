/* Process exit codes of obs, documented in README.md. */
#ifndef OBS_EXIT_CODES_H
#define OBS_EXIT_CODES_H

enum obs_exit {
    OBS_EXIT_OK = 0,        /* everything done */
    OBS_EXIT_FAILURE = 1,   /* a stage failed (I/O, database, invalid file, ...) */
    OBS_EXIT_USAGE = 2,     /* bad command line or configuration */
    OBS_EXIT_REJECTS = 3,   /* a file's rejected rows exceed the configured share */
    OBS_EXIT_LOCKED = 4,    /* another run holds the database lock */
    OBS_EXIT_LEAK = 5,      /* obs audit-secret found a figure that breaks statistical secrecy */
};

#endif
