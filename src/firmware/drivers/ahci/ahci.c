/* AHCI SATA host controller: reports the AHCI version and the number of ports. */
#define TV_DEFINE_RUNTIME
#include "../../include/tv_driver.h"

#define AHCI_ABAR 5
#define AHCI_CAP 0x00
#define AHCI_VS 0x10

static void describe(EFI_PCI_IO_PROTOCOL *pci, char *detail, UINTN size)
{
    tv_pci_enable(pci);
    UINT32 version = tv_bar_read32(pci, AHCI_ABAR, AHCI_VS);
    UINT32 cap = tv_bar_read32(pci, AHCI_ABAR, AHCI_CAP);
    tv_append(detail, size, " ahci=");
    tv_append_dec(detail, size, version >> 16);
    tv_append(detail, size, ".");
    tv_append_dec(detail, size, (version >> 8) & 0xff);
    tv_append(detail, size, " ports=");
    tv_append_dec(detail, size, (cap & 0x1f) + 1);
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    return tv_driver_probe(image, st, describe);
}
