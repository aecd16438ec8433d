/*
 * Measured boot. When the firmware offers EFI_TCG2_PROTOCOL (it has a TPM 2.0), the loader extends TV_PCR
 * with the bank it boots, before it starts the bank's core, each with an entry in the firmware's event log:
 *
 *   1. the bank it chose and why: a tagged event (EV_EVENT_TAG, TV_BANK_EVENT_ID) whose data is
 *      "bank=<name> reason=newest", or "bank=<name> reason=fallback from=<bank>:<why>,..." when banks were
 *      given up earlier in this boot; its digest is over the whole tagged event (ID, size, data);
 *   2. boot.cfg, less its bootstate= lines (the state changes as the bank is tried and committed; what the
 *      bank holds does not), as EV_IPL "<bank>:/boot.cfg";
 *   3. manifest.txt, the core (kernel=) and every file the manifest's module=, guest= and file= lines name,
 *      in that order, each as EV_IPL "<bank>:/<path>" with the digest of its bytes.
 *
 * The firmware hashes what it is given (SHA-256 among its banks) and extends PCR = H(PCR || H(data)), so
 * the value is known from the bank's files alone: `flashsmith pcr` predicts it by the same rule.
 */
#include "../include/tv_runtime.h"
#include "../include/tv_tcg2.h"
#include "../core/bank.h"
#include "measure.h"

#define DESCRIPTION_LIMIT 200
#define CHOICE_LIMIT 512

static EFI_SYSTEM_TABLE *measure_st;
static EFI_TCG2_PROTOCOL *tcg2;

void measure_init(EFI_SYSTEM_TABLE *st)
{
    EFI_GUID guid = EFI_TCG2_PROTOCOL_GUID;
    measure_st = st;
    if (EFI_ERROR(st->BootServices->LocateProtocol(&guid, 0, (VOID **)&tcg2))) {
        tcg2 = 0;
    }
}

/* Extends TV_PCR with the digest of data and logs an event of type with event data event. */
static void extend(UINT32 type, const VOID *data, UINTN size, const VOID *event, UINTN event_size)
{
    static UINT8 buffer[sizeof(EFI_TCG2_EVENT) + CHOICE_LIMIT + 8];
    EFI_TCG2_EVENT *record = (EFI_TCG2_EVENT *)buffer;
    if (!tcg2 || event_size > CHOICE_LIMIT + 8) {
        return;
    }
    record->Size = (UINT32)(sizeof(UINT32) + sizeof(EFI_TCG2_EVENT_HEADER) + event_size);
    record->Header.HeaderSize = sizeof(EFI_TCG2_EVENT_HEADER);
    record->Header.HeaderVersion = EFI_TCG2_EVENT_HEADER_VERSION;
    record->Header.PCRIndex = TV_PCR;
    record->Header.EventType = type;
    memcpy(record->Event, event, event_size);
    tcg2->HashLogExtendEvent(tcg2, 0, (EFI_PHYSICAL_ADDRESS)(UINTN)data, size, record);
}

void measure_choice(const char *text)
{
    static UINT8 tagged[CHOICE_LIMIT + 8];
    UINTN length = tv_strlen(text);
    if (length > CHOICE_LIMIT) {
        length = CHOICE_LIMIT;
    }
    TCG_PCCLIENT_TAGGED_EVENT *event = (TCG_PCCLIENT_TAGGED_EVENT *)tagged;
    event->TaggedEventID = TV_BANK_EVENT_ID;
    event->TaggedEventDataSize = (UINT32)length;
    memcpy(event->TaggedEventData, text, length);
    extend(EV_EVENT_TAG, tagged, 8 + length, tagged, 8 + length);
}

/* Measures data as EV_IPL "<bank>:/<path>". */
static void measure_data(const char *bank, const char *path, const VOID *data, UINTN size)
{
    char description[DESCRIPTION_LIMIT] = "";
    while (*path == '/' || *path == '\\') {
        path++;
    }
    tv_append(description, sizeof description, bank);
    tv_append(description, sizeof description, ":/");
    tv_append(description, sizeof description, path);
    extend(EV_IPL, data, size, description, tv_strlen(description));
}

static void measure_file(EFI_FILE_PROTOCOL *root, const char *bank, const char *path)
{
    FILE_DATA file;
    if (!EFI_ERROR(bank_read(measure_st, root, path, &file))) {
        measure_data(bank, path, file.data, file.size);
        measure_st->BootServices->FreePool(file.data);
    }
}

/* boot.cfg less every line that starts with "bootstate=", each line with its newline. */
static void measure_config(const char *bank, const char *cfg, UINTN size)
{
    UINT8 *copy = 0;
    UINTN kept = 0;
    if (EFI_ERROR(measure_st->BootServices->AllocatePool(EfiLoaderData, size + 1, (VOID **)&copy))) {
        return;
    }
    for (UINTN at = 0; at < size;) {
        UINTN end = at;
        while (end < size && cfg[end] != '\n') {
            end++;
        }
        if (end < size) {
            end++;
        }
        if (!(end - at >= 10 && !memcmp(cfg + at, "bootstate=", 10))) {
            memcpy(copy + kept, cfg + at, end - at);
            kept += end - at;
        }
        at = end;
    }
    measure_data(bank, "boot.cfg", copy, kept);
    measure_st->BootServices->FreePool(copy);
}

/* The files named by the manifest's module=, guest= and file= lines: each value up to its first space. */
static void measure_manifest_files(EFI_FILE_PROTOCOL *root, const char *bank, const char *manifest, UINTN size)
{
    static const char *const keys[] = {"module=", "guest=", "file="};
    for (UINTN at = 0; at < size;) {
        UINTN end = at;
        while (end < size && manifest[end] != '\n') {
            end++;
        }
        for (UINTN k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            UINTN key = tv_strlen(keys[k]);
            if (end - at > key && !memcmp(manifest + at, keys[k], key)) {
                /* A path longer than the file protocol's names here (63 characters) is left out, not cut short. */
                char path[64];
                UINTN n = 0, i = at + key;
                for (; i < end && manifest[i] != ' ' && manifest[i] != '\r' && n + 1 < sizeof path; i++) {
                    path[n++] = manifest[i];
                }
                path[n] = 0;
                if (n && (i == end || manifest[i] == ' ' || manifest[i] == '\r')) {
                    measure_file(root, bank, path);
                }
            }
        }
        at = end + 1;
    }
}

void measure_bank(EFI_FILE_PROTOCOL *root, const char *bank, const char *cfg, UINTN cfg_size, const char *kernel)
{
    if (!tcg2) {
        return;
    }
    measure_config(bank, cfg, cfg_size);
    FILE_DATA manifest;
    int have_manifest = !EFI_ERROR(bank_read(measure_st, root, "manifest.txt", &manifest));
    if (have_manifest) {
        measure_data(bank, "manifest.txt", manifest.data, manifest.size);
    }
    measure_file(root, bank, kernel);
    if (have_manifest) {
        measure_manifest_files(root, bank, (const char *)manifest.data, manifest.size);
        measure_st->BootServices->FreePool(manifest.data);
    }
}
