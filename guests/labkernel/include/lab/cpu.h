/* Port I/O, control registers and the interrupt flag (i386). */
#ifndef LAB_CPU_H
#define LAB_CPU_H

#include <lab/types.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr3(uint32_t v) { __asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory"); }
static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
/* sti's one-instruction shadow makes "check, then sleep" race-free. */
static inline void sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
static inline uint32_t irq_save(void)
{
    uint32_t f;
    __asm__ volatile("pushfl; popl %0; cli" : "=r"(f)::"memory");
    return f;
}
static inline void irq_restore(uint32_t f) { __asm__ volatile("pushl %0; popfl" ::"r"(f) : "memory", "cc"); }

#define CR0_PE (1U << 0)
#define CR0_ET (1U << 4)
#define CR0_PG (1U << 31)
#define CR4_PSE (1U << 4)

/* Kernel virtual = physical + KERNEL_BASE above the boot code (link.ld). */
#define KERNEL_BASE 0xC0000000U
#define PA(p) ((uint32_t)(uintptr_t)(p) - KERNEL_BASE)
#define VA(pa) ((void *)((uintptr_t)(pa) + KERNEL_BASE))

#endif
