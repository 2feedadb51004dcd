#include "indicators/compute/source_family.h"

#include <string.h>

static const char *const families[] = {FAMILY_PUBLIC, "dsn", "accompagnement", "financement", "grille", NULL};

bool sources_family_known(const char *name)
{
    for (int i = 0; families[i]; i++)
        if (strcmp(families[i], name) == 0)
            return true;
    return false;
}

bool sources_is_public(const char *family) { return family && strcmp(family, FAMILY_PUBLIC) == 0; }
