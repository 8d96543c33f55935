/**
 * Which hypercall table a caller gets (xen/arch/x86/hvm/hypercall.c hvm_hypercall,
 * xen/arch/x86/pv/hypercall.c): on x86 a vCPU not in 64-bit mode uses the compat
 * (x86-32) table, whose structs have 4-byte longs, handles and xen_pfn_t; a PV domain
 * is compat once switched to 32-bit. Arm has one ABI for AArch32 and AArch64 guests
 * (every struct follows the 64-bit layout, handles and xen_ulong_t are 8 bytes).
 */
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { Vcpu } from "../vcpu/vcpu";

/**
 * hvm_guest_x86_mode(v) == X86_MODE_64BIT. The model's x86 register file (and v86's
 * CPU) has no long mode, so an x86 HVM vCPU is never in 64-bit mode.
 */
export function x86VcpuIn64BitMode(_v: Vcpu): boolean {
  return false;
}

/** Whether `v` of `d` issues hypercalls through the compat table. */
export function isCompatCaller(ctx: Pick<HypervisorContext, "arch">, d: Domain, v: Vcpu): boolean {
  if (ctx.arch === "arm64") return false;
  return d.isHvm ? !x86VcpuIn64BitMode(v) : d.type === 32;
}
