/**
 * Xen-attached channels, xen/common/event_channel.c: a port whose consumer is Xen
 * itself (ioreq servers, vm_event rings), made by alloc_unbound_xen_event_channel.
 * A guest cannot close, send on or rebind it; a send from the peer calls the
 * consumer's notification function instead of setting the port pending. The default
 * function wakes a vCPU blocked in Xen on it (_VPF_blocked_in_xen).
 */
import { ECS } from "../abi/event-channel";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { Evtchn } from "./evtchn";
import { evtchnPortSetPending } from "./port-ops";
import { checkFreePort, getFreePort } from "./ports";

/** xen_consumers[]: index + 1 is the value kept in evtchn->xen_consumer. */
export type XenNotification = (
  ctx: HypervisorContext,
  d: Domain,
  vcpuId: number,
  port: number,
) => void;

const defaultNotification: XenNotification = (ctx, d, vcpuId, port) => {
  const v = d.vcpus[vcpuId];
  if (v?.blocked) {
    v.blocked = false;
    ctx.stateChange(d.domid, "xen-consumer-woken", `port ${port}`, vcpuId);
  }
};

const consumers: XenNotification[] = [];

function getXenConsumer(fn: XenNotification | undefined): number {
  const f = fn ?? defaultNotification;
  let i = consumers.indexOf(f);
  if (i < 0) i = consumers.push(f) - 1;
  return i + 1;
}

/** alloc_unbound_xen_event_channel(); returns the port or a negative errno. */
export function allocUnboundXenEventChannel(
  ctx: HypervisorContext,
  ld: Domain,
  lvcpu: number,
  remoteDomid: number,
  notification?: XenNotification,
): number {
  const port = getFreePort(ld);
  if (port < 0) return port;
  const chn = ld.evtchn.chn(port);
  chn.state = ECS.ECS_UNBOUND;
  chn.xenConsumer = getXenConsumer(notification);
  chn.notifyVcpuId = lvcpu;
  chn.remoteDomid = remoteDomid;
  ld.evtchn.xenEvtchns++;
  checkFreePort(ld, port);
  return port;
}

/** The consumer's notification for a send from the peer (evtchn_send). */
export function xenConsumerNotify(ctx: HypervisorContext, rd: Domain, rchn: Evtchn): void {
  consumers[rchn.xenConsumer - 1]?.(ctx, rd, rchn.notifyVcpuId, rchn.port);
}

/** notify_via_xen_event_channel(): Xen signals the guest end of its channel. */
export function notifyViaXenEventChannel(ctx: HypervisorContext, ld: Domain, lport: number): void {
  const lchn = ld.evtchn.lookup(lport);
  if (!lchn || lchn.state !== ECS.ECS_INTERDOMAIN) return;
  const rd = ctx.domains.get(lchn.remoteDom);
  const rchn = rd?.evtchn.lookup(lchn.remotePort);
  if (rd && rchn) evtchnPortSetPending(ctx, rd, rchn.notifyVcpuId, rchn);
}
