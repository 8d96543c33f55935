/**
 * A modelled x86 vCPU (a domain created by a raw domctl, with no emulated guest): the
 * 32-bit register file a scenario drives, and the control registers the mode derives
 * from. An HVM vCPU starts like a CPU out of reset, in real mode.
 */
export type X86Mode = "real" | "protected" | "paging";

export const X86_CR0_PE = 1 << 0;
export const X86_CR0_ET = 1 << 4;
export const X86_CR0_PG = 1 << 31;

export class X86Vcpu {
  readonly arch = "x86" as const;
  eax = 0;
  ebx = 0;
  ecx = 0;
  edx = 0;
  esi = 0;
  edi = 0;
  ebp = 0;
  esp = 0;
  eip = 0;
  eflags = 0x2;
  cs = 0;
  cr0 = X86_CR0_ET;
  cr3 = 0;
  cr4 = 0;

  constructor(readonly vcpuId: number) {}

  get mode(): X86Mode {
    if (!(this.cr0 & X86_CR0_PE)) return "real";
    return this.cr0 & X86_CR0_PG ? "paging" : "protected";
  }

  resetRegisters(): void {
    this.eax = this.ebx = this.ecx = this.edx = this.esi = this.edi = this.ebp = this.esp = 0;
    this.eip = 0;
    this.eflags = 0x2;
    this.cs = 0;
    this.cr0 = X86_CR0_ET;
    this.cr3 = this.cr4 = 0;
  }
}
