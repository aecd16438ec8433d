/*
 * The manifest anchor: 16 magic bytes followed by the SHA-256 of the boot bank's
 * manifest. The core is linked with zeros there; the builder finds the magic in
 * the linked image and writes the digest in before the core is signed, so the
 * signature covers it.
 */
#ifndef THINVISOR_ANCHOR_H
#define THINVISOR_ANCHOR_H

#include "../include/efi.h"

typedef struct {
    char magic[16];
    UINT8 manifest_sha256[32];
} TV_MANIFEST_ANCHOR;

extern volatile TV_MANIFEST_ANCHOR tv_manifest_anchor;

#endif
