/**
 * getdomaininfo(), xen/common/domctl.c, plus arch_get_domain_info() (Arm always sets
 * XEN_DOMINF_hap).
 */
import { XEN_DOMINF, XEN_DOMINF_shutdownshift } from "../abi/domctl";
import { XEN_INVALID_MAX_VCPU_ID } from "../abi/xen";
import { DOMDYING, type Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { StructBuf } from "../memory/struct-buf";
import { DOMCTL, GETDOMAININFO } from "./layout";

/** p2m_ipa_bits reported on the modelled Arm host (40-bit IPA, QEMU virt). */
const ARM_GPADDR_BITS = 40;

export interface DomainInfo {
  domain: number;
  flags: number;
  totPages: number;
  maxPages: number;
  cpuTimeNs: number;
  nrOnlineVcpus: number;
  maxVcpuId: number;
  ssidref: number;
  handle: Uint8Array;
}

export function getDomainInfo(
  ctx: Pick<HypervisorContext, "arch" | "profile">,
  d: Domain,
): DomainInfo {
  let flags: number = XEN_DOMINF.XEN_DOMINF_blocked;
  let online = 0;
  let maxVcpuId = XEN_INVALID_MAX_VCPU_ID;
  let cpuTime = 0;
  for (const v of d.vcpus) {
    if (!v) continue;
    cpuTime += v.cpuTimeNs;
    maxVcpuId = v.vcpuId;
    if (v.online) {
      // blocked only if every online vCPU is; running if any is.
      if (!v.blocked) flags &= ~XEN_DOMINF.XEN_DOMINF_blocked;
      if (v.running) flags |= XEN_DOMINF.XEN_DOMINF_running;
      online++;
    }
  }
  const xsBit = ctx.profile.cdfBits.find((b) => b.name === "xs_domain");
  flags =
    (online ? flags : 0) |
    (d.isDying === DOMDYING.dead ? XEN_DOMINF.XEN_DOMINF_dying : 0) |
    (d.isShutdown ? XEN_DOMINF.XEN_DOMINF_shutdown : 0) |
    (d.controllerPauseCount > 0 ? XEN_DOMINF.XEN_DOMINF_paused : 0) |
    (xsBit && d.options & (1 << xsBit.bit) ? XEN_DOMINF.XEN_DOMINF_xs_domain : 0) |
    (d.isHvm ? XEN_DOMINF.XEN_DOMINF_hvm_guest : 0) |
    (d.shutdownCode << XEN_DOMINF_shutdownshift) |
    (ctx.arch === "arm64" ? XEN_DOMINF.XEN_DOMINF_hap : 0);
  return {
    domain: d.domid,
    flags: flags >>> 0,
    totPages: d.totPages,
    maxPages: d.maxPages,
    cpuTimeNs: cpuTime,
    nrOnlineVcpus: online,
    maxVcpuId,
    ssidref: d.ssidref,
    handle: d.handle,
  };
}

export function fillGetDomainInfo(ctx: HypervisorContext, d: Domain, op: StructBuf): void {
  const info = getDomainInfo(ctx, d);
  const U = DOMCTL.u;
  op.bytes.fill(0, U, U + 128);
  op.setU16(U + GETDOMAININFO.domain, info.domain);
  op.setU32(U + GETDOMAININFO.flags, info.flags);
  op.setU64(U + GETDOMAININFO.tot_pages, info.totPages);
  op.setU64(U + GETDOMAININFO.max_pages, info.maxPages);
  op.setU64(U + GETDOMAININFO.cpu_time, info.cpuTimeNs);
  op.setU32(U + GETDOMAININFO.nr_online_vcpus, info.nrOnlineVcpus);
  op.setU32(U + GETDOMAININFO.max_vcpu_id, info.maxVcpuId);
  op.setU32(U + GETDOMAININFO.ssidref, info.ssidref);
  op.bytes.set(info.handle, U + GETDOMAININFO.handle);
  if (ctx.arch === "arm64") op.setU8(U + GETDOMAININFO.gpaddr_bits, ARM_GPADDR_BITS);
}
