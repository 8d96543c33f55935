/**
 * XEN_SYSCTL_physinfo (xen/common/sysctl.c with each arch's arch_do_physinfo,
 * xen/arch/{arm,x86}/sysctl.c, 4.22): the host as Xen reports it to the toolstack (`xl
 * info`, libxl's defaults). The numbers of the machines are the oracles' hosts
 * (shared/reference/xen-4.17-*-oracle.md: QEMU virt, 2 pCPUs, 2 GiB; a 2-pCPU x86 box);
 * the capability bits follow the lab's host description (scenario `host:`).
 */
import type { Domain } from "../domain/domain";
import { NR_PCPUS } from "../domctl/toolstack-ops";
import type { HypervisorContext } from "../hypervisor/context";
import type { StructBuf } from "../memory/struct-buf";

/** struct xen_sysctl_physinfo. */
export const PHYSINFO = {
  threads_per_core: 0,
  cores_per_socket: 4,
  nr_cpus: 8,
  max_cpu_id: 12,
  nr_nodes: 16,
  max_node_id: 20,
  cpu_khz: 24,
  capabilities: 28,
  arch_capabilities: 32,
  total_pages: 40,
  free_pages: 48,
  scrub_pages: 56,
  outstanding_pages: 64,
  max_mfn: 72,
  hw_cap: 80,
} as const;

/** XEN_SYSCTL_PHYSCAP_*. */
export const PHYSCAP = {
  hvm: 1 << 0,
  pv: 1 << 1,
  directio: 1 << 2,
  hap: 1 << 3,
  shadow: 1 << 4,
  iommu_hap_pt_share: 1 << 5,
  vmtrace: 1 << 6,
  vpmu: 1 << 7,
  gnttab_v1: 1 << 8,
  gnttab_v2: 1 << 9,
} as const;
export const XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK = 0x1f;

/** The modelled machines: what the oracles' hosts reported. */
export const HOST_MACHINE = {
  arm64: {
    coresPerSocket: 1,
    cpuKhz: 62500,
    hwCap: [0, 0, 0, 0, 0, 0, 0, 0],
    totalPages: 2048 * 256,
    /** Pages Xen itself holds (the oracle: 992 MiB free beside a 1024 MiB dom0). */
    xenPages: 32 * 256,
    maxNodeId: 0,
  },
  x86_64: {
    coresPerSocket: 2,
    cpuKhz: 2445403,
    hwCap: [0x1fcbf3fd, 0xf6d8320b, 0xec500800, 0x77, 0x5, 0x01884329, 0x20c, 0],
    totalPages: 2047 * 256,
    xenPages: 23 * 256,
    maxNodeId: 63,
  },
} as const;

export function fillPhysinfo(ctx: HypervisorContext, op: StructBuf, base: number): void {
  const m = HOST_MACHINE[ctx.arch];
  const h = ctx.host;
  const arm = ctx.arch === "arm64";
  const used = [...ctx.domains.values()].reduce((n: number, d: Domain) => n + d.totPages, 0);
  op.bytes.fill(0, base, base + PHYSINFO.hw_cap + 32);
  op.setU32(base + PHYSINFO.threads_per_core, 1);
  op.setU32(base + PHYSINFO.cores_per_socket, m.coresPerSocket);
  op.setU32(base + PHYSINFO.nr_cpus, NR_PCPUS);
  op.setU32(base + PHYSINFO.max_cpu_id, NR_PCPUS - 1);
  op.setU32(base + PHYSINFO.nr_nodes, 1);
  op.setU32(base + PHYSINFO.max_node_id, m.maxNodeId);
  op.setU32(base + PHYSINFO.cpu_khz, m.cpuKhz);
  let caps = 0;
  if (arm) caps |= PHYSCAP.hvm | PHYSCAP.hap;
  else {
    if (h.hvm) caps |= PHYSCAP.hvm;
    if (h.pv) caps |= PHYSCAP.pv;
    if (h.hap) caps |= PHYSCAP.hap;
    if (h.shadowPaging) caps |= PHYSCAP.shadow;
  }
  // iommu_hap_pt_share: Arm always shares the p2m with the IOMMU.
  if (h.iommu) caps |= PHYSCAP.directio | (arm ? PHYSCAP.iommu_hap_pt_share : 0);
  if (h.vmtrace) caps |= PHYSCAP.vmtrace;
  if (h.vpmu) caps |= PHYSCAP.vpmu;
  caps |= PHYSCAP.gnttab_v1 | (arm ? 0 : PHYSCAP.gnttab_v2); // opt_gnttab_max_version
  op.setU32(base + PHYSINFO.capabilities, caps);
  // sve_encode_vl(): the vector length in units of 128 bits.
  if (arm)
    op.setU32(
      base + PHYSINFO.arch_capabilities,
      (h.sveMaxBits / 128) & XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK,
    );
  op.setU64(base + PHYSINFO.total_pages, m.totalPages);
  op.setU64(base + PHYSINFO.free_pages, Math.max(0, m.totalPages - m.xenPages - used));
  op.setU64(base + PHYSINFO.max_mfn, m.totalPages - 1);
  m.hwCap.forEach((c, i) => op.setU32(base + PHYSINFO.hw_cap + i * 4, c));
}
