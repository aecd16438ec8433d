/* 16550-compatible PCI serial port: reports the line status register. */
#define TV_DEFINE_RUNTIME
#include "../../include/tv_driver.h"

#define UART_BAR 0
#define UART_LSR 5

static void describe(EFI_PCI_IO_PROTOCOL *pci, char *detail, UINTN size)
{
    tv_pci_enable(pci);
    tv_append(detail, size, " lsr=0x");
    tv_append_hex(detail, size, tv_io_read8(pci, UART_BAR, UART_LSR), 2);
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    return tv_driver_probe(image, st, describe);
}
