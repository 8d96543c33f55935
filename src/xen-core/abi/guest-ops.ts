/**
 * Sub-op numbers of the guest-facing hypercalls the lab's guests use.
 * Sources: xen/include/public/memory.h (XENMEM_*, XENMAPSPACE_*),
 * xen/include/public/vcpu.h (VCPUOP_*), xen/include/public/hvm/hvm_op.h and
 * hvm/params.h (HVMOP_*, HVM_PARAM_*), xen/include/public/sched.h (SCHEDOP_*,
 * SHUTDOWN_MAX), xen/include/public/xen.h (CONSOLEIO_*).
 */
export const XENMEM = {
  XENMEM_increase_reservation: 0,
  XENMEM_decrease_reservation: 1,
  XENMEM_populate_physmap: 6,
  XENMEM_add_to_physmap: 7,
} as const;

export const XENMAPSPACE = {
  XENMAPSPACE_shared_info: 0,
  XENMAPSPACE_grant_table: 1,
  XENMAPSPACE_gmfn: 2,
  XENMAPSPACE_gmfn_range: 3,
  XENMAPSPACE_gmfn_foreign: 4,
  XENMAPSPACE_dev_mmio: 5,
} as const;

export const VCPUOP = {
  VCPUOP_initialise: 0,
  VCPUOP_up: 1,
  VCPUOP_down: 2,
  VCPUOP_is_up: 3,
  VCPUOP_get_runstate_info: 4,
  VCPUOP_register_runstate_memory_area: 5,
  VCPUOP_set_periodic_timer: 6,
  VCPUOP_stop_periodic_timer: 7,
  VCPUOP_set_singleshot_timer: 8,
  VCPUOP_stop_singleshot_timer: 9,
  VCPUOP_register_vcpu_info: 10,
  VCPUOP_send_nmi: 11,
  VCPUOP_get_physid: 12,
} as const;

export const HVMOP = {
  HVMOP_set_param: 0,
  HVMOP_get_param: 1,
} as const;

/** HVM_NR_PARAMS and the parameters the lab uses. */
export const HVM_PARAM_CALLBACK_IRQ = 0;
export const HVM_PARAM_STORE_PFN = 1;
export const HVM_PARAM_STORE_EVTCHN = 2;
export const HVM_PARAM_CONSOLE_PFN = 17;
export const HVM_PARAM_CONSOLE_EVTCHN = 18;
export const HVM_PARAM_MONITOR_RING_PFN = 28;
export const HVM_NR_PARAMS = 39;
/** val[63:56] of HVM_PARAM_CALLBACK_IRQ: 0 GSI, 1 PCI INTx, 2 vector (x86) / PPI (Arm). */
export const HVM_PARAM_CALLBACK_TYPE = { GSI: 0, PCI_INTX: 1, VECTOR: 2 } as const;

export const SCHEDOP = {
  SCHEDOP_yield: 0,
  SCHEDOP_block: 1,
  SCHEDOP_shutdown: 2,
  SCHEDOP_poll: 3,
  SCHEDOP_remote_shutdown: 4,
  SCHEDOP_shutdown_code: 5,
  SCHEDOP_watchdog: 6,
  SCHEDOP_pin_override: 7,
} as const;

/** SHUTDOWN_* reasons are in ./domctl (SHUTDOWN); SHUTDOWN_MAX is the last valid one. */
export const SHUTDOWN_MAX = 5;

export const CONSOLEIO = { CONSOLEIO_write: 0, CONSOLEIO_read: 1 } as const;
