/*
 * labkernel entry. Entered in 32-bit protected mode with paging off, either by a
 * multiboot loader (EAX = 0x2BADB002, EBX = multiboot info: v86 without a BIOS, the
 * PVH-like start), by labfw (the HVM start, same registers), or by the boot kernel's
 * `hibernate` (EAX = LAB_RESUME_MAGIC, EBX = handoff block). The GDTR may be zero,
 * so the first thing is our own GDT. Then a boot page directory maps the first 4 MiB
 * twice (identity and at KERNEL_BASE, 4 MiB PSE pages) and we jump to the higher
 * half; paging.c builds the real tables.
 */
#define KERNEL_BASE 0xC0000000
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* page-align modules, give a memory map */

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

    .section .boot.text, "ax"
    .code32
    .global _start
_start:
    cli
    cld
    mov %eax, %esi
    mov %ebx, %edi
    lgdt boot_gdt_desc
    ljmp $0x08, $1f
1:  mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov %cr4, %eax
    or $0x10, %eax                 /* CR4.PSE: 4 MiB pages */
    mov %eax, %cr4
    mov $boot_pd, %eax
    mov %eax, %cr3
    mov %cr0, %eax
    or $0x80000011, %eax           /* PG | ET | PE */
    mov %eax, %cr0
    lea higher_half, %eax
    jmp *%eax

/*
 * hibernate_jump(entry_pa, handoff_pa): called from the higher half; runs here at
 * its identity-mapped address, turns paging off and enters the resume kernel the
 * way a loader would (protected mode, paging off).
 */
    .global hibernate_jump
hibernate_jump:
    cli
    mov 4(%esp), %ecx
    mov 8(%esp), %ebx
    mov %cr0, %eax
    and $0x7FFFFFFF, %eax
    mov %eax, %cr0
    jmp 2f                          /* flush, now running on physical addresses */
2:  xor %eax, %eax
    mov %eax, %cr3
    mov $0x4C414252, %eax           /* LAB_RESUME_MAGIC "LABR" */
    jmp *%ecx

    .section .boot.data, "aw"
    .align 8
boot_gdt:
    .quad 0
    .quad 0x00CF9A000000FFFF        /* 0x08: code, base 0, 4 GiB, 32-bit, ring 0 */
    .quad 0x00CF92000000FFFF        /* 0x10: data */
boot_gdt_end:
    .global boot_gdt_desc
boot_gdt_desc:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .align 4096
boot_pd:
    .long 0x00000083                /* PDE 0: 4 MiB at 0, present, writable, PS */
    .fill 767, 4, 0
    .long 0x00000083                /* PDE 768: KERNEL_BASE -> 0 */
    .fill 255, 4, 0

    .section .text
higher_half:
    mov $(stack_top), %esp
    push %edi                       /* EBX: multiboot info or handoff */
    push %esi                       /* EAX: loader magic */
    call kmain
3:  cli
    hlt
    jmp 3b

    .section .bss
    .align 16
stack_bottom:
    .skip 16384
stack_top:
