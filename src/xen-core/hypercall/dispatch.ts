/**
 * The hypercall table: one switch over the number, one worker per hypercall, as
 * Xen's generated hypercall tables do (xen/include/hypercall-defs.c). Any number
 * without a handler is -ENOSYS. Workers return negative errnos and never throw; the
 * Hypervisor still guards the boundary so a model bug cannot escape into a guest.
 */
import { HYPERVISOR } from "../abi/xen";
import { XEN_ERRNO } from "../abi/errno";
import { doDomctl } from "../domctl/do-domctl";
import type { HypervisorContext } from "../hypervisor/context";
import type { Vcpu } from "../vcpu/vcpu";
import { doConsoleIo } from "./console-io";
import { doEventChannelOp } from "./event-channel-op";
import { doHvmOp } from "./hvm-op";
import { doMemoryOp } from "./memory-op";
import { doSchedOp } from "./sched-op";
import { doVcpuOp } from "./vcpu-op";
import { doSysctl } from "./sysctl";
import { doXenVersion } from "./xen-version";

/**
 * Argument registers each hypercall uses on Arm (the "arm" column and prototypes of
 * hypercall-defs.c); debug builds clobber that many (minus x0) after the call.
 */
export const HYPERCALL_ARGS_ARM: Readonly<Record<number, number>> = {
  [HYPERVISOR.__HYPERVISOR_platform_op]: 1,
  [HYPERVISOR.__HYPERVISOR_memory_op]: 2,
  [HYPERVISOR.__HYPERVISOR_multicall]: 2,
  [HYPERVISOR.__HYPERVISOR_xen_version]: 2,
  [HYPERVISOR.__HYPERVISOR_console_io]: 3,
  [HYPERVISOR.__HYPERVISOR_grant_table_op]: 3,
  [HYPERVISOR.__HYPERVISOR_vm_assist]: 2,
  [HYPERVISOR.__HYPERVISOR_vcpu_op]: 3,
  [HYPERVISOR.__HYPERVISOR_xsm_op]: 1,
  [HYPERVISOR.__HYPERVISOR_sched_op]: 2,
  [HYPERVISOR.__HYPERVISOR_event_channel_op]: 2,
  [HYPERVISOR.__HYPERVISOR_physdev_op]: 2,
  [HYPERVISOR.__HYPERVISOR_hvm_op]: 2,
  [HYPERVISOR.__HYPERVISOR_sysctl]: 1,
  [HYPERVISOR.__HYPERVISOR_domctl]: 1,
  [HYPERVISOR.__HYPERVISOR_argo_op]: 5,
  [HYPERVISOR.__HYPERVISOR_dm_op]: 3,
  [HYPERVISOR.__HYPERVISOR_hypfs_op]: 5,
};

/** Dispatch one hypercall. `args` are the five argument registers (64-bit values). */
export function dispatchHypercall(
  ctx: HypervisorContext,
  caller: Vcpu,
  nr: number,
  args: readonly bigint[],
): number {
  const d = ctx.domains.get(caller.domid);
  if (!d) return -XEN_ERRNO.ESRCH;
  const a0 = args[0] ?? 0n;
  const a1 = args[1] ?? 0n;
  const a2 = args[2] ?? 0n;
  switch (nr) {
    case HYPERVISOR.__HYPERVISOR_xen_version:
      return doXenVersion(ctx, d, a0, a1);
    case HYPERVISOR.__HYPERVISOR_domctl:
      return doDomctl(ctx, caller, a0);
    case HYPERVISOR.__HYPERVISOR_memory_op:
      return doMemoryOp(ctx, caller, a0, a1);
    case HYPERVISOR.__HYPERVISOR_event_channel_op:
      return doEventChannelOp(ctx, caller, a0, a1);
    case HYPERVISOR.__HYPERVISOR_vcpu_op:
      return doVcpuOp(ctx, caller, a0, a1, a2);
    case HYPERVISOR.__HYPERVISOR_hvm_op:
      return doHvmOp(ctx, caller, a0, a1);
    case HYPERVISOR.__HYPERVISOR_sched_op:
      return doSchedOp(ctx, caller, a0, a1);
    case HYPERVISOR.__HYPERVISOR_console_io:
      return doConsoleIo(ctx, caller, a0, a1, a2);
    case HYPERVISOR.__HYPERVISOR_sysctl:
      return doSysctl(ctx, d, a0);
    default:
      return -XEN_ERRNO.ENOSYS;
  }
}
