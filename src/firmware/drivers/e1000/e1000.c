/* Intel PRO/1000 network adapter: reports the MAC address from receive address register 0. */
#define TV_DEFINE_RUNTIME
#include "../../include/tv_driver.h"

#define E1000_BAR 0
#define E1000_RAL0 0x5400
#define E1000_RAH0 0x5404

static void describe(EFI_PCI_IO_PROTOCOL *pci, char *detail, UINTN size)
{
    tv_pci_enable(pci);
    UINT32 low = tv_bar_read32(pci, E1000_BAR, E1000_RAL0);
    UINT32 high = tv_bar_read32(pci, E1000_BAR, E1000_RAH0);
    UINT8 mac[6] = {
        (UINT8)low, (UINT8)(low >> 8), (UINT8)(low >> 16), (UINT8)(low >> 24), (UINT8)high, (UINT8)(high >> 8),
    };
    tv_append(detail, size, " mac=");
    for (int i = 0; i < 6; i++) {
        if (i) {
            tv_append(detail, size, ":");
        }
        tv_append_hex(detail, size, mac[i], 2);
    }
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    return tv_driver_probe(image, st, describe);
}
