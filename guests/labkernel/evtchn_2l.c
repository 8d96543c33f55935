/*
 * The 2-level ABI (Xen: xen/common/event_2l.c), the guest side, 32-bit layout: a
 * pending and a mask bitmap of 32 x 32 bits in shared_info, and the 32-bit selector
 * evtchn_pending_sel in vcpu_info saying which pending words to look at. Xen sets
 * pending, then the selector bit, then evtchn_upcall_pending; the guest takes them in
 * the reverse order. Updates use locked instructions: Xen writes these words between
 * any two of our instructions (another guest's hypercall runs while we are preempted).
 */
#include <lab/lab.h>
#include <lab/atomic.h>
#include <lab/evtchn.h>
#include <xen/errno.h>

static long l2_setup_port(evtchn_port_t port)
{
    return port < EVTCHN_2L_NR_CHANNELS ? 0 : -XEN_ENOSPC;
}

static void l2_mask(evtchn_port_t port)
{
    set_bit(&shinfo->evtchn_mask[port / 32], port % 32);
}

/*
 * Clear the mask, then look at pending (in that order, or an event arriving in between
 * is missed). If it is pending, Xen must raise it: put the mask back and let
 * EVTCHNOP_unmask clear it, because Xen's 2-level unmask only raises an event whose
 * mask bit it found set (xen/common/event_2l.c evtchn_2l_unmask). Linux's HVM path
 * does the same.
 */
static bool l2_clear_mask(evtchn_port_t port)
{
    volatile uint32_t *mask = &shinfo->evtchn_mask[port / 32];
    test_and_clear_bit(mask, port % 32);
    if (!((shinfo->evtchn_pending[port / 32] >> (port % 32)) & 1)) return false;
    set_bit(mask, port % 32);
    return true;
}

static void l2_handle_events(void)
{
    volatile struct vcpu_info *vi = &shinfo->vcpu_info[0];
    uint32_t sel = xchg(&vi->evtchn_pending_sel, 0);
    while (sel) {
        uint32_t w = (uint32_t)__builtin_ctz(sel);
        sel &= sel - 1;
        uint32_t bits = shinfo->evtchn_pending[w] & ~shinfo->evtchn_mask[w];
        while (bits) {
            uint32_t b = (uint32_t)__builtin_ctz(bits);
            bits &= bits - 1;
            if (test_and_clear_bit(&shinfo->evtchn_pending[w], b)) evtchn_deliver(w * 32 + b);
        }
    }
}

const struct evtchn_driver evtchn_2l_driver = {
    .name = "2-level",
    .nr_channels = EVTCHN_2L_NR_CHANNELS,
    .setup_port = l2_setup_port,
    .mask = l2_mask,
    .clear_mask = l2_clear_mask,
    .handle_events = l2_handle_events,
};
