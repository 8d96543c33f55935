/**
 * domain_shutdown() and domain_crash(), xen/common/domain.c:
 * - domain_shutdown(d, reason): the first reason sticks (shutdown_code); every vCPU is
 *   paused for shutdown; once all are, the shutdown completes and VIRQ_DOM_EXC goes to
 *   its handler (dom0) so the toolstack notices. `xl list` then shows `s` and the
 *   reason letter from "-rscwS" (`c` for SHUTDOWN_crash).
 * - domain_crash(d, fmt...): printk(XENLOG_ERR) the caller's message (or "domain_crash
 *   called from %s:%d"), then __domain_crash: nothing more if the domain is already
 *   shutting down; "Domain %d (vcpu#%d) crashed on cpu#%d:" when the domain crashes
 *   itself (Xen then dumps the execution state, which the model does not print);
 *   "Domain %d reported crashed by domain %d on cpu#%d:" when another domain's
 *   hypercall crashed it; then domain_shutdown(d, SHUTDOWN_crash).
 *   The model has one physical CPU: cpu#0.
 */
import { SHUTDOWN } from "../abi/domctl";
import { VIRQ } from "../abi/event-channel";
import { sendGlobalVirq } from "../evtchn/virq";
import type { HypervisorContext } from "../hypervisor/context";
import type { Domain } from "./domain";

const REASONS = Object.fromEntries(Object.entries(SHUTDOWN).map(([k, v]) => [v, k]));

export function domainShutdown(ctx: HypervisorContext, d: Domain, reason: number): number {
  const code = reason & 0xff;
  if (d.isShutdown) return 0;
  d.shutdownCode = code;
  d.isShutdown = true;
  for (const v of d.vcpus) if (v) v.running = false;
  ctx.stateChange(d.domid, "shutdown", REASONS[code] ?? `reason ${code}`);
  sendGlobalVirq(ctx, VIRQ.VIRQ_DOM_EXC);
  return 0;
}

/**
 * domain_crash(d, why): `why` is the message the caller prints (Xen's domain_crash
 * macro arguments); `vcpuId` is the vCPU that was running when the domain crashed
 * itself (the emulator's faulting vCPU).
 */
export function domainCrash(ctx: HypervisorContext, d: Domain, why?: string, vcpuId = 0): void {
  ctx.console.printk(why ?? "domain_crash called from common/domain.c");
  if (!d.isShutdown) {
    const cur = ctx.current;
    if (cur && cur.domid !== d.domid) {
      ctx.console.printk(`Domain ${d.domid} reported crashed by domain ${cur.domid} on cpu#0:`);
    } else {
      ctx.console.printk(`Domain ${d.domid} (vcpu#${cur?.vcpuId ?? vcpuId}) crashed on cpu#0:`);
    }
  }
  domainShutdown(ctx, d, SHUTDOWN.SHUTDOWN_crash);
}
