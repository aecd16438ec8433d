/* Finding the boot bank among the firmware's file systems, and reading files from it. */
#ifndef THINVISOR_BANK_H
#define THINVISOR_BANK_H

#include "../include/efi.h"

typedef struct {
    UINT8 *data;
    UINTN size;
} FILE_DATA;

/* Reads a whole file from the root of volume; data is NUL-terminated for text parsing. */
EFI_STATUS bank_read(EFI_SYSTEM_TABLE *st, EFI_FILE_PROTOCOL *volume, const char *name, FILE_DATA *out);

/* Like bank_read, for a file of at most limit bytes: a larger one gives EFI_BUFFER_TOO_SMALL. */
EFI_STATUS bank_read_limit(EFI_SYSTEM_TABLE *st, EFI_FILE_PROTOCOL *volume, const char *name, UINT64 limit, FILE_DATA *out);

/*
 * Opens the boot bank: the volume with a boot.cfg whose bootstate is 0 and whose
 * "updated" counter is highest, as A/B banks are chosen.
 */
EFI_STATUS bank_open(EFI_SYSTEM_TABLE *st, EFI_FILE_PROTOCOL **volume, FILE_DATA *boot_cfg);

/*
 * Writes state (0 to 9) as the value of boot.cfg's "bootstate=" line, in place: one byte
 * through the file protocol, flushed before it returns, so the file keeps its size and a
 * power cut leaves the old or the new value.
 */
EFI_STATUS bank_set_state(EFI_FILE_PROTOCOL *volume, const FILE_DATA *boot_cfg, UINT32 state);

#endif
