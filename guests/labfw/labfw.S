/*
 * labfw: the lab's HVM firmware, a 64 KiB ROM v86 maps at 0xF0000 in place of a
 * BIOS. The CPU leaves reset in real mode at F000:FFF0 (CR0 = 0x60000010), as an HVM
 * vCPU does. labfw prints on COM1, makes a hypercall from real mode (the same OUT to
 * port 0xEA as labkernel, with 32-bit operands), switches to protected mode with its
 * own GDT, makes a second hypercall there, and jumps to the kernel the domain builder
 * (the emulator) placed in RAM, with the multiboot registers: EAX = 0x2BADB002,
 * EBX = multiboot info. Labkernel then enables paging. So the three x86 modes follow
 * one another in front of the user, each seen by the hypervisor at a hypercall.
 *
 * The builder leaves a boot block at 0x6000: "LABF", kernel entry, multiboot info.
 */
#define ROM_BASE 0xF0000
#define COM1 0x3F8
#define BOOT_BLOCK 0x6000
#define HYPERCALL_PORT 0xEA
#define XEN_VERSION 17

    .section .text
    .code16
start:
    cli
    cld
    xor %ax, %ax
    mov %ax, %ss
    mov $0x7000, %sp
    mov %cs, %ax
    mov %ax, %ds                    /* data at CS:offset, the ROM */
    call serial_init
    mov $msg_real, %si
    call puts16

    /* A hypercall from real mode: xen_version(XENVER_version, NULL). */
    mov $XEN_VERSION, %eax
    xor %ebx, %ebx
    xor %ecx, %ecx
    outl %eax, $HYPERCALL_PORT
    mov %eax, %ebp
    mov $msg_xen, %si
    call puts16
    mov %ebp, %eax
    shr $16, %eax
    call putdec16
    mov $'.', %al
    call putc16
    mov %bp, %ax
    and $0xFFFF, %eax
    call putdec16
    mov $msg_nl, %si
    call puts16

    /* Protected mode: our GDT, caches on (CD, NW clear), CR0.PE, a far jump. */
    lgdtl %cs:gdt_desc
    mov %cr0, %eax
    and $0x9FFFFFFF, %eax
    or $0x11, %eax                  /* PE | ET */
    mov %eax, %cr0
    ljmpl $0x08, $(ROM_BASE + pm32)

serial_init:
    mov $(COM1 + 3), %dx
    mov $0x03, %al                  /* 8N1; labkernel programs the rest */
    out %al, %dx
    ret

putc16:
    push %dx
    mov $COM1, %dx
    out %al, %dx
    pop %dx
    ret

puts16:
    lodsb
    test %al, %al
    jz 1f
    call putc16
    jmp puts16
1:  ret

/* EAX (< 65536) in decimal. */
putdec16:
    xor %cx, %cx
    mov $10, %bx
1:  xor %dx, %dx
    div %bx
    push %dx
    inc %cx
    test %ax, %ax
    jnz 1b
2:  pop %ax
    add $'0', %al
    call putc16
    loop 2b
    ret

    .code32
pm32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov $0x7000, %esp
    mov $XEN_VERSION, %eax          /* the same hypercall, now in protected mode */
    xor %ebx, %ebx
    xor %ecx, %ecx
    outl %eax, $HYPERCALL_PORT
    mov $(ROM_BASE + msg_prot), %esi
    call puts32
    cmpl $0x4642414C, BOOT_BLOCK    /* "LABF" */
    jne no_kernel
    mov $(ROM_BASE + msg_jump), %esi
    call puts32
    mov BOOT_BLOCK + 8, %ebx
    mov $0x2BADB002, %eax
    jmp *BOOT_BLOCK + 4
no_kernel:
    mov $(ROM_BASE + msg_nokernel), %esi
    call puts32
1:  cli
    hlt
    jmp 1b

puts32:
    mov $COM1, %dx
1:  lodsb
    test %al, %al
    jz 2f
    out %al, %dx
    jmp 1b
2:  ret

    .align 8
gdt:
    .quad 0
    .quad 0x00CF9A000000FFFF        /* 0x08: code, flat 4 GiB, 32-bit */
    .quad 0x00CF92000000FFFF        /* 0x10: data */
gdt_desc:
    .word gdt_desc - gdt - 1
    .long ROM_BASE + gdt

msg_real:     .asciz "labfw: real mode (CR0.PE=0), F000:FFF0\r\n"
msg_xen:      .asciz "labfw: real-mode hypercall xen_version: "
msg_nl:       .asciz "\r\n"
msg_prot:     .asciz "labfw: protected mode (CR0.PE=1, paging off)\r\n"
msg_jump:     .asciz "labfw: jumping to labkernel\r\n"
msg_nokernel: .asciz "labfw: no kernel in the boot block\r\n"

    /* The reset vector: F000:FFF0. */
    .section .reset, "ax"
    .code16
    .global reset
reset:
    ljmp $0xF000, $start
    .align 16, 0
