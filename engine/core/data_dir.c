/* One function alone in its file: `make install` compiles this file again
 * with -DOBS_DATA_DIR=PREFIX/share/obs and links it before libobs.a. */
#include "engine/core/data_dir.h"

#include <stdlib.h>

#ifndef OBS_DATA_DIR
#ifdef OBS_SOURCE_DIR
#define OBS_DATA_DIR OBS_SOURCE_DIR
#else
#define OBS_DATA_DIR "."
#endif
#endif

const char *obs_data_dir(void)
{
    const char *env = getenv("OBS_DATA_DIR");
    return env && *env ? env : OBS_DATA_DIR;
}
