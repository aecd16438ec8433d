/*
 * Freestanding helpers shared by the Thinvisor core and drivers: memory and
 * string routines, and console output of ASCII text.
 *
 * clang emits calls to memset and memcpy even with -ffreestanding, so every image
 * must define them: exactly one translation unit per image defines
 * TV_DEFINE_RUNTIME before including this header.
 */
#ifndef THINVISOR_TV_RUNTIME_H
#define THINVISOR_TV_RUNTIME_H

#include "efi.h"

void *memset(void *dest, int value, UINTN count);
void *memcpy(void *dest, const void *src, UINTN count);
int memcmp(const void *a, const void *b, UINTN count);

#ifdef TV_DEFINE_RUNTIME
void *memset(void *dest, int value, UINTN count)
{
    UINT8 *d = dest;
    while (count--) {
        *d++ = (UINT8)value;
    }
    return dest;
}

void *memcpy(void *dest, const void *src, UINTN count)
{
    UINT8 *d = dest;
    const UINT8 *s = src;
    while (count--) {
        *d++ = *s++;
    }
    return dest;
}

int memcmp(const void *a, const void *b, UINTN count)
{
    const UINT8 *x = a;
    const UINT8 *y = b;
    for (UINTN i = 0; i < count; i++) {
        if (x[i] != y[i]) {
            return x[i] < y[i] ? -1 : 1;
        }
    }
    return 0;
}
#endif

static inline UINTN tv_strlen(const char *s)
{
    UINTN n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static inline int tv_streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* Appends src to the NUL-terminated dest of capacity size, truncating. */
static inline void tv_append(char *dest, UINTN size, const char *src)
{
    UINTN n = tv_strlen(dest);
    while (*src && n + 1 < size) {
        dest[n++] = *src++;
    }
    dest[n] = 0;
}

static inline void tv_append_hex(char *dest, UINTN size, UINT64 value, int digits)
{
    char text[17];
    static const char hex[] = "0123456789abcdef";
    if (digits > 16) {
        digits = 16;
    }
    for (int i = digits - 1; i >= 0; i--) {
        text[i] = hex[value & 15];
        value >>= 4;
    }
    text[digits] = 0;
    tv_append(dest, size, text);
}

static inline void tv_append_dec(char *dest, UINTN size, UINT64 value)
{
    char text[21];
    int i = 20;
    text[i] = 0;
    do {
        text[--i] = (char)('0' + value % 10);
        value /= 10;
    } while (value && i > 0);
    tv_append(dest, size, text + i);
}

/* Writes ASCII text to the console; "\n" becomes "\r\n". */
static inline void tv_print(EFI_SYSTEM_TABLE *st, const char *text)
{
    CHAR16 buffer[128];
    UINTN n = 0;
    while (*text) {
        if (*text == '\n') {
            buffer[n++] = '\r';
        }
        buffer[n++] = (CHAR16)(UINT8)*text++;
        if (n >= 120) {
            buffer[n] = 0;
            st->ConOut->OutputString(st->ConOut, buffer);
            n = 0;
        }
    }
    buffer[n] = 0;
    st->ConOut->OutputString(st->ConOut, buffer);
}

#endif
