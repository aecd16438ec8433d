/*
 * The loader's SHIM_LOCK protocol (include/tv_shim_lock.h). Verify asks the firmware's own image
 * verification, the one that admitted the loader and the core: it loads the buffer with LoadImage
 * from memory, with no device path, and unloads it at once. Under Secure Boot the firmware then
 * checks the buffer's Authenticode signatures against db and dbx, as for any image it starts (an
 * image with no device path gets the strictest policy, deny on a violation), and a buffer that
 * is not a PE image fails to load: both give EFI_SECURITY_VIOLATION. The image is never started.
 * With Secure Boot off Verify accepts every buffer, as shim does, so unsigned development boots
 * are unchanged.
 */
#include "../include/tv_runtime.h"
#include "../include/tv_shim_lock.h"
#include "shim_lock.h"

#define EFI_GLOBAL_VARIABLE_GUID \
    {0x8be4df61, 0x93ca, 0x11d2, {0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c}}

static EFI_SYSTEM_TABLE *lock_st;
static EFI_HANDLE lock_parent;

/* The firmware's SecureBoot variable: 1 when it enforces signatures, anything else (or none) when not. */
static int secure_boot(void)
{
    EFI_GUID global = EFI_GLOBAL_VARIABLE_GUID;
    CHAR16 name[] = L"SecureBoot";
    UINT8 value = 0;
    UINTN size = sizeof value;
    return !EFI_ERROR(lock_st->RuntimeServices->GetVariable(name, &global, 0, &size, &value)) && size == 1 && value == 1;
}

static EFI_STATUS SHIM_LOCK_API verify(VOID *buffer, UINT32 size)
{
    if (!secure_boot()) {
        return EFI_SUCCESS;
    }
    if (!buffer || !size) {
        return EFI_SECURITY_VIOLATION;
    }

    EFI_BOOT_SERVICES *bs = lock_st->BootServices;
    EFI_HANDLE image = 0;
    EFI_STATUS status = bs->LoadImage(0, lock_parent, 0, buffer, size, &image);
    /* A refused image may still come with a handle (UEFI 2.10, 7.4 LoadImage): unload it either way. */
    if (image) {
        bs->UnloadImage(image);
    }
    return EFI_ERROR(status) ? EFI_SECURITY_VIOLATION : EFI_SUCCESS;
}

static EFI_STATUS SHIM_LOCK_API hash(CHAR8 *data, int data_size, VOID *context, UINT8 *sha256, UINT8 *sha1)
{
    (void)data;
    (void)data_size;
    (void)context;
    (void)sha256;
    (void)sha1;
    return EFI_UNSUPPORTED;
}

static EFI_STATUS SHIM_LOCK_API context(VOID *data, UINT32 size, VOID *out)
{
    (void)data;
    (void)size;
    (void)out;
    return EFI_UNSUPPORTED;
}

static SHIM_LOCK_PROTOCOL shim_lock = {verify, hash, context};

void shim_lock_install(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    EFI_GUID guid = SHIM_LOCK_PROTOCOL_GUID;
    VOID *present = 0;
    lock_st = st;
    lock_parent = image;
    /* Started by shim itself, the loader leaves shim's protocol alone: it checks against shim's own keys too. */
    if (!EFI_ERROR(st->BootServices->LocateProtocol(&guid, 0, &present))) {
        return;
    }
    EFI_HANDLE handle = image;
    st->BootServices->InstallProtocolInterface(&handle, &guid, EFI_NATIVE_INTERFACE, &shim_lock);
}
