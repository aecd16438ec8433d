/*
 * Reads back what the loader measured (loader/measure.c). When the firmware offers EFI_TCG2_PROTOCOL, the core
 * prints, before READY:
 *
 *   THINVISOR EVENT pcr=15 bank=<name> reason=<why>     each bank-choice event of the event log, in order
 *   THINVISOR PCR 15 sha256=<64 hex digits>             the PCR's SHA-256 bank, read with TPM2_PCR_Read
 *
 * so that a test compares the value with `flashsmith pcr`, and a fallback shows in the log. The event log is
 * the firmware's in the crypto-agile format (TCG PC Client Platform Firmware Profile, 10.2): a first event in
 * the SHA-1 format whose data, the Spec ID event, gives each algorithm's digest size, then TCG_PCR_EVENT2
 * records (PCR, type, digests, event size, event).
 */
#include "../include/tv_runtime.h"
#include "../include/tv_tcg2.h"
#include "pcr.h"

#define TPM_ST_NO_SESSIONS 0x8001
#define TPM_CC_PCR_READ 0x0000017e
#define TPM_ALG_SHA256 0x000b
#define MAX_ALGORITHMS 8

static UINT32 le32(const UINT8 *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (UINT32)p[3] << 24;
}

static UINT16 le16(const UINT8 *p)
{
    return (UINT16)(p[0] | p[1] << 8);
}

static void put_be(UINT8 *p, UINT64 value, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--) {
        p[i] = (UINT8)value;
        value >>= 8;
    }
}

static void print_events(EFI_SYSTEM_TABLE *st, EFI_TCG2_PROTOCOL *tcg2)
{
    EFI_PHYSICAL_ADDRESS first = 0, last = 0;
    BOOLEAN truncated = 0;
    if (EFI_ERROR(tcg2->GetEventLog(tcg2, EFI_TCG2_EVENT_LOG_FORMAT_TCG_2, &first, &last, &truncated)) || !first) {
        return;
    }

    /* The first event, SHA-1 format: PCR, type, 20-byte digest, size, then the Spec ID event. */
    const UINT8 *p = (const UINT8 *)(UINTN)first;
    UINT32 spec_size = le32(p + 28);
    const UINT8 *spec = p + 32;
    UINT32 algorithms = le32(spec + 24);
    UINT16 ids[MAX_ALGORITHMS], sizes[MAX_ALGORITHMS];
    if (algorithms > MAX_ALGORITHMS) {
        return;
    }
    for (UINT32 i = 0; i < algorithms; i++) {
        ids[i] = le16(spec + 28 + 4 * i);
        sizes[i] = le16(spec + 30 + 4 * i);
    }
    p = spec + spec_size;

    for (const UINT8 *end = (const UINT8 *)(UINTN)last; p <= end;) {
        UINT32 pcr = le32(p), type = le32(p + 4), digests = le32(p + 8);
        const UINT8 *q = p + 12;
        for (UINT32 d = 0; d < digests; d++) {
            UINT16 id = le16(q);
            UINT32 size = 0;
            for (UINT32 i = 0; i < algorithms; i++) {
                if (ids[i] == id) {
                    size = sizes[i];
                }
            }
            if (!size) {
                return;
            }
            q += 2 + size;
        }
        UINT32 event_size = le32(q);
        const UINT8 *event = q + 4;
        if (pcr == TV_PCR && type == EV_EVENT_TAG && event_size >= 8 && le32(event) == TV_BANK_EVENT_ID) {
            char line[600] = "THINVISOR EVENT pcr=";
            UINT32 length = le32(event + 4);
            tv_append_dec(line, sizeof line, TV_PCR);
            tv_append(line, sizeof line, " ");
            UINTN n = tv_strlen(line);
            for (UINT32 i = 0; i < length && i + 8 < event_size && n + 2 < sizeof line; i++) {
                char c = (char)event[8 + i];
                line[n++] = c >= 0x20 && c < 0x7f ? c : '?';
            }
            line[n] = 0;
            tv_append(line, sizeof line, "\n");
            tv_print(st, line);
        }
        p = event + event_size;
    }
}

static void print_value(EFI_SYSTEM_TABLE *st, EFI_TCG2_PROTOCOL *tcg2)
{
    UINT8 command[20], response[64];
    put_be(command, TPM_ST_NO_SESSIONS, 2);
    put_be(command + 2, sizeof command, 4);
    put_be(command + 6, TPM_CC_PCR_READ, 4);
    put_be(command + 10, 1, 4);
    put_be(command + 14, TPM_ALG_SHA256, 2);
    command[16] = 3;
    command[17] = command[18] = command[19] = 0;
    command[17 + TV_PCR / 8] = (UINT8)(1 << (TV_PCR % 8));
    memset(response, 0, sizeof response);

    char line[128] = "THINVISOR PCR ";
    tv_append_dec(line, sizeof line, TV_PCR);
    /* Response: header (10), update counter (4), the selection (4 + 6), digest count (4), size (2), digest (32). */
    if (EFI_ERROR(tcg2->SubmitCommand(tcg2, sizeof command, command, sizeof response, response)) ||
        response[6] | response[7] | response[8] | response[9] || response[27] != 1 || response[28] != 0 || response[29] != 32) {
        tv_append(line, sizeof line, " sha256=unreadable\n");
        tv_print(st, line);
        return;
    }
    tv_append(line, sizeof line, " sha256=");
    for (int i = 0; i < 32; i++) {
        tv_append_hex(line, sizeof line, response[30 + i], 2);
    }
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);
}

void pcr_report(EFI_SYSTEM_TABLE *st)
{
    EFI_GUID guid = EFI_TCG2_PROTOCOL_GUID;
    EFI_TCG2_PROTOCOL *tcg2 = 0;
    if (EFI_ERROR(st->BootServices->LocateProtocol(&guid, 0, (VOID **)&tcg2))) {
        return;
    }
    print_events(st, tcg2);
    print_value(st, tcg2);
}
