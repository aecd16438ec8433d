/*
 * The sample guest: says hello through COM1 with its name and memory size, proves it
 * computes by printing the SHA-256 of a text that names it, and halts. Built with
 * HELLO_READ_AT=<address> it then reads that guest-physical address, to show that memory
 * past its own stops it.
 */
#define TV_DEFINE_RUNTIME
#include "../../core/sha256.h"
#include "../../include/tv_guest.h"
#include "../../include/tv_runtime.h"

static void put(const char *text)
{
    while (*text) {
        __asm__ volatile("outb %0, %1" : : "a"((UINT8)*text++), "Nd"((UINT16)TV_GUEST_COM1));
    }
}

void guest_main(const TV_GUEST_INFO_BLOCK *info)
{
    char line[192] = "Hello from ";
    tv_append(line, sizeof line, info->Name);
    tv_append(line, sizeof line, "\n");
    put(line);

    char text[96] = "";
    tv_append(text, sizeof text, info->Name);
    tv_append(text, sizeof text, " memory=");
    tv_append_dec(text, sizeof text, info->MemorySize);
    line[0] = 0;
    tv_append(line, sizeof line, "memory=");
    tv_append_dec(line, sizeof line, info->MemorySize);
    tv_append(line, sizeof line, "\n");
    put(line);

    UINT8 digest[SHA256_DIGEST_SIZE];
    sha256(text, tv_strlen(text), digest);
    line[0] = 0;
    tv_append(line, sizeof line, "sha256(\"");
    tv_append(line, sizeof line, text);
    tv_append(line, sizeof line, "\")=");
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        tv_append_hex(line, sizeof line, digest[i], 2);
    }
    tv_append(line, sizeof line, "\n");
    put(line);

#ifdef HELLO_READ_AT
    line[0] = 0;
    tv_append(line, sizeof line, "reading 0x");
    tv_append_hex(line, sizeof line, HELLO_READ_AT, 8);
    tv_append(line, sizeof line, "\n");
    put(line);
    (void)*(volatile UINT8 *)(UINTN)(HELLO_READ_AT);
#endif
}
