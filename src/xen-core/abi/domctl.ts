/**
 * The public domctl ABI: command numbers, createdomain flags, getdomaininfo flags.
 * Source: xen/include/public/domctl.h (Xen 4.22, XEN_DOMCTL_INTERFACE_VERSION 0x18).
 */
export const XEN_DOMCTL_INTERFACE_VERSION = 0x00000018;

/** Command numbers of `struct xen_domctl.cmd`. */
export const XEN_DOMCTL = {
  XEN_DOMCTL_createdomain: 1,
  XEN_DOMCTL_destroydomain: 2,
  XEN_DOMCTL_pausedomain: 3,
  XEN_DOMCTL_unpausedomain: 4,
  XEN_DOMCTL_getdomaininfo: 5,
  XEN_DOMCTL_setvcpuaffinity: 9,
  XEN_DOMCTL_shadow_op: 10,
  XEN_DOMCTL_max_mem: 11,
  XEN_DOMCTL_setvcpucontext: 12,
  XEN_DOMCTL_getvcpucontext: 13,
  XEN_DOMCTL_getvcpuinfo: 14,
  XEN_DOMCTL_max_vcpus: 15,
  XEN_DOMCTL_scheduler_op: 16,
  XEN_DOMCTL_setdomainhandle: 17,
  XEN_DOMCTL_setdebugging: 18,
  XEN_DOMCTL_irq_permission: 19,
  XEN_DOMCTL_iomem_permission: 20,
  XEN_DOMCTL_ioport_permission: 21,
  XEN_DOMCTL_settimeoffset: 24,
  XEN_DOMCTL_resumedomain: 27,
  XEN_DOMCTL_set_address_size: 35,
  XEN_DOMCTL_get_address_size: 36,
  XEN_DOMCTL_assign_device: 37,
  XEN_DOMCTL_set_virq_handler: 66,
  XEN_DOMCTL_vuart_op: 81,
  XEN_DOMCTL_dt_overlay: 87,
  XEN_DOMCTL_get_domain_state: 90,
} as const;

export type DomctlName = keyof typeof XEN_DOMCTL;

const domctlNames = new Map<number, string>(
  Object.entries(XEN_DOMCTL).map(([name, nr]) => [nr, name.replace("XEN_DOMCTL_", "")]),
);

/** `1` → `"createdomain"`. */
export function domctlName(cmd: number): string {
  return domctlNames.get(cmd) ?? `domctl#${cmd}`;
}

/**
 * XEN_DOMCTL_CDF_* of today's tree. Profiles carry their own bit tables (bits that
 * proposals add or that older bases lacked); these are upstream's names and values.
 */
export const XEN_DOMCTL_CDF = {
  XEN_DOMCTL_CDF_hvm: 1 << 0,
  XEN_DOMCTL_CDF_hap: 1 << 1,
  XEN_DOMCTL_CDF_s3_integrity: 1 << 2,
  XEN_DOMCTL_CDF_oos_off: 1 << 3,
  XEN_DOMCTL_CDF_xs_domain: 1 << 4,
  XEN_DOMCTL_CDF_iommu: 1 << 5,
  XEN_DOMCTL_CDF_nested_virt: 1 << 6,
  XEN_DOMCTL_CDF_vpmu: 1 << 7,
  XEN_DOMCTL_CDF_trap_unmapped_accesses: 1 << 8,
} as const;

/** Only for ABI checks (the OCaml bindings use it). */
export const XEN_DOMCTL_CDF_MAX = XEN_DOMCTL_CDF.XEN_DOMCTL_CDF_trap_unmapped_accesses;

/** createdomain.iommu_opts. */
export const XEN_DOMCTL_IOMMU_no_sharept = 1 << 0;
/** createdomain.grant_opts: low 4 bits are the maximum grant table version. */
export const XEN_DOMCTL_GRANT_version_mask = 0xf;

/** XEN_DOMINF_* bits of getdomaininfo.flags; the shutdown code is bits 16..23. */
export const XEN_DOMINF = {
  XEN_DOMINF_dying: 1 << 0,
  XEN_DOMINF_hvm_guest: 1 << 1,
  XEN_DOMINF_shutdown: 1 << 2,
  XEN_DOMINF_paused: 1 << 3,
  XEN_DOMINF_blocked: 1 << 4,
  XEN_DOMINF_running: 1 << 5,
  XEN_DOMINF_debugged: 1 << 6,
  XEN_DOMINF_xs_domain: 1 << 7,
  XEN_DOMINF_hap: 1 << 8,
} as const;
export const XEN_DOMINF_shutdownshift = 16;
export const XEN_DOMINF_shutdownmask = 255;

/** SHUTDOWN_* reasons (xen/include/public/sched.h); `xl list` shows them from "-rscwS". */
export const SHUTDOWN = {
  SHUTDOWN_poweroff: 0,
  SHUTDOWN_reboot: 1,
  SHUTDOWN_suspend: 2,
  SHUTDOWN_crash: 3,
  SHUTDOWN_watchdog: 4,
  SHUTDOWN_soft_reset: 5,
} as const;

/** Arm xen_arch_domainconfig.gic_version values (xen/include/public/arch-arm.h). */
export const XEN_DOMCTL_CONFIG_GIC = {
  XEN_DOMCTL_CONFIG_GIC_NATIVE: 0,
  XEN_DOMCTL_CONFIG_GIC_V2: 1,
  XEN_DOMCTL_CONFIG_GIC_V3: 2,
} as const;

/** Arm xen_arch_domainconfig.tee_type values. */
export const XEN_DOMCTL_CONFIG_TEE = {
  XEN_DOMCTL_CONFIG_TEE_NONE: 0,
  XEN_DOMCTL_CONFIG_TEE_OPTEE: 1,
  XEN_DOMCTL_CONFIG_TEE_FFA: 2,
} as const;

/** x86 xen_arch_domainconfig.misc_flags: the only accepted bit. */
export const XEN_X86_MSR_RELAXED = 1 << 0;
