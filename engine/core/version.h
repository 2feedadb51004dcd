#ifndef OBS_VERSION_H
#define OBS_VERSION_H
#define OBS_VERSION "0.1.0"
#endif
