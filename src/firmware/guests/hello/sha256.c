/* The core's SHA-256, built into this guest as well. */
#include "../../core/sha256.c"
