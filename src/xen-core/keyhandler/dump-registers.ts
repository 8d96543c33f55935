/**
 * Debug key 'd': dump_registers() and dump_execstate() (xen/common/keyhandler.c).
 * `xl debug-keys` reaches the handler from a sysctl on the dom0 vCPU running xl, so
 * that pCPU dumps first, in guest state; every other pCPU then dumps the vCPU it runs
 * (guest state) or, idle, its host state.
 */
import { NR_PCPUS, vcpuProcessor } from "../domctl/toolstack-ops";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { Vcpu } from "../vcpu/vcpu";
import { armGuestState, armHostState } from "./arm-registers";
import { x86GuestState, x86HostState } from "./x86-registers";

export function dumpRegisters(ctx: HypervisorContext, key: string): void {
  const p = (s: string): void => ctx.console.printk(s);
  p(`'${key}' pressed -> dumping registers`);
  p("");
  const onCpu = new Map<number, [Domain, Vcpu]>();
  for (const d of [...ctx.domains.values()].sort((a, b) => a.domid - b.domid)) {
    for (const v of d.vcpus) {
      const cpu = v?.running ? vcpuProcessor(d.domid, v.vcpuId) : -1;
      if (v && cpu >= 0 && !onCpu.has(cpu)) onCpu.set(cpu, [d, v]);
    }
  }
  const local = [...onCpu.entries()].find(([, [d]]) => d.domid === 0)?.[0] ?? 0;
  const order = [local, ...[...Array(NR_PCPUS).keys()].filter((c) => c !== local)];
  for (const cpu of order) {
    const running = onCpu.get(cpu);
    if (!running) {
      p(`*** Dumping CPU${cpu} host state: ***`);
      if (ctx.arch === "arm64") armHostState(ctx, cpu, p);
      else x86HostState(ctx, cpu, p);
      continue;
    }
    const [d, v] = running;
    p(`*** Dumping CPU${cpu} guest state (d${d.domid}v${v.vcpuId}): ***`);
    if (ctx.arch === "arm64") armGuestState(ctx, d, v, cpu, p);
    else x86GuestState(ctx, d, v, cpu, p);
    p("");
  }
}
