/**
 * XEN_DOMCTL_setvcpucontext / getvcpucontext (xen/common/domctl.c) with Arm's
 * arch_set_info_guest / arch_get_info_guest (xen/arch/arm/domain.c): the context's
 * CPSR and SPSRs must be valid guest modes for the domain's type; VGCF_online brings
 * the vCPU up; a NULL handle resets the vCPU.
 *
 * x86: the modelled x86 vCPU uses a compact lab layout (layout.ts
 * X86_LAB_VCPU_CONTEXT) instead of x86's 5 KiB vcpu_guest_context; emulated x86
 * guests never go through this path (v86 owns their registers).
 */
import {
  PSR_GUEST32_INIT,
  PSR_GUEST64_INIT,
  PSR_MODE,
  PSR_MODE_BIT,
  VGCF_online,
} from "../abi/arch-arm";
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { copyFromGuest, copyToGuest } from "../memory/guest-access";
import { StructBuf } from "../memory/struct-buf";
import { ArmVcpu } from "../vcpu/arm-vcpu";
import type { Vcpu } from "../vcpu/vcpu";
import type { X86Vcpu } from "../vcpu/x86-vcpu";
import { ARM_VCPU_GUEST_CONTEXT as A, X86_LAB_VCPU_CONTEXT as X } from "./layout";

const E = XEN_ERRNO;
const PSR_MODE_MASK = 0x1f;

/** is_guest_pv32_psr(): an AArch32 mode a guest may run in (not MON, not HYP). */
export function isGuestPv32Psr(psr: number): boolean {
  const m = psr & PSR_MODE_MASK;
  return (
    m === PSR_MODE.PSR_MODE_USR ||
    m === PSR_MODE.PSR_MODE_FIQ ||
    m === PSR_MODE.PSR_MODE_IRQ ||
    m === PSR_MODE.PSR_MODE_SVC ||
    m === PSR_MODE.PSR_MODE_ABT ||
    m === PSR_MODE.PSR_MODE_UND ||
    m === PSR_MODE.PSR_MODE_SYS
  );
}

/** is_guest_pv64_psr(): EL1h, EL1t or EL0t with the AArch32 bit clear. */
export function isGuestPv64Psr(psr: bigint): boolean {
  if (psr & BigInt(PSR_MODE_BIT)) return false;
  const m = Number(psr & 0x1fn);
  return (
    m === PSR_MODE.PSR_MODE_EL1h || m === PSR_MODE.PSR_MODE_EL1t || m === PSR_MODE.PSR_MODE_EL0t
  );
}

export function setVcpuContext(
  ctx: HypervisorContext,
  callerDom: Domain,
  d: Domain,
  vcpuIdx: number,
  handle: bigint,
): number {
  const v = vcpuIdx < d.maxVcpus ? d.vcpus[vcpuIdx] : undefined;
  if (d === callerDom || !v) return -E.EINVAL;
  if (handle === 0n) {
    // vcpu_reset(): back to the state of a freshly created vCPU, offline.
    v.regs.resetRegisters();
    v.initialised = false;
    v.online = false;
    ctx.stateChange(d.domid, "vcpu-reset", "setvcpucontext with a NULL handle", v.vcpuId);
    return 0;
  }
  const size = v.regs.arch === "arm" ? A.size : X.size;
  const raw = copyFromGuest(callerDom.memory, handle, size);
  if (!raw) return -E.EFAULT;
  const c = new StructBuf(raw);
  const rc = v.regs instanceof ArmVcpu ? applyArm(d, v.regs, c) : applyX86(v.regs as X86Vcpu, c);
  if (rc) return rc;
  v.initialised = true;
  const online = (c.u32(0) & VGCF_online) !== 0;
  v.online = online;
  // An idle modelled guest waits for events: blocked once it runs.
  v.blocked = online && !d.isControl;
  ctx.stateChange(d.domid, "vcpu-context", `online ${online ? 1 : 0} mode ${v.mode}`, v.vcpuId);
  return 0;
}

function applyArm(d: Domain, r: ArmVcpu, c: StructBuf): number {
  const cpsr = c.u64(A.cpsr);
  if (d.type === 32) {
    if (!isGuestPv32Psr(Number(cpsr & 0xffffffffn))) return -E.EINVAL;
    for (const off of [A.spsr_el1, A.spsr_abt, A.spsr_und, A.spsr_irq, A.spsr_fiq]) {
      const spsr = c.u32(off);
      if (spsr && !isGuestPv32Psr(spsr)) return -E.EINVAL;
    }
  } else {
    if (!isGuestPv64Psr(cpsr)) return -E.EINVAL;
    const spsr = c.u64(A.spsr_el1);
    if (spsr && !isGuestPv64Psr(spsr)) return -E.EINVAL;
  }
  for (let i = 0; i < 31; i++) r.x[i] = c.u64(A.x0 + i * 8);
  r.pc = c.u64(A.pc64);
  r.cpsr = Number(cpsr & 0xffffffffn);
  r.spsrEl1 = Number(c.u64(A.spsr_el1) & 0xffffffffn);
  r.spEl0 = c.u64(A.sp_el0);
  r.spEl1 = c.u64(A.sp_el1);
  r.elrEl1 = c.u64(A.elr_el1);
  r.sctlr = Number(c.u64(A.sctlr) & 0xffffffffn);
  r.ttbcr = c.u64(A.ttbcr);
  r.ttbr0 = c.u64(A.ttbr0);
  r.ttbr1 = c.u64(A.ttbr1);
  return 0;
}

function applyX86(r: X86Vcpu, c: StructBuf): number {
  r.ebx = c.u32(X.ebx);
  r.ecx = c.u32(X.ecx);
  r.edx = c.u32(X.edx);
  r.esi = c.u32(X.esi);
  r.edi = c.u32(X.edi);
  r.ebp = c.u32(X.ebp);
  r.eax = c.u32(X.eax);
  r.eip = c.u32(X.eip);
  r.cs = c.u32(X.cs);
  r.eflags = c.u32(X.eflags);
  r.esp = c.u32(X.esp);
  r.cr0 = c.u32(X.cr0);
  r.cr3 = c.u32(X.cr3);
  r.cr4 = c.u32(X.cr4);
  return 0;
}

/** Encode a vCPU's context as arch_get_info_guest does. */
export function encodeVcpuContext(v: Vcpu): Uint8Array {
  if (v.regs instanceof ArmVcpu) {
    const r = v.regs;
    const c = new StructBuf(A.size);
    c.setU32(A.flags, v.online ? VGCF_online : 0);
    r.x.forEach((x, i) => c.setU64(A.x0 + i * 8, x));
    c.setU64(A.pc64, r.pc);
    c.setU64(A.cpsr, r.cpsr);
    c.setU64(A.spsr_el1, r.spsrEl1);
    c.setU64(A.sp_el0, r.spEl0);
    c.setU64(A.sp_el1, r.spEl1);
    c.setU64(A.elr_el1, r.elrEl1);
    c.setU64(A.sctlr, r.sctlr);
    c.setU64(A.ttbcr, r.ttbcr);
    c.setU64(A.ttbr0, r.ttbr0);
    c.setU64(A.ttbr1, r.ttbr1);
    return c.bytes;
  }
  const r = v.regs;
  const c = new StructBuf(X.size);
  c.setU32(X.flags, v.online ? VGCF_online : 0);
  c.setU32(X.ebx, r.ebx).setU32(X.ecx, r.ecx).setU32(X.edx, r.edx).setU32(X.esi, r.esi);
  c.setU32(X.edi, r.edi).setU32(X.ebp, r.ebp).setU32(X.eax, r.eax).setU32(X.eip, r.eip);
  c.setU32(X.cs, r.cs).setU32(X.eflags, r.eflags).setU32(X.esp, r.esp);
  c.setU32(X.cr0, r.cr0).setU32(X.cr3, r.cr3).setU32(X.cr4, r.cr4);
  return c.bytes;
}

export function getVcpuContext(
  _ctx: HypervisorContext,
  caller: Vcpu,
  d: Domain,
  vcpuIdx: number,
  handle: bigint,
  callerDom: Domain,
): number {
  const v = vcpuIdx < d.maxVcpus ? d.vcpus[vcpuIdx] : undefined;
  if (!v || v === caller) return -E.EINVAL;
  if (!v.initialised) return -E.ENODATA;
  return copyToGuest(callerDom.memory, handle, encodeVcpuContext(v)) ? 0 : -E.EFAULT;
}

/** An initial vCPU context as a domain builder writes it (xc_dom_arm.c vcpu_arm32/64). */
export function initialVcpuContext(
  arch: "arm64" | "x86_64",
  domainType: 32 | 64,
  entry: bigint,
  online = true,
): Uint8Array {
  if (arch === "arm64") {
    const c = new StructBuf(A.size);
    c.setU32(A.flags, online ? VGCF_online : 0);
    c.setU64(A.cpsr, domainType === 64 ? PSR_GUEST64_INIT : PSR_GUEST32_INIT);
    c.setU64(A.pc64, entry);
    return c.bytes;
  }
  const c = new StructBuf(X.size);
  c.setU32(X.flags, online ? VGCF_online : 0);
  c.setU32(X.eip, Number(entry & 0xffffffffn));
  c.setU32(X.eflags, 0x2);
  c.setU32(X.cr0, 0x10);
  return c.bytes;
}
