/*
 * The contract between the loader and a bank's core.
 *
 * The loader picks the boot bank, opens its root directory, loads the bank's core with
 * LoadImage (so Secure Boot checks it), points the core's LoadOptions at a TV_BANK_HANDOFF
 * and starts it. The core boots from that bank. When one of its checks fails it writes
 * why into Reason and exits back to the loader, which falls back to the other bank.
 */
#ifndef THINVISOR_TV_BANK_H
#define THINVISOR_TV_BANK_H

#include "efi.h"

#define TV_BANK_MAGIC 0x314b4e4142565654ULL /* "TVVBANK1" */

/* boot.cfg's bootstate values. */
#define TV_STATE_VALID 0
#define TV_STATE_UPGRADING 1
#define TV_STATE_TRYING 2
#define TV_STATE_INVALID 3

typedef struct {
    UINT64 Magic;
    /* The bank's root directory, open. */
    EFI_FILE_PROTOCOL *Root;
    /* The bank's partition name, for the console. */
    char Name[40];
    /* The bootstate on disk when the core was started. */
    UINT32 State;
    /* Filled in by the core when it gives the bank up: "<reason> <detail>". */
    char Reason[160];
} TV_BANK_HANDOFF;

#endif
