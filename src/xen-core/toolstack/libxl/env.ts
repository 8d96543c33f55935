/**
 * What libxl works with: the hypervisor (reached only through XenCtrl's hypercalls),
 * xenstore, the logger and the profile's toolstack switches.
 */
import type { Hypervisor } from "../../hypervisor/hypervisor";
import type { Profile } from "../../profiles/profile";
import { PHYSCAP, PHYSINFO, XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK } from "../../hypercall/physinfo";
import { SYSCTL } from "../../hypercall/sysctl";
import type { XenCtrl } from "../xenctrl";
import type { Xenstore } from "../xenstore";
import type { ToolstackLog } from "./log";

/** libxl_physinfo: what XEN_SYSCTL_physinfo reported, as libxl and xl read it. */
export interface Physinfo {
  readonly threadsPerCore: number;
  readonly coresPerSocket: number;
  readonly nrCpus: number;
  readonly maxCpuId: number;
  readonly nrNodes: number;
  readonly cpuKhz: number;
  readonly totalPages: number;
  readonly freePages: number;
  readonly outstandingPages: number;
  readonly hwCap: readonly number[];
  readonly capHvm: boolean;
  readonly capPv: boolean;
  readonly capHap: boolean;
  readonly capShadow: boolean;
  /** cap_hvm_directio: an IOMMU is present and enabled. */
  readonly capHvmDirectio: boolean;
  readonly capIommuHapPtShare: boolean;
  readonly capVmtrace: boolean;
  readonly capVpmu: boolean;
  readonly capGnttabV1: boolean;
  readonly capGnttabV2: boolean;
  /** arch_capabilities' SVE field × 128: the maximum vector length in bits. */
  readonly armSveMax: number;
}

export interface LibxlEnv {
  readonly hv: Hypervisor;
  readonly xc: XenCtrl;
  readonly xenstore: Xenstore;
  readonly log: ToolstackLog;
  readonly profile: Profile;
}

/** libxl_get_physinfo(): XEN_SYSCTL_physinfo through dom0's hypercall; undefined if it failed. */
export function physinfo(xc: XenCtrl): Physinfo | undefined {
  const r = xc.physinfo();
  if (r.ret < 0) return undefined;
  const o = r.op;
  const u32 = (off: number) => o.u32(SYSCTL.u + off);
  const u64 = (off: number) => Number(o.u64(SYSCTL.u + off));
  const caps = u32(PHYSINFO.capabilities);
  const has = (bit: number) => (caps & bit) !== 0;
  return {
    threadsPerCore: u32(PHYSINFO.threads_per_core),
    coresPerSocket: u32(PHYSINFO.cores_per_socket),
    nrCpus: u32(PHYSINFO.nr_cpus),
    maxCpuId: u32(PHYSINFO.max_cpu_id),
    nrNodes: u32(PHYSINFO.nr_nodes),
    cpuKhz: u32(PHYSINFO.cpu_khz),
    totalPages: u64(PHYSINFO.total_pages),
    freePages: u64(PHYSINFO.free_pages),
    outstandingPages: u64(PHYSINFO.outstanding_pages),
    hwCap: Array.from({ length: 8 }, (_, i) => u32(PHYSINFO.hw_cap + i * 4)),
    capHvm: has(PHYSCAP.hvm),
    capPv: has(PHYSCAP.pv),
    capHap: has(PHYSCAP.hap),
    capShadow: has(PHYSCAP.shadow),
    capHvmDirectio: has(PHYSCAP.directio),
    capIommuHapPtShare: has(PHYSCAP.iommu_hap_pt_share),
    capVmtrace: has(PHYSCAP.vmtrace),
    capVpmu: has(PHYSCAP.vpmu),
    capGnttabV1: has(PHYSCAP.gnttab_v1),
    capGnttabV2: has(PHYSCAP.gnttab_v2),
    armSveMax: (u32(PHYSINFO.arch_capabilities) & XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK) * 128,
  };
}
