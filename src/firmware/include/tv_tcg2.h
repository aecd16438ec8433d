/*
 * Measured boot: the few definitions of the TCG EFI Protocol Specification (EFI_TCG2_PROTOCOL) and of the
 * TCG PC Client Platform Firmware Profile that the loader and the core use, and where Thinvisor measures.
 */
#ifndef THINVISOR_TV_TCG2_H
#define THINVISOR_TV_TCG2_H

#include "efi.h"

/*
 * The PCR the loader extends with the bank it boots (docs/measured-boot.md says why 15). Flashsmith's
 * prediction (src/Flashsmith/Boot/Measurement/MeasuredBoot.cs) holds the same number and event rule.
 */
#define TV_PCR 15

/* The TaggedEventID of the loader's bank-choice event: "TVBK". */
#define TV_BANK_EVENT_ID 0x4b425654u

/* Event types (PC Client Platform Firmware Profile, 10.4.1). */
#define EV_EVENT_TAG 0x00000006u
#define EV_IPL 0x0000000du

#define EFI_TCG2_PROTOCOL_GUID \
    {0x607f766c, 0x7455, 0x42be, {0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f}}
#define EFI_TCG2_EVENT_LOG_FORMAT_TCG_2 0x00000002u
#define EFI_TCG2_EVENT_HEADER_VERSION 1

#pragma pack(push, 1)
typedef struct {
    UINT32 HeaderSize;
    UINT16 HeaderVersion;
    UINT32 PCRIndex;
    UINT32 EventType;
} EFI_TCG2_EVENT_HEADER;

typedef struct {
    UINT32 Size;
    EFI_TCG2_EVENT_HEADER Header;
    UINT8 Event[1];
} EFI_TCG2_EVENT;

typedef struct {
    UINT32 TaggedEventID;
    UINT32 TaggedEventDataSize;
    UINT8 TaggedEventData[1];
} TCG_PCCLIENT_TAGGED_EVENT;
#pragma pack(pop)

_Static_assert(sizeof(EFI_TCG2_EVENT_HEADER) == 14, "the TCG2 event header is 14 bytes");

typedef struct EFI_TCG2_PROTOCOL {
    VOID *GetCapability;
    EFI_STATUS(EFIAPI *GetEventLog)(struct EFI_TCG2_PROTOCOL *This, UINT32 EventLogFormat, EFI_PHYSICAL_ADDRESS *EventLogLocation,
                                    EFI_PHYSICAL_ADDRESS *EventLogLastEntry, BOOLEAN *EventLogTruncated);
    EFI_STATUS(EFIAPI *HashLogExtendEvent)(struct EFI_TCG2_PROTOCOL *This, UINT64 Flags, EFI_PHYSICAL_ADDRESS DataToHash,
                                           UINT64 DataToHashLen, EFI_TCG2_EVENT *EfiTcgEvent);
    EFI_STATUS(EFIAPI *SubmitCommand)(struct EFI_TCG2_PROTOCOL *This, UINT32 InputParameterBlockSize, UINT8 *InputParameterBlock,
                                      UINT32 OutputParameterBlockSize, UINT8 *OutputParameterBlock);
    VOID *GetActivePcrBanks;
    VOID *SetActivePcrBanks;
    VOID *GetResultOfSetActivePcrBanks;
} EFI_TCG2_PROTOCOL;

#endif
