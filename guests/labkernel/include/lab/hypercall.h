/*
 * The lab's hypercall transport. An HVM guest on real Xen issues VMCALL/VMMCALL from
 * the hypercall page; v86 has neither, so labkernel writes the hypercall number to
 * I/O port 0xEA (`out %eax, $0xEA`) and the emulator's port handler runs the
 * hypervisor model synchronously inside that instruction. Everything else is Xen's
 * x86-32 convention: number in EAX, arguments in EBX, ECX, EDX, ESI, EDI, result in
 * EAX, struct arguments by guest virtual address. A debug Xen overwrites the argument
 * registers a hypercall used with 0xDEADF00D (clobber_regs32), so they are in/out
 * operands here, as in Linux's hypercall macros.
 */
#ifndef LAB_HYPERCALL_H
#define LAB_HYPERCALL_H

#include <lab/types.h>

#define LAB_HYPERCALL_PORT 0xEA
/* A port the emulator answers without the hypervisor: the bench's baseline. */
#define LAB_NULL_PORT 0xEB

static inline long hypercall5(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2,
                              uint32_t a3, uint32_t a4)
{
    long ret;
    __asm__ volatile("outl %%eax, $0xEA"
                     : "=a"(ret), "+b"(a0), "+c"(a1), "+d"(a2), "+S"(a3), "+D"(a4)
                     : "a"(nr)
                     : "memory");
    return ret;
}

static inline long hypercall2(uint32_t nr, uint32_t a0, const void *a1)
{
    return hypercall5(nr, a0, (uint32_t)(uintptr_t)a1, 0, 0, 0);
}

/*
 * The lab's rendezvous (port 0xEC), standing in for xenstore, which the lab does not
 * run: `ping` publishes the unbound port it offers to a peer (OUT: EAX = 1, EBX = the
 * peer's domid, ECX = the port; EAX = 0 or -ESRCH when the peer runs no emulated
 * guest), and the peer, told by IRQ 11 as a xenstore watch would fire, takes the offer
 * (IN: EAX = the offering domid or -1 when there is none, EBX = the port).
 */
#define LAB_RENDEZVOUS_PORT 0xEC
#define LAB_RENDEZVOUS_IRQ 11

static inline long rendezvous_offer(uint32_t dom, uint32_t port)
{
    long ret;
    __asm__ volatile("outl %%eax, $0xEC" : "=a"(ret) : "a"(1), "b"(dom), "c"(port) : "memory");
    return ret;
}

static inline long rendezvous_take(uint32_t *port)
{
    long from;
    uint32_t p;
    __asm__ volatile("inl $0xEC, %%eax" : "=a"(from), "=b"(p)::"memory");
    *port = p;
    return from;
}

static inline long null_port_call(uint32_t nr)
{
    long ret;
    __asm__ volatile("outl %%eax, $0xEB" : "=a"(ret) : "a"(nr) : "memory");
    return ret;
}

#endif
