/* SHA-256 (FIPS 180-4), for checking the manifest and the driver modules. */
#ifndef THINVISOR_SHA256_H
#define THINVISOR_SHA256_H

#include "../include/efi.h"

#define SHA256_DIGEST_SIZE 32

typedef struct {
    UINT32 state[8];
    UINT64 length;
    UINT8 block[64];
    UINTN used;
} SHA256_CONTEXT;

void sha256_init(SHA256_CONTEXT *ctx);
void sha256_update(SHA256_CONTEXT *ctx, const void *data, UINTN size);
void sha256_final(SHA256_CONTEXT *ctx, UINT8 digest[SHA256_DIGEST_SIZE]);
void sha256(const void *data, UINTN size, UINT8 digest[SHA256_DIGEST_SIZE]);

#endif
