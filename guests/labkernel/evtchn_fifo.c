/*
 * The FIFO ABI (Xen: xen/common/event_fifo.c), the guest side. Xen links pending
 * events into per-priority queues through the LINK field of 32-bit event words that
 * live in pages the guest gives it (EVTCHNOP_expand_array), and says which queues are
 * non-empty in the `ready` word of a per-vCPU control block (EVTCHNOP_init_control).
 * The guest walks each queue from its head, clearing LINKED as it goes; a local head
 * per queue remembers where it stopped. Same algorithm as Linux's events_fifo.c,
 * written from the ABI description in xen/include/public/event_channel.h.
 */
#include <lab/lab.h>
#include <lab/atomic.h>
#include <lab/cpu.h>
#include <lab/evtchn.h>
#include <lab/hypercall.h>
#include <xen/errno.h>

#define WORDS_PER_PAGE 1024
#define MAX_ARRAY_PAGES (LAB_MAX_PORTS / WORDS_PER_PAGE)

static volatile struct evtchn_fifo_control_block *control;
static volatile event_word_t *array_pages[MAX_ARRAY_PAGES];
static uint32_t nr_array_pages;
static uint32_t local_head[EVTCHN_FIFO_MAX_QUEUES];

static volatile event_word_t *event_word(evtchn_port_t port)
{
    uint32_t page = port / WORDS_PER_PAGE;
    return page < nr_array_pages ? &array_pages[page][port % WORDS_PER_PAGE] : NULL;
}

static long fifo_op(uint32_t cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

/* One more event array page; every word starts MASKED (Xen never initialises them). */
static long fifo_expand(void)
{
    if (nr_array_pages == MAX_ARRAY_PAGES) return -XEN_ENOSPC;
    event_word_t *page = page_alloc();
    for (int i = 0; i < WORDS_PER_PAGE; i++) page[i] = 1U << EVTCHN_FIFO_MASKED;
    struct evtchn_expand_array op = {PA(page) >> 12};
    long ret = fifo_op(EVTCHNOP_expand_array, &op);
    if (!ret) array_pages[nr_array_pages++] = page;
    return ret;
}

static long fifo_setup_port(evtchn_port_t port)
{
    if (port >= LAB_MAX_PORTS) return -XEN_ENOSPC;
    while (port / WORDS_PER_PAGE >= nr_array_pages) {
        long ret = fifo_expand();
        if (ret) return ret;
    }
    return 0;
}

static void fifo_mask(evtchn_port_t port)
{
    volatile event_word_t *w = event_word(port);
    if (w) set_bit(w, EVTCHN_FIFO_MASKED);
}

/* Clear MASKED unless PENDING is set; a pending event needs Xen to link it. */
static bool fifo_clear_mask(evtchn_port_t port)
{
    volatile event_word_t *w = event_word(port);
    if (!w) return false;
    uint32_t old;
    do {
        old = *w;
        if (old & (1U << EVTCHN_FIFO_PENDING)) return true;
    } while (cmpxchg(w, old, old & ~(1U << EVTCHN_FIFO_MASKED)) != old);
    return false;
}

/* Take the event at the head of queue q; drop q from *ready when it is the tail. */
static void consume_one(uint32_t q, uint32_t *ready)
{
    uint32_t port = local_head[q];
    if (!port) port = control->head[q];
    volatile event_word_t *w = port ? event_word(port) : NULL;
    if (!w) {
        *ready &= ~(1U << q);
        local_head[q] = 0;
        return;
    }
    uint32_t old, next;
    do {
        old = *w;
        next = old & ~((1U << EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
    } while (cmpxchg(w, old, next) != old);
    uint32_t link = old & EVTCHN_FIFO_LINK_MASK;
    if (!link) *ready &= ~(1U << q);
    local_head[q] = link;
    if ((old & (1U << EVTCHN_FIFO_PENDING)) && !(old & (1U << EVTCHN_FIFO_MASKED))) {
        if (test_and_clear_bit(w, EVTCHN_FIFO_PENDING)) evtchn_deliver(port);
    }
}

static void fifo_handle_events(void)
{
    uint32_t ready = xchg(&control->ready, 0);
    while (ready) {
        consume_one((uint32_t)__builtin_ctz(ready), &ready);
        ready |= xchg(&control->ready, 0);
    }
}

const struct evtchn_driver evtchn_fifo_driver = {
    .name = "fifo",
    .nr_channels = EVTCHN_FIFO_NR_CHANNELS,
    .setup_port = fifo_setup_port,
    .mask = fifo_mask,
    .clear_mask = fifo_clear_mask,
    .handle_events = fifo_handle_events,
};

/*
 * EVTCHNOP_init_control for vCPU 0 with the control block at offset 0 of a fresh
 * page. On success Xen has switched the domain to FIFO: reopen the ports we had
 * (their 2-level mask does not carry over).
 */
long evtchn_fifo_init(void)
{
    if (control) return 0;
    void *page = page_alloc();
    struct evtchn_init_control op = {PA(page) >> 12, 0, 0, 0, {0}};
    long ret = fifo_op(EVTCHNOP_init_control, &op);
    if (ret) return ret;
    control = page;
    for (int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++) local_head[q] = 0;
    return 0;
}
