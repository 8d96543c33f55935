/*
 * Locked read-modify-write on words Xen also writes. Xen (the model) writes them
 * between any two of our instructions, when another guest's hypercall runs while we
 * are preempted, so a plain load/modify/store could lose its update.
 */
#ifndef LAB_ATOMIC_H
#define LAB_ATOMIC_H

#include <lab/types.h>

static inline bool test_and_clear_bit(volatile uint32_t *w, uint32_t bit)
{
    uint8_t old;
    __asm__ volatile("lock btrl %2, %0; setc %1" : "+m"(*w), "=q"(old) : "Ir"(bit) : "memory");
    return old;
}

static inline void set_bit(volatile uint32_t *w, uint32_t bit)
{
    __asm__ volatile("lock btsl %1, %0" : "+m"(*w) : "Ir"(bit) : "memory");
}

static inline uint32_t xchg(volatile uint32_t *w, uint32_t v)
{
    __asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(*w)::"memory");
    return v;
}

static inline uint32_t cmpxchg(volatile uint32_t *w, uint32_t old, uint32_t new)
{
    uint32_t prev;
    __asm__ volatile("lock cmpxchgl %2, %1" : "=a"(prev), "+m"(*w) : "r"(new), "0"(old) : "memory");
    return prev;
}

#endif
