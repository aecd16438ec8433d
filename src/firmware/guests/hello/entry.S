/* The guest's first bytes: the core starts it here with RDI at its TV_GUEST_INFO block. */
#include "../../include/tv_guest.h"

    .section .text.entry, "ax"
    .globl _start
_start:
    mov $TV_GUEST_INFO, %rdi
    call guest_main
1:
    hlt
    jmp 1b
