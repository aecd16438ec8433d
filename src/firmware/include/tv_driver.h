/*
 * The contract between the Thinvisor core and its driver modules.
 *
 * The core loads a module with LoadImage, points its LoadOptions at a
 * TV_PROBE_ARGS holding the PCI IDs the recipe lists for it, and starts it.
 * The module probes PCI for those IDs and fills in the result.
 */
#ifndef THINVISOR_TV_DRIVER_H
#define THINVISOR_TV_DRIVER_H

#include "tv_runtime.h"

#define TV_PROBE_MAGIC 0x31424f5250565654ULL /* "TVVPROB1" */
#define TV_PROBE_MAX_IDS 16

typedef struct {
    UINT64 Magic;
    UINT32 IdCount;
    UINT16 Vendor[TV_PROBE_MAX_IDS];
    UINT16 Device[TV_PROBE_MAX_IDS];
    /* Filled in by the driver. */
    UINT32 Found;
    UINT16 FoundVendor;
    UINT16 FoundDevice;
    char Detail[64];
} TV_PROBE_ARGS;

/* Describes a matched function further: reads whatever the driver knows how to read. */
typedef void (*TV_DESCRIBE)(EFI_PCI_IO_PROTOCOL *pci, char *detail, UINTN size);

/*
 * The body of every driver's entry point: find the first PCI function whose
 * vendor:device is among the probe IDs, describe it, and report back.
 */
static inline EFI_STATUS tv_driver_probe(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, TV_DESCRIBE describe)
{
    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_GUID pci_io_guid = EFI_PCI_IO_PROTOCOL_GUID;
    EFI_LOADED_IMAGE_PROTOCOL *self = 0;
    EFI_BOOT_SERVICES *bs = st->BootServices;
    if (EFI_ERROR(bs->HandleProtocol(image, &loaded_image_guid, (VOID **)&self))) {
        return EFI_LOAD_ERROR;
    }

    TV_PROBE_ARGS *args = self->LoadOptions;
    if (!args || self->LoadOptionsSize < sizeof(TV_PROBE_ARGS) || args->Magic != TV_PROBE_MAGIC) {
        return EFI_INVALID_PARAMETER;
    }

    args->Found = 0;
    UINTN count = 0;
    EFI_HANDLE *handles = 0;
    if (EFI_ERROR(bs->LocateHandleBuffer(ByProtocol, &pci_io_guid, 0, &count, &handles))) {
        return EFI_SUCCESS;
    }

    for (UINTN i = 0; i < count && !args->Found; i++) {
        EFI_PCI_IO_PROTOCOL *pci = 0;
        UINT32 id = 0;
        if (EFI_ERROR(bs->HandleProtocol(handles[i], &pci_io_guid, (VOID **)&pci))
            || EFI_ERROR(pci->Pci.Read(pci, EfiPciIoWidthUint32, 0, 1, &id))) {
            continue;
        }

        UINT16 vendor = (UINT16)(id & 0xffff);
        UINT16 device = (UINT16)(id >> 16);
        for (UINT32 k = 0; k < args->IdCount && k < TV_PROBE_MAX_IDS; k++) {
            if (args->Vendor[k] == vendor && args->Device[k] == device) {
                args->Found = 1;
                args->FoundVendor = vendor;
                args->FoundDevice = device;
                args->Detail[0] = 0;
                UINTN segment, bus, dev, fn;
                if (!EFI_ERROR(pci->GetLocation(pci, &segment, &bus, &dev, &fn))) {
                    tv_append(args->Detail, sizeof args->Detail, "at=");
                    tv_append_hex(args->Detail, sizeof args->Detail, bus, 2);
                    tv_append(args->Detail, sizeof args->Detail, ":");
                    tv_append_hex(args->Detail, sizeof args->Detail, dev, 2);
                    tv_append(args->Detail, sizeof args->Detail, ".");
                    tv_append_hex(args->Detail, sizeof args->Detail, fn, 1);
                }
                if (describe) {
                    describe(pci, args->Detail, sizeof args->Detail);
                }
                break;
            }
        }
    }

    bs->FreePool(handles);
    return EFI_SUCCESS;
}

/* Lets the function decode its I/O and memory BARs, so describe functions can read registers. */
static inline void tv_pci_enable(EFI_PCI_IO_PROTOCOL *pci)
{
    pci->Attributes(pci, EfiPciIoAttributeOperationEnable, EFI_PCI_IO_ATTRIBUTE_IO | EFI_PCI_IO_ATTRIBUTE_MEMORY, 0);
}

/* Reads a 32-bit register at offset in memory BAR bar. */
static inline UINT32 tv_bar_read32(EFI_PCI_IO_PROTOCOL *pci, UINT8 bar, UINT64 offset)
{
    UINT32 value = 0xffffffff;
    pci->Mem.Read(pci, EfiPciIoWidthUint32, bar, offset, 1, &value);
    return value;
}

/* Reads an 8-bit register at offset in I/O BAR bar. */
static inline UINT8 tv_io_read8(EFI_PCI_IO_PROTOCOL *pci, UINT8 bar, UINT64 offset)
{
    UINT8 value = 0xff;
    pci->Io.Read(pci, EfiPciIoWidthUint8, bar, offset, 1, &value);
    return value;
}

/* Reads a 32-bit PCI configuration register. */
static inline UINT32 tv_pci_read32(EFI_PCI_IO_PROTOCOL *pci, UINT32 offset)
{
    UINT32 value = 0;
    pci->Pci.Read(pci, EfiPciIoWidthUint32, offset, 1, &value);
    return value;
}

#endif
