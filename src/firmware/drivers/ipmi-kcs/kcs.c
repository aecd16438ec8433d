/* IPMI KCS system interface: reports the KCS status register and the BMC's state from it. */
#define TV_DEFINE_RUNTIME
#include "../../include/tv_driver.h"

#define KCS_BAR 0
#define KCS_STATUS 1

static void describe(EFI_PCI_IO_PROTOCOL *pci, char *detail, UINTN size)
{
    static const char *const states[] = {"idle", "read", "write", "error"};
    tv_pci_enable(pci);
    UINT8 status = tv_io_read8(pci, KCS_BAR, KCS_STATUS);
    tv_append(detail, size, " kcs-status=0x");
    tv_append_hex(detail, size, status, 2);
    tv_append(detail, size, " state=");
    tv_append(detail, size, states[status >> 6]);
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    return tv_driver_probe(image, st, describe);
}
