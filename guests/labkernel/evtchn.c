/*
 * The event channel layer common to both ABIs: the EVTCHNOP_* calls, the table of
 * ports this kernel uses, the upcall (the callback IRQ handler) and the accounting of
 * delivered events that the shell prints. Driver-specific work (where the pending and
 * mask bits live) is in evtchn_2l.c and evtchn_fifo.c.
 */
#include <lab/lab.h>
#include <lab/cpu.h>
#include <lab/evtchn.h>
#include <lab/hypercall.h>
#include <xen/xen.h>

struct port_info ports[LAB_MAX_PORTS];
const struct evtchn_driver *evtchn_driver = &evtchn_2l_driver;

static long evtchn_op(uint32_t cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

long xen_alloc_unbound(uint16_t remote_dom)
{
    struct evtchn_alloc_unbound op = {DOMID_SELF, remote_dom, 0};
    long ret = evtchn_op(EVTCHNOP_alloc_unbound, &op);
    return ret ? ret : (long)op.port;
}

long xen_bind_interdomain(uint16_t remote_dom, evtchn_port_t remote_port)
{
    struct evtchn_bind_interdomain op = {remote_dom, remote_port, 0};
    long ret = evtchn_op(EVTCHNOP_bind_interdomain, &op);
    return ret ? ret : (long)op.local_port;
}

long xen_send(evtchn_port_t port)
{
    struct evtchn_send op = {port};
    return evtchn_op(EVTCHNOP_send, &op);
}

long xen_close(evtchn_port_t port)
{
    struct evtchn_close op = {port};
    return evtchn_op(EVTCHNOP_close, &op);
}

long xen_unmask(evtchn_port_t port)
{
    struct evtchn_unmask op = {port};
    return evtchn_op(EVTCHNOP_unmask, &op);
}

long xen_status(uint16_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    memset(st, 0, sizeof(*st));
    st->dom = dom;
    st->port = port;
    return evtchn_op(EVTCHNOP_status, st);
}

void evtchn_print_abi(void)
{
    printf("evtchn: %s, %u channels\n", evtchn_driver->name, evtchn_driver->nr_channels);
}

/* Linux practice: try FIFO, keep 2-level on any error (events_base.c xen_init_IRQ). */
long evtchn_try_fifo(bool quiet)
{
#if LAB_HAS_FIFO
    long ret = evtchn_fifo_init();
    if (!quiet) {
        if (ret) {
            printf("fifo: init_control failed: ");
            print_err(ret);
            printf(", using 2-level\n");
        } else {
            printf("fifo: ok\n");
        }
    }
    if (!ret && evtchn_driver != &evtchn_fifo_driver) {
        evtchn_driver = &evtchn_fifo_driver;
        for (evtchn_port_t p = 1; p < LAB_MAX_PORTS; p++)
            if (ports[p].kind != PORT_FREE) evtchn_unmask_local(p);
    }
    return ret;
#else
    (void)quiet;
    printf("fifo: this is the resume kernel, it only knows 2-level\n");
    return -1;
#endif
}

void evtchn_boot(void)
{
    /* 2-level: start with every channel masked, as Linux's xen_evtchn_mask_all. */
    for (int w = 0; w < BITS_PER_EVTCHN_WORD; w++) shinfo->evtchn_mask[w] = ~0U;
    if (boot.fifo_wanted && LAB_HAS_FIFO) evtchn_try_fifo(false);
    evtchn_print_abi();
}

void evtchn_track(evtchn_port_t port, enum port_kind kind, uint16_t dom, uint32_t rport,
                  enum port_owner owner)
{
    if (port >= LAB_MAX_PORTS) return;
    struct port_info *p = &ports[port];
    p->kind = (uint8_t)kind;
    p->owner = (uint8_t)owner;
    p->remote_dom = dom;
    p->remote_port = rport;
    p->seen = p->reported = 0;
}

void evtchn_untrack(evtchn_port_t port)
{
    if (port < LAB_MAX_PORTS) ports[port].kind = PORT_FREE;
}

/*
 * Open a port for delivery: make it usable, clear its mask in our memory and, if an
 * event arrived while it was masked, ask Xen to raise it again (EVTCHNOP_unmask).
 */
void evtchn_unmask_local(evtchn_port_t port)
{
    long ret = evtchn_driver->setup_port(port);
    if (ret) {
        printf("evtchn: port %u not usable: ", port);
        print_err(ret);
        printf("\n");
        return;
    }
    if (evtchn_driver->clear_mask(port)) xen_unmask(port);
}

/*
 * HVM callback IRQ: Xen set vcpu_info->evtchn_upcall_pending and pulsed the line.
 * Clear the flag first, then consume; loop while Xen set it again meanwhile.
 */
void evtchn_upcall(void)
{
    volatile struct vcpu_info *vi = &shinfo->vcpu_info[0];
    do {
        vi->evtchn_upcall_pending = 0;
        __asm__ volatile("" ::: "memory");
        evtchn_driver->handle_events();
    } while (vi->evtchn_upcall_pending);
}

static volatile uint32_t shell_events, shell_reported;

#define NOTES 16
static struct {
    uint8_t kind;
    uint32_t dom, port;
    long ret;
} notes[NOTES];
static volatile uint32_t notes_in, notes_out;

void evtchn_note(enum note_kind kind, uint32_t dom, uint32_t port, long ret)
{
    if (notes_in - notes_out == NOTES) return;
    uint32_t i = notes_in % NOTES;
    notes[i].kind = (uint8_t)kind;
    notes[i].dom = dom;
    notes[i].port = port;
    notes[i].ret = ret;
    notes_in++;
}

static void print_notes(void)
{
    while (notes_out != notes_in) {
        uint32_t i = notes_out % NOTES;
        if (notes[i].kind == NOTE_BOUND) {
            printf("evtchn: bound port %u to d%u port %u\n", (uint32_t)notes[i].ret, notes[i].dom,
                   notes[i].port);
        } else {
            printf("ping: bind to d%u port %u failed: ", notes[i].dom, notes[i].port);
            print_err(notes[i].ret);
            printf("\n");
        }
        notes_out++;
    }
}

void evtchn_deliver(evtchn_port_t port)
{
    if (port >= LAB_MAX_PORTS) return;
    ports[port].seen++;
    if (ports[port].owner == OWNER_SHELL) shell_events++;
    /* A ping responder echoes from the upcall, without waiting for its shell. */
    if (ports[port].owner == OWNER_PONG) xen_send(port);
}

bool evtchn_unreported(void) { return shell_events != shell_reported || notes_in != notes_out; }

/* Shell context: one line per port that got events since the last report. */
void evtchn_report(void)
{
    print_notes();
    if (shell_events == shell_reported) return;
    shell_reported = shell_events;
    for (uint32_t p = 1; p < LAB_MAX_PORTS; p++) {
        struct port_info *pi = &ports[p];
        uint32_t seen = pi->seen;
        if (seen == pi->reported || pi->owner != OWNER_SHELL) continue;
        uint32_t n = seen - pi->reported;
        pi->reported = seen;
        if (n == 1)
            printf("evtchn: event port %u\n", p);
        else
            printf("evtchn: event port %u x %u\n", p, n);
    }
}
