/*
 * The contract between the loader and a bank's core.
 *
 * The loader picks the boot bank, opens its root directory and loads the bank's core with
 * LoadImage from a device path into the bank's partition (so Secure Boot checks it, and the
 * core's LoadedImage names the bank as its device and file). Its LoadOptions are boot.cfg's
 * kernelopt=, as UCS-2, for any core. For our own core the loader also installs a
 * TV_BANK_HANDOFF on the core's image handle, under TV_BANK_HANDOFF_PROTOCOL_GUID, before
 * it starts it, and uninstalls it when the core returns; a foreign core never looks at it.
 * The core boots from that bank. When one of its checks fails it writes why into Reason and
 * exits back to the loader, which falls back to the other bank.
 */
#ifndef THINVISOR_TV_BANK_H
#define THINVISOR_TV_BANK_H

#include "efi.h"

#define TV_BANK_MAGIC 0x314b4e4142565654ULL /* "TVVBANK1" */

/* The protocol whose interface is the TV_BANK_HANDOFF, on the core's image handle. */
#define TV_BANK_HANDOFF_PROTOCOL_GUID \
    {0x357b0166, 0xde84, 0x4d2f, {0xb5, 0x81, 0xb2, 0xfb, 0x28, 0xe2, 0x29, 0x0f}}

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
