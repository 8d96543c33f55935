/**
 * XEN_DOMCTL_CDF_* tables of the trees the profiles are based on.
 * Sources: xen/include/public/domctl.h at each base; the proposals' patches
 * (see shared/reference/xen-abi.md, section 7 and the proposals appendix).
 */
import type { CdfBit } from "./profile";

/** Bits 0..6: present since Xen 4.14 (nested_virt was the last of them). */
const CDF_BITS_0_TO_6: readonly CdfBit[] = [
  { bit: 0, name: "hvm", description: "HVM (not PV) guest" },
  { bit: 1, name: "hap", description: "hardware-assisted paging" },
  { bit: 2, name: "s3_integrity", description: "tboot S3 integrity" },
  { bit: 3, name: "oos_off", description: "disable out-of-sync shadow page tables" },
  { bit: 4, name: "xs_domain", description: "xenstore domain" },
  { bit: 5, name: "iommu", description: "domain may use the IOMMU" },
  { bit: 6, name: "nested_virt", description: "nested virtualisation" },
];

const VPMU: CdfBit = { bit: 7, name: "vpmu", description: "expose the vPMU to the guest" };
const TRAP_UNMAPPED: CdfBit = {
  bit: 8,
  name: "trap_unmapped_accesses",
  description: "trap guest accesses to unmapped addresses (4.21)",
};

/** Today's tree (4.22): bits 0..8, CDF_MAX = trap_unmapped_accesses. */
export const CDF_UPSTREAM: readonly CdfBit[] = [...CDF_BITS_0_TO_6, VPMU, TRAP_UNMAPPED];

/** Xen 4.16 (vpmu, no trap_unmapped_accesses): the base of the pre-4.17 profile. */
export const CDF_4_16: readonly CdfBit[] = [...CDF_BITS_0_TO_6, VPMU];

/** CDF_is_32bits v1 (2025-07-31): bit 9 on today's tree. */
export const CDF_IS_32BITS_V1: readonly CdfBit[] = [
  ...CDF_UPSTREAM,
  { bit: 9, name: "is_32bits", description: "arm64: create a 32-bit domain (v1 proposal)" },
];

/** CDF_disable_fifo v4 (2020-11-24): bit 7 on its 4.15-era base, where bit 7 was free. */
export const CDF_DISABLE_FIFO_V4: readonly CdfBit[] = [
  ...CDF_BITS_0_TO_6,
  { bit: 7, name: "disable_fifo", description: "FIFO event channel ops return -ENOSYS (v4)" },
];

/**
 * v5 (2020-12-03) reversed the sense: an opt-in XEN_DOMCTL_CDF_evtchn_fifo at bit 7
 * ("[PATCH v5 1/4] domctl: introduce a new domain create flag,
 * XEN_DOMCTL_CDF_evtchn_fifo, ...", <20201203124159.3688-2-paul@xen.org>), and
 * XEN_DOMCTL_CDF_evtchn_upcall at bit 8, which gates HVMOP_set_evtchn_upcall_vector
 * ("[PATCH v5 2/4] ... XEN_DOMCTL_CDF_evtchn_upcall, ...", <20201203124159.3688-3-paul@xen.org>).
 */
export const CDF_EVTCHN_FIFO_V5: readonly CdfBit[] = [
  ...CDF_BITS_0_TO_6,
  { bit: 7, name: "evtchn_fifo", description: "permit the FIFO event channel ABI (v5 opt-in)" },
  {
    bit: 8,
    name: "evtchn_upcall",
    description: "permit per-vCPU upcall vectors, x86 HVM only (v5 opt-in)",
  },
];

export const UPSTREAM_COMMON_ACCEPTED = CDF_UPSTREAM.map((b) => b.name);
export const UPSTREAM_ARM_OPTIONAL = ["iommu", "vpmu", "xs_domain", "trap_unmapped_accesses"];
