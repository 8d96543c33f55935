/**
 * Using and closing channels, xen/common/event_channel.c: evtchn_close, evtchn_send,
 * evtchn_status, evtchn_bind_vcpu, evtchn_unmask, evtchn_set_priority.
 */
import { ECS, EVTCHNSTAT, VIRQ_TYPE } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";
import { domainByAnyId, xsmTarget } from "./bind";
import type { Evtchn } from "./evtchn";
import { EVTCHN_STATUS as ST } from "./layout";
import { evtchnPortSetPending, evtchnPortSetPriority, evtchnPortUnmask } from "./port-ops";
import { evtchnFree } from "./ports";
import { getVirqType } from "./virq";
import { xenConsumerNotify } from "./xen-consumer";

const E = XEN_ERRNO;

/** unlink_pirq_port(): take the port off its vCPU's pIRQ list. */
function unlinkPirqPort(d: Domain, chn: Evtchn): void {
  const ev = d.evtchn.vcpus[chn.notifyVcpuId];
  if (chn.pirqPrev) d.evtchn.chn(chn.pirqPrev).pirqNext = chn.pirqNext;
  else if (ev) ev.pirqEvtchnHead = chn.pirqNext;
  if (chn.pirqNext) d.evtchn.chn(chn.pirqNext).pirqPrev = chn.pirqPrev;
}

/**
 * evtchn_close(d1, port1, guest): -EINVAL for an invalid, FREE or RESERVED port, or a
 * Xen-attached one closed by a guest. An interdomain close returns the peer to
 * UNBOUND, accepting a new binding from the closer.
 */
export function evtchnClose(
  ctx: HypervisorContext,
  d1: Domain,
  port1: number,
  guest: boolean,
): number {
  const chn1 = d1.evtchn.lookup(port1);
  if (!chn1) return -E.EINVAL;
  if (chn1.xenConsumer && guest) return -E.EINVAL;
  switch (chn1.state) {
    case ECS.ECS_FREE:
    case ECS.ECS_RESERVED:
      return -E.EINVAL;
    case ECS.ECS_UNBOUND:
    case ECS.ECS_IPI:
      break;
    case ECS.ECS_PIRQ:
      unlinkPirqPort(d1, chn1);
      break;
    case ECS.ECS_VIRQ: {
      const id = getVirqType(chn1.virq) !== VIRQ_TYPE.VIRQ_VCPU ? 0 : chn1.notifyVcpuId;
      const ev = d1.evtchn.vcpus[id];
      if (ev) ev.virqToEvtchn[chn1.virq] = 0;
      break;
    }
    case ECS.ECS_INTERDOMAIN: {
      const d2 = ctx.domains.get(chn1.remoteDom);
      const chn2 = d2?.evtchn.lookup(chn1.remotePort);
      evtchnFree(ctx, d1, chn1);
      if (chn2 && chn2.state === ECS.ECS_INTERDOMAIN && chn2.remoteDom === d1.domid) {
        chn2.state = ECS.ECS_UNBOUND;
        chn2.remoteDomid = d1.domid;
      }
      return 0;
    }
  }
  evtchnFree(ctx, d1, chn1);
  return 0;
}

/**
 * evtchn_send(): interdomain → the remote port pending on its notify vCPU (or its Xen
 * consumer notified); IPI → the local port pending; UNBOUND → silently dropped (0);
 * anything else, or a Xen-attached port, → -EINVAL.
 */
export function evtchnSend(ctx: HypervisorContext, ld: Domain, lport: number): number {
  const lchn = ld.evtchn.lookup(lport);
  if (!lchn || lchn.xenConsumer) return -E.EINVAL;
  switch (lchn.state) {
    case ECS.ECS_INTERDOMAIN: {
      const rd = ctx.domains.get(lchn.remoteDom);
      if (!rd) return 0;
      const rchn = rd.evtchn.chn(lchn.remotePort);
      if (rchn.xenConsumer) {
        xenConsumerNotify(ctx, rd, rchn);
        return 0;
      }
      evtchnPortSetPending(ctx, rd, rchn.notifyVcpuId, rchn);
      return 0;
    }
    case ECS.ECS_IPI:
      evtchnPortSetPending(ctx, ld, lchn.notifyVcpuId, lchn);
      return 0;
    case ECS.ECS_UNBOUND:
      return 0;
    default:
      return -E.EINVAL;
  }
}

/** evtchn_status(): XSM_TARGET on <dom>; fills status, vcpu and the union. */
export function evtchnStatus(ctx: HypervisorContext, caller: Vcpu, s: StructBuf): number {
  const d = domainByAnyId(ctx, caller, s.u16(ST.dom));
  if (!d) return -E.ESRCH;
  const chn = d.evtchn.lookup(s.u32(ST.port));
  if (!chn) return -E.EINVAL;
  const rc = xsmTarget(ctx.domains.get(caller.domid)!, d);
  if (rc) return rc;
  switch (chn.state) {
    case ECS.ECS_FREE:
    case ECS.ECS_RESERVED:
      s.setU32(ST.status, EVTCHNSTAT.EVTCHNSTAT_closed);
      break;
    case ECS.ECS_UNBOUND:
      s.setU32(ST.status, EVTCHNSTAT.EVTCHNSTAT_unbound);
      s.setU16(ST.u, chn.remoteDomid);
      break;
    case ECS.ECS_INTERDOMAIN:
      s.setU32(ST.status, EVTCHNSTAT.EVTCHNSTAT_interdomain);
      s.setU16(ST.u, chn.remoteDom);
      s.setU32(ST.u_port, chn.remotePort);
      break;
    case ECS.ECS_PIRQ:
      s.setU32(ST.status, EVTCHNSTAT.EVTCHNSTAT_pirq);
      s.setU32(ST.u, chn.pirq);
      break;
    case ECS.ECS_VIRQ:
      s.setU32(ST.status, EVTCHNSTAT.EVTCHNSTAT_virq);
      s.setU32(ST.u, chn.virq);
      break;
    case ECS.ECS_IPI:
      s.setU32(ST.status, EVTCHNSTAT.EVTCHNSTAT_ipi);
      break;
  }
  s.setU32(ST.vcpu, chn.notifyVcpuId);
  return 0;
}

/**
 * evtchn_bind_vcpu(): rebind UNBOUND, INTERDOMAIN, non-per-vCPU VIRQ and (x86) PIRQ
 * ports; -ENOENT for a missing vCPU, -EINVAL for everything else.
 */
export function evtchnBindVcpu(d: Domain, port: number, vcpuId: number): number {
  const v = d.vcpu(vcpuId);
  if (!v) return -E.ENOENT;
  const chn = d.evtchn.lookup(port);
  if (!chn || chn.xenConsumer) return -E.EINVAL;
  switch (chn.state) {
    case ECS.ECS_VIRQ:
      if (getVirqType(chn.virq) === VIRQ_TYPE.VIRQ_VCPU) return -E.EINVAL;
      chn.notifyVcpuId = v.vcpuId;
      return 0;
    case ECS.ECS_UNBOUND:
    case ECS.ECS_INTERDOMAIN:
      chn.notifyVcpuId = v.vcpuId;
      return 0;
    case ECS.ECS_PIRQ: {
      if (chn.notifyVcpuId === v.vcpuId) return 0;
      unlinkPirqPort(d, chn);
      chn.notifyVcpuId = v.vcpuId;
      const ev = d.evtchn.vcpus[v.vcpuId]!;
      chn.pirqPrev = 0;
      chn.pirqNext = ev.pirqEvtchnHead;
      if (ev.pirqEvtchnHead) d.evtchn.chn(ev.pirqEvtchnHead).pirqPrev = port;
      ev.pirqEvtchnHead = port;
      return 0;
    }
    default:
      return -E.EINVAL;
  }
}

/** evtchn_unmask(): -EINVAL for an invalid port, otherwise the ABI's unmask and 0. */
export function evtchnUnmask(ctx: HypervisorContext, d: Domain, port: number): number {
  const chn = d.evtchn.lookup(port);
  if (!chn) return -E.EINVAL;
  evtchnPortUnmask(ctx, d, chn);
  return 0;
}

/** evtchn_set_priority(): -EINVAL for an invalid port, then the ABI hook's answer. */
export function evtchnSetPriority(d: Domain, port: number, priority: number): number {
  const chn = d.evtchn.lookup(port);
  if (!chn) return -E.EINVAL;
  return evtchnPortSetPriority(d, chn, priority);
}
