/*
 * What the core hands a guest. A guest is a flat 64-bit binary that the core copies to
 * TV_GUEST_LOAD in the guest's own memory and starts at its first byte, in long mode at
 * CPL 0, with interrupts off, RSP at the top of its memory and RDI pointing at a
 * TV_GUEST_INFO. Guest-physical memory runs from 0 to the guest's size: the core's
 * identity page tables for the guest sit at TV_GUEST_PAGE_TABLES and map the first
 * GiB with 2 MiB pages, so an address past the guest's memory reaches the nested page
 * tables and stops the guest. The guest prints by writing bytes to the COM1 data port
 * and stops with HLT. Shared by the core (C, UEFI) and the guests (C and assembly).
 */
#ifndef THINVISOR_TV_GUEST_H
#define THINVISOR_TV_GUEST_H

#define TV_GUEST_PAGE_TABLES 0x0
#define TV_GUEST_INFO 0x3000
#define TV_GUEST_LOAD 0x10000
#define TV_GUEST_COM1 0x3f8
#define TV_GUEST_INFO_MAGIC 0x5453455547565400ULL

#ifndef __ASSEMBLER__
typedef struct {
    unsigned long long Magic;
    /* Bytes of guest-physical memory, from address 0. */
    unsigned long long MemorySize;
    /* The guest's name from the recipe, NUL-terminated. */
    char Name[64];
} TV_GUEST_INFO_BLOCK;
#endif

#endif
