/* Where obs finds its data (reference data, catalog, layouts): OBS_DATA_DIR
 * from the environment when set, else the folder compiled in (the source tree
 * for a build, PREFIX/share/obs for `make install`). */
#ifndef OBS_DATA_DIR_H
#define OBS_DATA_DIR_H

const char *obs_data_dir(void);

#endif
