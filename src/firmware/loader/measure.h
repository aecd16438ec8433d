/* Measured boot in the loader (measure.c): what it starts, into TV_PCR, when the firmware has a TPM. */
#ifndef THINVISOR_LOADER_MEASURE_H
#define THINVISOR_LOADER_MEASURE_H

#include "../include/efi.h"

/* Finds the firmware's EFI_TCG2_PROTOCOL; without one the other functions do nothing. */
void measure_init(EFI_SYSTEM_TABLE *st);

/* The bank-choice event: a tagged event (TV_BANK_EVENT_ID) whose data is text, digest over the whole tagged event. */
void measure_choice(const char *text);

/*
 * The files of a bank, in the order the loader starts them: boot.cfg without its bootstate= lines, manifest.txt,
 * the core (kernel=), and every file the manifest's module=, guest= and file= lines name. A file that cannot be
 * read is left out.
 */
void measure_bank(EFI_FILE_PROTOCOL *root, const char *bank, const char *cfg, UINTN cfg_size, const char *kernel);

#endif
