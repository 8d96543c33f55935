/**
 * do_domctl(), xen/common/domctl.c: copy the struct in, check the interface version,
 * look the target up, apply the default XSM policy, run the op, copy back.
 * Handlers return a negative errno; nothing here throws across the guest boundary.
 */
import { XEN_DOMCTL, XEN_DOMCTL_INTERFACE_VERSION } from "../abi/domctl";
import { XEN_ERRNO } from "../abi/errno";
import { DOMID } from "../abi/xen";
import type { Domain } from "../domain/domain";
import { domainCreate } from "../domain/domain-create";
import type { HypervisorContext } from "../hypervisor/context";
import { copyFromGuest, copyToGuest } from "../memory/guest-access";
import { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";
import { hashX } from "../format";
import { describeDomctlOp } from "../hypercall/describe";
import { decodeCreateDomain } from "./createdomain-config";
import { archDoDomctl } from "./arch-domctl";
import { domainKill, pauseBySystemController, unpauseBySystemController } from "./domain-lifecycle";
import { fillGetDomainInfo } from "./getdomaininfo";
import {
  ARM_ARCH_CONFIG,
  CREATEDOMAIN,
  DOMCTL,
  MAX_MEM,
  MAX_VCPUS,
  VCPUCONTEXT,
  XEN_DOMCTL_SIZE,
} from "./layout";
import { getVcpuInfo } from "./toolstack-ops";
import { getVcpuContext, setVcpuContext } from "./vcpucontext";

const E = XEN_ERRNO;
const C = XEN_DOMCTL;
const U = DOMCTL.u;

/**
 * do_domctl's `curop`: Xen copies the struct onto its stack; the model keeps one
 * scratch copy (hypercalls do not nest, and handlers keep no reference to it).
 */
const curop = new StructBuf(XEN_DOMCTL_SIZE);

export function doDomctl(ctx: HypervisorContext, caller: Vcpu, uDomctl: bigint): number {
  const callerDom = ctx.domains.get(caller.domid);
  if (!callerDom) return -E.ESRCH;
  if (!copyFromGuest(callerDom.memory, uDomctl, XEN_DOMCTL_SIZE, curop.bytes)) return -E.EFAULT;
  const op = curop;
  const cmd = op.u32(DOMCTL.cmd);

  if (
    op.u32(DOMCTL.interface_version) !==
    (cmd === C.XEN_DOMCTL_get_domain_state ? 0 : XEN_DOMCTL_INTERFACE_VERSION)
  ) {
    return -E.EACCES;
  }

  let d: Domain | undefined;
  if (cmd !== C.XEN_DOMCTL_createdomain) {
    d = ctx.domains.get(op.u16(DOMCTL.domain));
    if (!d) return callerDom.isControl ? -E.ESRCH : -E.EPERM;
  }

  let copyback: boolean;
  let ret: number;

  if (cmd === C.XEN_DOMCTL_getdomaininfo) {
    // xsm_getdomaininfo(XSM_XS_PRIV): the control domain or the xenstore domain.
    if (!callerDom.isControl && !isXenstoreDomain(ctx, callerDom)) return -E.EPERM;
    fillGetDomainInfo(ctx, d!, op);
    copyback = true;
    ret = 0;
  } else {
    // xsm_domctl(XSM_PRIV): the dummy policy allows only the control domain.
    if (!callerDom.isControl) return -E.EPERM;
    const r = runOp(ctx, caller, callerDom, d, cmd, op);
    ret = r.ret;
    copyback = r.copyback;
  }

  if (ctx.trace.enabled) ctx.describeCurrent(describeDomctlOp(op));
  if (copyback && !copyToGuest(callerDom.memory, uDomctl, op.bytes)) return -E.EFAULT;
  return ret;
}

function isXenstoreDomain(ctx: HypervisorContext, d: Domain): boolean {
  const bit = ctx.profile.cdfBits.find((b) => b.name === "xs_domain");
  return bit !== undefined && (d.options & (1 << bit.bit)) !== 0;
}

function runOp(
  ctx: HypervisorContext,
  caller: Vcpu,
  callerDom: Domain,
  d: Domain | undefined,
  cmd: number,
  op: StructBuf,
): { ret: number; copyback: boolean } {
  const self = d === callerDom;
  const done = (ret: number, copyback = false) => ({ ret, copyback });
  switch (cmd) {
    case C.XEN_DOMCTL_createdomain: {
      const domid = ctx.domids.alloc(op.u16(DOMCTL.domain));
      if (domid === DOMID.DOMID_INVALID) return done(-E.EEXIST);
      const config = decodeCreateDomain(op);
      const created = domainCreate(ctx, domid, config);
      if (!("vcpus" in created)) {
        ctx.domids.free(domid);
        ctx.report(created);
        return done(created.ret);
      }
      op.setU16(DOMCTL.domain, domid);
      // OUT: the arch config as sanitised (gic_version NATIVE became V2 or V3).
      if (ctx.arch === "arm64")
        op.setU8(U + CREATEDOMAIN.arch + ARM_ARCH_CONFIG.gic_version, config.arm.gicVersion);
      // The domain's type is part of its state (snapshots, expect domain-type), not an
      // event: upstream leaves the zeroed struct's DOMAIN_32BIT, v1 derives it from a flag.
      const detail = `flags ${hashX(config.flags)} max_vcpus ${config.maxVcpus}`;
      ctx.stateChange(domid, "domain-created", detail);
      return done(0, true);
    }
    case C.XEN_DOMCTL_destroydomain:
      return done(domainKill(ctx, callerDom, d!));
    case C.XEN_DOMCTL_pausedomain:
      return done(self ? -E.EINVAL : pauseBySystemController(ctx, d!));
    case C.XEN_DOMCTL_unpausedomain:
      return done(unpauseBySystemController(ctx, d!));
    case C.XEN_DOMCTL_max_vcpus: {
      const max = op.u32(U + MAX_VCPUS.max);
      // max_vcpus was fixed at createdomain; this only allocates the vCPUs.
      if (self || max !== d!.maxVcpus) return done(-E.EINVAL);
      for (let i = 0; i < max; i++) if (!d!.vcpus[i]) ctx.createVcpu(d!, i);
      return done(0);
    }
    case C.XEN_DOMCTL_max_mem: {
      const maxKb = op.u64(U + MAX_MEM.max_memkb);
      // max_pages = max_memkb >> (PAGE_SHIFT - 10); no check against tot_pages.
      const pages = maxKb >> 2n;
      d!.maxPages = Number(pages > 0xffffffffn ? 0xffffffffn : pages);
      ctx.stateChange(d!.domid, "max-mem", `max_pages ${d!.maxPages}`);
      return done(0);
    }
    case C.XEN_DOMCTL_getvcpuinfo: {
      const r = getVcpuInfo(d!, op);
      return done(r, r === 0);
    }
    case C.XEN_DOMCTL_setvcpucontext:
      return done(
        setVcpuContext(
          ctx,
          callerDom,
          d!,
          op.u32(U + VCPUCONTEXT.vcpu),
          op.u64(U + VCPUCONTEXT.ctxt),
        ),
      );
    case C.XEN_DOMCTL_getvcpucontext: {
      const r = getVcpuContext(
        ctx,
        caller,
        d!,
        op.u32(U + VCPUCONTEXT.vcpu),
        op.u64(U + VCPUCONTEXT.ctxt),
        callerDom,
      );
      // Xen copies the domctl back only once it got as far as copying the context out.
      return done(r, r === 0 || r === -E.EFAULT);
    }
    default:
      return archDoDomctl(ctx, d!, cmd, op);
  }
}
