/*
 * `bench [hypercall|null|events [N]]`: rates measured in the guest with RDTSC.
 *   hypercall: xen_version(XENVER_version) round trips through the hypervisor model;
 *   null:      the same OUT to the emulator's null port (no hypervisor): the baseline;
 *   events:    loopback interdomain events to ourselves, send -> upcall -> consumed.
 * v86's TSC follows the host clock (1 GHz nominal, CPUID leaf 0x16 gives the MHz),
 * so these are wall-clock rates.
 */
#include <lab/lab.h>
#include <lab/cpu.h>
#include <lab/evtchn.h>
#include <lab/hypercall.h>
#include <lab/shell.h>
#include <xen/version.h>

static uint32_t tsc_mhz(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
    if (a < 0x16) return 1000;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x16), "c"(0));
    return a ? a : 1000;
}

/* n / d without libgcc's __udivdi3. */
static uint64_t udiv64(uint64_t n, uint64_t d)
{
    uint64_t q = 0, r = 0;
    for (int i = 63; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1);
        if (r >= d) {
            r -= d;
            q |= 1ULL << i;
        }
    }
    return q;
}

static void report(const char *what, uint32_t n, uint64_t cycles)
{
    uint64_t rate = udiv64((uint64_t)n * tsc_mhz() * 1000000ULL, cycles ? cycles : 1);
    printf("bench: %s %u/s\n", what, (uint32_t)rate);
}

static void bench_hypercall(uint32_t n)
{
    uint64_t t0 = rdtsc();
    for (uint32_t i = 0; i < n; i++) hypercall2(__HYPERVISOR_xen_version, XENVER_version, NULL);
    report("xen_version", n, rdtsc() - t0);
}

static void bench_null(uint32_t n)
{
    uint64_t t0 = rdtsc();
    for (uint32_t i = 0; i < n; i++) null_port_call(__HYPERVISOR_xen_version);
    report("null port", n, rdtsc() - t0);
}

static void bench_events(uint32_t n)
{
    long a = xen_alloc_unbound(DOMID_SELF);
    long b = a < 0 ? a : xen_bind_interdomain((uint16_t)my_domid, (evtchn_port_t)a);
    if (b < 0 || !evtchn_ready()) {
        printf("bench: events failed: ");
        print_err(b < 0 ? b : -38);
        printf("\n");
        if (a >= 0) xen_close((evtchn_port_t)a);
        return;
    }
    struct port_info *pi = &ports[b];
    evtchn_track((evtchn_port_t)b, PORT_INTERDOMAIN, (uint16_t)my_domid, (uint32_t)a, OWNER_BENCH);
    evtchn_unmask_local((evtchn_port_t)b);
    uint32_t done = 0;
    uint64_t t0 = rdtsc();
    for (; done < n; done++) {
        uint32_t seen = pi->seen;
        if (xen_send((evtchn_port_t)a) || !wait_for_change(&pi->seen, seen)) break;
    }
    uint64_t t1 = rdtsc();
    xen_close((evtchn_port_t)b);
    xen_close((evtchn_port_t)a);
    evtchn_untrack((evtchn_port_t)b);
    report("events", done, t1 - t0);
}

void cmd_bench(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "all";
    uint32_t n = 0;
    if (argc > 2 && !parse_u32(argv[2], &n)) {
        printf("bench: bad count '%s'\n", argv[2]);
        return;
    }
    bool all = !strcmp(what, "all");
    if (all || !strcmp(what, "hypercall")) bench_hypercall(n ? n : 200000);
    if (all || !strcmp(what, "null")) bench_null(n ? n : 200000);
    if (all || !strcmp(what, "events")) bench_events(n ? n : 20000);
    if (!all && strcmp(what, "hypercall") && strcmp(what, "null") && strcmp(what, "events"))
        printf("bench: usage: bench [hypercall|null|events [N]]\n");
}
