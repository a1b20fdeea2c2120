// The system zlib (Debian: zlib1g-dev), used by SynodLearning to read gzip-compressed IDX files.
#include <zlib.h>
