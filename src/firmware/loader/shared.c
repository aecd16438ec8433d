/* The loader reads boot.cfg and writes its bootstate as the core does: the same code, built into both. */
#include "../core/bank.c"
#include "../core/config.c"
