/*
 * The part of Xen's public ABI labkernel uses, under Xen's own names, as an i386
 * guest sees it (the "compat" layout: xen_ulong_t and handles are 32 bits wide).
 * Written from xen/include/public/xen.h and arch-x86/xen-x86_32.h; only what the lab
 * needs, as XTF keeps its own include/xen/.
 */
#ifndef XEN_PUBLIC_XEN_H
#define XEN_PUBLIC_XEN_H

#include <lab/types.h>

/* __HYPERVISOR_* (xen.h). */
#define __HYPERVISOR_memory_op        12
#define __HYPERVISOR_xen_version      17
#define __HYPERVISOR_console_io       18
#define __HYPERVISOR_vcpu_op          24
#define __HYPERVISOR_sched_op         29
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_hvm_op           34

#define DOMID_SELF 0x7FF0U

#define CONSOLEIO_write 0

typedef uint16_t domid_t;
typedef uint32_t xen_ulong_t; /* unsigned long on x86-32 */
typedef uint32_t xen_pfn_t;

/* XEN_LEGACY_MAX_VCPUS on x86: vcpu_info slots inside shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/* struct arch_vcpu_info (xen-x86_32.h): cr2 and padding, 24 bytes. */
struct arch_vcpu_info {
    uint32_t cr2;
    uint32_t pad[5];
};

struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad1[2];
};

/* 64 bytes: pending @0, mask @1, pending_sel @4, arch @8, time @32. */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};

/* 2-level bitmaps: 32 words of 32 bits = 1024 channels for a 32-bit guest. */
#define BITS_PER_EVTCHN_WORD 32
#define EVTCHN_2L_NR_CHANNELS (BITS_PER_EVTCHN_WORD * BITS_PER_EVTCHN_WORD)

struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS]; /* @0, 2048 bytes */
    xen_ulong_t evtchn_pending[BITS_PER_EVTCHN_WORD];  /* @2048 */
    xen_ulong_t evtchn_mask[BITS_PER_EVTCHN_WORD];     /* @2176 */
    uint32_t wc_version;                               /* @2304 */
    uint32_t wc_sec;
    uint32_t wc_nsec;
};

_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info is 64 bytes on x86");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_pending) == 2048, "pending @2048");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_mask) == 2176, "mask @2176");

#endif
