/* Unit tests' clean-up of a database file made on disk. */
#ifndef OBS_TEST_REMOVE_DATABASE_H
#define OBS_TEST_REMOVE_DATABASE_H

/* Removes the database at path and the files SQLite keeps beside it
 * (-wal, -shm, -journal), those that exist. */
void remove_database(const char *path);

#endif
