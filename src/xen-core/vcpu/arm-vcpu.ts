/**
 * An Arm vCPU as the model keeps it: the guest's general registers as 64-bit values
 * (x0..x30; an AArch32 guest sees r0..r14 as their low halves), PC, PSTATE/CPSR, and
 * the per-vCPU HCR_EL2 Xen programs when it schedules the vCPU.
 *
 * Mode rules (xen/arch/arm/domain.c): arch_vcpu_create leaves HCR_EL2.RW clear, so a
 * new vCPU is AArch32 at EL1; vcpu_switch_to_aarch64_mode() sets RW. Nothing clears it
 * upstream.
 */
import { HCR_GUEST_DEFAULT, HCR_RW, PSR_GUEST32_INIT, PSR_MODE_BIT } from "../abi/arch-arm";

export type ArmMode = "AArch32" | "AArch64";

export class ArmVcpu {
  readonly arch = "arm" as const;
  /** x0..x30, always held as 64-bit values. */
  readonly x: bigint[] = new Array<bigint>(31).fill(0n);
  pc = 0n;
  cpsr = PSR_GUEST32_INIT;
  hcrEl2 = HCR_GUEST_DEFAULT;
  sctlr = 0;
  spsrEl1 = 0;
  spEl0 = 0n;
  spEl1 = 0n;
  elrEl1 = 0n;
  ttbcr = 0n;
  ttbr0 = 0n;
  ttbr1 = 0n;
  /** Undefined-instruction exceptions Xen injected (bad HVC immediates). */
  undefInjected = 0;

  constructor(readonly vcpuId: number) {}

  /** EL1's register width as HCR_EL2.RW sets it. */
  get mode(): ArmMode {
    return this.hcrEl2 & HCR_RW ? "AArch64" : "AArch32";
  }

  get hcrRw(): boolean {
    return (this.hcrEl2 & HCR_RW) !== 0n;
  }

  /** The execution state the guest currently runs in (PSTATE.nRW, the CPSR mode bit 4). */
  get executingAArch32(): boolean {
    return (this.cpsr & PSR_MODE_BIT) !== 0;
  }

  /** Clear the register file (vcpu_reset / a NULL setvcpucontext). */
  resetRegisters(): void {
    this.x.fill(0n);
    this.pc = 0n;
    this.cpsr = PSR_GUEST32_INIT;
    this.sctlr = 0;
    this.spsrEl1 = 0;
    this.spEl0 = this.spEl1 = this.elrEl1 = 0n;
    this.ttbcr = this.ttbr0 = this.ttbr1 = 0n;
  }
}
