/**
 * struct evtchn_port_ops and its wrappers (xen/include/xen/event.h,
 * xen/common/event_channel.h): every port operation goes through the ABI the domain
 * uses now, 2-level or FIFO (d->evtchn_port_ops), and the wrappers apply
 * evtchn_usable(): Xen-consumed, FREE and RESERVED ports are never set pending,
 * cleared or unmasked, read as not pending and masked, and refuse set_priority.
 */
import { ECS } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { Evtchn, EvtchnAbi } from "./evtchn";
import { TWO_LEVEL_OPS } from "./event-2l";
import { FIFO_OPS } from "./event-fifo";

export interface EvtchnPortOps {
  init?(ctx: HypervisorContext, d: Domain, chn: Evtchn): void;
  /** set_pending(d->vcpu[vcpuId], chn). */
  setPending(ctx: HypervisorContext, d: Domain, vcpuId: number, chn: Evtchn): void;
  clearPending(d: Domain, chn: Evtchn): void;
  unmask(ctx: HypervisorContext, d: Domain, chn: Evtchn): void;
  isPending(d: Domain, chn: Evtchn): boolean;
  isMasked(d: Domain, chn: Evtchn): boolean;
  isBusy?(d: Domain, chn: Evtchn): boolean;
  setPriority?(d: Domain, chn: Evtchn, priority: number): number;
  /** The ABI's field of a `debug-keys e` line (after `[p/m/`). */
  printState(d: Domain, chn: Evtchn): string;
}

export const PORT_OPS: Readonly<Record<EvtchnAbi, EvtchnPortOps>> = {
  "2l": TWO_LEVEL_OPS,
  fifo: FIFO_OPS,
};

/** evtchn_usable(). */
export function evtchnUsable(chn: Evtchn): boolean {
  return chn.xenConsumer === 0 && chn.state > ECS.ECS_RESERVED;
}

export function evtchnPortInit(ctx: HypervisorContext, d: Domain, chn: Evtchn): void {
  PORT_OPS[d.evtchn.abi].init?.(ctx, d, chn);
}

export function evtchnPortSetPending(
  ctx: HypervisorContext,
  d: Domain,
  vcpuId: number,
  chn: Evtchn,
): void {
  if (evtchnUsable(chn)) PORT_OPS[d.evtchn.abi].setPending(ctx, d, vcpuId, chn);
}

export function evtchnPortClearPending(_ctx: HypervisorContext, d: Domain, chn: Evtchn): void {
  if (evtchnUsable(chn)) PORT_OPS[d.evtchn.abi].clearPending(d, chn);
}

export function evtchnPortUnmask(ctx: HypervisorContext, d: Domain, chn: Evtchn): void {
  if (evtchnUsable(chn)) PORT_OPS[d.evtchn.abi].unmask(ctx, d, chn);
}

export function evtchnIsPending(d: Domain, chn: Evtchn): boolean {
  return evtchnUsable(chn) && PORT_OPS[d.evtchn.abi].isPending(d, chn);
}

export function evtchnIsMasked(d: Domain, chn: Evtchn): boolean {
  return !evtchnUsable(chn) || PORT_OPS[d.evtchn.abi].isMasked(d, chn);
}

/** evtchn_is_busy(): only FIFO has the hook (a closed port still LINKED). */
export function evtchnIsBusy(d: Domain, chn: Evtchn): boolean {
  const hook = PORT_OPS[d.evtchn.abi].isBusy;
  return hook !== undefined && hook(d, chn);
}

/** evtchn_port_set_priority(): -ENOSYS without the hook (2-level), -EACCES unusable. */
export function evtchnPortSetPriority(d: Domain, chn: Evtchn, priority: number): number {
  const hook = PORT_OPS[d.evtchn.abi].setPriority;
  if (!hook) return -XEN_ERRNO.ENOSYS;
  if (!evtchnUsable(chn)) return -XEN_ERRNO.EACCES;
  return hook(d, chn, priority);
}

export function evtchnPortPrintState(d: Domain, chn: Evtchn): string {
  return PORT_OPS[d.evtchn.abi].printState(d, chn);
}
