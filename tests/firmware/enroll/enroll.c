/*
 * A test tool, not part of any image: enrolls Secure Boot keys into OVMF's variable store.
 * Booted in setup mode, it reads db.auth, KEK.auth and PK.auth (authenticated variable
 * payloads) from the root of the volume it was loaded from, writes them in that order (PK
 * last, which ends setup mode), prints one line per variable and powers off.
 */
#define TV_DEFINE_RUNTIME
#include "../../../src/firmware/include/tv_driver.h"

#define AUTHENTICATED_ATTRIBUTES 0x27 /* non-volatile, boot and runtime access, time-based authenticated */

static EFI_STATUS read_file(EFI_SYSTEM_TABLE *st, EFI_FILE_PROTOCOL *root, CHAR16 *name, VOID **data, UINTN *size)
{
    EFI_FILE_PROTOCOL *file = 0;
    EFI_STATUS status = root->Open(root, &file, name, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(status)) {
        return status;
    }
    EFI_GUID info_guid = EFI_FILE_INFO_GUID;
    EFI_FILE_INFO info;
    UINTN info_size = sizeof info;
    status = file->GetInfo(file, &info_guid, &info_size, &info);
    if (!EFI_ERROR(status)) {
        *size = info.FileSize;
        status = st->BootServices->AllocatePool(EfiLoaderData, *size, data);
    }
    if (!EFI_ERROR(status)) {
        status = file->Read(file, size, *data);
    }
    file->Close(file);
    return status;
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
    EFI_GUID global = {0x8be4df61, 0x93ca, 0x11d2, {0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c}};
    EFI_GUID image_security = {0xd719b2cb, 0x3d3a, 0x4596, {0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f}};
    EFI_LOADED_IMAGE_PROTOCOL *loaded = 0;
    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs = 0;
    EFI_FILE_PROTOCOL *root = 0;
    tv_print(st, "\n");
    if (EFI_ERROR(st->BootServices->HandleProtocol(image, &loaded_image_guid, (VOID **)&loaded))
        || EFI_ERROR(st->BootServices->HandleProtocol(loaded->DeviceHandle, &fs_guid, (VOID **)&fs))
        || EFI_ERROR(fs->OpenVolume(fs, &root))) {
        tv_print(st, "ENROLL FAILED no volume\n");
        st->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, 0);
    }

    struct {
        CHAR16 *file;
        CHAR16 *variable;
        const char *name;
        EFI_GUID *vendor;
    } steps[] = {
        {u"db.auth", u"db", "db", &image_security},
        {u"KEK.auth", u"KEK", "KEK", &global},
        {u"PK.auth", u"PK", "PK", &global},
    };
    for (int i = 0; i < 3; i++) {
        VOID *data = 0;
        UINTN size = 0;
        char line[96] = "ENROLL ";
        tv_append(line, sizeof line, steps[i].name);
        EFI_STATUS status = read_file(st, root, steps[i].file, &data, &size);
        if (!EFI_ERROR(status)) {
            status = st->RuntimeServices->SetVariable(steps[i].variable, steps[i].vendor, AUTHENTICATED_ATTRIBUTES, size, data);
        }
        tv_append(line, sizeof line, EFI_ERROR(status) ? " FAILED status=0x" : " ok");
        if (EFI_ERROR(status)) {
            tv_append_hex(line, sizeof line, status & 0xff, 2);
        }
        tv_append(line, sizeof line, "\n");
        tv_print(st, line);
    }
    tv_print(st, "ENROLL DONE\n");
    st->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, 0);
    return EFI_SUCCESS;
}
