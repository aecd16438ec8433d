/*
 * A test tool, not part of any image: put into a bank as its kernel=, it stands for a core that
 * loads a kernel itself and asks the loader's SHIM_LOCK protocol to verify it, as Xen does. It
 * calls Verify on three buffers and prints what each gave, then returns to the loader:
 *
 *   SHIMLOCK protocol=found
 *   SHIMLOCK good=<status>       its own file, as it was started (signed like the core)
 *   SHIMLOCK tampered=<status>   the same bytes with one byte of its code changed
 *   SHIMLOCK other=<status>      \other.efi of its bank (the test puts there a copy signed by another key)
 *
 * <status> is success, security-violation, or the status in hex.
 */
#define TV_DEFINE_RUNTIME
#include "../../../src/firmware/include/tv_runtime.h"
#include "../../../src/firmware/include/tv_shim_lock.h"

static EFI_SYSTEM_TABLE *st;

static EFI_STATUS read_file(EFI_FILE_PROTOCOL *root, CHAR16 *name, UINT8 **data, UINT32 *size)
{
    EFI_FILE_PROTOCOL *file = 0;
    EFI_STATUS status = root->Open(root, &file, name, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(status)) {
        return status;
    }
    EFI_GUID info_guid = EFI_FILE_INFO_GUID;
    EFI_FILE_INFO info;
    UINTN info_size = sizeof info;
    UINTN length = 0;
    status = file->GetInfo(file, &info_guid, &info_size, &info);
    if (!EFI_ERROR(status)) {
        length = info.FileSize;
        status = st->BootServices->AllocatePool(EfiLoaderData, length, (VOID **)data);
    }
    if (!EFI_ERROR(status)) {
        status = file->Read(file, &length, *data);
        *size = (UINT32)length;
    }
    file->Close(file);
    return status;
}

static void report(const char *what, EFI_STATUS status)
{
    char line[96] = "SHIMLOCK ";
    tv_append(line, sizeof line, what);
    tv_append(line, sizeof line, "=");
    if (status == EFI_SUCCESS) {
        tv_append(line, sizeof line, "success");
    } else if (status == EFI_SECURITY_VIOLATION) {
        tv_append(line, sizeof line, "security-violation");
    } else {
        tv_append_hex(line, sizeof line, status, 16);
    }
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
    st = system_table;
    EFI_BOOT_SERVICES *bs = st->BootServices;
    EFI_GUID shim_lock_guid = SHIM_LOCK_PROTOCOL_GUID;
    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
    SHIM_LOCK_PROTOCOL *shim_lock = 0;
    EFI_LOADED_IMAGE_PROTOCOL *loaded = 0;
    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs = 0;
    EFI_FILE_PROTOCOL *root = 0;
    tv_print(st, "\n");

    if (EFI_ERROR(bs->LocateProtocol(&shim_lock_guid, 0, (VOID **)&shim_lock))) {
        tv_print(st, "SHIMLOCK protocol=missing\n");
        return EFI_NOT_FOUND;
    }
    tv_print(st, "SHIMLOCK protocol=found\n");
    if (EFI_ERROR(bs->HandleProtocol(image, &loaded_image_guid, (VOID **)&loaded)) ||
        EFI_ERROR(bs->HandleProtocol(loaded->DeviceHandle, &fs_guid, (VOID **)&fs)) || EFI_ERROR(fs->OpenVolume(fs, &root))) {
        tv_print(st, "SHIMLOCK bank=unreadable\n");
        return EFI_LOAD_ERROR;
    }

    /* The file path node after the bank's own device path: \shimlock.efi. */
    const UINT8 *node = (const UINT8 *)loaded->FilePath;
    while (node[0] != END_DEVICE_PATH_TYPE && !(node[0] == MEDIA_DEVICE_PATH && node[1] == MEDIA_FILEPATH_DP)) {
        node += node[2] | node[3] << 8;
    }
    UINT8 *own = 0, *other = 0;
    UINT32 own_size = 0, other_size = 0;
    if (node[0] != MEDIA_DEVICE_PATH || EFI_ERROR(read_file(root, (CHAR16 *)(node + 4), &own, &own_size))) {
        tv_print(st, "SHIMLOCK self=unreadable\n");
        return EFI_LOAD_ERROR;
    }

    report("good", shim_lock->Verify(own, own_size));
    /* A byte of the code section (which starts at 0x400 in our images), inside what Authenticode hashes. */
    own[0x480] ^= 0xff;
    report("tampered", shim_lock->Verify(own, own_size));
    if (EFI_ERROR(read_file(root, L"\\other.efi", &other, &other_size))) {
        tv_print(st, "SHIMLOCK other=missing\n");
    } else {
        report("other", shim_lock->Verify(other, other_size));
    }
    return EFI_SUCCESS;
}
