/**
 * What runs in a domain `xl create` built: the toolstack calls its onDomainStarted
 * hook once per domain (src/xen-core/toolstack/options.ts). Whoever is given the hook
 * first (the emulator, for x86 `kernel = "labkernel"`) may attach a real guest; a
 * domain that is still without one gets a modelled kernel (src/xen-core/guest), booted
 * with the config's `cmdline` as soon as it runs: at once, or at its first unpause when
 * `xl create -p` left it paused.
 *
 * An x86 `labkernel` domain with no emulator to run it stays without a guest: the
 * modelled kernel does not stand in for real code.
 */
import type { Hypervisor } from "../hypervisor/hypervisor";
import type { DomainStartedEvent } from "../toolstack/options";
import { bootModelledGuest } from "./boot";

export const EMULATED_KERNEL = "labkernel";

export function startModelledGuests(
  hv: Hypervisor,
  first?: (event: DomainStartedEvent) => void,
): (event: DomainStartedEvent) => void {
  return (event) => {
    first?.(event);
    const d = hv.domain(event.domid);
    if (!d || d.emulated || d.modelled) return;
    if (event.arch === "x86_64" && event.kernel.path === EMULATED_KERNEL) return;
    const boot = () => bootModelledGuest(hv, event.domid, { cmdline: event.cmdline ?? "" });
    if (d.controllerPauseCount === 0) {
      boot();
      return;
    }
    const dispose = hv.subscribe(() => {
      const now = hv.domain(event.domid);
      if (now !== d || d.isDying) return dispose();
      if (d.controllerPauseCount > 0) return;
      dispose();
      boot();
    });
  };
}
