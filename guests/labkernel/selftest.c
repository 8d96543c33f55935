/*
 * `test=NAME`: a self-test that ends with the XTF verdict line, then shuts the
 * domain down (SCHEDOP_shutdown, poweroff) and halts.
 *   hypercall: xen_version through the bridge; a struct argument in a 4 KiB-mapped
 *              page and in a PSE-mapped page; an unmapped pointer must give -EFAULT
 *              (the model walks our page tables; a bug there could hand back a wrong
 *              frame, so the test reads back what Xen wrote).
 *   mode:      paging is on (CR0.PG, CR4.PSE), as the model should also have seen.
 *   evtchn:    a loopback interdomain event to ourselves is delivered by the upcall
 *              (SKIP when Xen has no event channels).
 */
#include <lab/lab.h>
#include <lab/cpu.h>
#include <lab/evtchn.h>
#include <lab/hypercall.h>
#include <lab/shell.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/version.h>

enum verdict { SUCCESS, SKIP, ERROR, FAILURE };
static const char *const verdict_names[] = {"SUCCESS", "SKIP", "ERROR", "FAILURE"};

static enum verdict fail(const char *why)
{
    printf("test: %s\n", why);
    return FAILURE;
}

static enum verdict test_hypercall(void)
{
    long v = hypercall2(__HYPERVISOR_xen_version, XENVER_version, NULL);
    if (v <= 0) return fail("XENVER_version returned nothing");
    static char low[16]; /* kernel .bss: a 4 KiB mapping */
    char *high = page_alloc(); /* above 4 MiB: a PSE mapping */
    high[0] = low[0] = 'X';
    if (hypercall2(__HYPERVISOR_xen_version, XENVER_extraversion, low) < 0 || low[0] == 'X')
        return fail("XENVER_extraversion into a 4 KiB page");
    if (hypercall2(__HYPERVISOR_xen_version, XENVER_extraversion, high) < 0 || strcmp(high, low))
        return fail("XENVER_extraversion into a PSE page");
    long ret = hypercall2(__HYPERVISOR_xen_version, XENVER_extraversion, (void *)0x10);
    if (ret != -14) return fail("an unmapped pointer did not give -EFAULT");
    printf("test: xen_version 0x%x, extraversion '%s'\n", (uint32_t)v, low);
    return SUCCESS;
}

static enum verdict test_mode(void)
{
    if (!(read_cr0() & CR0_PG) || !(read_cr4() & CR4_PSE)) return fail("paging is off");
    return SUCCESS;
}

static enum verdict test_evtchn(void)
{
    long a = xen_alloc_unbound(DOMID_SELF);
    if (a == -XEN_ENOSYS || !evtchn_ready()) {
        printf("test: no event channels in this Xen\n");
        return SKIP;
    }
    if (a < 0) return fail("EVTCHNOP_alloc_unbound");
    long b = xen_bind_interdomain((uint16_t)my_domid, (evtchn_port_t)a);
    if (b < 0) return fail("EVTCHNOP_bind_interdomain to ourselves");
    evtchn_track((evtchn_port_t)b, PORT_INTERDOMAIN, (uint16_t)my_domid, (uint32_t)a, OWNER_BENCH);
    evtchn_unmask_local((evtchn_port_t)b);
    uint32_t seen = ports[b].seen;
    if (xen_send((evtchn_port_t)a)) return fail("EVTCHNOP_send");
    if (ports[b].seen == seen) return fail("the upcall did not deliver the event");
    printf("test: %s delivered port %u -> %u\n", evtchn_driver->name, (uint32_t)a, (uint32_t)b);
    return SUCCESS;
}

int selftest_run(const char *name)
{
    enum verdict v;
    printf("test: %s\n", name);
    if (!strcmp(name, "hypercall")) v = test_hypercall();
    else if (!strcmp(name, "mode")) v = test_mode();
    else if (!strcmp(name, "evtchn")) v = test_evtchn();
    else {
        printf("test: unknown test '%s'\n", name);
        v = ERROR;
    }
    printf("Test result: %s\n", verdict_names[v]);
    struct sched_shutdown s = {SHUTDOWN_poweroff};
    hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &s);
    return (int)v;
}
