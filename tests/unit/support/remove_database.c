#include "remove_database.h"

#include <stdio.h>
#include <unistd.h>

void remove_database(const char *path)
{
    static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof sides / sizeof *sides; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s%s", path, sides[i]);
        unlink(file);
    }
}
