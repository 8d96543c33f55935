/**
 * The x86 HVM hypercall entry for a guest not in 64-bit mode (hvm_hypercall() in
 * xen/arch/x86/hvm/hypercall.c, the "hvm32" column of xen/include/hypercall-defs.c):
 *   - a vCPU in protected mode at CPL > 0, or in virtual-8086 mode, gets -EPERM and no
 *     handler runs; real mode may call;
 *   - each hypercall reads as many of EBX, ECX, EDX, ESI, EDI as its prototype has;
 *     numbers outside the hvm32 table are -ENOSYS;
 *   - a debug build then overwrites the argument registers the hypercall used with
 *     0xDEADF00D (clobber_regs32), unless it returned -ENOSYS or was preempted.
 * The emulator's bridge applies these rules around Hypervisor.hypercall.
 */
import { XEN_ERRNO } from "../abi/errno";
import type { Profile } from "../profiles/profile";

/** clobber_regs32's poison. */
export const HVM32_CLOBBER_POISON = 0xdeadf00d;

/**
 * Argument registers per hypercall for an hvm32 caller, with x86's default build
 * options (CONFIG_XSM and CONFIG_ARGO off, CONFIG_HVM, GRANT_TABLE, IOREQ_SERVER,
 * HYPFS, PV and PAGING on).
 */
export const HYPERCALL_ARGS_HVM32: Readonly<Record<number, number>> = {
  7: 1, // platform_op
  12: 2, // memory_op
  13: 2, // multicall
  15: 2, // set_timer_op (lo, hi)
  17: 2, // xen_version
  18: 3, // console_io
  20: 3, // grant_table_op
  21: 2, // vm_assist
  24: 3, // vcpu_op
  26: 4, // mmuext_op
  29: 2, // sched_op
  32: 2, // event_channel_op
  33: 2, // physdev_op
  34: 2, // hvm_op
  35: 1, // sysctl
  36: 1, // domctl
  40: 2, // xenpmu_op
  41: 3, // dm_op
  42: 5, // hypfs_op
  49: 1, // paging_domctl_cont (__HYPERVISOR_arch_1)
};

/**
 * -EPERM when the caller may not make hypercalls in its current mode (CR0.PE set and
 * EFLAGS.VM set or CPL > 0), else undefined.
 */
export function hvm32Refusal(
  protectedMode: boolean,
  vm86: boolean,
  cpl: number,
): number | undefined {
  if (!protectedMode) return undefined;
  if (vm86 || cpl !== 0) return -XEN_ERRNO.EPERM;
  return undefined;
}

/** How many argument registers the debug build poisons after hypercall `nr` returned `ret`. */
export function hvm32Clobbered(
  profile: Profile,
  nr: number,
  ret: number,
  preempted = false,
): number {
  if (!profile.debug || preempted || ret === -XEN_ERRNO.ENOSYS) return 0;
  return HYPERCALL_ARGS_HVM32[nr] ?? 0;
}
