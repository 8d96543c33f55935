/**
 * Virtual IRQs, xen/common/event_channel.c: the class of each VIRQ (get_virq_type),
 * the global VIRQ handlers (set_global_virq_handler, clear_global_virq_handlers,
 * default: the hardware domain) and sending (send_guest_vcpu_virq,
 * send_guest_domain_virq, send_global_virq), for the models that raise VIRQs.
 */
import { NR_VIRQS, VIRQ, VIRQ_TYPE, type VirqType } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import { DOMDYING, type Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { Vcpu } from "../vcpu/vcpu";
import { evtchnPortSetPending } from "./port-ops";

/** get_virq_type(): V = per vCPU, D = per domain, everything else global (arch: global). */
export function getVirqType(virq: number): VirqType {
  switch (virq) {
    case VIRQ.VIRQ_TIMER:
    case VIRQ.VIRQ_DEBUG:
    case VIRQ.VIRQ_XENOPROF:
    case VIRQ.VIRQ_XENPMU:
      return VIRQ_TYPE.VIRQ_VCPU;
    case VIRQ.VIRQ_ARGO:
      return VIRQ_TYPE.VIRQ_DOMAIN;
    default:
      return VIRQ_TYPE.VIRQ_GLOBAL;
  }
}

/** get_global_virq_handler(): the registered domain, else the hardware domain (dom0). */
export function getGlobalVirqHandler(ctx: HypervisorContext, virq: number): Domain | undefined {
  return ctx.globalVirqHandlers[virq] ?? ctx.domains.get(0);
}

/**
 * set_global_virq_handler() (XEN_DOMCTL_set_virq_handler): -EINVAL for a bad or
 * non-global VIRQ or a dying domain; -EBUSY while the current handler has it bound.
 */
export function setGlobalVirqHandler(ctx: HypervisorContext, d: Domain, virq: number): number {
  if (virq >= NR_VIRQS || virq < 0) return -XEN_ERRNO.EINVAL;
  if (getVirqType(virq) !== VIRQ_TYPE.VIRQ_GLOBAL) return -XEN_ERRNO.EINVAL;
  if (ctx.globalVirqHandlers[virq] === d) return 0;
  if (d.isDying !== DOMDYING.alive) return -XEN_ERRNO.EINVAL;
  const hdl = getGlobalVirqHandler(ctx, virq);
  if (hdl && hdl !== d && hdl.evtchn.vcpus[0]?.virqToEvtchn[virq]) return -XEN_ERRNO.EBUSY;
  ctx.globalVirqHandlers[virq] = d;
  return 0;
}

/** clear_global_virq_handlers(): a dying domain gives its global VIRQs back to dom0. */
export function clearGlobalVirqHandlers(ctx: HypervisorContext, d: Domain): void {
  for (let virq = 0; virq < NR_VIRQS; virq++)
    if (ctx.globalVirqHandlers[virq] === d) ctx.globalVirqHandlers[virq] = undefined;
}

/** evtchn_virq_enabled(). */
export function evtchnVirqEnabled(d: Domain, v: Vcpu, virq: number): boolean {
  const id = getVirqType(virq) !== VIRQ_TYPE.VIRQ_VCPU ? 0 : v.vcpuId;
  return (d.evtchn.vcpus[id]?.virqToEvtchn[virq] ?? 0) !== 0;
}

/** send_guest_vcpu_virq(): a per-vCPU VIRQ to the port bound on that vCPU. */
export function sendGuestVcpuVirq(ctx: HypervisorContext, d: Domain, v: Vcpu, virq: number): void {
  const port = d.evtchn.vcpus[v.vcpuId]?.virqToEvtchn[virq] ?? 0;
  if (port === 0) return;
  evtchnPortSetPending(ctx, d, v.vcpuId, d.evtchn.chn(port));
}

/** send_guest_domain_virq(): a per-domain or global VIRQ, bound on vCPU0. */
export function sendGuestDomainVirq(
  ctx: HypervisorContext,
  d: Domain | undefined,
  virq: number,
): void {
  if (!d || !d.vcpus[0]) return;
  const port = d.evtchn.vcpus[0]?.virqToEvtchn[virq] ?? 0;
  if (port === 0) return;
  const chn = d.evtchn.chn(port);
  evtchnPortSetPending(ctx, d, chn.notifyVcpuId, chn);
}

/** send_global_virq(). */
export function sendGlobalVirq(ctx: HypervisorContext, virq: number): void {
  sendGuestDomainVirq(ctx, getGlobalVirqHandler(ctx, virq), virq);
}
