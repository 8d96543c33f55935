/**
 * Port allocation and the per-domain lifecycle, xen/common/event_channel.c:
 * evtchn_init (domain_create), evtchn_allocate_port, get_free_port,
 * check_free_port, evtchn_free and evtchn_destroy (domain_kill).
 */
import { ECS, EVTCHN_FIFO_NR_CHANNELS } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import { DOMDYING, type Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { EVTCHNS_PER_BUCKET, Evtchn, type EvtchnDomain } from "./evtchn";
import { evtchnPortClearPending, evtchnIsBusy } from "./port-ops";

const INT_MAX = 0x7fffffff;

/** max_evtchns(d) (xen/common/event_channel.h). */
export function maxEvtchns(d: Domain): number {
  const e = d.evtchn;
  if (e.fifo) return EVTCHN_FIFO_NR_CHANNELS;
  const bits = e.shared.wordBits;
  return bits * bits;
}

function allocBucket(e: EvtchnDomain, first: number): void {
  const bucket: Evtchn[] = [];
  for (let i = 0; i < EVTCHNS_PER_BUCKET; i++) bucket.push(new Evtchn(first + i));
  e.buckets[first / EVTCHNS_PER_BUCKET] = bucket;
}

/**
 * evtchn_init(): 2-level ops, max_evtchn_port clamped to INT_MAX, bucket 0, and port 0
 * taken and set to ECS_RESERVED with the active count back at 0 (port 0 is never a
 * usable channel, so the first port a guest gets is 1).
 */
export function evtchnInit(d: Domain, maxPort: number): number {
  const e = d.evtchn;
  e.abi = "2l";
  e.maxEvtchnPort = Math.min(maxPort >>> 0, INT_MAX);
  allocBucket(e, 0);
  e.validEvtchns = EVTCHNS_PER_BUCKET;
  if (getFreePort(d) !== 0) return -XEN_ERRNO.EINVAL;
  e.chn(0).state = ECS.ECS_RESERVED;
  e.activeEvtchns = 0;
  return 0;
}

/**
 * evtchn_allocate_port(): -ENOSPC beyond max_evtchn_port or max_evtchns(d); -EBUSY for
 * a port in use (or still LINKED in a FIFO queue); otherwise allocate every bucket up
 * to the port and count it active.
 */
export function evtchnAllocatePort(d: Domain, port: number): number {
  const e = d.evtchn;
  if (port > e.maxEvtchnPort || port >= maxEvtchns(d)) return -XEN_ERRNO.ENOSPC;
  if (e.isValid(port)) {
    const chn = e.chn(port);
    if (chn.state !== ECS.ECS_FREE || evtchnIsBusy(d, chn)) return -XEN_ERRNO.EBUSY;
  } else {
    let alloc = e.validEvtchns;
    do {
      allocBucket(e, alloc);
      alloc += EVTCHNS_PER_BUCKET;
      e.validEvtchns = alloc;
    } while (port >= alloc);
  }
  e.activeEvtchns++;
  return 0;
}

/** get_free_port(): the lowest free port, -ENOSPC when none, -EINVAL when dying. */
export function getFreePort(d: Domain): number {
  if (d.isDying !== DOMDYING.alive) return -XEN_ERRNO.EINVAL;
  const e = d.evtchn;
  const max = e.maxEvtchnPort;
  for (let port = 0; port <= max; port++) {
    // Fast path for the common case (a port in use is -EBUSY below anyway).
    if (port < e.validEvtchns && e.chn(port).state !== ECS.ECS_FREE) continue;
    const rc = evtchnAllocatePort(d, port);
    if (rc === 0) return port;
    if (rc !== -XEN_ERRNO.EBUSY) return rc;
  }
  return -XEN_ERRNO.ENOSPC;
}

/** evtchn_get_port(): a given port, or the lowest free one for 0. */
export function evtchnGetPort(d: Domain, port: number): number {
  const rc = port !== 0 ? evtchnAllocatePort(d, port) : getFreePort(d);
  return rc || port;
}

/** check_free_port(): an allocated port that stayed FREE (a failed bind) is uncounted. */
export function checkFreePort(d: Domain, port: number): void {
  const e = d.evtchn;
  if (port >= 0 && e.isValid(port) && e.chn(port).state === ECS.ECS_FREE) e.activeEvtchns--;
}

/**
 * evtchn_free(): clear the guest-visible pending bit (so a rebind starts clean), drop
 * the counts, reset the notify vCPU to 0 and the state to FREE. The FIFO `pending`
 * flag and the priority are left as they were, as in Xen.
 */
export function evtchnFree(ctx: HypervisorContext, d: Domain, chn: Evtchn): void {
  evtchnPortClearPending(ctx, d, chn);
  const e = d.evtchn;
  if (chn.xenConsumer) e.xenEvtchns--;
  e.activeEvtchns--;
  chn.state = ECS.ECS_FREE;
  chn.notifyVcpuId = 0;
  chn.xenConsumer = 0;
}
