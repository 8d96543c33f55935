/*
 * `ping DOMID [COUNT]`: interdomain ping-pong with another labkernel, typed in one
 * guest only. This side offers an unbound port to the peer (EVTCHNOP_alloc_unbound)
 * and publishes it through the lab's rendezvous (hypercall.h), as a guest would write
 * it to xenstore; the peer, told by its rendezvous interrupt as by a xenstore watch,
 * binds it (EVTCHNOP_bind_interdomain) and from then on echoes every event it gets on
 * that port. Xen marks the binder's new port pending, so the peer's first echo tells
 * this side the channel is up; then COUNT sends, each answered by one echo. Ping
 * events are counted, not printed one by one: the result line summarises them.
 */
#include <lab/lab.h>
#include <lab/evtchn.h>
#include <lab/hypercall.h>
#include <lab/shell.h>

static void stop(evtchn_port_t port, uint32_t dom, uint32_t done, const char *why)
{
    printf("ping: d%u stopped after %u round trips (%s)\n", dom, done, why);
    xen_close(port);
    evtchn_untrack(port);
}

void cmd_ping(int argc, char **argv)
{
    uint32_t dom, count = 10;
    if (argc < 2 || !parse_u32(argv[1], &dom) || (argc > 2 && !parse_u32(argv[2], &count))) {
        printf("ping: usage: ping DOMID [COUNT]\n");
        return;
    }
    if (!evtchn_ready()) {
        printf("ping: event channels are not set up\n");
        return;
    }
    long ret = xen_alloc_unbound((uint16_t)dom);
    if (ret < 0) {
        printf("ping: alloc failed: ");
        print_err(ret);
        printf("\n");
        return;
    }
    evtchn_port_t port = (evtchn_port_t)ret;
    struct port_info *pi = &ports[port];
    evtchn_track(port, PORT_UNBOUND, (uint16_t)dom, 0, OWNER_PING);
    evtchn_unmask_local(port);
    uint32_t seen = pi->seen;
    if (rendezvous_offer(dom, port) < 0) {
        printf("ping: d%u has no guest to answer\n", dom);
        xen_close(port);
        evtchn_untrack(port);
        return;
    }
    /* The peer's echo of its bind notification: the channel is up. */
    if (!wait_for_change(&pi->seen, seen)) return stop(port, dom, 0, "interrupted");
    pi->kind = PORT_INTERDOMAIN;
    for (uint32_t i = 0; i < count; i++) {
        seen = pi->seen;
        if (xen_send(port)) return stop(port, dom, i, "send failed");
        if (!wait_for_change(&pi->seen, seen)) return stop(port, dom, i, "interrupted");
    }
    printf("ping: d%u %u round trips\n", dom, count);
    pi->owner = OWNER_SHELL;
}

/* IRQ 11: a peer offered us a port: bind it and answer everything it sends. */
static void rendezvous_irq(void)
{
    uint32_t rport;
    long from;
    while ((from = rendezvous_take(&rport)) >= 0) {
        long local = xen_bind_interdomain((uint16_t)from, rport);
        if (local < 0) {
            evtchn_note(NOTE_BIND_FAILED, (uint32_t)from, rport, local);
            continue;
        }
        evtchn_track((evtchn_port_t)local, PORT_INTERDOMAIN, (uint16_t)from, rport, OWNER_PONG);
        evtchn_note(NOTE_BOUND, (uint32_t)from, rport, local);
        evtchn_unmask_local((evtchn_port_t)local);
    }
}

void ping_responder_init(void)
{
    irq_set_handler(LAB_RENDEZVOUS_IRQ, rendezvous_irq);
    irq_unmask(LAB_RENDEZVOUS_IRQ);
}
