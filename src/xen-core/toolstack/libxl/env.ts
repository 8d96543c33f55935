/**
 * What libxl works with: the hypervisor (reached only through XenCtrl's hypercalls,
 * plus the host facts XEN_SYSCTL_physinfo would report), xenstore, the logger and the
 * profile's toolstack switches.
 */
import type { Hypervisor } from "../../hypervisor/hypervisor";
import type { Profile } from "../../profiles/profile";
import type { XenCtrl } from "../xenctrl";
import type { Xenstore } from "../xenstore";
import type { ToolstackLog } from "./log";

/** The libxl_physinfo capability bits libxl's defaults and checks read. */
export interface Physinfo {
  readonly capHvm: boolean;
  readonly capPv: boolean;
  readonly capHap: boolean;
  readonly capShadow: boolean;
  /** cap_hvm_directio: an IOMMU is present and enabled. */
  readonly capHvmDirectio: boolean;
  readonly capVpmu: boolean;
  readonly capGnttabV1: boolean;
  readonly capGnttabV2: boolean;
  /** arch_capabilities_arm_sve(): the maximum vector length in bits, 0 without SVE. */
  readonly armSveMax: number;
}

export interface LibxlEnv {
  readonly hv: Hypervisor;
  readonly xc: XenCtrl;
  readonly xenstore: Xenstore;
  readonly log: ToolstackLog;
  readonly profile: Profile;
}

/**
 * XEN_SYSCTL_physinfo as Xen fills it for the lab's host (xen/common/sysctl.c and the
 * arch_do_physinfo of each arch): the same facts `xl info` prints as virt_caps.
 */
export function physinfo(hv: Hypervisor): Physinfo {
  const h = hv.host;
  const arm = hv.arch === "arm64";
  return {
    capHvm: arm || h.hvm,
    capPv: !arm && h.pv,
    capHap: arm || h.hap,
    capShadow: !arm && h.shadowPaging,
    capHvmDirectio: h.iommu,
    capVpmu: h.vpmu,
    capGnttabV1: true,
    capGnttabV2: !arm,
    armSveMax: arm ? h.sveMaxBits : 0,
  };
}
