/*
 * The shell's commands (docs/guest-shell.md): help, info, mode, hypercall, crash and
 * the `evtchn` family; ping, bench and hibernate live in their own files.
 */
#include <lab/lab.h>
#include <lab/cpu.h>
#include <lab/evtchn.h>
#include <lab/hypercall.h>
#include <lab/shell.h>
#include <lab/xen.h>

static void cmd_help(int argc, char **argv);

static bool arg_u32(const char *s, uint32_t *v, const char *topic)
{
    if (parse_u32(s, v)) return true;
    printf("%s: bad number '%s'\n", topic, s);
    return false;
}

static bool failed(const char *topic, const char *what, long ret)
{
    if (ret >= 0) return false;
    printf("%s: %s failed: ", topic, what);
    print_err(ret);
    printf("\n");
    return true;
}

static void cmd_info(int argc, char **argv)
{
    (void)argc, (void)argv;
    xen_print_version();
    xen_print_domid();
    evtchn_print_abi();
    printf("mode: %s\n", x86_mode_name());
}

static void cmd_mode(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("mode: %s (CR0=0x%08x CR3=0x%08x CR4=0x%08x)\n", x86_mode_name(), read_cr0(),
           read_cr3(), read_cr4());
}

static void cmd_hypercall(int argc, char **argv)
{
    uint32_t v[6] = {0};
    if (argc < 2) {
        printf("hypercall: usage: hypercall NR [A0 .. A4]\n");
        return;
    }
    for (int i = 1; i < argc && i <= 6; i++)
        if (!arg_u32(argv[i], &v[i - 1], "hypercall")) return;
    long ret = hypercall5(v[0], v[1], v[2], v[3], v[4], v[5]);
    printf("hypercall: %u returned %d\n", v[0], (int)ret);
}

static void cmd_crash(int argc, char **argv)
{
    (void)argc, (void)argv;
    crash_now();
}

static void evtchn_status_line(evtchn_port_t port)
{
    struct evtchn_status st;
    if (failed("evtchn", "status", xen_status(DOMID_SELF, port, &st))) return;
    printf("evtchn: port %u ", port);
    switch (st.status) {
    case EVTCHNSTAT_closed: printf("closed\n"); break;
    case EVTCHNSTAT_unbound: printf("unbound d=%u\n", st.u.unbound.dom); break;
    case EVTCHNSTAT_interdomain:
        printf("interdomain d=%u p=%u\n", st.u.interdomain.dom, st.u.interdomain.port);
        break;
    case EVTCHNSTAT_virq: printf("virq v=%u\n", st.u.virq); break;
    case EVTCHNSTAT_ipi: printf("ipi\n"); break;
    case EVTCHNSTAT_pirq: printf("pirq p=%u vcpu=%u\n", st.u.pirq, st.vcpu); break;
    default: printf("status %u\n", st.status); break;
    }
}

/* One line per port that received events (none at all: no line, as the contract says). */
static void evtchn_list(void)
{
    for (uint32_t p = 1; p < LAB_MAX_PORTS; p++)
        if (ports[p].seen) printf("evtchn: port %u seen %u\n", p, ports[p].seen);
}

static void cmd_evtchn(int argc, char **argv)
{
    const char *op = argc > 1 ? argv[1] : "";
    uint32_t a = 0, b = 0;
    long ret;
    if (!strcmp(op, "list")) return evtchn_list();
    if (!strcmp(op, "fifo")) {
        if (!evtchn_try_fifo(false)) evtchn_print_abi();
        return;
    }
    if (argc < 3 || (!strcmp(op, "bind") && argc < 4)) {
        printf("evtchn: usage: evtchn alloc DOMID | bind DOMID PORT | send|close|status|"
               "unmask|mask PORT | list | fifo\n");
        return;
    }
    if (!arg_u32(argv[2], &a, "evtchn")) return;
    if (!strcmp(op, "alloc")) {
        ret = xen_alloc_unbound((uint16_t)a);
        if (failed("evtchn", "alloc", ret)) return;
        evtchn_track((evtchn_port_t)ret, PORT_UNBOUND, (uint16_t)a, 0, OWNER_SHELL);
        evtchn_unmask_local((evtchn_port_t)ret);
        printf("evtchn: alloc port %u for d%u\n", (uint32_t)ret, a);
    } else if (!strcmp(op, "bind")) {
        if (!arg_u32(argv[3], &b, "evtchn")) return;
        ret = xen_bind_interdomain((uint16_t)a, b);
        if (failed("evtchn", "bind", ret)) return;
        evtchn_track((evtchn_port_t)ret, PORT_INTERDOMAIN, (uint16_t)a, b, OWNER_SHELL);
        printf("evtchn: bound port %u to d%u port %u\n", (uint32_t)ret, a, b);
        evtchn_unmask_local((evtchn_port_t)ret);
    } else if (!strcmp(op, "send")) {
        if (!failed("evtchn", "send", xen_send(a))) printf("evtchn: sent port %u\n", a);
    } else if (!strcmp(op, "close")) {
        if (failed("evtchn", "close", xen_close(a))) return;
        evtchn_untrack(a);
        printf("evtchn: closed port %u\n", a);
    } else if (!strcmp(op, "status")) {
        evtchn_status_line(a);
    } else if (!strcmp(op, "unmask")) {
        if (!failed("evtchn", "unmask", xen_unmask(a))) printf("evtchn: unmasked port %u\n", a);
    } else if (!strcmp(op, "mask")) {
        evtchn_driver->mask(a);
        printf("evtchn: masked port %u\n", a);
    } else {
        printf("evtchn: unknown operation '%s'\n", op);
    }
}

const struct command commands[] = {
    {"help", "this list", cmd_help},
    {"info", "Xen version, domid, event channel ABI, CPU mode", cmd_info},
    {"mode", "CPU mode with CR0, CR3, CR4", cmd_mode},
    {"evtchn", "alloc DOMID | bind DOMID PORT | send|close|status|unmask|mask PORT | list | fifo",
     cmd_evtchn},
    {"ping", "DOMID [COUNT]: interdomain ping-pong (run it in both guests)", cmd_ping},
    {"hypercall", "NR [A0 .. A4]: issue a raw hypercall", cmd_hypercall},
    {"hibernate", "hand over to the 2-level-only resume kernel", cmd_hibernate},
    {"bench", "[hypercall|null|events [N]]: hypercall and event rates", cmd_bench},
    {"crash", "a deliberate triple fault", cmd_crash},
    {NULL, NULL, NULL},
};

static void cmd_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    for (const struct command *c = commands; c->name; c++)
        printf("help: %-9s %s\n", c->name, c->usage);
}
