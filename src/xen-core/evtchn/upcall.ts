/**
 * The event upcall and pollers.
 *
 * vcpu_mark_events_pending(): test-and-set bit 0 of the vCPU's evtchn_upcall_pending;
 * only a 0 → 1 transition raises the interrupt.
 * - Arm (xen/arch/arm/domain.c): vgic_inject_irq(d->arch.evtchn_irq), PPI 31
 *   (GUEST_EVTCHN_PPI) pending on the vCPU; injection kicks a blocked vCPU awake.
 * - x86 HVM (xen/arch/x86/domain.c, hvm/irq.c hvm_assert_evtchn_irq): a vector
 *   callback kicks the vCPU (any vCPU); a GSI or PCI INTx callback is asserted for
 *   vCPU0 only (hvm_set_callback_irq_level); no callback, no interrupt. An emulated
 *   guest gets it through EmulatedGuest.raiseCallbackIrq; a modelled x86 guest has it
 *   recorded on the vCPU as an Arm one does.
 *
 * evtchn_check_pollers() (xen/common/event_channel.c): wake vCPUs blocked in
 * SCHEDOP_poll on this port (or on several ports).
 */
import { GUEST_EVTCHN_PPI } from "../abi/arch-arm";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { testAndSetBit } from "../memory/mapped-page";
import type { Vcpu } from "../vcpu/vcpu";

const ARM_UPCALL = `PPI ${GUEST_EVTCHN_PPI}`;

export function vcpuMarkEventsPending(ctx: HypervisorContext, d: Domain, v: Vcpu): void {
  const sh = d.evtchn.shared;
  const area = sh.vcpuInfo(v.vcpuId);
  if (testAndSetBit(area.page, area.off + sh.layout.upcallPending, 0)) return;
  let how: string;
  if (sh.arch === "arm") {
    how = ARM_UPCALL;
  } else if (d.emulated && d.isHvm) {
    how = hvmAssertEvtchnIrq(d, v);
  } else {
    how = "upcall";
  }
  v.evtchnIrqPending = true;
  v.evtchnIrqInjected++;
  // vcpu_kick / vgic_inject_irq: an interrupt wakes a vCPU blocked in SCHEDOP_block.
  v.blocked = false;
  ctx.stateChange(d.domid, "evtchn-upcall", how, v.vcpuId);
  d.modelled?.upcall(v.vcpuId);
}

/** hvm_assert_evtchn_irq() for an emulated guest; returns what the trace shows. */
export function hvmAssertEvtchnIrq(d: Domain, v: Vcpu): string {
  const via = d.hvmParams[0]!;
  const emulated = d.emulated!;
  switch (d.callbackVia) {
    case "vector":
      emulated.raiseCallbackIrq(v.vcpuId, via);
      return `callback vector 0x${(via & 0xffn).toString(16)}`;
    case "gsi":
    case "pci_intx":
      if (v.vcpuId !== 0) return "callback (vCPU0 only)";
      emulated.raiseCallbackIrq(0, via);
      return d.callbackVia === "gsi" ? `callback GSI ${via & 0xffn}` : "callback PCI INTx";
    default:
      return "no callback";
  }
}

/** evtchn_check_pollers(d, port). */
export function evtchnCheckPollers(ctx: HypervisorContext, d: Domain, port: number): void {
  const e = d.evtchn;
  if (e.pollers === 0) return;
  for (let id = 0; id < e.pollMask.length; id++) {
    if (!e.pollMask[id]) continue;
    const pv = e.vcpus[id]!;
    if (pv.pollEvtchn <= 0 || pv.pollEvtchn === port) {
      e.pollMask[id] = false;
      e.pollers--;
      pv.pollEvtchn = 0;
      const v = d.vcpus[id];
      if (v?.blocked) {
        v.blocked = false;
        ctx.stateChange(d.domid, "poll-woken", `port ${port}`, id);
      }
    }
  }
}
