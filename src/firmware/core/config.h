/* Reading the key=value lines of boot.cfg and the boot bank's manifest. */
#ifndef THINVISOR_CONFIG_H
#define THINVISOR_CONFIG_H

#include "../include/efi.h"

/* Copies the value of the first line "key=value" into out; returns 0 when there is none. */
int config_get(const char *text, const char *key, char *out, UINTN size);

/* Where the value of the first line "key=value" starts in text; 0 when there is none. */
const char *config_find(const char *text, const char *key);

/* Like config_get, but continues from *cursor and moves it past the line found. */
int config_next(const char **cursor, const char *key, char *out, UINTN size);

/* The decimal number at the start of text; 0 when there is none. */
UINT64 config_number(const char *text);

/* Copies the next space-separated word of *cursor into out and moves past it; returns 0 at the end. */
int config_word(const char **cursor, char *out, UINTN size);

#endif
