/**
 * Arm's arch_sanitise_domain_config(), xen/arch/arm/domain.c, in Xen's order. Every
 * failure is -EINVAL with a dprintk. It may rewrite gic_version NATIVE to the
 * hardware's version (an OUT value the toolstack reads back).
 */
import { ARM64_MAX_VIRT_CPUS, VGIC_V2_MAX_VCPUS, VGIC_V3_MAX_VCPUS } from "../abi/arch-arm";
import {
  XEN_DOMCTL_CONFIG_GIC,
  XEN_DOMCTL_CONFIG_TEE,
  XEN_DOMCTL_IOMMU_no_sharept,
} from "../abi/domctl";
import { XEN_ERRNO } from "../abi/errno";
import { hashX } from "../format";
import type { HostCapabilities } from "../hypervisor/host";
import { cdfMask } from "../profiles/profiles";
import type { Profile } from "../profiles/profile";
import type { CreateDomainConfig } from "./createdomain-config";
import { dprintkFail, type XenDiagnostic } from "./diagnostic";

const FILE = "arch/arm/domain.c";
const EINVAL = -XEN_ERRNO.EINVAL;

const TEE_OF_HOST = {
  none: XEN_DOMCTL_CONFIG_TEE.XEN_DOMCTL_CONFIG_TEE_NONE,
  optee: XEN_DOMCTL_CONFIG_TEE.XEN_DOMCTL_CONFIG_TEE_OPTEE,
  ffa: XEN_DOMCTL_CONFIG_TEE.XEN_DOMCTL_CONFIG_TEE_FFA,
} as const;

/**
 * vgic_max_vcpus(): only the vGIC matching the hardware is registered (a GICv3 host
 * without GICv2 compatibility, as QEMU virt gic-version=3), anything else gives 0.
 */
function vgicMaxVcpus(requested: number, host: HostCapabilities): number {
  const hw =
    host.gic === "v2"
      ? XEN_DOMCTL_CONFIG_GIC.XEN_DOMCTL_CONFIG_GIC_V2
      : XEN_DOMCTL_CONFIG_GIC.XEN_DOMCTL_CONFIG_GIC_V3;
  if (requested !== hw) return 0;
  return host.gic === "v2" ? VGIC_V2_MAX_VCPUS : VGIC_V3_MAX_VCPUS;
}

export function armSanitiseDomainConfig(
  c: CreateDomainConfig,
  profile: Profile,
  host: HostCapabilities,
): XenDiagnostic | undefined {
  const required = cdfMask(profile, ["hvm", "hap"]);
  const optional = cdfMask(profile, profile.armCdfOptional);

  if ((c.flags & ~optional) >>> 0 !== required) {
    return dprintkFail(EINVAL, FILE, 571, `Unsupported configuration ${hashX(c.flags)}`);
  }
  if (c.arm.pad) {
    return dprintkFail(EINVAL, FILE, 579, "Invalid domain configuration during domain creation");
  }
  // sve_decode_vl(): the field is the vector length / 128.
  const sveBits = c.arm.sveVl * 128;
  if (sveBits > 0) {
    if (!host.sveMaxBits)
      return dprintkFail(EINVAL, FILE, 591, "SVE is unsupported on this machine.");
    if (sveBits > host.sveMaxBits) {
      return dprintkFail(
        EINVAL,
        FILE,
        597,
        `Requested SVE vector length (${sveBits}) > supported length (${host.sveMaxBits})`,
      );
    }
  }
  if (c.iommuOpts & XEN_DOMCTL_IOMMU_no_sharept) {
    return dprintkFail(EINVAL, FILE, 607, "Unsupported iommu option: XEN_DOMCTL_IOMMU_no_sharept");
  }
  if (c.arm.gicVersion === XEN_DOMCTL_CONFIG_GIC.XEN_DOMCTL_CONFIG_GIC_NATIVE) {
    c.arm.gicVersion =
      host.gic === "v2"
        ? XEN_DOMCTL_CONFIG_GIC.XEN_DOMCTL_CONFIG_GIC_V2
        : XEN_DOMCTL_CONFIG_GIC.XEN_DOMCTL_CONFIG_GIC_V3;
  }
  const maxVcpus = Math.min(vgicMaxVcpus(c.arm.gicVersion, host), ARM64_MAX_VIRT_CPUS);
  if (maxVcpus === 0) return dprintkFail(EINVAL, FILE, 636, "Unsupported GIC version");
  if (c.maxVcpus > maxVcpus) {
    return dprintkFail(
      EINVAL,
      FILE,
      642,
      `Requested vCPUs (${c.maxVcpus >>> 0}) exceeds max (${maxVcpus})`,
    );
  }
  if (
    c.arm.teeType !== XEN_DOMCTL_CONFIG_TEE.XEN_DOMCTL_CONFIG_TEE_NONE &&
    c.arm.teeType !== TEE_OF_HOST[host.tee]
  ) {
    return dprintkFail(EINVAL, FILE, 650, "Unsupported TEE type");
  }
  if (c.altp2mOpts || c.altp2mNr) return dprintkFail(EINVAL, FILE, 656, "Altp2m not supported");
  // An MMU (non-MPU) build accepts only XEN_DOMCTL_CONFIG_ARM_V8R_EL1_MSA_NONE.
  if (c.arm.v8rEl1Msa !== 0) return dprintkFail(EINVAL, FILE, 662, "Unsupported v8r_el1_msa value");
  // sci_domain_sanitise_config() (arch/arm/firmware/sci.c) returns 0 when no SCI
  // mediator is registered, as on the modelled host: arm_sci_type is not checked.
  return undefined;
}
