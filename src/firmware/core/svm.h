/* Running a guest under AMD SVM with nested paging. */
#ifndef THINVISOR_SVM_H
#define THINVISOR_SVM_H

#include "../include/efi.h"

/*
 * Why guests cannot run on this CPU ("no-svm", "svm-disabled", "no-npt"), or 0 when they can.
 */
const char *svm_unsupported(void);

/*
 * Runs one guest in its own memory of memory_size bytes (a multiple of 4 KiB, at most 1 GiB)
 * until it halts, faults or uses up its exit budget, and prints the THINVISOR VM lines:
 * the start, every line the guest writes to COM1, and how it stopped.
 */
void svm_run_guest(EFI_SYSTEM_TABLE *st, const char *name, const UINT8 *image, UINTN image_size, UINT64 memory_size);

/* Appends a byte count as "<n>MiB", "<n>KiB" or "<n>" (bytes), the way recipes write sizes. */
void svm_append_size(char *dest, UINTN size, UINT64 bytes);

#endif
