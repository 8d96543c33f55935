/**
 * What a modelled guest kernel (src/xen-core/guest) lends the hypervisor model while
 * it runs in a domain: where its event upcall goes. The Arm vGIC and the x86 callback
 * path record the interrupt on the vCPU; this hook lets the kernel take it the next
 * time the model runs guests (after the hypercall that raised it returns), so delivery
 * is deterministic and never on a timer.
 */
export interface ModelledGuestHook {
  /** vcpu_mark_events_pending found evtchn_upcall_pending newly set on `vcpuId`. */
  upcall(vcpuId: number): void;
}
