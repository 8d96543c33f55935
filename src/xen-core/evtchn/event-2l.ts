/**
 * The 2-level ABI, xen/common/event_2l.c: evtchn_pending[] and evtchn_mask[] in
 * shared_info, one evtchn_pending_sel word per vCPU in its vcpu_info, all in guest
 * memory with the guest's layout (see shared-info.ts). The bit operations keep Xen's
 * strict order:
 *
 * set_pending: test-and-set the pending bit (stop if it was set); if the mask bit is
 * clear and the selector bit `port / BITS_PER_EVTCHN_WORD` was newly set, mark events
 * pending on the vCPU (evtchn_upcall_pending → upcall); then check pollers.
 * unmask: test-and-clear the mask bit; if it was set, the port is pending and the
 * selector bit is newly set, mark events pending on the notify vCPU.
 */
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { clearBit, testAndClearBit, testAndSetBit, testBit } from "../memory/mapped-page";
import type { Evtchn } from "./evtchn";
import type { EvtchnPortOps } from "./port-ops";
import { evtchnCheckPollers, vcpuMarkEventsPending } from "./upcall";

function setPending(ctx: HypervisorContext, d: Domain, vcpuId: number, chn: Evtchn): void {
  const sh = d.evtchn.shared;
  const l = sh.layout;
  const page = sh.page;
  const port = chn.port;
  if (testAndSetBit(page, l.evtchnPending, port)) return;
  const v = d.vcpus[vcpuId];
  if (v && !testBit(page, l.evtchnMask, port)) {
    const area = sh.vcpuInfo(vcpuId);
    // Xen dereferences d->vcpu[id] unconditionally; a domain without that vCPU yet
    // (a port bound before max_vcpus) only gets the pending bit in the model.
    if (!testAndSetBit(area.page, area.off + l.pendingSel, (port / l.wordBits) | 0)) {
      vcpuMarkEventsPending(ctx, d, v);
    }
  }
  evtchnCheckPollers(ctx, d, port);
}

function clearPending(d: Domain, chn: Evtchn): void {
  const sh = d.evtchn.shared;
  clearBit(sh.page, sh.layout.evtchnPending, chn.port);
}

function unmask(ctx: HypervisorContext, d: Domain, chn: Evtchn): void {
  const sh = d.evtchn.shared;
  const l = sh.layout;
  const port = chn.port;
  const v = d.vcpus[chn.notifyVcpuId];
  if (
    testAndClearBit(sh.page, l.evtchnMask, port) &&
    testBit(sh.page, l.evtchnPending, port) &&
    v
  ) {
    const area = sh.vcpuInfo(v.vcpuId);
    if (!testAndSetBit(area.page, area.off + l.pendingSel, (port / l.wordBits) | 0)) {
      vcpuMarkEventsPending(ctx, d, v);
    }
  }
}

function maxPorts(d: Domain): number {
  const bits = d.evtchn.shared.wordBits;
  return bits * bits;
}

function isPending(d: Domain, chn: Evtchn): boolean {
  const sh = d.evtchn.shared;
  return chn.port < maxPorts(d) && testBit(sh.page, sh.layout.evtchnPending, chn.port);
}

function isMasked(d: Domain, chn: Evtchn): boolean {
  const sh = d.evtchn.shared;
  return chn.port >= maxPorts(d) || testBit(sh.page, sh.layout.evtchnMask, chn.port);
}

/** evtchn_2l_print_state: the selector bit of the notify vCPU, "%d". */
function printState(d: Domain, chn: Evtchn): string {
  const sh = d.evtchn.shared;
  const area = sh.vcpuInfo(chn.notifyVcpuId);
  const word = (chn.port / sh.layout.wordBits) | 0;
  return testBit(area.page, area.off + sh.layout.pendingSel, word) ? "1" : "0";
}

export const TWO_LEVEL_OPS: EvtchnPortOps = {
  setPending,
  clearPending,
  unmask,
  isPending,
  isMasked,
  printState,
};
