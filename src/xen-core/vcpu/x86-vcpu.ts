/**
 * A modelled x86 vCPU (a domain created by a raw domctl, with no emulated guest): the
 * 32-bit register file a scenario drives, and the control registers the mode derives
 * from. An HVM vCPU starts like a CPU out of reset, in real mode.
 *
 * "long" is 64-bit mode, what hvm_guest_x86_mode() (xen/arch/x86/hvm/hvm.c, vmx.c)
 * reports as X86_MODE_64BIT: EFER.LMA set and CS.L set. Compatibility mode (LMA with a
 * 32-bit code segment) is 32-bit to Xen, and "paging" here. Only a modelled 64-bit
 * kernel gets there: v86, which runs the real guests, has no long mode.
 */
export type X86Mode = "real" | "protected" | "paging" | "long";

export const X86_CR0_PE = 1 << 0;
export const X86_CR0_ET = 1 << 4;
export const X86_CR0_PG = 1 << 31;
export const X86_CR4_PAE = 1 << 5;
export const X86_EFER_LME = 1 << 8;
export const X86_EFER_LMA = 1 << 10;
/** struct segment_register's attr: L (64-bit code) and DB (32-bit default size). */
export const X86_SEG_AR_CS_LM_ACTIVE = 1 << 9;
export const X86_SEG_AR_DEF_OP_SIZE = 1 << 10;

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
  /** MSR_EFER. */
  efer = 0;
  /** CS's attribute bits in Xen's packed form (L = bit 9, D/B = bit 10). */
  csAttr = 0;

  constructor(readonly vcpuId: number) {}

  get mode(): X86Mode {
    if (!(this.cr0 & X86_CR0_PE)) return "real";
    if (this.efer & X86_EFER_LMA && this.csAttr & X86_SEG_AR_CS_LM_ACTIVE) return "long";
    return this.cr0 & X86_CR0_PG ? "paging" : "protected";
  }

  resetRegisters(): void {
    this.eax = this.ebx = this.ecx = this.edx = this.esi = this.edi = this.ebp = this.esp = 0;
    this.eip = 0;
    this.eflags = 0x2;
    this.cs = 0;
    this.cr0 = X86_CR0_ET;
    this.cr3 = this.cr4 = 0;
    this.efer = this.csAttr = 0;
  }
}
