/*
 * Meeting the hypervisor: the version, our domain id, shared_info and the event
 * upcall. An HVM guest has no start_info page telling it its domid, so labkernel asks
 * Xen the way the ABI allows: an unbound port for DOMID_SELF reports the remote
 * domain as our own id in EVTCHNOP_status (Xen replaces DOMID_SELF by the caller's id,
 * xen/common/event_channel.c evtchn_alloc_unbound), then the port is closed again.
 */
#include <lab/lab.h>
#include <lab/cpu.h>
#include <lab/evtchn.h>
#include <lab/hypercall.h>
#include <lab/xen.h>
#include <xen/hvm.h>
#include <xen/memory.h>
#include <xen/version.h>

uint32_t my_domid = DOMID_SELF;
static struct shared_info shinfo_page __attribute__((aligned(4096)));
struct shared_info *shinfo = &shinfo_page;
static bool shinfo_mapped, upcall_registered;

bool evtchn_ready(void) { return shinfo_mapped && upcall_registered; }

static void say_failed(const char *what, long ret)
{
    printf("xen: %s failed: ", what);
    print_err(ret);
    printf("\n");
}

void xen_print_version(void)
{
    long v = hypercall2(__HYPERVISOR_xen_version, XENVER_version, NULL);
    xen_extraversion_t extra;
    memset(extra, 0, sizeof(extra));
    if (hypercall2(__HYPERVISOR_xen_version, XENVER_extraversion, extra) < 0) extra[0] = 0;
    extra[sizeof(extra) - 1] = 0;
    printf("xen: version %u.%u%s\n", (uint32_t)v >> 16, (uint32_t)v & 0xFFFF, extra);
}

static void find_domid(void)
{
    long port = xen_alloc_unbound(DOMID_SELF);
    if (port < 0) {
        printf("xen: domid unknown: EVTCHNOP_alloc_unbound ");
        print_err(port);
        printf("\n");
        return;
    }
    struct evtchn_status st;
    long ret = xen_status(DOMID_SELF, (evtchn_port_t)port, &st);
    xen_close((evtchn_port_t)port);
    if (ret) {
        say_failed("EVTCHNOP_status", ret);
        return;
    }
    my_domid = st.u.unbound.dom;
}

void xen_print_domid(void)
{
    if (my_domid == DOMID_SELF)
        printf("xen: domid unknown\n");
    else
        printf("xen: domid %u\n", my_domid);
}

/* XENMEM_add_to_physmap(XENMAPSPACE_shared_info): Xen's page appears at our frame. */
void xen_map_shared_info(void)
{
    struct xen_add_to_physmap xatp = {DOMID_SELF, 0, XENMAPSPACE_shared_info, 0,
                                      PA(&shinfo_page) >> 12};
    long ret = hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, &xatp);
    if (ret) say_failed("XENMEM_add_to_physmap(shared_info)", ret);
    shinfo_mapped = ret == 0;
}

/*
 * HVM_PARAM_CALLBACK_IRQ: GSI 10 under labfw (HVM, emulated PIC), vector 0x2A when
 * entered directly (PVH). Either way Xen raises it when evtchn_upcall_pending goes
 * from 0 to 1.
 */
void xen_register_upcall(void)
{
    uint64_t via = boot.firmware
                       ? (HVM_PARAM_CALLBACK_TYPE_GSI << HVM_PARAM_CALLBACK_TYPE_SHIFT) | CALLBACK_GSI
                       : (HVM_PARAM_CALLBACK_TYPE_VECTOR << HVM_PARAM_CALLBACK_TYPE_SHIFT) |
                             CALLBACK_VECTOR;
    struct xen_hvm_param p = {DOMID_SELF, 0, HVM_PARAM_CALLBACK_IRQ, via};
    irq_set_handler(CALLBACK_GSI, evtchn_upcall);
    irq_unmask(CALLBACK_GSI);
    long ret = hypercall2(__HYPERVISOR_hvm_op, HVMOP_set_param, &p);
    if (ret) say_failed("HVMOP_set_param(HVM_PARAM_CALLBACK_IRQ)", ret);
    upcall_registered = ret == 0;
}

/* Boot order of docs/guest-shell.md: version, domid, then the event channel ABI. */
void xen_boot(bool print_identity)
{
    if (print_identity) xen_print_version();
    if (my_domid == DOMID_SELF) find_domid();
    if (print_identity) xen_print_domid();
    xen_map_shared_info();
    xen_register_upcall();
}

const char *x86_mode_name(void)
{
    uint32_t cr0 = read_cr0();
    return !(cr0 & CR0_PE) ? "real" : (cr0 & CR0_PG) ? "paging" : "protected";
}
