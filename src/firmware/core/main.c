/*
 * The Thinvisor core: a UEFI application, started by the loader from its boot bank.
 * It checks the bank's manifest against the digest sealed into this binary and each
 * driver module and guest named in boot.cfg against the manifest, starts the modules,
 * runs each guest under SVM, reads the unit's identity from unit.json, commits the bank
 * (bootstate=0), reports on the serial console and powers off. A failed check hands the
 * bank back to the loader, which falls back to the other bank.
 */
#define TV_DEFINE_RUNTIME
#include "../include/tv_bank.h"
#include "../include/tv_driver.h"
#include "anchor.h"
#include "bank.h"
#include "config.h"
#include "pcr.h"
#include "sha256.h"
#include "svm.h"
#include "unit.h"

#define MANIFEST_FILE "manifest.txt"
#define MAX_MODULES 64
#define MAX_GUESTS 16

static EFI_SYSTEM_TABLE *st;
static EFI_HANDLE self;
/* Set when the loader started this core: failures then go back to it. */
static TV_BANK_HANDOFF *handoff;

static void power_off(void)
{
    st->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, 0);
    for (;;) {
        __asm__ volatile("hlt");
    }
}

static void halt(const char *reason, const char *detail)
{
    if (handoff) {
        handoff->Reason[0] = 0;
        tv_append(handoff->Reason, sizeof handoff->Reason, reason);
        if (detail && *detail) {
            tv_append(handoff->Reason, sizeof handoff->Reason, " ");
            tv_append(handoff->Reason, sizeof handoff->Reason, detail);
        }
        st->BootServices->Exit(self, EFI_ABORTED, 0, 0);
    }

    char line[192] = "THINVISOR HALT reason=";
    tv_append(line, sizeof line, reason);
    if (detail && *detail) {
        tv_append(line, sizeof line, " ");
        tv_append(line, sizeof line, detail);
    }
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);
    power_off();
}

static void to_hex(const UINT8 *bytes, UINTN count, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (UINTN i = 0; i < count; i++) {
        out[2 * i] = hex[bytes[i] >> 4];
        out[2 * i + 1] = hex[bytes[i] & 15];
    }
    out[2 * count] = 0;
}

static int anchor_is_sealed(void)
{
    for (int i = 0; i < 32; i++) {
        if (tv_manifest_anchor.manifest_sha256[i]) {
            return 1;
        }
    }
    return 0;
}

/* Finds "<key>=<file> <name> <version> <sha256> <rest>" for file; fills the parts. */
static int find_entry(const char *manifest, const char *key, const char *file, char *name, char *version, char *sha, char *rest)
{
    const char *cursor = manifest;
    char entry[512];
    while (config_next(&cursor, key, entry, sizeof entry)) {
        const char *p = entry;
        char entry_file[64];
        if (config_word(&p, entry_file, sizeof entry_file) && tv_streq(entry_file, file)) {
            config_word(&p, name, 64);
            config_word(&p, version, 32);
            config_word(&p, sha, 65);
            if (!config_word(&p, rest, 256)) {
                rest[0] = 0;
            }
            return 1;
        }
    }
    return 0;
}

static UINT16 parse_hex16(const char *text)
{
    UINT16 value = 0;
    for (int i = 0; i < 4; i++) {
        char c = text[i];
        value = (UINT16)(value << 4 | (c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0'));
    }
    return value;
}

/* ids is "8086:100e,8086:10d3" or "-" for none. */
static void fill_probe_ids(TV_PROBE_ARGS *args, const char *ids)
{
    args->IdCount = 0;
    while (ids[0] && ids[0] != '-' && args->IdCount < TV_PROBE_MAX_IDS && tv_strlen(ids) >= 9) {
        args->Vendor[args->IdCount] = parse_hex16(ids);
        args->Device[args->IdCount] = parse_hex16(ids + 5);
        args->IdCount++;
        ids += 9;
        if (*ids == ',') {
            ids++;
        }
    }
}

/* A checked module or guest: its bytes, its name and version, and the rest of its manifest line. */
typedef struct {
    FILE_DATA data;
    char name[64], version[32], rest[256];
} MODULE;

/*
 * Finds file under key ("module" or "guest") in the manifest, reads it from the bank and checks
 * its SHA-256; halts on any failure, naming it as "<kind>=<name>".
 */
static void check_entry(EFI_FILE_PROTOCOL *bank, const char *manifest, const char *key, const char *kind, const char *file, MODULE *module)
{
    char sha[65], detail[96];
    if (!find_entry(manifest, key, file, module->name, module->version, sha, module->rest)) {
        detail[0] = 0;
        tv_append(detail, sizeof detail, key);
        tv_append(detail, sizeof detail, "=");
        tv_append(detail, sizeof detail, file);
        halt(tv_streq(key, "guest") ? "guest-not-in-manifest" : "module-not-in-manifest", detail);
    }

    detail[0] = 0;
    tv_append(detail, sizeof detail, kind);
    tv_append(detail, sizeof detail, "=");
    tv_append(detail, sizeof detail, module->name);
    if (EFI_ERROR(bank_read(st, bank, file, &module->data))) {
        halt(tv_streq(key, "guest") ? "guest-missing" : "module-missing", detail);
    }

    UINT8 digest[32];
    char digest_hex[65];
    sha256(module->data.data, module->data.size, digest);
    to_hex(digest, 32, digest_hex);
    if (!tv_streq(digest_hex, sha)) {
        halt("sha256-mismatch", detail);
    }
}

/* Checks every file of boot.cfg's list under list_key (words separated by "---"); returns how many. */
static UINT64 check_list(EFI_FILE_PROTOCOL *bank, const FILE_DATA *boot_cfg, const char *manifest, const char *list_key,
                         const char *key, const char *kind, MODULE *out, UINT64 max)
{
    UINT64 count = 0;
    char list[1024];
    if (config_get((const char *)boot_cfg->data, list_key, list, sizeof list)) {
        const char *cursor = list;
        char word[64];
        while (config_word(&cursor, word, sizeof word)) {
            if (tv_streq(word, "---")) {
                continue;
            }
            if (count == max) {
                halt(tv_streq(key, "guest") ? "too-many-guests" : "too-many-modules", "");
            }
            check_entry(bank, manifest, key, kind, word, &out[count]);
            count++;
        }
    }
    return count;
}

static void start_module(EFI_HANDLE image, MODULE *module)
{
    char detail[96] = "driver=";
    tv_append(detail, sizeof detail, module->name);
    EFI_BOOT_SERVICES *bs = st->BootServices;
    EFI_HANDLE child = 0;
    EFI_STATUS status = bs->LoadImage(0, image, 0, module->data.data, module->data.size, &child);
    if (EFI_ERROR(status)) {
        tv_append(detail, sizeof detail, status == EFI_SECURITY_VIOLATION ? " status=security-violation" : " status=load-error");
        halt("module-refused", detail);
    }

    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_LOADED_IMAGE_PROTOCOL *loaded = 0;
    TV_PROBE_ARGS args;
    memset(&args, 0, sizeof args);
    args.Magic = TV_PROBE_MAGIC;
    fill_probe_ids(&args, module->rest);
    if (!EFI_ERROR(bs->HandleProtocol(child, &loaded_image_guid, (VOID **)&loaded))) {
        loaded->LoadOptions = &args;
        loaded->LoadOptionsSize = sizeof args;
    }
    status = bs->StartImage(child, 0, 0);
    if (EFI_ERROR(status)) {
        halt("module-failed", detail);
    }

    char line[320] = "THINVISOR DRIVER name=";
    tv_append(line, sizeof line, module->name);
    tv_append(line, sizeof line, " version=");
    tv_append(line, sizeof line, module->version);
    tv_append(line, sizeof line, " sha256=ok probe=");
    if (args.Found) {
        tv_append(line, sizeof line, "found ");
        tv_append_hex(line, sizeof line, args.FoundVendor, 4);
        tv_append(line, sizeof line, ":");
        tv_append_hex(line, sizeof line, args.FoundDevice, 4);
        tv_append(line, sizeof line, " ");
        args.Detail[sizeof args.Detail - 1] = 0;
        tv_append(line, sizeof line, args.Detail);
    } else {
        tv_append(line, sizeof line, "not-found");
    }
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);
    bs->FreePool(module->data.data);
}

/* The handoff the loader installed on this image's handle, or 0 when something else started it. */
static TV_BANK_HANDOFF *find_handoff(EFI_HANDLE image)
{
    EFI_GUID handoff_guid = TV_BANK_HANDOFF_PROTOCOL_GUID;
    TV_BANK_HANDOFF *found = 0;
    if (EFI_ERROR(st->BootServices->HandleProtocol(image, &handoff_guid, (VOID **)&found)) || !found || found->Magic != TV_BANK_MAGIC) {
        return 0;
    }
    return found;
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
    st = system_table;
    self = image;
    handoff = find_handoff(image);
    st->BootServices->SetWatchdogTimer(0, 0, 0, 0);
    if (!handoff) {
        tv_print(st, "\n");
    }

    if (!anchor_is_sealed()) {
        halt("unsealed-core", "the build did not seal the manifest digest into this core");
    }

    EFI_FILE_PROTOCOL *bank = 0;
    FILE_DATA boot_cfg;
    if (handoff) {
        bank = handoff->Root;
        if (EFI_ERROR(bank_read(st, bank, "boot.cfg", &boot_cfg))) {
            halt("no-boot-cfg", "");
        }
    } else if (EFI_ERROR(bank_open(st, &bank, &boot_cfg))) {
        halt("no-bootbank", "no volume holds a boot.cfg with bootstate=0");
    }

    FILE_DATA manifest;
    if (EFI_ERROR(bank_read(st, bank, MANIFEST_FILE, &manifest))) {
        halt("no-manifest", MANIFEST_FILE);
    }

    UINT8 digest[32];
    sha256(manifest.data, manifest.size, digest);
    UINT8 sealed[32];
    for (int i = 0; i < 32; i++) {
        sealed[i] = tv_manifest_anchor.manifest_sha256[i];
    }
    if (memcmp(digest, sealed, 32) != 0) {
        halt("manifest-digest", "the manifest does not match the digest sealed into the core");
    }

    const char *text = (const char *)manifest.data;
    static MODULE modules[MAX_MODULES];
    static MODULE guests[MAX_GUESTS];
    UINT64 count = check_list(bank, &boot_cfg, text, "modules", "module", "driver", modules, MAX_MODULES);
    UINT64 guest_count = check_list(bank, &boot_cfg, text, "guests", "guest", "guest", guests, MAX_GUESTS);

    char product[64] = "?", version[32] = "?", target[64] = "?", banner[128] = "";
    config_get(text, "product", product, sizeof product);
    config_get(text, "version", version, sizeof version);
    config_get(text, "target", target, sizeof target);
    config_get(text, "banner", banner, sizeof banner);

    char line[320] = "";
    tv_append(line, sizeof line, banner);
    tv_append(line, sizeof line, "\nTHINVISOR BOOT product=");
    tv_append(line, sizeof line, product);
    tv_append(line, sizeof line, " version=");
    tv_append(line, sizeof line, version);
    tv_append(line, sizeof line, " target=");
    tv_append(line, sizeof line, target);
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);

    for (UINT64 i = 0; i < count; i++) {
        start_module(image, &modules[i]);
    }

    for (UINT64 i = 0; i < guest_count; i++) {
        svm_run_guest(st, guests[i].name, guests[i].data.data, guests[i].data.size, config_number(guests[i].rest));
        st->BootServices->FreePool(guests[i].data.data);
    }

    UNIT_RECORD unit;
    char unit_line[384] = "THINVISOR UNIT ";
    if (unit_find(st, &unit)) {
        tv_append(unit_line, sizeof unit_line, "serial=");
        tv_append(unit_line, sizeof unit_line, unit.serial);
        tv_append(unit_line, sizeof unit_line, " hostname=");
        tv_append(unit_line, sizeof unit_line, unit.hostname);
    } else {
        tv_append(unit_line, sizeof unit_line, "none");
    }
    tv_append(unit_line, sizeof unit_line, "\n");
    tv_print(st, unit_line);
    pcr_report(st);

#ifdef TV_TEST_HALT_BEFORE_READY
    /* A test build: a core that never reaches READY, so the bank is never committed. */
    handoff = 0;
    halt("test-halt-before-ready", "");
#endif

    char state[4] = "0";
    config_get((const char *)boot_cfg.data, "bootstate", state, sizeof state);
    if (config_number(state) != TV_STATE_VALID && EFI_ERROR(bank_set_state(bank, &boot_cfg, TV_STATE_VALID))) {
        handoff = 0;
        halt("commit-failed", "boot.cfg could not be written");
    }

    line[0] = 0;
    tv_append(line, sizeof line, "THINVISOR READY drivers=");
    tv_append_dec(line, sizeof line, count);
    tv_append(line, sizeof line, " guests=");
    tv_append_dec(line, sizeof line, guest_count);
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);
    power_off();
    return EFI_SUCCESS;
}
