#include "unit.h"
#include "bank.h"
#include "../include/tv_runtime.h"

#define UNIT_FILE "unit.json"
#define UNIT_FILE_LIMIT (64u * 1024u)

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        p++;
    }
    return p;
}

/* Moves past the JSON string whose opening quote is at p; returns 0 when it does not end before end. */
static const char *skip_string(const char *p, const char *end)
{
    p++;
    while (p < end) {
        if (*p == '"') {
            return p + 1;
        }
        p += *p == '\\' && end - p >= 2 ? 2 : 1;
    }
    return 0;
}

/* Whether the string token from the quote at p to after is exactly "name". */
static int key_is(const char *p, const char *after, const char *name)
{
    UINTN length = tv_strlen(name);
    return (UINTN)(after - p) == length + 2 && memcmp(p + 1, name, length) == 0;
}

static int allowed(char c, const char *extra)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return 1;
    }
    while (*extra) {
        if (*extra++ == c) {
            return 1;
        }
    }
    return 0;
}

/*
 * Copies the JSON string at p, of 1 to max characters that are letters, digits or
 * in extra, into out; null gives "-" when null_ok. Returns 0 for anything else.
 */
static int read_value(const char *p, const char *end, const char *extra, char *out, UINTN max, int null_ok)
{
    if (null_ok && end - p >= 4 && memcmp(p, "null", 4) == 0) {
        out[0] = '-';
        out[1] = 0;
        return 1;
    }
    if (p == end || *p != '"') {
        return 0;
    }
    UINTN n = 0;
    for (p++; p < end && *p != '"'; p++) {
        if (n == max || !allowed(*p, extra)) {
            return 0;
        }
        out[n++] = *p;
    }
    if (p == end || n == 0) {
        return 0;
    }
    out[n] = 0;
    return 1;
}

int unit_parse(const char *text, UINTN size, UNIT_RECORD *out)
{
    const char *p = text;
    const char *end = text + size;
    if (size >= 3 && (UINT8)p[0] == 0xEF && (UINT8)p[1] == 0xBB && (UINT8)p[2] == 0xBF) {
        p += 3;
    }
    p = skip_space(p, end);
    if (p == end || *p != '{') {
        return 0;
    }

    int serials = 0, hostnames = 0, closed = 0;
    UINTN depth = 0;
    out->hostname[0] = '-';
    out->hostname[1] = 0;
    while (p < end && !closed) {
        if (*p == '"') {
            const char *after = skip_string(p, end);
            if (!after) {
                return 0;
            }
            const char *colon = skip_space(after, end);
            if (depth == 1 && colon < end && *colon == ':') {
                const char *value = skip_space(colon + 1, end);
                if (key_is(p, after, "serial")
                    && (serials++ || !read_value(value, end, "._-", out->serial, UNIT_SERIAL_MAX, 0))) {
                    return 0;
                }
                if (key_is(p, after, "hostname")
                    && (hostnames++ || !read_value(value, end, ".-", out->hostname, UNIT_HOSTNAME_MAX, 1))) {
                    return 0;
                }
                p = value;
            } else {
                p = after;
            }
            continue;
        }
        if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            closed = --depth == 0;
        }
        p++;
    }
    return closed && serials && skip_space(p, end) == end;
}

int unit_find(EFI_SYSTEM_TABLE *st, UNIT_RECORD *out)
{
    EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
    EFI_BOOT_SERVICES *bs = st->BootServices;
    UINTN count = 0;
    EFI_HANDLE *handles = 0;
    if (EFI_ERROR(bs->LocateHandleBuffer(ByProtocol, &fs_guid, 0, &count, &handles))) {
        return 0;
    }

    int valid = 0;
    for (UINTN i = 0; i < count; i++) {
        EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs = 0;
        EFI_FILE_PROTOCOL *root = 0;
        if (EFI_ERROR(bs->HandleProtocol(handles[i], &fs_guid, (VOID **)&fs)) || EFI_ERROR(fs->OpenVolume(fs, &root))) {
            continue;
        }
        FILE_DATA file;
        EFI_STATUS status = bank_read_limit(st, root, UNIT_FILE, UNIT_FILE_LIMIT, &file);
        root->Close(root);
        if (status == EFI_NOT_FOUND) {
            continue;
        }
        /* The first volume with a unit.json decides, even when it is too large or unreadable. */
        if (!EFI_ERROR(status)) {
            valid = unit_parse((const char *)file.data, file.size, out);
            bs->FreePool(file.data);
        }
        break;
    }

    bs->FreePool(handles);
    return valid;
}
