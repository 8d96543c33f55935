/**
 * Samples a v86 vCPU into the model's X86Vcpu: CR0, CR3, CR4, EFLAGS, CS, and (after
 * ticks and at mode changes) the general registers and EIP. Nothing in v86 reports a
 * CR0 write, so the sample is taken at every hypercall (trigger "hypercall <name>")
 * and after every emulator tick (trigger "tick"); a real / protected / paging change
 * is recorded by xen-core's syncX86Vcpu.
 */
import type { V86Cpu } from "v86";
import { hypercallName } from "../xen-core/abi/xen";
import type { HypervisorContext } from "../xen-core/hypervisor/context";
import type { Vcpu } from "../xen-core/vcpu/vcpu";
import { syncX86Vcpu } from "../xen-core/vcpu/x86-mode";
import { X86Vcpu } from "../xen-core/vcpu/x86-vcpu";
import { REG, SREG, type CpuView } from "./cpu-view";

export class ModeSampler {
  private cr0 = NaN;
  private cr3 = NaN;
  private cr4 = NaN;
  private cs = NaN;
  /** EFLAGS at the last sample. */
  eflags = 0x2;
  private readonly regs: X86Vcpu | undefined;

  constructor(
    private readonly view: CpuView,
    private readonly cpu: V86Cpu,
    private readonly ctx: Pick<HypervisorContext, "stateChange">,
    private readonly vcpu: Vcpu,
  ) {
    this.regs = vcpu.regs instanceof X86Vcpu ? vcpu.regs : undefined;
  }

  /**
   * `trigger`: a hypercall number (only the mode-bearing registers are read: this runs
   * on every hypercall), or a description such as "tick" or "PVH entry" (the general
   * registers and EIP are copied too).
   */
  sample(trigger: number | string): void {
    const v = this.view;
    v.check();
    const r = this.regs;
    if (!r) return;
    if (typeof trigger === "string") this.copyGeneralRegisters(r);
    const cr0 = v.cr[0]!;
    const cr3 = v.cr[3]!;
    const cr4 = v.cr[4]!;
    const cs = v.sreg[SREG.CS]!;
    const eflags = this.cpu.get_eflags() >>> 0;
    this.eflags = eflags;
    if (cr0 === this.cr0 && cr3 === this.cr3 && cr4 === this.cr4 && cs === this.cs) {
      r.eflags = eflags;
      return;
    }
    if (typeof trigger === "number") this.copyGeneralRegisters(r);
    this.cr0 = cr0;
    this.cr3 = cr3;
    this.cr4 = cr4;
    this.cs = cs;
    const why = typeof trigger === "number" ? `hypercall ${hypercallName(trigger)}` : trigger;
    syncX86Vcpu(this.ctx, this.vcpu, { cr0, cr3, cr4, eflags, cs }, why);
  }

  private copyGeneralRegisters(r: X86Vcpu): void {
    const v = this.view;
    const g = v.regs;
    r.eax = g[REG.EAX]! >>> 0;
    r.ebx = g[REG.EBX]! >>> 0;
    r.ecx = g[REG.ECX]! >>> 0;
    r.edx = g[REG.EDX]! >>> 0;
    r.esi = g[REG.ESI]! >>> 0;
    r.edi = g[REG.EDI]! >>> 0;
    r.ebp = g[REG.EBP]! >>> 0;
    r.esp = g[REG.ESP]! >>> 0;
    r.eip = (v.ip[0]! - v.segBase[SREG.CS]!) >>> 0;
  }
}
