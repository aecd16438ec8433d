/* USB 3 xHCI host controller: reports the interface version and root hub ports. */
#define TV_DEFINE_RUNTIME
#include "../../include/tv_driver.h"

#define XHCI_BAR 0
#define XHCI_CAPLENGTH 0x00
#define XHCI_HCSPARAMS1 0x04

static void describe(EFI_PCI_IO_PROTOCOL *pci, char *detail, UINTN size)
{
    tv_pci_enable(pci);
    UINT32 caps = tv_bar_read32(pci, XHCI_BAR, XHCI_CAPLENGTH);
    UINT32 params = tv_bar_read32(pci, XHCI_BAR, XHCI_HCSPARAMS1);
    UINT32 version = caps >> 16;
    tv_append(detail, size, " xhci=");
    tv_append_hex(detail, size, version >> 8, 1);
    tv_append(detail, size, ".");
    tv_append_hex(detail, size, version & 0xff, 2);
    tv_append(detail, size, " ports=");
    tv_append_dec(detail, size, params >> 24);
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    return tv_driver_probe(image, st, describe);
}
