/**
 * Domctls the toolstack's domain build issues beyond the core ones:
 * - XEN_DOMCTL_getvcpuinfo (xen/common/domctl.c), for `xl vcpu-list`;
 * - XEN_DOMCTL_vuart_op (xen/arch/arm/domctl.c handle_vuart_init), for vuart="sbsa_uart";
 * - XEN_DOMCTL_arm_cca_op (91), the Realm RFC v1's finalisation ("[RFC PATCH v1 24/26]"
 *   xen/arch/arm/domctl.c handle_arm_cca_init_realm and cca/build.c
 *   arm_cca_validate_domain), only in a profile with `armCca`.
 */
import { GUEST_RAM0_BASE, GUEST_RAM0_SIZE } from "../abi/arch-arm";
import { XEN_DOMCTL_CONFIG_GIC } from "../abi/domctl";
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { StructBuf } from "../memory/struct-buf";
import { DOMCTL } from "./layout";

const E = XEN_ERRNO;
const U = DOMCTL.u;

export const XEN_DOMCTL_arm_cca_op = 91;
export const XEN_DOMCTL_ARM_CCA_OP_INIT_REALM = 0;

/** struct xen_domctl_getvcpuinfo. */
export const GETVCPUINFO = {
  vcpu: 0,
  online: 4,
  blocked: 5,
  running: 6,
  cpu_time: 8,
  cpu: 16,
} as const;
/** struct xen_domctl_vuart_op. */
export const VUART_OP = {
  cmd: 0,
  type: 4,
  gfn: 8,
  console_domid: 16,
  pad: 18,
  evtchn: 20,
} as const;
/** struct xen_domctl_arm_cca_op (RFC). */
export const ARM_CCA_OP = { cmd: 0, flags: 4, base_gfn: 8, nr_pages: 16, rmi_result: 24 } as const;

/** Physical CPUs of the modelled hosts (the oracles' machines have 2). */
export const NR_PCPUS = 2;

/** The pCPU a vCPU is on: the model does not schedule, so placement is a fixed rule. */
export function vcpuProcessor(domid: number, vcpuId: number): number {
  return (domid + vcpuId) % NR_PCPUS;
}

export function getVcpuInfo(d: Domain, op: StructBuf): number {
  const id = op.u32(U + GETVCPUINFO.vcpu);
  const v = d.vcpu(id);
  if (!v) return -E.ENOENT;
  op.setU8(U + GETVCPUINFO.online, v.online ? 1 : 0);
  op.setU8(U + GETVCPUINFO.blocked, v.blocked ? 1 : 0);
  op.setU8(U + GETVCPUINFO.running, v.running ? 1 : 0);
  op.setU64(U + GETVCPUINFO.cpu_time, v.cpuTimeNs);
  op.setU32(U + GETVCPUINFO.cpu, vcpuProcessor(d.domid, v.vcpuId));
  return 0;
}

export function vuartOp(ctx: HypervisorContext, d: Domain, op: StructBuf): number {
  if (op.u8(U + VUART_OP.pad) || op.u8(U + VUART_OP.pad + 1)) return -E.EINVAL;
  if (op.u32(U + VUART_OP.cmd) !== 0) return -E.EINVAL;
  if (d.creationFinished) return -E.EPERM;
  if (op.u32(U + VUART_OP.type) !== 0) return -E.EOPNOTSUPP;
  // domain_vpl011_init(): one per domain.
  if (d.hasVpl011) return -E.EEXIST;
  d.hasVpl011 = true;
  // The backend's event channel is allocated by the event channel model when present;
  // until then the OUT port reads 0.
  op.setU32(U + VUART_OP.evtchn, 0);
  ctx.stateChange(d.domid, "vpl011", `SPI 32, ring gfn 0x${op.u64(U + VUART_OP.gfn).toString(16)}`);
  return 0;
}

/** ARM_CCA_REALM_MAX_PAGES: the first RAM bank (UNVERIFIED: the RFC's own limit). */
const REALM_MAX_PAGES = GUEST_RAM0_SIZE / 4096;

export function armCcaOp(ctx: HypervisorContext, d: Domain, op: StructBuf): number {
  const cca = ctx.profile.armCca;
  if (op.u32(U + ARM_CCA_OP.cmd) !== XEN_DOMCTL_ARM_CCA_OP_INIT_REALM) return -E.EINVAL;
  if (op.u32(U + ARM_CCA_OP.flags)) return -E.EINVAL;
  op.setU64(U + ARM_CCA_OP.rmi_result, 0n);
  // Without CONFIG_ARM_CCA the handler is a stub.
  if (!cca) return -E.EOPNOTSUPP;
  // arm_cca_validate_domain(), in the RFC's order.
  if (d.isControl || !d.isHvm || d.type === 32) return -E.EOPNOTSUPP;
  if (d.maxVcpus === 0 || d.vcpus.some((v) => !v)) return -E.EOPNOTSUPP;
  if (d.arch.kind !== "arm" || d.arch.gicVersion !== XEN_DOMCTL_CONFIG_GIC.XEN_DOMCTL_CONFIG_GIC_V3)
    return -E.EOPNOTSUPP;
  if (d.creationFinished) return -E.EPERM;
  if (d.isRealm) return -E.EEXIST;
  if (d.hasVpl011 && !cca.debugVuart) {
    ctx.console.printk(`ARM CCA: Realm VUART debug console is disabled for d${d.domid}`);
    return -E.EOPNOTSUPP;
  }
  const base = op.u64(U + ARM_CCA_OP.base_gfn);
  const nr = op.u64(U + ARM_CCA_OP.nr_pages);
  if (base !== BigInt(GUEST_RAM0_BASE / 4096)) return -E.EOPNOTSUPP;
  if (nr === 0n || nr > BigInt(REALM_MAX_PAGES)) return -E.EINVAL;
  if (nr > BigInt(d.totPages)) return -E.EINVAL;
  d.isRealm = true;
  ctx.stateChange(d.domid, "realm", `activated over ${nr} pages from gfn 0x${base.toString(16)}`);
  return 0;
}
