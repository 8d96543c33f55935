/**
 * The x86 vCPU mode as an observer of real guest code sees it. Nothing traps a guest's
 * CR0 write here (Xen would see it on a VM exit, xen/arch/x86/hvm/hvm.c
 * hvm_set_cr0); the emulator samples CR0, CR3, CR4, EFLAGS and CS at every hypercall
 * and between emulator ticks and hands each sample to syncX86Vcpu, which keeps the
 * modelled register file current and records a "vcpu-mode" state change, with what
 * triggered the sample, whenever real / protected / paging changed.
 */
import type { HypervisorContext } from "../hypervisor/context";
import type { Vcpu } from "./vcpu";
import { X86Vcpu } from "./x86-vcpu";

export interface X86ModeSample {
  readonly cr0: number;
  readonly cr3: number;
  readonly cr4: number;
  readonly eflags: number;
  readonly cs: number;
}

function hex(v: number, digits: number): string {
  return `0x${(v >>> 0).toString(16).padStart(digits, "0")}`;
}

/**
 * Write the sample into `v`'s x86 registers; when the mode changed, record
 * "<old> -> <new> at <trigger> (CR0=... CR3=... CR4=... CS=...)" and return true.
 * A non-x86 vCPU is left alone.
 */
export function syncX86Vcpu(
  ctx: Pick<HypervisorContext, "stateChange">,
  v: Vcpu,
  s: X86ModeSample,
  trigger: string,
): boolean {
  const r = v.regs;
  if (!(r instanceof X86Vcpu)) return false;
  const before = r.mode;
  r.cr0 = s.cr0 >>> 0;
  r.cr3 = s.cr3 >>> 0;
  r.cr4 = s.cr4 >>> 0;
  r.eflags = s.eflags >>> 0;
  r.cs = s.cs & 0xffff;
  const after = r.mode;
  if (before === after) return false;
  ctx.stateChange(
    v.domid,
    "vcpu-mode",
    `${before} -> ${after} at ${trigger} (CR0=${hex(r.cr0, 8)} CR3=${hex(r.cr3, 8)} ` +
      `CR4=${hex(r.cr4, 8)} CS=${hex(r.cs, 4)})`,
    v.vcpuId,
  );
  return true;
}
