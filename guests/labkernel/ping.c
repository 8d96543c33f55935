/*
 * `ping DOMID [COUNT]`: interdomain ping-pong between two labkernels, run in both.
 * There is no xenstore to publish a port number, so the handshake uses only
 * EVTCHNOP semantics: each side first tries to bind to a port the peer allocated for
 * it (bind_interdomain succeeds only on a port that is unbound for us, and fails with
 * -EINVAL otherwise); finding none, it allocates one for the peer and waits. The side
 * that bound sends; the side that allocated echoes. Ping events are counted, not
 * printed one by one; the result line summarises them.
 */
#include <lab/lab.h>
#include <lab/evtchn.h>
#include <lab/shell.h>

#define PROBE_PORTS 64

static long probe_bind(uint16_t dom)
{
    for (evtchn_port_t p = 1; p <= PROBE_PORTS; p++) {
        long ret = xen_bind_interdomain(dom, p);
        if (ret >= 0 || ret != -22) return ret; /* bound, or a real error (-ESRCH, ...) */
    }
    return 0;
}

static void finish(evtchn_port_t port, uint32_t dom, uint32_t done, const char *why)
{
    xen_close(port);
    evtchn_untrack(port);
    if (why)
        printf("ping: d%u stopped after %u round trips (%s)\n", dom, done, why);
    else
        printf("ping: d%u %u round trips\n", dom, done);
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
    long ret = probe_bind((uint16_t)dom);
    bool pinger = ret > 0;
    if (ret == 0) ret = xen_alloc_unbound((uint16_t)dom);
    if (ret < 0) {
        printf("ping: handshake with d%u failed: ", dom);
        print_err(ret);
        printf("\n");
        return;
    }
    evtchn_port_t port = (evtchn_port_t)ret;
    struct port_info *pi = &ports[port];
    evtchn_track(port, pinger ? PORT_INTERDOMAIN : PORT_UNBOUND, (uint16_t)dom, 0, OWNER_PING);
    evtchn_unmask_local(port);
    if (!pinger) printf("ping: port %u waiting for d%u\n", port, dom);
    /* Xen marks a newly bound port pending: that event is not a pong. */
    uint32_t seen = pi->seen;
    for (uint32_t i = 0; i < count; i++) {
        if (pinger && xen_send(port)) return finish(port, dom, i, "send failed");
        if (!wait_for_change(&pi->seen, seen)) return finish(port, dom, i, "interrupted");
        seen = pi->seen;
        if (!pinger && xen_send(port)) return finish(port, dom, i, "send failed");
    }
    finish(port, dom, count, NULL);
}
