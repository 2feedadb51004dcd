#include "engine/core/folders.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/core/log.h"

bool folders_make(const char *dir)
{
    if (!*dir)
        return true; /* the current folder */
    char *p = strdup(dir);
    if (!p) {
        obs_error("mémoire insuffisante");
        return false;
    }
    bool ok = true;
    /* each prefix ending before a '/', then the whole path */
    for (char *s = p + 1; ok; s++) {
        bool end = *s == '\0';
        if (*s != '/' && !end)
            continue;
        *s = '\0';
        struct stat st;
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            obs_error("impossible de créer le dossier %s : %s", p, strerror(errno));
            ok = false;
        } else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
            obs_error("%s existe et n'est pas un dossier", p);
            ok = false;
        }
        if (end)
            break;
        *s = '/';
    }
    free(p);
    return ok;
}

bool folders_make_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return true;
    char *dir = strndup(path, (size_t)(slash - path));
    if (!dir) {
        obs_error("mémoire insuffisante");
        return false;
    }
    bool ok = folders_make(dir);
    free(dir);
    return ok;
}
