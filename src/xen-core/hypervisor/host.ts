/**
 * The machine Xen runs on. Scenario `host:` and the page's host switchers set these;
 * the defaults are the machines of the oracles (shared/reference/xen-4.17-*-oracle.md):
 * QEMU virt with GICv3, PMU, no SVE, no IOMMU (virt_caps "hvm hap vpmu gnttab-v1");
 * an x86 box with HVM, HAP and shadow paging, no IOMMU, no TBOOT
 * (virt_caps "pv hvm hap gnttab-v1 gnttab-v2").
 */
export type HostArch = "arm64" | "x86_64";

export interface HostCapabilities {
  /** Arm: the CPU can run AArch32 at EL1 (cpu_has_el1_32); false models a core without it. */
  readonly aarch32El1: boolean;
  /** Arm: the GIC the hardware has. */
  readonly gic: "v2" | "v3";
  /** Arm: maximum SVE vector length in bits, 0 without SVE. */
  readonly sveMaxBits: number;
  /** Arm: the TEE the host runs ("none" | "optee" | "ffa"). */
  readonly tee: "none" | "optee" | "ffa";
  /** cpu_has_pmu on Arm; opt_vpmu_enabled on x86 (off by default there). */
  readonly vpmu: boolean;
  readonly iommu: boolean;
  /** x86 processor trace (vmtrace_available). */
  readonly vmtrace: boolean;
  /** x86 capabilities. */
  readonly hvm: boolean;
  readonly pv: boolean;
  readonly hap: boolean;
  readonly shadowPaging: boolean;
  readonly nestedVirt: boolean;
  readonly tboot: boolean;
  readonly altp2m: boolean;
}

export const DEFAULT_HOST: Readonly<Record<HostArch, HostCapabilities>> = {
  arm64: {
    aarch32El1: true,
    gic: "v3",
    sveMaxBits: 0,
    tee: "none",
    vpmu: true,
    iommu: false,
    vmtrace: false,
    hvm: true,
    pv: false,
    hap: true,
    shadowPaging: false,
    nestedVirt: false,
    tboot: false,
    altp2m: false,
  },
  x86_64: {
    aarch32El1: false,
    gic: "v3",
    sveMaxBits: 0,
    tee: "none",
    vpmu: false,
    iommu: false,
    vmtrace: false,
    hvm: true,
    pv: true,
    hap: true,
    // Xen's default build (CONFIG_SHADOW_PAGING=y), so createdomain's later checks
    // (nested virt without HAP) are reachable; the oracle's Debian host was built
    // without it (its virt_caps has no "shadow"), and the xl golden tests use that host.
    shadowPaging: true,
    nestedVirt: true,
    tboot: false,
    altp2m: true,
  },
};
