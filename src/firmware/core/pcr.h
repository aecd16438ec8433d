/* What the loader measured, read back through the firmware's TPM (pcr.c). */
#ifndef THINVISOR_PCR_H
#define THINVISOR_PCR_H

#include "../include/efi.h"

/*
 * When the firmware has a TPM 2.0: prints the loader's bank-choice events from the event log and the value of
 * TV_PCR's SHA-256 bank. Without one it prints nothing.
 */
void pcr_report(EFI_SYSTEM_TABLE *st);

#endif
