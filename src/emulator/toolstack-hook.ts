/**
 * The toolstack's hook for a domain `xl create` built (ToolstackOptions.onDomainStarted,
 * xen-core/toolstack/options.ts): an x86 domain whose config says
 * `kernel = "labkernel"` gets a real guest in the emulator, attached at once (so a
 * `console` step right after `xl create` reaches it) and running when loaded. The
 * config's `type` chooses the start (hvm: labfw in real mode; pvh: direct), `memory`
 * the emulator's RAM, `cmdline` the kernel command line. Other domains are left to
 * the modelled kernels (xen-core/guest/start-on-create.ts).
 */
import { domainCrash } from "../xen-core/domain/domain-shutdown";
import { LABKERNEL } from "../xen-core/toolstack/build/x86-build";
import type { DomainStartedEvent } from "../xen-core/toolstack/options";
import type { GuestHost } from "./guest-host";

/** labkernel's own 4 MiB, then its page allocator's frames (guests/labkernel/paging.c). */
export const LABKERNEL_MIN_MEMORY_MIB = 8;

export function emulatedGuestStarter(host: () => GuestHost | undefined) {
  return (event: DomainStartedEvent): void => {
    if (event.arch !== "x86_64" || event.kernel.path !== LABKERNEL) return;
    const h = host();
    if (!h) return;
    const d = h.hv.domain(event.domid);
    if (!d) return;
    const memoryMiB = Math.floor(event.memoryKb / 1024);
    const refuse = (why: string) => domainCrash(h.hv, d, `xenlab: d${event.domid} ${why}`);
    if (event.type === "pv") {
      return refuse('labkernel runs as type = "pvh" or "hvm", not "pv"');
    }
    if (memoryMiB < LABKERNEL_MIN_MEMORY_MIB) {
      return refuse(
        `labkernel needs memory >= ${LABKERNEL_MIN_MEMORY_MIB} (MiB), not ${memoryMiB}`,
      );
    }
    h.attach(event.domid, { type: event.type, cmdline: event.cmdline ?? "", memoryMiB });
  };
}
