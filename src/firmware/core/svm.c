/*
 * A guest under AMD SVM: its memory is reached only through nested page tables that map
 * guest-physical 0..size to pages allocated for it, so nothing of the host is visible.
 * Its port I/O, MSR accesses, HLT, VMMCALL, the SVM instructions and shutdown are
 * intercepted; so are the host's interrupts, which are taken between two VMRUNs.
 *
 * Written from the AMD64 Architecture Programmer's Manual, volume 2, chapter 15 and
 * appendix B (VMCB layout), with what QEMU's emulation (TCG) needs: it saves no next
 * RIP, so the core steps over HLT and VMMCALL itself; VMRUN returns only RAX, RSP, RIP,
 * RFLAGS, segments, control registers and EFER, so every other register is kept here.
 */
#include "svm.h"
#include "../include/tv_guest.h"
#include "../include/tv_runtime.h"

#define PAGE_SIZE 4096ULL
#define LARGE_PAGE (2ULL << 20)
#define MAX_MEMORY (1ULL << 30)
#define EXIT_BUDGET 100000

#define MSR_EFER 0xC0000080
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define EFER_SVME (1ULL << 12)
#define MSR_VM_CR 0xC0010114
#define VM_CR_SVMDIS (1ULL << 4)
#define MSR_VM_HSAVE_PA 0xC0010117

/* VMCB control area. */
#define VMCB_INTERCEPT_MISC1 0x00C
#define VMCB_INTERCEPT_MISC2 0x010
#define VMCB_IOPM_BASE 0x040
#define VMCB_MSRPM_BASE 0x048
#define VMCB_ASID 0x058
#define VMCB_TLB_CONTROL 0x05C
#define VMCB_INT_CONTROL 0x060
#define VMCB_EXIT_CODE 0x070
#define VMCB_EXIT_INFO1 0x078
#define VMCB_EXIT_INFO2 0x080
#define VMCB_NESTED_CONTROL 0x090
#define VMCB_NESTED_CR3 0x0B0
/* VMCB state save area. */
#define VMCB_ES 0x400
#define VMCB_CS 0x410
#define VMCB_SS 0x420
#define VMCB_DS 0x430
#define VMCB_FS 0x440
#define VMCB_GS 0x450
#define VMCB_GDTR 0x460
#define VMCB_LDTR 0x470
#define VMCB_IDTR 0x480
#define VMCB_TR 0x490
#define VMCB_CPL 0x4CB
#define VMCB_EFER 0x4D0
#define VMCB_CR4 0x548
#define VMCB_CR3 0x550
#define VMCB_CR0 0x558
#define VMCB_DR7 0x560
#define VMCB_DR6 0x568
#define VMCB_RFLAGS 0x570
#define VMCB_RIP 0x578
#define VMCB_RSP 0x5D8
#define VMCB_RAX 0x5F8
#define VMCB_G_PAT 0x668

#define INTERCEPT_INTR (1U << 0)
#define INTERCEPT_NMI (1U << 1)
#define INTERCEPT_HLT (1U << 24)
#define INTERCEPT_IOIO (1U << 27)
#define INTERCEPT_MSR (1U << 28)
#define INTERCEPT_SHUTDOWN (1U << 31)
/* VMRUN, VMMCALL, VMLOAD, VMSAVE, STGI, CLGI, SKINIT. */
#define INTERCEPT_SVM_INSTRUCTIONS 0x7FU

#define EXIT_INTR 0x60
#define EXIT_NMI 0x61
#define EXIT_HLT 0x78
#define EXIT_IOIO 0x7B
#define EXIT_MSR 0x7C
#define EXIT_SHUTDOWN 0x7F
#define EXIT_VMMCALL 0x81
#define EXIT_NPF 0x400
#define EXIT_INVALID 0xFFFFFFFFULL

#define IOIO_IN (1ULL << 0)
#define IOIO_STRING (1ULL << 2)
#define IOIO_SIZE8 (1ULL << 4)
#define IOIO_SIZE16 (1ULL << 5)

/* Page-table entry bits; nested entries need U, as every nested access counts as a user access. */
#define PTE_PRESENT 1ULL
#define PTE_WRITE 2ULL
#define PTE_USER 4ULL
#define PTE_LARGE 0x80ULL
#define NESTED (PTE_PRESENT | PTE_WRITE | PTE_USER)

#define VMMCALL_LENGTH 3
#define HLT_LENGTH 1

/* The guest's general registers while the core runs; VMRUN keeps RAX and RSP in the VMCB. */
typedef struct {
    UINT64 rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
} GUEST_REGS;

/*
 * One VMRUN of the VMCB at physical address vmcb (RCX) with the guest registers at regs (RDX),
 * stored back at the exit. The core's callee-saved registers survive it; global interrupts
 * are off from before VMRUN until the guest's registers are stored.
 */
__attribute__((naked)) static void vmrun_once(UINT64 vmcb, GUEST_REGS *regs)
{
    __asm__ volatile(
        "push %rbx\n push %rbp\n push %rdi\n push %rsi\n push %r12\n push %r13\n push %r14\n push %r15\n"
        "push %rdx\n"
        "mov %rcx, %rax\n"
        "mov 0(%rdx), %rbx\n mov 8(%rdx), %rcx\n mov 24(%rdx), %rsi\n mov 32(%rdx), %rdi\n mov 40(%rdx), %rbp\n"
        "mov 48(%rdx), %r8\n mov 56(%rdx), %r9\n mov 64(%rdx), %r10\n mov 72(%rdx), %r11\n"
        "mov 80(%rdx), %r12\n mov 88(%rdx), %r13\n mov 96(%rdx), %r14\n mov 104(%rdx), %r15\n"
        "mov 16(%rdx), %rdx\n"
        "clgi\n"
        "vmrun %rax\n"
        "mov (%rsp), %rax\n"
        "mov %rbx, 0(%rax)\n mov %rcx, 8(%rax)\n mov %rdx, 16(%rax)\n mov %rsi, 24(%rax)\n mov %rdi, 32(%rax)\n mov %rbp, 40(%rax)\n"
        "mov %r8, 48(%rax)\n mov %r9, 56(%rax)\n mov %r10, 64(%rax)\n mov %r11, 72(%rax)\n"
        "mov %r12, 80(%rax)\n mov %r13, 88(%rax)\n mov %r14, 96(%rax)\n mov %r15, 104(%rax)\n"
        "stgi\n"
        "pop %rdx\n"
        "pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rsi\n pop %rdi\n pop %rbp\n pop %rbx\n"
        "ret\n");
}

static void cpuid(UINT32 leaf, UINT32 *eax, UINT32 *ebx, UINT32 *ecx, UINT32 *edx)
{
    __asm__ volatile("cpuid" : "=a"(*eax), "=b"(*ebx), "=c"(*ecx), "=d"(*edx) : "a"(leaf), "c"(0));
}

static UINT64 rdmsr(UINT32 msr)
{
    UINT32 low, high;
    __asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
    return (UINT64)high << 32 | low;
}

static void wrmsr(UINT32 msr, UINT64 value)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((UINT32)value), "d"((UINT32)(value >> 32)));
}

const char *svm_unsupported(void)
{
    UINT32 a, b, c, d;
    cpuid(0x80000000, &a, &b, &c, &d);
    if (a < 0x8000000A) {
        return "no-svm";
    }
    cpuid(0x80000001, &a, &b, &c, &d);
    if (!(c & (1U << 2))) {
        return "no-svm";
    }
    if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
        return "svm-disabled";
    }
    cpuid(0x8000000A, &a, &b, &c, &d);
    if (!(d & 1U)) {
        return "no-npt";
    }
    return 0;
}

void svm_append_size(char *dest, UINTN size, UINT64 bytes)
{
    if (bytes && bytes % (1ULL << 20) == 0) {
        tv_append_dec(dest, size, bytes >> 20);
        tv_append(dest, size, "MiB");
    } else if (bytes && bytes % 1024 == 0) {
        tv_append_dec(dest, size, bytes >> 10);
        tv_append(dest, size, "KiB");
    } else {
        tv_append_dec(dest, size, bytes);
    }
}

static void put16(UINT8 *vmcb, UINTN at, UINT16 value) { *(volatile UINT16 *)(vmcb + at) = value; }
static void put32(UINT8 *vmcb, UINTN at, UINT32 value) { *(volatile UINT32 *)(vmcb + at) = value; }
static void put64(UINT8 *vmcb, UINTN at, UINT64 value) { *(volatile UINT64 *)(vmcb + at) = value; }
static UINT64 get64(const UINT8 *vmcb, UINTN at) { return *(const volatile UINT64 *)(vmcb + at); }

static void put_segment(UINT8 *vmcb, UINTN at, UINT16 selector, UINT16 attributes, UINT32 limit)
{
    put16(vmcb, at, selector);
    put16(vmcb, at + 2, attributes);
    put32(vmcb, at + 4, limit);
    put64(vmcb, at + 8, 0);
}

/* The pages the core needs beside the guest's memory, in one allocation. */
typedef struct {
    UINT8 *vmcb;
    UINT8 *host_save;
    UINT8 *io_map;     /* 3 pages: every port intercepted */
    UINT8 *msr_map;    /* 2 pages: every MSR intercepted */
    UINT64 *nested;    /* PML4, PDPT, PD, then one page table per 2 MiB */
    UINTN pages;
} CONTROL;

static UINTN control_pages(UINT64 memory_size)
{
    return 1 + 1 + 3 + 2 + 3 + (UINTN)((memory_size + LARGE_PAGE - 1) / LARGE_PAGE);
}

static void map_nested(UINT64 *nested, UINT64 memory, UINT64 memory_size)
{
    UINT64 *pml4 = nested, *pdpt = nested + 512, *pd = nested + 1024, *pt = nested + 1536;
    pml4[0] = (UINT64)(UINTN)pdpt | NESTED;
    pdpt[0] = (UINT64)(UINTN)pd | NESTED;
    UINT64 pages = memory_size / PAGE_SIZE;
    for (UINT64 i = 0; i < pages; i++) {
        if (i % 512 == 0) {
            pd[i / 512] = (UINT64)(UINTN)(pt + i) | NESTED;
        }
        pt[i] = (memory + i * PAGE_SIZE) | NESTED;
    }
}

/* The guest's own identity map of its first GiB, inside its memory; what lies past its memory faults in the nested tables. */
static void map_guest(UINT8 *memory)
{
    UINT64 *pml4 = (UINT64 *)(memory + TV_GUEST_PAGE_TABLES);
    UINT64 *pdpt = pml4 + 512, *pd = pml4 + 1024;
    pml4[0] = (TV_GUEST_PAGE_TABLES + PAGE_SIZE) | PTE_PRESENT | PTE_WRITE;
    pdpt[0] = (TV_GUEST_PAGE_TABLES + 2 * PAGE_SIZE) | PTE_PRESENT | PTE_WRITE;
    for (UINT64 i = 0; i < 512; i++) {
        pd[i] = i * LARGE_PAGE | PTE_PRESENT | PTE_WRITE | PTE_LARGE;
    }
}

static void setup_vmcb(UINT8 *vmcb, const CONTROL *control, UINT64 memory_size)
{
    put32(vmcb, VMCB_INTERCEPT_MISC1, INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_HLT | INTERCEPT_IOIO | INTERCEPT_MSR | INTERCEPT_SHUTDOWN);
    put32(vmcb, VMCB_INTERCEPT_MISC2, INTERCEPT_SVM_INSTRUCTIONS);
    put64(vmcb, VMCB_IOPM_BASE, (UINT64)(UINTN)control->io_map);
    put64(vmcb, VMCB_MSRPM_BASE, (UINT64)(UINTN)control->msr_map);
    put32(vmcb, VMCB_ASID, 1);
    vmcb[VMCB_TLB_CONTROL] = 1;
    /* V_INTR_MASKING: the host's interrupts stay the host's, whatever the guest's IF. */
    put32(vmcb, VMCB_INT_CONTROL, 1U << 24);
    put64(vmcb, VMCB_NESTED_CONTROL, 1);
    put64(vmcb, VMCB_NESTED_CR3, (UINT64)(UINTN)control->nested);

    const UINT16 code64 = 0xA9B, data = 0xC93;
    put_segment(vmcb, VMCB_CS, 0x08, code64, 0xFFFFFFFF);
    put_segment(vmcb, VMCB_ES, 0x10, data, 0xFFFFFFFF);
    put_segment(vmcb, VMCB_SS, 0x10, data, 0xFFFFFFFF);
    put_segment(vmcb, VMCB_DS, 0x10, data, 0xFFFFFFFF);
    put_segment(vmcb, VMCB_FS, 0x10, data, 0xFFFFFFFF);
    put_segment(vmcb, VMCB_GS, 0x10, data, 0xFFFFFFFF);
    put_segment(vmcb, VMCB_GDTR, 0, 0, 0);
    put_segment(vmcb, VMCB_IDTR, 0, 0, 0);
    put_segment(vmcb, VMCB_LDTR, 0, 0x82, 0);
    put_segment(vmcb, VMCB_TR, 0, 0x8B, 0x67);
    vmcb[VMCB_CPL] = 0;
    put64(vmcb, VMCB_EFER, EFER_LME | EFER_LMA | EFER_SVME);
    put64(vmcb, VMCB_CR0, 0x80000031ULL); /* PG, NE, ET, PE */
    put64(vmcb, VMCB_CR3, TV_GUEST_PAGE_TABLES);
    put64(vmcb, VMCB_CR4, 1ULL << 5); /* PAE */
    put64(vmcb, VMCB_DR7, 0x400);
    put64(vmcb, VMCB_DR6, 0xFFFF0FF0);
    put64(vmcb, VMCB_RFLAGS, 2);
    put64(vmcb, VMCB_RIP, TV_GUEST_LOAD);
    put64(vmcb, VMCB_RSP, memory_size);
    put64(vmcb, VMCB_RAX, 0);
    put64(vmcb, VMCB_G_PAT, 0x0007040600070406ULL);
}

/* One guest's console: bytes written to COM1, printed a line at a time with the guest's name. */
typedef struct {
    EFI_SYSTEM_TABLE *st;
    const char *name;
    char text[160];
    UINTN length;
} CONSOLE;

static void console_flush(CONSOLE *console)
{
    char line[256] = "THINVISOR GUEST ";
    tv_append(line, sizeof line, console->name);
    tv_append(line, sizeof line, ": ");
    console->text[console->length] = 0;
    tv_append(line, sizeof line, console->text);
    tv_append(line, sizeof line, "\n");
    tv_print(console->st, line);
    console->length = 0;
}

static void console_put(CONSOLE *console, UINT8 byte)
{
    if (byte == '\n') {
        console_flush(console);
        return;
    }
    if (byte == '\r') {
        return;
    }
    console->text[console->length++] = byte >= 0x20 && byte < 0x7F ? (char)byte : '?';
    if (console->length == sizeof console->text - 1) {
        console_flush(console);
    }
}

/* Emulates one port access; returns 0 for one the core does not emulate (a string instruction). */
static int port_io(UINT8 *vmcb, CONSOLE *console)
{
    UINT64 info = get64(vmcb, VMCB_EXIT_INFO1);
    if (info & IOIO_STRING) {
        return 0;
    }
    UINT16 port = (UINT16)(info >> 16);
    UINT64 rax = get64(vmcb, VMCB_RAX);
    if (info & IOIO_IN) {
        /* The line status register says "ready to send"; every other port reads as nothing there. */
        UINT64 value = port == TV_GUEST_COM1 + 5 ? 0x60 : 0xFFFFFFFF;
        if (info & IOIO_SIZE8) {
            rax = (rax & ~0xFFULL) | (value & 0xFF);
        } else if (info & IOIO_SIZE16) {
            rax = (rax & ~0xFFFFULL) | (value & 0xFFFF);
        } else {
            rax = value & 0xFFFFFFFF;
        }
        put64(vmcb, VMCB_RAX, rax);
    } else if (port == TV_GUEST_COM1) {
        console_put(console, (UINT8)rax);
    }
    /* EXITINFO2 of a port exit is the next instruction's address. */
    put64(vmcb, VMCB_RIP, get64(vmcb, VMCB_EXIT_INFO2));
    return 1;
}

/* Runs the guest until it stops; writes why into reason and returns the number of exits. */
static UINT64 run(UINT8 *vmcb, CONSOLE *console, char *reason, UINTN reason_size)
{
    GUEST_REGS regs;
    memset(&regs, 0, sizeof regs);
    regs.rdi = TV_GUEST_INFO;
    UINT64 exits = 0;
    for (;;) {
        if (exits == EXIT_BUDGET) {
            tv_append(reason, reason_size, "budget");
            return exits;
        }
        vmrun_once((UINT64)(UINTN)vmcb, &regs);
        exits++;
        vmcb[VMCB_TLB_CONTROL] = 0;
        UINT64 code = get64(vmcb, VMCB_EXIT_CODE);
        if ((code & 0xFFFFFFFF) == EXIT_INVALID) {
            tv_append(reason, reason_size, "invalid-vmcb");
            return exits;
        }
        switch (code) {
        case EXIT_INTR:
        case EXIT_NMI:
            /* The host's interrupt was taken at STGI; the guest goes on. */
            continue;
        case EXIT_IOIO:
            if (port_io(vmcb, console)) {
                continue;
            }
            tv_append(reason, reason_size, "io-string");
            return exits;
        case EXIT_VMMCALL:
            /* No hypercalls are offered: every call answers -1. */
            put64(vmcb, VMCB_RAX, ~0ULL);
            put64(vmcb, VMCB_RIP, get64(vmcb, VMCB_RIP) + VMMCALL_LENGTH);
            continue;
        case EXIT_HLT:
            put64(vmcb, VMCB_RIP, get64(vmcb, VMCB_RIP) + HLT_LENGTH);
            tv_append(reason, reason_size, "halt");
            return exits;
        case EXIT_SHUTDOWN:
            tv_append(reason, reason_size, "shutdown");
            return exits;
        case EXIT_MSR:
            tv_append(reason, reason_size, "msr");
            return exits;
        case EXIT_NPF:
            tv_append(reason, reason_size, "npf gpa=0x");
            tv_append_hex(reason, reason_size, get64(vmcb, VMCB_EXIT_INFO2), 8);
            return exits;
        default:
            tv_append(reason, reason_size, "code-0x");
            tv_append_hex(reason, reason_size, code, 4);
            return exits;
        }
    }
}

static void vm_line(EFI_SYSTEM_TABLE *st, const char *name, const char *rest)
{
    char line[256] = "THINVISOR VM name=";
    tv_append(line, sizeof line, name);
    tv_append(line, sizeof line, " ");
    tv_append(line, sizeof line, rest);
    tv_append(line, sizeof line, "\n");
    tv_print(st, line);
}

void svm_run_guest(EFI_SYSTEM_TABLE *st, const char *name, const UINT8 *image, UINTN image_size, UINT64 memory_size)
{
    const char *unsupported = svm_unsupported();
    if (unsupported) {
        char rest[64] = "skipped reason=";
        tv_append(rest, sizeof rest, unsupported);
        vm_line(st, name, rest);
        return;
    }
    if (memory_size % PAGE_SIZE || memory_size > MAX_MEMORY || memory_size < TV_GUEST_LOAD + image_size + PAGE_SIZE) {
        vm_line(st, name, "skipped reason=memory-size");
        return;
    }

    EFI_BOOT_SERVICES *bs = st->BootServices;
    EFI_PHYSICAL_ADDRESS memory = 0, pages = 0;
    CONTROL control;
    control.pages = control_pages(memory_size);
    if (EFI_ERROR(bs->AllocatePages(AllocateAnyPages, EfiBootServicesData, (UINTN)(memory_size / PAGE_SIZE), &memory))) {
        vm_line(st, name, "skipped reason=out-of-memory");
        return;
    }
    if (EFI_ERROR(bs->AllocatePages(AllocateAnyPages, EfiBootServicesData, control.pages, &pages))) {
        bs->FreePages(memory, (UINTN)(memory_size / PAGE_SIZE));
        vm_line(st, name, "skipped reason=out-of-memory");
        return;
    }

    UINT8 *base = (UINT8 *)(UINTN)pages;
    memset(base, 0, control.pages * PAGE_SIZE);
    control.vmcb = base;
    control.host_save = base + PAGE_SIZE;
    control.io_map = base + 2 * PAGE_SIZE;
    control.msr_map = base + 5 * PAGE_SIZE;
    control.nested = (UINT64 *)(base + 7 * PAGE_SIZE);
    memset(control.io_map, 0xFF, 3 * PAGE_SIZE);
    memset(control.msr_map, 0xFF, 2 * PAGE_SIZE);
    map_nested(control.nested, memory, memory_size);

    UINT8 *guest = (UINT8 *)(UINTN)memory;
    memset(guest, 0, (UINTN)memory_size);
    map_guest(guest);
    TV_GUEST_INFO_BLOCK *info = (TV_GUEST_INFO_BLOCK *)(guest + TV_GUEST_INFO);
    info->Magic = TV_GUEST_INFO_MAGIC;
    info->MemorySize = memory_size;
    tv_append(info->Name, sizeof info->Name, name);
    memcpy(guest + TV_GUEST_LOAD, image, image_size);
    setup_vmcb(control.vmcb, &control, memory_size);

    char rest[96] = "memory=";
    svm_append_size(rest, sizeof rest, memory_size);
    tv_append(rest, sizeof rest, " npt=on");
    vm_line(st, name, rest);

    UINT64 efer = rdmsr(MSR_EFER);
    wrmsr(MSR_EFER, efer | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, (UINT64)(UINTN)control.host_save);
    CONSOLE console = {st, name, {0}, 0};
    char reason[64] = "";
    UINT64 exits = run(control.vmcb, &console, reason, sizeof reason);
    wrmsr(MSR_VM_HSAVE_PA, 0);
    wrmsr(MSR_EFER, efer);
    if (console.length) {
        console_flush(&console);
    }

    rest[0] = 0;
    tv_append(rest, sizeof rest, "exit=");
    tv_append(rest, sizeof rest, reason);
    tv_append(rest, sizeof rest, " exits=");
    tv_append_dec(rest, sizeof rest, exits);
    vm_line(st, name, rest);
    bs->FreePages(pages, control.pages);
    bs->FreePages(memory, (UINTN)(memory_size / PAGE_SIZE));
}
