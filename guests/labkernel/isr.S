/*
 * Interrupt entry stubs: exceptions 0-31 (a dummy error code where the CPU pushes
 * none) and PIC IRQs 0-15 at vectors 32-47. All save the registers and call
 * isr_dispatch(frame) in cpu.c.
 */
    .section .text

.macro EXC_NOERR n
    .global isr\n
isr\n:
    push $0
    push $\n
    jmp isr_common
.endm
.macro EXC_ERR n
    .global isr\n
isr\n:
    push $\n
    jmp isr_common
.endm

EXC_NOERR 0
EXC_NOERR 1
EXC_NOERR 2
EXC_NOERR 3
EXC_NOERR 4
EXC_NOERR 5
EXC_NOERR 6
EXC_NOERR 7
EXC_ERR 8
EXC_NOERR 9
EXC_ERR 10
EXC_ERR 11
EXC_ERR 12
EXC_ERR 13
EXC_ERR 14
EXC_NOERR 15
EXC_NOERR 16
EXC_ERR 17
EXC_NOERR 18
EXC_NOERR 19
EXC_NOERR 20
EXC_NOERR 21
EXC_NOERR 22
EXC_NOERR 23
EXC_NOERR 24
EXC_NOERR 25
EXC_NOERR 26
EXC_NOERR 27
EXC_NOERR 28
EXC_NOERR 29
EXC_NOERR 30
EXC_NOERR 31
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
EXC_NOERR \n
.endr

isr_common:
    pusha
    mov %esp, %eax
    push %eax
    call isr_dispatch
    add $4, %esp
    popa
    add $8, %esp                    /* vector and error code */
    iret

    .section .rodata
    .global isr_table
isr_table:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .long isr\n
.endr
