/**
 * domain_crash() (xen/common/domain.c __domain_crash -> domain_shutdown(d,
 * SHUTDOWN_crash)), as far as the emulator needs it before the event channel work
 * lands its own domainCrash: print Xen's line and the reason, mark the domain shut
 * down with SHUTDOWN_crash (`xl list` shows "c"), stop its vCPUs. A domain already
 * shutting down prints nothing, as in Xen.
 *
 * TEMPORARY: replaced by src/xen-core/domain's domainCrash once `merge: evtchn` is in.
 */
import type { HypervisorContext } from "../hypervisor/context";
import type { Domain } from "./domain";

/** SHUTDOWN_crash, xen/include/public/sched.h. */
export const SHUTDOWN_crash = 3;

export function domainCrash(
  ctx: Pick<HypervisorContext, "console" | "stateChange">,
  d: Domain,
  why: string,
  vcpuId = 0,
): void {
  if (d.isShutdown) return;
  ctx.console.printk(`Domain ${d.domid} (vcpu#${vcpuId}) crashed on cpu#0:`);
  ctx.console.printk(why);
  d.isShutdown = true;
  d.shutdownCode = SHUTDOWN_crash;
  for (const v of d.vcpus) {
    if (!v) continue;
    v.running = false;
    v.blocked = false;
  }
  ctx.stateChange(d.domid, "crashed", why);
}
