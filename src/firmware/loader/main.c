/*
 * The Thinvisor loader: the signed /EFI/BOOT/BOOTX64.EFI. It finds the boot banks (the
 * volumes whose root holds a boot.cfg), picks the newest one (highest "updated=") that is
 * valid (bootstate 0) or upgrading (1), marks an upgrading bank as trying (2) before it
 * starts it, and starts the bank's core with LoadImage, so that Secure Boot checks it.
 * A bank found still trying failed its last boot: it is marked invalid (3). A bank whose
 * core is refused, or whose core gives it back, is marked invalid and the other bank boots.
 */
#define TV_DEFINE_RUNTIME
#include "../include/tv_bank.h"
#include "../include/tv_runtime.h"
#include "../core/bank.h"
#include "../core/config.h"

#define MAX_BANKS 8
#define BOOT_CFG_LIMIT 4096

typedef struct {
    EFI_FILE_PROTOCOL *root;
    FILE_DATA cfg;
    char name[40];
    UINT32 state;
    UINT64 updated;
    int tried;
} BANK;

static EFI_SYSTEM_TABLE *st;

static void power_off(void)
{
    st->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, 0);
    for (;;) {
        __asm__ volatile("hlt");
    }
}

static void say(const char *what, const char *bank, const char *reason)
{
    char line[256] = "THINVISOR ";
    tv_append(line, sizeof line, what);
    if (bank) {
        tv_append(line, sizeof line, " from=");
        tv_append(line, sizeof line, bank);
    }
    tv_append(line, sizeof line, " reason=");
    tv_append(line, sizeof line, reason);
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);
}

/* The GPT name of the partition behind handle, or "bank<index>" when the firmware does not say. */
static void bank_name(EFI_HANDLE handle, UINTN index, char *out, UINTN size)
{
    EFI_GUID info_guid = EFI_PARTITION_INFO_PROTOCOL_GUID;
    EFI_PARTITION_INFO_PROTOCOL *info = 0;
    out[0] = 0;
    if (!EFI_ERROR(st->BootServices->HandleProtocol(handle, &info_guid, (VOID **)&info)) && info->Type == PARTITION_TYPE_GPT) {
        UINTN n = 0;
        for (; n < 36 && n + 1 < size && info->Info.Gpt.PartitionName[n]; n++) {
            CHAR16 c = info->Info.Gpt.PartitionName[n];
            out[n] = c > 32 && c < 127 ? (char)c : '_';
        }
        out[n] = 0;
    }
    if (!out[0]) {
        tv_append(out, size, "bank");
        tv_append_dec(out, size, index);
    }
}

static UINTN find_banks(BANK *banks)
{
    EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
    EFI_BOOT_SERVICES *bs = st->BootServices;
    UINTN count = 0, found = 0;
    EFI_HANDLE *handles = 0;
    if (EFI_ERROR(bs->LocateHandleBuffer(ByProtocol, &fs_guid, 0, &count, &handles))) {
        return 0;
    }

    for (UINTN i = 0; i < count && found < MAX_BANKS; i++) {
        EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs = 0;
        BANK *bank = &banks[found];
        if (EFI_ERROR(bs->HandleProtocol(handles[i], &fs_guid, (VOID **)&fs)) || EFI_ERROR(fs->OpenVolume(fs, &bank->root))) {
            continue;
        }
        if (EFI_ERROR(bank_read_limit(st, bank->root, "boot.cfg", BOOT_CFG_LIMIT, &bank->cfg))) {
            bank->root->Close(bank->root);
            continue;
        }

        char state[4] = "", updated[24] = "0";
        const char *text = (const char *)bank->cfg.data;
        config_get(text, "updated", updated, sizeof updated);
        /* A missing or unreadable state counts as invalid: only a written 0 or 1 is bootable. */
        bank->state = config_get(text, "bootstate", state, sizeof state) && state[0] >= '0' && state[0] <= '9' && !state[1]
            ? (UINT32)(state[0] - '0') : TV_STATE_INVALID;
        bank->updated = config_number(updated);
        bank->tried = 0;
        bank_name(handles[i], found, bank->name, sizeof bank->name);
        found++;
    }

    bs->FreePool(handles);
    return found;
}

/* Marks a bank invalid; when that cannot be written the bank is still skipped for this boot. */
static void give_up(BANK *bank, const char *reason)
{
    bank->tried = 1;
    if (bank->state != TV_STATE_INVALID) {
        bank_set_state(bank->root, &bank->cfg, TV_STATE_INVALID);
        bank->state = TV_STATE_INVALID;
    }
    say("FALLBACK", bank->name, reason);
}

static BANK *pick(BANK *banks, UINTN count)
{
    BANK *best = 0;
    for (UINTN i = 0; i < count; i++) {
        BANK *bank = &banks[i];
        if (!bank->tried && (bank->state == TV_STATE_VALID || bank->state == TV_STATE_UPGRADING) &&
            (!best || bank->updated > best->updated)) {
            best = bank;
        }
    }
    return best;
}

static void try_bank(EFI_HANDLE image, BANK *bank)
{
    EFI_BOOT_SERVICES *bs = st->BootServices;
    if (bank->state == TV_STATE_UPGRADING) {
        if (EFI_ERROR(bank_set_state(bank->root, &bank->cfg, TV_STATE_TRYING))) {
            /* Never boot an upgrade that could not be marked: a failure would then loop forever. */
            bank->tried = 1;
            say("FALLBACK", bank->name, "state-not-writable");
            return;
        }
        bank->state = TV_STATE_TRYING;
    }

    char kernel[64] = "";
    const char *path = kernel;
    FILE_DATA core;
    if (!config_get((const char *)bank->cfg.data, "kernel", kernel, sizeof kernel) || !kernel[0]) {
        give_up(bank, "no-kernel");
        return;
    }
    while (*path == '/' || *path == '\\') {
        path++;
    }
    if (EFI_ERROR(bank_read(st, bank->root, path, &core))) {
        give_up(bank, "core-missing");
        return;
    }

    EFI_HANDLE child = 0;
    EFI_STATUS status = bs->LoadImage(0, image, 0, core.data, core.size, &child);
    bs->FreePool(core.data);
    if (EFI_ERROR(status)) {
        /* A core that fails Secure Boot's check is still loaded, with a handle (UEFI 2.10, 7.4 LoadImage):
         * it is unloaded here, as the firmware's own boot manager does, before the next bank is tried. */
        if (status == EFI_SECURITY_VIOLATION && child) {
            bs->UnloadImage(child);
        }
        give_up(bank, status == EFI_SECURITY_VIOLATION || status == EFI_ACCESS_DENIED ? "core-signature" : "core-load-error");
        return;
    }

    static TV_BANK_HANDOFF handoff;
    memset(&handoff, 0, sizeof handoff);
    handoff.Magic = TV_BANK_MAGIC;
    handoff.Root = bank->root;
    handoff.State = bank->state;
    tv_append(handoff.Name, sizeof handoff.Name, bank->name);
    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_LOADED_IMAGE_PROTOCOL *loaded = 0;
    if (!EFI_ERROR(bs->HandleProtocol(child, &loaded_image_guid, (VOID **)&loaded))) {
        loaded->LoadOptions = &handoff;
        loaded->LoadOptionsSize = sizeof handoff;
    }

    /* The core powers off at READY: it comes back only when it gave the bank up. */
    bs->StartImage(child, 0, 0);
    handoff.Reason[sizeof handoff.Reason - 1] = 0;
    give_up(bank, handoff.Reason[0] ? handoff.Reason : "core-returned");
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
    st = system_table;
    st->BootServices->SetWatchdogTimer(0, 0, 0, 0);
    tv_print(st, "\n");

    static BANK banks[MAX_BANKS];
    UINTN count = find_banks(banks);
    for (UINTN i = 0; i < count; i++) {
        if (banks[i].state == TV_STATE_TRYING) {
            give_up(&banks[i], "not-committed");
        }
    }

    for (BANK *bank = pick(banks, count); bank; bank = pick(banks, count)) {
        try_bank(image, bank);
    }

    say("HALT", 0, "no-bootable-bank");
    power_off();
    return EFI_SUCCESS;
}
