/* The per-unit identity that provisioning writes as \unit.json into the unit partition. */
#ifndef THINVISOR_UNIT_H
#define THINVISOR_UNIT_H

#include "../include/efi.h"

#define UNIT_SERIAL_MAX 64
#define UNIT_HOSTNAME_MAX 253

typedef struct {
    char serial[UNIT_SERIAL_MAX + 1];
    char hostname[UNIT_HOSTNAME_MAX + 1]; /* "-" when null or missing */
} UNIT_RECORD;

/*
 * Reads the top-level "serial" and "hostname" of the JSON object in text (size bytes).
 * Returns 0 unless the object ends, the serial is a string of 1 to 64 characters
 * [A-Za-z0-9._-], and the hostname is null, missing, or a string of 1 to 253
 * characters [A-Za-z0-9.-]; escapes are refused, as are repeated keys.
 */
int unit_parse(const char *text, UINTN size, UNIT_RECORD *out);

/* Reads \unit.json from the first volume that holds one; returns 0 when there is none or it is not valid. */
int unit_find(EFI_SYSTEM_TABLE *st, UNIT_RECORD *out);

#endif
