/**
 * set_address_size() and switch_mode(), xen/arch/arm/arm64/domctl.c, with the profile's
 * rules. Upstream: -EBUSY once the domain has pages; same type → 0; switching to 64
 * sets HCR_EL2.RW on every existing vCPU (vcpu_switch_to_aarch64_mode); switching to 32
 * leaves RW as it is, the latent quirk. is_32bits v1: no same-type shortcut, -EBUSY if
 * any vCPU is initialised, and an AArch32 switch that clears RW.
 */
import { HCR_RW } from "../abi/arch-arm";
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { ArmVcpu } from "../vcpu/arm-vcpu";

const E = XEN_ERRNO;

export function setAddressSizeArm64(ctx: HypervisorContext, d: Domain, size: number): number {
  switch (size) {
    case 32:
      if (!ctx.host.aarch32El1) return -E.EINVAL;
      // SVE is not supported for 32-bit domains.
      if (d.arch.kind === "arm" && d.arch.sveVl) return -E.EINVAL;
      return switchMode(ctx, d, 32);
    case 64:
      return switchMode(ctx, d, 64);
    default:
      return -E.EINVAL;
  }
}

function switchMode(ctx: HypervisorContext, d: Domain, type: 32 | 64): number {
  const rules = ctx.profile.switchMode;
  if (d.totPages !== 0) return -E.EBUSY;
  if (rules.busyIfVcpuInitialised && d.vcpus.some((v) => v?.initialised)) return -E.EBUSY;
  if (rules.sameTypeIsNoop && d.type === type) return 0;

  d.type = type;
  ctx.stateChange(d.domid, "domain-type", `set to ${type}-bit`);
  for (const v of d.vcpus) {
    if (!v || !(v.regs instanceof ArmVcpu)) continue;
    const wasRw = v.regs.hcrRw;
    if (type === 64) v.regs.hcrEl2 |= HCR_RW;
    else if (rules.clearsRwOnSwitchTo32) v.regs.hcrEl2 &= ~HCR_RW;
    if (wasRw !== v.regs.hcrRw) {
      ctx.stateChange(
        d.domid,
        "vcpu-mode",
        `${wasRw ? "AArch64" : "AArch32"} -> ${v.regs.mode} (HCR_EL2.RW ${v.regs.hcrRw ? 1 : 0})`,
        v.vcpuId,
      );
    }
  }
  return 0;
}
