#include "bank.h"
#include "config.h"
#include "../include/tv_runtime.h"

#define MAX_FILE_SIZE (16u * 1024u * 1024u)

EFI_STATUS bank_read(EFI_SYSTEM_TABLE *st, EFI_FILE_PROTOCOL *volume, const char *name, FILE_DATA *out)
{
    return bank_read_limit(st, volume, name, MAX_FILE_SIZE, out);
}

EFI_STATUS bank_read_limit(EFI_SYSTEM_TABLE *st, EFI_FILE_PROTOCOL *volume, const char *name, UINT64 limit, FILE_DATA *out)
{
    CHAR16 wide[64];
    UINTN n = 0;
    while (name[n] && n < 63) {
        wide[n] = (CHAR16)(UINT8)(name[n] == '/' ? '\\' : name[n]);
        n++;
    }
    wide[n] = 0;

    EFI_FILE_PROTOCOL *file = 0;
    EFI_STATUS status = volume->Open(volume, &file, wide, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(status)) {
        return status;
    }

    EFI_GUID info_guid = EFI_FILE_INFO_GUID;
    EFI_FILE_INFO info;
    UINTN info_size = sizeof info;
    status = file->GetInfo(file, &info_guid, &info_size, &info);
    if (EFI_ERROR(status) || info.FileSize > limit) {
        file->Close(file);
        return EFI_ERROR(status) ? status : EFI_BUFFER_TOO_SMALL;
    }

    UINT8 *data = 0;
    status = st->BootServices->AllocatePool(EfiLoaderData, info.FileSize + 1, (VOID **)&data);
    if (EFI_ERROR(status)) {
        file->Close(file);
        return status;
    }

    UINTN size = info.FileSize;
    status = file->Read(file, &size, data);
    file->Close(file);
    if (EFI_ERROR(status) || size != info.FileSize) {
        st->BootServices->FreePool(data);
        return EFI_ERROR(status) ? status : EFI_LOAD_ERROR;
    }

    data[size] = 0;
    out->data = data;
    out->size = size;
    return EFI_SUCCESS;
}

EFI_STATUS bank_open(EFI_SYSTEM_TABLE *st, EFI_FILE_PROTOCOL **volume, FILE_DATA *boot_cfg)
{
    EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
    EFI_BOOT_SERVICES *bs = st->BootServices;
    UINTN count = 0;
    EFI_HANDLE *handles = 0;
    EFI_STATUS status = bs->LocateHandleBuffer(ByProtocol, &fs_guid, 0, &count, &handles);
    if (EFI_ERROR(status)) {
        return status;
    }

    UINT64 best_updated = 0;
    int found = 0;
    for (UINTN i = 0; i < count; i++) {
        EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs = 0;
        EFI_FILE_PROTOCOL *root = 0;
        FILE_DATA cfg;
        if (EFI_ERROR(bs->HandleProtocol(handles[i], &fs_guid, (VOID **)&fs)) || EFI_ERROR(fs->OpenVolume(fs, &root))) {
            continue;
        }
        if (EFI_ERROR(bank_read(st, root, "boot.cfg", &cfg))) {
            root->Close(root);
            continue;
        }

        char state[16] = "0";
        char updated_text[24] = "0";
        config_get((char *)cfg.data, "bootstate", state, sizeof state);
        config_get((char *)cfg.data, "updated", updated_text, sizeof updated_text);
        UINT64 updated = config_number(updated_text);
        if (config_number(state) == 0 && (!found || updated > best_updated)) {
            if (found) {
                (*volume)->Close(*volume);
                bs->FreePool(boot_cfg->data);
            }
            *volume = root;
            *boot_cfg = cfg;
            best_updated = updated;
            found = 1;
        } else {
            root->Close(root);
            bs->FreePool(cfg.data);
        }
    }

    bs->FreePool(handles);
    return found ? EFI_SUCCESS : EFI_NOT_FOUND;
}

EFI_STATUS bank_set_state(EFI_FILE_PROTOCOL *volume, const FILE_DATA *boot_cfg, UINT32 state)
{
    const char *text = (const char *)boot_cfg->data;
    const char *value = config_find(text, "bootstate");
    if (!value || *value < '0' || *value > '9' || state > 9) {
        return EFI_INVALID_PARAMETER;
    }

    CHAR16 name[] = {'b', 'o', 'o', 't', '.', 'c', 'f', 'g', 0};
    EFI_FILE_PROTOCOL *file = 0;
    EFI_STATUS status = volume->Open(volume, &file, name, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0);
    if (EFI_ERROR(status)) {
        return status;
    }

    UINT8 digit = (UINT8)('0' + state);
    UINTN size = 1;
    status = file->SetPosition(file, (UINT64)(value - text));
    if (!EFI_ERROR(status)) {
        status = file->Write(file, &size, &digit);
    }
    if (!EFI_ERROR(status)) {
        status = file->Flush(file);
    }
    file->Close(file);
    if (!EFI_ERROR(status)) {
        ((char *)boot_cfg->data)[value - text] = (char)digit;
    }
    return status;
}
