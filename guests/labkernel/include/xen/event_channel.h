/*
 * EVTCHNOP_* and their argument structures (xen/include/public/event_channel.h),
 * i386 layout: uint64_t fields are 4-byte aligned, which keeps every size below
 * equal to Xen's compat size.
 */
#ifndef XEN_PUBLIC_EVENT_CHANNEL_H
#define XEN_PUBLIC_EVENT_CHANNEL_H

#include <xen/xen.h>

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_unmask           9
#define EVTCHNOP_init_control    11
#define EVTCHNOP_expand_array    12
#define EVTCHNOP_set_priority    13

typedef uint32_t evtchn_port_t;

struct evtchn_alloc_unbound {
    domid_t dom, remote_dom; /* IN */
    evtchn_port_t port;      /* OUT */
};
struct evtchn_bind_interdomain {
    domid_t remote_dom;        /* IN */
    evtchn_port_t remote_port; /* IN */
    evtchn_port_t local_port;  /* OUT */
};
struct evtchn_close { evtchn_port_t port; };
struct evtchn_send { evtchn_port_t port; };
struct evtchn_unmask { evtchn_port_t port; };

#define EVTCHNSTAT_closed       0
#define EVTCHNSTAT_unbound      1
#define EVTCHNSTAT_interdomain  2
#define EVTCHNSTAT_pirq         3
#define EVTCHNSTAT_virq         4
#define EVTCHNSTAT_ipi          5

struct evtchn_status {
    domid_t dom;         /* IN */
    evtchn_port_t port;  /* IN, @4 */
    uint32_t status;     /* OUT, @8 */
    uint32_t vcpu;       /* OUT, @12 */
    union {              /* @16 */
        struct { domid_t dom; } unbound;
        struct { domid_t dom; evtchn_port_t port; } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status");

struct evtchn_init_control {
    uint64_t control_gfn; /* IN */
    uint32_t offset;      /* IN */
    uint32_t vcpu;        /* IN */
    uint8_t link_bits;    /* OUT */
    uint8_t _pad[7];
};
_Static_assert(sizeof(struct evtchn_init_control) == 24, "evtchn_init_control");

struct evtchn_expand_array { uint64_t array_gfn; };
struct evtchn_set_priority { evtchn_port_t port; uint32_t priority; };

/* FIFO ABI. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED  30
#define EVTCHN_FIFO_LINKED  29
#define EVTCHN_FIFO_BUSY    28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1U << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1U << EVTCHN_FIFO_LINK_BITS)

struct evtchn_fifo_control_block {
    uint32_t ready;
    uint32_t _rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
_Static_assert(sizeof(struct evtchn_fifo_control_block) == 72, "control block");

#endif
