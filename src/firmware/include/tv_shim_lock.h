/*
 * The SHIM_LOCK protocol as shim defines it, so that a core that loads a kernel itself (Xen's EFI
 * loader, GRUB, systemd-boot) can have the loader check it before it starts it. The loader installs
 * it on its own image handle; a core finds it with LocateProtocol.
 *
 * Its functions are plain C functions, not EFIAPI: shim declares them without a calling convention
 * and builds with gcc for ELF, so on x86_64 they take the System V ABI, and Xen ("_not_ EFIAPI") and
 * GRUB call them that way. Our images are built for the Microsoft ABI, hence the attribute.
 */
#ifndef THINVISOR_TV_SHIM_LOCK_H
#define THINVISOR_TV_SHIM_LOCK_H

#include "efi.h"

#define SHIM_LOCK_PROTOCOL_GUID \
    {0x605dab50, 0xe046, 0x4300, {0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23}}

#define SHIM_LOCK_API __attribute__((sysv_abi))

typedef struct {
    /* EFI_SUCCESS when the PE image in buffer may run, EFI_SECURITY_VIOLATION when it may not. */
    EFI_STATUS(SHIM_LOCK_API *Verify)(VOID *Buffer, UINT32 Size);
    /* shim's Authenticode hash over its own PE_COFF_LOADER_IMAGE_CONTEXT; ours answers EFI_UNSUPPORTED. */
    EFI_STATUS(SHIM_LOCK_API *Hash)(CHAR8 *Data, int DataSize, VOID *Context, UINT8 *Sha256, UINT8 *Sha1);
    /* Fills shim's PE_COFF_LOADER_IMAGE_CONTEXT; ours answers EFI_UNSUPPORTED. */
    EFI_STATUS(SHIM_LOCK_API *Context)(VOID *Data, UINT32 Size, VOID *Context);
} SHIM_LOCK_PROTOCOL;

#endif
