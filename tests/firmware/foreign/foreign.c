/*
 * A test tool, not part of any image: a stand-in for a foreign core (Xen, a Linux EFI stub), put
 * into a bank as its kernel=. It reports what such a core relies on when the loader starts it:
 * its load options as text and their size, the file path its LoadedImage gives, whether that
 * file opens through the LoadedImage's device (as Xen opens xen.cfg beside itself), and the
 * bank's handoff, which a foreign core would ignore. Then it returns to the loader.
 */
#define TV_DEFINE_RUNTIME
#include "../../../src/firmware/include/tv_bank.h"
#include "../../../src/firmware/include/tv_runtime.h"

/* Printable ASCII as itself, anything else as '?'. */
static char ascii(CHAR16 c)
{
    return c >= 0x20 && c < 0x7f ? (char)c : '?';
}

/* The media file path nodes of path, joined, into out (up to size); 0 when a node is of another kind. */
static int file_path_text(const EFI_DEVICE_PATH_PROTOCOL *path, CHAR16 *wide, UINTN wide_count, char *out, UINTN size)
{
    UINTN n = 0;
    out[0] = 0;
    for (const UINT8 *node = (const UINT8 *)path; node[0] != END_DEVICE_PATH_TYPE; node += node[2] | node[3] << 8) {
        UINTN length = node[2] | node[3] << 8;
        if (node[0] != MEDIA_DEVICE_PATH || node[1] != MEDIA_FILEPATH_DP || length < sizeof(EFI_DEVICE_PATH_PROTOCOL)) {
            return 0;
        }
        for (UINTN i = sizeof(EFI_DEVICE_PATH_PROTOCOL); i + 1 < length && n + 1 < wide_count && n + 1 < size; i += 2) {
            CHAR16 c = (CHAR16)(node[i] | node[i + 1] << 8);
            if (!c) {
                break;
            }
            wide[n] = c;
            out[n] = ascii(c);
            n++;
        }
    }
    wide[n] = 0;
    out[n] = 0;
    return 1;
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    EFI_BOOT_SERVICES *bs = st->BootServices;
    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
    EFI_GUID handoff_guid = TV_BANK_HANDOFF_PROTOCOL_GUID;
    EFI_LOADED_IMAGE_PROTOCOL *loaded = 0;
    char line[1200];
    tv_print(st, "\n");
    if (EFI_ERROR(bs->HandleProtocol(image, &loaded_image_guid, (VOID **)&loaded))) {
        tv_print(st, "FOREIGN no-loaded-image\n");
        return EFI_LOAD_ERROR;
    }

    /* The options and their size exactly: a missing or misplaced NUL shows as "nul=..." other than "end". */
    const CHAR16 *options = loaded->LoadOptions;
    UINTN chars = loaded->LoadOptionsSize / sizeof(CHAR16);
    UINTN first_nul = chars;
    line[0] = 0;
    tv_append(line, sizeof line, "FOREIGN options=");
    if (!options) {
        tv_append(line, sizeof line, "(null)");
    } else {
        char text[1100];
        UINTN n = 0;
        for (UINTN i = 0; i < chars && n + 1 < sizeof text; i++) {
            if (!options[i]) {
                first_nul = first_nul == chars ? i : first_nul;
                continue;
            }
            text[n++] = ascii(options[i]);
        }
        text[n] = 0;
        tv_append(line, sizeof line, "[");
        tv_append(line, sizeof line, text);
        tv_append(line, sizeof line, "]");
    }
    tv_append(line, sizeof line, " size=");
    tv_append_dec(line, sizeof line, loaded->LoadOptionsSize);
    tv_append(line, sizeof line, " nul=");
    if (!options) {
        tv_append(line, sizeof line, "-");
    } else if (chars && first_nul == chars - 1 && loaded->LoadOptionsSize % sizeof(CHAR16) == 0) {
        tv_append(line, sizeof line, "end");
    } else {
        tv_append_dec(line, sizeof line, first_nul);
    }
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);

    CHAR16 wide[128];
    char path[128];
    line[0] = 0;
    tv_append(line, sizeof line, "FOREIGN file=");
    int is_file = loaded->FilePath && file_path_text(loaded->FilePath, wide, 128, path, sizeof path);
    tv_append(line, sizeof line, is_file ? path : "(not-a-file-path)");

    /* Reopen this very file through the device it was loaded from, as a core finds its files beside itself. */
    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs = 0;
    EFI_FILE_PROTOCOL *root = 0, *self = 0;
    int beside = is_file && !EFI_ERROR(bs->HandleProtocol(loaded->DeviceHandle, &fs_guid, (VOID **)&fs)) && !EFI_ERROR(fs->OpenVolume(fs, &root)) &&
        !EFI_ERROR(root->Open(root, &self, wide, EFI_FILE_MODE_READ, 0));
    if (self) {
        self->Close(self);
    }
    tv_append(line, sizeof line, beside ? " opens=yes\n" : " opens=no\n");
    tv_print(st, line);

    TV_BANK_HANDOFF *handoff = 0;
    line[0] = 0;
    tv_append(line, sizeof line, "FOREIGN handoff=");
    if (!EFI_ERROR(bs->HandleProtocol(image, &handoff_guid, (VOID **)&handoff)) && handoff && handoff->Magic == TV_BANK_MAGIC) {
        handoff->Name[sizeof handoff->Name - 1] = 0;
        tv_append(line, sizeof line, handoff->Name);
    } else {
        tv_append(line, sizeof line, "(none)");
    }
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);
    return EFI_SUCCESS;
}
