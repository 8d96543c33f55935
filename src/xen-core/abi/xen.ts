/**
 * Hypercall numbers and reserved domain ids.
 * Source: xen/include/public/xen.h.
 */
export const HYPERVISOR = {
  __HYPERVISOR_set_trap_table: 0,
  __HYPERVISOR_mmu_update: 1,
  __HYPERVISOR_sched_op_compat: 6,
  __HYPERVISOR_platform_op: 7,
  __HYPERVISOR_memory_op: 12,
  __HYPERVISOR_multicall: 13,
  __HYPERVISOR_set_timer_op: 15,
  __HYPERVISOR_event_channel_op_compat: 16,
  __HYPERVISOR_xen_version: 17,
  __HYPERVISOR_console_io: 18,
  __HYPERVISOR_physdev_op_compat: 19,
  __HYPERVISOR_grant_table_op: 20,
  __HYPERVISOR_vm_assist: 21,
  __HYPERVISOR_vcpu_op: 24,
  __HYPERVISOR_xsm_op: 27,
  __HYPERVISOR_sched_op: 29,
  __HYPERVISOR_event_channel_op: 32,
  __HYPERVISOR_physdev_op: 33,
  __HYPERVISOR_hvm_op: 34,
  __HYPERVISOR_sysctl: 35,
  __HYPERVISOR_domctl: 36,
  __HYPERVISOR_argo_op: 39,
  __HYPERVISOR_dm_op: 41,
  __HYPERVISOR_hypfs_op: 42,
} as const;

export type HypercallName = keyof typeof HYPERVISOR;

const hypercallNames = new Map<number, string>(
  Object.entries(HYPERVISOR).map(([name, nr]) => [nr, name.replace("__HYPERVISOR_", "")]),
);

/** `36` → `"domctl"`; unknown numbers print as `hypercall#N`. */
/** Every number below 64 named once: the trace names each hypercall it records. */
const hypercallNameTable: readonly string[] = Array.from(
  { length: 64 },
  (_, nr) => hypercallNames.get(nr) ?? `hypercall#${nr}`,
);

export function hypercallName(nr: number): string {
  return hypercallNameTable[nr] ?? hypercallNames.get(nr) ?? `hypercall#${nr}`;
}

/** Reserved domain identifiers (xen/include/public/xen.h). */
export const DOMID = {
  DOMID_FIRST_RESERVED: 0x7ff0,
  DOMID_SELF: 0x7ff0,
  DOMID_IO: 0x7ff1,
  DOMID_XEN: 0x7ff2,
  DOMID_COW: 0x7ff3,
  DOMID_INVALID: 0x7ff4,
  DOMID_ANY: 0x7ff5,
  DOMID_IDLE: 0x7fff,
  DOMID_MASK: 0x7fff,
} as const;

/** The value of `XEN_INVALID_MAX_VCPU_ID` (~0U) reported for a domain without vCPUs. */
export const XEN_INVALID_MAX_VCPU_ID = 0xffffffff;

/** Debug-build register poison after a hypercall (xen/arch/arm/traps.c). */
export const HYPERCALL_CLOBBER_POISON = 0xdeadbeef;

/** XENVER_* sub-ops of the xen_version hypercall (xen/include/public/version.h). */
export const XENVER = {
  XENVER_version: 0,
  XENVER_extraversion: 1,
  XENVER_compile_info: 2,
  XENVER_capabilities: 3,
  XENVER_changeset: 4,
  XENVER_platform_parameters: 5,
  XENVER_get_features: 6,
  XENVER_pagesize: 7,
  XENVER_guest_handle: 8,
  XENVER_commandline: 9,
  XENVER_build_id: 10,
  XENVER_extraversion2: 11,
  XENVER_capabilities2: 12,
  XENVER_changeset2: 13,
  XENVER_commandline2: 14,
} as const;

/** XEN_EXTRAVERSION_LEN: the extraversion buffer is 16 bytes. */
export const XEN_EXTRAVERSION_LEN = 16;
/** XEN_CAPABILITIES_INFO_LEN. */
export const XEN_CAPABILITIES_INFO_LEN = 1024;
