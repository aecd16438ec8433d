/* The loader's SHIM_LOCK protocol, for cores that load a kernel themselves (shim_lock.c). */
#ifndef THINVISOR_LOADER_SHIM_LOCK_H
#define THINVISOR_LOADER_SHIM_LOCK_H

#include "../include/efi.h"

/* Installs SHIM_LOCK on the loader's image handle, unless a shim already offers it. */
void shim_lock_install(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

#endif
