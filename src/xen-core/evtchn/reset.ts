/**
 * EVTCHNOP_reset / EVTCHNOP_reset_cont, xen/common/event_channel.c evtchn_reset():
 * close every guest port from 1 upward, checking for preemption every 64 ports and
 * continuing with EVTCHNOP_reset_cont; -EAGAIN if non-Xen ports are left over; a
 * domain on the FIFO ABI goes back to 2-level.
 *
 * The model's hypercall_preempt_check() is true at every checkpoint after the first
 * port of a pass, so a reset takes one pass per 64 ports, deterministically, each
 * visible in the trace (a pass that resumes on a checkpoint moves on first).
 *
 * evtchn_destroy() (domain_kill) closes every port from the top as Xen (not the guest),
 * hands global VIRQs back to dom0 and drops the FIFO state; the model's domain_kill
 * completes in one call, so it is never preempted.
 */
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { evtchnClose } from "./close-send";
import { evtchnFifoDestroy } from "./fifo-control";
import { clearGlobalVirqHandlers } from "./virq";

const E = XEN_ERRNO;

function hasActiveEvtchns(d: Domain): boolean {
  return d.evtchn.activeEvtchns > d.evtchn.xenEvtchns;
}

/**
 * evtchn_reset(d, resuming): -EINVAL for another domain that its controller has not
 * paused, -EBUSY when a reset is already in progress (or reset_cont without one),
 * -ERESTART when preempted (the caller makes the continuation).
 */
export function evtchnReset(
  ctx: HypervisorContext,
  current: Domain,
  d: Domain,
  resuming: boolean,
): number {
  const e = d.evtchn;
  if (d !== current && !d.controllerPauseCount) return -E.EINVAL;
  let i = resuming ? e.nextEvtchn : e.nextEvtchn ? 0 : 1;
  if (i > e.nextEvtchn) e.nextEvtchn = i;
  if (!i) return -E.EBUSY;
  const start = i;
  for (; e.isValid(i) && hasActiveEvtchns(d); i++) {
    evtchnClose(ctx, d, i, true);
    if (!(i & 0x3f) && i !== start) {
      e.nextEvtchn = i;
      return -E.ERESTART;
    }
  }
  e.nextEvtchn = 0;
  if (e.activeEvtchns > e.xenEvtchns) return -E.EAGAIN;
  if (e.fifo) {
    evtchnFifoDestroy(d);
    e.abi = "2l";
    ctx.stateChange(d.domid, "evtchn-abi", "2l (EVTCHNOP_reset)");
  }
  return 0;
}

/** evtchn_destroy(): at domain_kill. */
export function evtchnDestroy(ctx: HypervisorContext, d: Domain): void {
  for (let i = d.evtchn.validEvtchns - 1; i > 0; i--) evtchnClose(ctx, d, i, false);
  clearGlobalVirqHandlers(ctx, d);
  evtchnFifoDestroy(d);
}
