/*
 * The Thinvisor loader: the signed /EFI/BOOT/BOOTX64.EFI. It finds the boot banks (the
 * volumes whose root holds a boot.cfg), picks the newest one (highest "updated=") that is
 * valid (bootstate 0) or upgrading (1), marks an upgrading bank as trying (2) before it
 * starts it, and starts the bank's core (boot.cfg's kernel=) with LoadImage from a device
 * path into the bank's partition, so that Secure Boot checks it and any core, ours or a
 * foreign one (Xen, a Linux EFI stub), finds its own files beside itself. The core's load
 * options are boot.cfg's kernelopt=; our own core finds its bank through the handoff
 * protocol of tv_bank.h. A bank found still trying failed its last boot: it is marked
 * invalid (3). A bank whose core is refused, or whose core gives it back, is marked invalid
 * and the other bank boots. Before any core starts, the loader offers the SHIM_LOCK protocol
 * (shim_lock.c), so that a core that loads a kernel itself, as Xen does, can have it verified,
 * and, when the firmware has a TPM, measures the bank it boots (measure.c).
 */
#define TV_DEFINE_RUNTIME
#include "../include/tv_bank.h"
#include "../include/tv_runtime.h"
#include "../core/bank.h"
#include "../core/config.h"
#include "measure.h"
#include "shim_lock.h"

#define MAX_BANKS 8
#define BOOT_CFG_LIMIT 4096
/* kernel= is a path on the bank of at most this many characters. */
#define KERNEL_PATH_LIMIT 63
/*
 * kernelopt= is at most this many characters: a quarter of boot.cfg, room for a kernel's or Xen's
 * command line. A longer one is refused, not cut short, as is one with a character that is not
 * printable ASCII.
 */
#define KERNELOPT_LIMIT 1024

typedef struct {
    /* The partition's handle, whose device path starts the core's. */
    EFI_HANDLE handle;
    EFI_FILE_PROTOCOL *root;
    FILE_DATA cfg;
    char name[40];
    UINT32 state;
    UINT64 updated;
    int tried;
} BANK;

static EFI_SYSTEM_TABLE *st;

/* The banks given up so far in this boot, "<bank>:<why>,...", for the measured bank-choice event. */
static char fallbacks[384];

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
    if (bank && tv_streq(what, "FALLBACK")) {
        if (fallbacks[0]) {
            tv_append(fallbacks, sizeof fallbacks, ",");
        }
        tv_append(fallbacks, sizeof fallbacks, bank);
        tv_append(fallbacks, sizeof fallbacks, ":");
        tv_append(fallbacks, sizeof fallbacks, reason);
    }
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
        bank->handle = handles[i];
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

/*
 * boot.cfg's kernelopt= as the core's load options: UCS-2 and NUL-terminated, as the UEFI shell passes a
 * command line, less the program's name. *size is in bytes with the NUL, 0 when there is no kernelopt= or
 * it is empty. Returns 0, or why the bank cannot boot.
 */
static const char *load_options(const char *cfg, CHAR16 *out, UINT32 *size)
{
    const char *value = config_find(cfg, "kernelopt");
    UINTN n = 0;
    *size = 0;
    for (; value && value[n] && value[n] != '\n' && value[n] != '\r'; n++) {
        UINT8 c = (UINT8)value[n];
        if (n == KERNELOPT_LIMIT) {
            return "kernelopt-too-long";
        }
        if (c < 0x20 || c > 0x7e) {
            return "kernelopt-not-ascii";
        }
        out[n] = c;
    }
    if (n) {
        out[n] = 0;
        *size = (UINT32)((n + 1) * sizeof(CHAR16));
    }
    return 0;
}

/* kernel= as a path from the bank's root, "\xen.efi": one leading backslash, backslashes between names. */
static void core_file(const char *kernel, CHAR16 *out)
{
    UINTN n = 0;
    while (*kernel == '/' || *kernel == '\\') {
        kernel++;
    }
    out[n++] = '\\';
    for (; *kernel; kernel++) {
        out[n++] = *kernel == '/' ? '\\' : (UINT8)*kernel;
    }
    out[n] = 0;
}

/*
 * The device path of file on the partition behind handle: the partition's own device path, a media
 * file path node and an end node, in pool memory that the caller frees.
 */
static EFI_STATUS core_device_path(EFI_HANDLE handle, const CHAR16 *file, EFI_DEVICE_PATH_PROTOCOL **out)
{
    EFI_GUID device_path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
    EFI_DEVICE_PATH_PROTOCOL *device = 0;
    EFI_STATUS status = st->BootServices->HandleProtocol(handle, &device_path_guid, (VOID **)&device);
    if (EFI_ERROR(status)) {
        return status;
    }

    UINTN prefix = 0;
    for (const UINT8 *node = (const UINT8 *)device; node[0] != END_DEVICE_PATH_TYPE || node[1] != END_ENTIRE_DEVICE_PATH_SUBTYPE;) {
        UINTN length = node[2] | node[3] << 8;
        if (length < sizeof(EFI_DEVICE_PATH_PROTOCOL)) {
            return EFI_INVALID_PARAMETER;
        }
        prefix += length;
        node += length;
    }

    UINTN name_bytes = 0;
    while (file[name_bytes / sizeof(CHAR16)]) {
        name_bytes += sizeof(CHAR16);
    }
    UINTN file_node = sizeof(EFI_DEVICE_PATH_PROTOCOL) + name_bytes + sizeof(CHAR16);
    UINT8 *path = 0;
    status = st->BootServices->AllocatePool(EfiLoaderData, prefix + file_node + sizeof(EFI_DEVICE_PATH_PROTOCOL), (VOID **)&path);
    if (EFI_ERROR(status)) {
        return status;
    }

    memcpy(path, device, prefix);
    EFI_DEVICE_PATH_PROTOCOL *node = (EFI_DEVICE_PATH_PROTOCOL *)(path + prefix);
    node->Type = MEDIA_DEVICE_PATH;
    node->SubType = MEDIA_FILEPATH_DP;
    node->Length[0] = (UINT8)file_node;
    node->Length[1] = (UINT8)(file_node >> 8);
    memcpy(node + 1, file, name_bytes + sizeof(CHAR16));
    node = (EFI_DEVICE_PATH_PROTOCOL *)(path + prefix + file_node);
    node->Type = END_DEVICE_PATH_TYPE;
    node->SubType = END_ENTIRE_DEVICE_PATH_SUBTYPE;
    node->Length[0] = sizeof(EFI_DEVICE_PATH_PROTOCOL);
    node->Length[1] = 0;
    *out = (EFI_DEVICE_PATH_PROTOCOL *)path;
    return EFI_SUCCESS;
}

static void try_bank(EFI_HANDLE image, BANK *bank)
{
    EFI_BOOT_SERVICES *bs = st->BootServices;
    char choice[512] = "bank=";
    tv_append(choice, sizeof choice, bank->name);
    tv_append(choice, sizeof choice, fallbacks[0] ? " reason=fallback from=" : " reason=newest");
    tv_append(choice, sizeof choice, fallbacks);
    measure_choice(choice);

    if (bank->state == TV_STATE_UPGRADING) {
        if (EFI_ERROR(bank_set_state(bank->root, &bank->cfg, TV_STATE_TRYING))) {
            /* Never boot an upgrade that could not be marked: a failure would then loop forever. */
            bank->tried = 1;
            say("FALLBACK", bank->name, "state-not-writable");
            return;
        }
        bank->state = TV_STATE_TRYING;
    }

    const char *cfg = (const char *)bank->cfg.data;
    char kernel[KERNEL_PATH_LIMIT + 1] = "";
    if (!config_get(cfg, "kernel", kernel, sizeof kernel) || !kernel[0]) {
        give_up(bank, "no-kernel");
        return;
    }
    static CHAR16 options[KERNELOPT_LIMIT + 1];
    UINT32 options_size = 0;
    const char *bad_options = load_options(cfg, options, &options_size);
    if (bad_options) {
        give_up(bank, bad_options);
        return;
    }

    CHAR16 file[KERNEL_PATH_LIMIT + 2];
    EFI_FILE_PROTOCOL *core = 0;
    core_file(kernel, file);
    if (EFI_ERROR(bank->root->Open(bank->root, &core, file, EFI_FILE_MODE_READ, 0))) {
        give_up(bank, "core-missing");
        return;
    }
    core->Close(core);
    measure_bank(bank->root, bank->name, cfg, bank->cfg.size, kernel);

    EFI_DEVICE_PATH_PROTOCOL *path = 0;
    if (EFI_ERROR(core_device_path(bank->handle, file, &path))) {
        give_up(bank, "core-load-error");
        return;
    }
    EFI_HANDLE child = 0;
    EFI_STATUS status = bs->LoadImage(0, image, path, 0, 0, &child);
    bs->FreePool(path);
    if (EFI_ERROR(status)) {
        /* A core that fails Secure Boot's check may still be loaded, with a handle (UEFI 2.10, 7.4 LoadImage):
         * it is unloaded here, as the firmware's own boot manager does, before the next bank is tried. */
        int refused = status == EFI_SECURITY_VIOLATION || status == EFI_ACCESS_DENIED;
        if (refused && child) {
            bs->UnloadImage(child);
        }
        give_up(bank, refused ? "core-signature" : status == EFI_NOT_FOUND ? "core-missing" : "core-load-error");
        return;
    }

    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_GUID handoff_guid = TV_BANK_HANDOFF_PROTOCOL_GUID;
    EFI_LOADED_IMAGE_PROTOCOL *loaded = 0;
    static TV_BANK_HANDOFF handoff;
    memset(&handoff, 0, sizeof handoff);
    handoff.Magic = TV_BANK_MAGIC;
    handoff.Root = bank->root;
    handoff.State = bank->state;
    tv_append(handoff.Name, sizeof handoff.Name, bank->name);
    if (EFI_ERROR(bs->HandleProtocol(child, &loaded_image_guid, (VOID **)&loaded)) ||
        EFI_ERROR(bs->InstallProtocolInterface(&child, &handoff_guid, EFI_NATIVE_INTERFACE, &handoff))) {
        bs->UnloadImage(child);
        give_up(bank, "core-load-error");
        return;
    }
    loaded->LoadOptions = options_size ? options : 0;
    loaded->LoadOptionsSize = options_size;

    /* Our core powers off at READY and a foreign one never returns once it runs: a core comes back only when
     * it gave the bank up. The firmware has then unloaded it; the handoff is the last protocol on its handle. */
    bs->StartImage(child, 0, 0);
    bs->UninstallProtocolInterface(child, &handoff_guid, &handoff);
    handoff.Reason[sizeof handoff.Reason - 1] = 0;
    give_up(bank, handoff.Reason[0] ? handoff.Reason : "core-returned");
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
    st = system_table;
    st->BootServices->SetWatchdogTimer(0, 0, 0, 0);
    tv_print(st, "\n");
    shim_lock_install(image, st);
    measure_init(st);

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
