// Only the re-entrant GEOS API: using a non-_r function is a compile error.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
