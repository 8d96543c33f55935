/**
 * What an emulated guest (real code in v86, see src/emulator) lends the hypervisor
 * model when it is attached to a domain. xen-core defines this port; the emulator
 * implements it. Nothing here knows about v86.
 *
 * Once attached, every guest access Xen makes for the domain (copy_from_guest of
 * hypercall arguments, shared_info, vcpu_info, FIFO control blocks and event words)
 * goes through `memory`, so the guest reads exactly what the model wrote.
 */
import type { GuestMemory } from "../memory/guest-memory";

export interface EmulatedGuest {
  /** The guest's physical RAM and a walk of its own page tables (from CR3). */
  readonly memory: GuestMemory;
  /**
   * x86 HVM event upcall (HVM_PARAM_CALLBACK_IRQ, xen/arch/x86/hvm/irq.c
   * hvm_assert_evtchn_irq): called when vcpu_mark_events_pending() finds
   * evtchn_upcall_pending newly set for `vcpuId`. `via` is the parameter's value as
   * the guest set it (type in bits 63:56: 0 = GSI, 1 = PCI INTx, 2 = vector). The
   * emulator delivers it synchronously (a PIC line for a GSI), never through a timer.
   */
  raiseCallbackIrq(vcpuId: number, via: bigint): void;
}
