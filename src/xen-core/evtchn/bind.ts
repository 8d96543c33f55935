/**
 * Making channels, xen/common/event_channel.c: evtchn_alloc_unbound,
 * evtchn_bind_interdomain, evtchn_bind_virq, evtchn_bind_ipi, evtchn_bind_pirq. Each
 * reads its IN fields from, and writes its OUT port into, the copied-in struct, as
 * do_event_channel_op hands it over. Privilege is the dummy XSM policy
 * (xen/include/xsm/dummy.h): alloc_unbound is XSM_TARGET (yourself, or the control
 * domain for anyone), bind_interdomain XSM_HOOK (anyone may bind to a port offered to
 * them).
 */
import { ECS, VIRQ_TYPE } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import { DOMID } from "../abi/xen";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";
import {
  EVTCHN_ALLOC_UNBOUND as AU,
  EVTCHN_BIND_INTERDOMAIN as BI,
  EVTCHN_BIND_IPI as IPI,
  EVTCHN_BIND_PIRQ as PIRQ,
  EVTCHN_BIND_VIRQ as BV,
} from "./layout";
import { evtchnPortInit, evtchnPortSetPending } from "./port-ops";
import { checkFreePort, evtchnGetPort, getFreePort } from "./ports";
import { getGlobalVirqHandler, getVirqType } from "./virq";

const E = XEN_ERRNO;
const FILE = "common/event_channel.c";

/** rcu_lock_domain_by_any_id(): DOMID_SELF is the caller's domain. */
export function domainByAnyId(
  ctx: HypervisorContext,
  caller: Vcpu,
  domid: number,
): Domain | undefined {
  return ctx.domains.get(domid === DOMID.DOMID_SELF ? caller.domid : domid);
}

/** xsm_default_action(XSM_TARGET, src, target): yourself, else the control domain. */
export function xsmTarget(src: Domain, target: Domain): number {
  return src === target || src.isControl ? 0 : -E.EPERM;
}

/** gdprintk(XENLOG_WARNING, "EVTCHNOP failure: ...") at `line` (debug builds). */
export function evtchnopFailure(
  ctx: HypervisorContext,
  caller: Vcpu,
  line: number,
  text: string,
): void {
  ctx.report({
    ret: 0,
    kind: "dprintk",
    file: FILE,
    line,
    vcpu: `d${caller.domid}v${caller.vcpuId}`,
    text: `EVTCHNOP failure: ${text}`,
  });
}

export function evtchnAllocUnbound(ctx: HypervisorContext, caller: Vcpu, a: StructBuf): number {
  const d = domainByAnyId(ctx, caller, a.u16(AU.dom));
  if (!d) return -E.ESRCH;
  const cur = ctx.domains.get(caller.domid)!;
  const remote = a.u16(AU.remote_dom);
  const port = evtchnGetPort(d, 0);
  let rc: number;
  if (port < 0) {
    evtchnopFailure(ctx, caller, 335, `error ${port}`);
    rc = port;
  } else {
    rc = xsmTarget(cur, d);
    if (rc === 0) {
      const chn = d.evtchn.chn(port);
      chn.state = ECS.ECS_UNBOUND;
      chn.remoteDomid = remote === DOMID.DOMID_SELF ? cur.domid : remote;
      evtchnPortInit(ctx, d, chn);
      a.setU32(AU.port, port);
    }
  }
  checkFreePort(d, port);
  return rc;
}

export function evtchnBindInterdomain(ctx: HypervisorContext, caller: Vcpu, b: StructBuf): number {
  const ld = ctx.domains.get(caller.domid)!;
  const rd = domainByAnyId(ctx, caller, b.u16(BI.remote_dom));
  if (!rd) return -E.ESRCH;
  const rport = b.u32(BI.remote_port);
  const lport = evtchnGetPort(ld, 0);
  let rc: number;
  if (lport < 0) {
    evtchnopFailure(ctx, caller, 414, `error ${lport}`);
    rc = lport;
  } else {
    const rchn = rd.evtchn.lookup(rport);
    if (!rchn) {
      rc = -E.EINVAL;
      evtchnopFailure(ctx, caller, 426, `d${rd.domid}, error ${rc}`);
    } else if (rchn.state !== ECS.ECS_UNBOUND || rchn.remoteDomid !== ld.domid) {
      rc = -E.EINVAL;
      evtchnopFailure(ctx, caller, 434, `d${rd.domid}, error ${rc}`);
    } else {
      const lchn = ld.evtchn.chn(lport);
      lchn.remoteDom = rd.domid;
      lchn.remotePort = rport;
      lchn.state = ECS.ECS_INTERDOMAIN;
      evtchnPortInit(ctx, ld, lchn);
      rchn.remoteDom = ld.domid;
      rchn.remotePort = lport;
      rchn.state = ECS.ECS_INTERDOMAIN;
      // Notifications sent while the remote end was unbound were dropped: always
      // raise one on the new local port.
      evtchnPortSetPending(ctx, ld, lchn.notifyVcpuId, lchn);
      b.setU32(BI.local_port, lport);
      rc = 0;
    }
  }
  checkFreePort(ld, lport);
  return rc;
}

export function evtchnBindVirq(ctx: HypervisorContext, caller: Vcpu, b: StructBuf): number {
  const d = ctx.domains.get(caller.domid)!;
  // `int virq = bind->virq, vcpu = bind->vcpu`: values above INT_MAX are negative.
  const virq = b.i32(BV.virq);
  const vcpu = b.i32(BV.vcpu);
  if (virq < 0 || virq >= 24) return -E.EINVAL;
  const type = getVirqType(virq);
  if (type !== VIRQ_TYPE.VIRQ_VCPU && vcpu !== 0) return -E.EINVAL;
  const v = d.vcpu(vcpu);
  if (!v) return -E.ENOENT;
  if (type === VIRQ_TYPE.VIRQ_GLOBAL && getGlobalVirqHandler(ctx, virq) !== d) return -E.EBUSY;
  const ev = d.evtchn.vcpus[vcpu]!;
  if (ev.virqToEvtchn[virq]) {
    evtchnopFailure(ctx, caller, 511, `error ${-E.EEXIST}`);
    return -E.EEXIST;
  }
  const port = evtchnGetPort(d, 0);
  if (port < 0) {
    evtchnopFailure(ctx, caller, 525, `error ${port}`);
    return port;
  }
  const chn = d.evtchn.chn(port);
  chn.state = ECS.ECS_VIRQ;
  chn.notifyVcpuId = vcpu;
  chn.virq = virq;
  evtchnPortInit(ctx, d, chn);
  b.setU32(BV.port, port);
  ev.virqToEvtchn[virq] = port;
  return 0;
}

export function evtchnBindIpi(ctx: HypervisorContext, caller: Vcpu, b: StructBuf): number {
  const d = ctx.domains.get(caller.domid)!;
  const vcpu = b.u32(IPI.vcpu);
  if (!d.vcpu(vcpu)) return -E.ENOENT;
  const port = getFreePort(d);
  if (port < 0) {
    evtchnopFailure(ctx, caller, 576, `error ${port}`);
    return port;
  }
  const chn = d.evtchn.chn(port);
  chn.state = ECS.ECS_IPI;
  chn.notifyVcpuId = vcpu;
  evtchnPortInit(ctx, d, chn);
  b.setU32(IPI.port, port);
  return 0;
}

/** nr_pirqs of an x86 domU: nr_static_irqs (24 GSIs on the modelled host) + 32 extra. */
const X86_DOMU_NR_PIRQS = 24 + 32;

/**
 * evtchn_bind_pirq(): -EOPNOTSUPP without CONFIG_HAS_PIRQ (Arm). On x86: -EINVAL
 * beyond nr_pirqs; a PV domain needs irq access (-EPERM for a domU; the model maps no
 * physical IRQ for dom0, so its pirq_guest_bind fails -EINVAL); -EEXIST if already
 * bound. HVM domains bind without a physical IRQ behind (emulated pIRQs).
 */
export function evtchnBindPirq(ctx: HypervisorContext, caller: Vcpu, b: StructBuf): number {
  if (ctx.arch === "arm64") return -E.EOPNOTSUPP;
  const d = ctx.domains.get(caller.domid)!;
  const pirq = b.u32(PIRQ.pirq);
  if (pirq >= X86_DOMU_NR_PIRQS) return -E.EINVAL;
  if (!d.isHvm && !d.isControl) return -E.EPERM;
  const v0 = d.evtchn.vcpus[0]!;
  for (let p = 1; p < d.evtchn.validEvtchns; p++) {
    const c = d.evtchn.chn(p);
    if (c.state === ECS.ECS_PIRQ && c.pirq === pirq) {
      evtchnopFailure(ctx, caller, 647, `error ${-E.EEXIST}`);
      return -E.EEXIST;
    }
  }
  const port = getFreePort(d);
  if (port < 0) {
    evtchnopFailure(ctx, caller, 654, `error ${port}`);
    return port;
  }
  if (!d.isHvm) {
    checkFreePort(d, port);
    return -E.EINVAL;
  }
  const chn = d.evtchn.chn(port);
  chn.state = ECS.ECS_PIRQ;
  chn.pirq = pirq;
  // link_pirq_port(): push on vCPU0's list.
  chn.pirqPrev = 0;
  chn.pirqNext = v0.pirqEvtchnHead;
  if (v0.pirqEvtchnHead) d.evtchn.chn(v0.pirqEvtchnHead).pirqPrev = port;
  v0.pirqEvtchnHead = port;
  evtchnPortInit(ctx, d, chn);
  b.setU32(PIRQ.port, port);
  return 0;
}
