/**
 * Real guests in the page: x86 domains `xl create` builds with `kernel = "labkernel"`
 * run in v86 (src/emulator). The emulator (v86 and its wasm) is its own chunk, loaded
 * the first time a lab needs it; one GuestHost per hypervisor, disposed when the page
 * leaves that lab, so guests of a lab no longer shown stop using the CPU.
 */
import type { GuestHost } from "../../emulator/guest-host";
import { EmulatedGuestPort } from "../../emulator/guest-port";
import { emulatedGuestStarter } from "../../emulator/toolstack-hook";
import type * as BrowserEmulatorNs from "../../emulator/browser";
import { domainCrash } from "../../xen-core/domain/domain-shutdown";
import type { Hypervisor } from "../../xen-core/hypervisor/hypervisor";
import type { RunnerPorts } from "../../xen-core/scenario/ports";
import { LABKERNEL } from "../../xen-core/toolstack/build/x86-build";
import type { DomainStartedEvent, ToolstackOptions } from "../../xen-core/toolstack/options";

type BrowserEmulator = typeof BrowserEmulatorNs;

let loading: Promise<BrowserEmulator> | undefined;
let loaded: BrowserEmulator | undefined;

/** Load the emulator chunk (once). */
export function loadEmulator(): Promise<BrowserEmulator> {
  loading ??= import("../../emulator/browser").then((m) => (loaded = m));
  return loading;
}

const hosts = new WeakMap<Hypervisor, GuestHost>();

/** The GuestHost of `hv`, made on first use; undefined until the emulator is loaded. */
export function guestHost(hv: Hypervisor): GuestHost | undefined {
  if (!loaded) return undefined;
  let h = hosts.get(hv);
  if (!h) hosts.set(hv, (h = loaded.browserGuestHost(hv)));
  return h;
}

/** Stop the real guests of a lab the page no longer shows. */
export function disposeGuests(hv: Hypervisor): void {
  hosts.get(hv)?.dispose();
  hosts.delete(hv);
}

const wantsEmulator = (e: DomainStartedEvent) => e.arch === "x86_64" && e.kernel.path === LABKERNEL;

/**
 * The toolstack hook of the page's own labs: a labkernel domain gets its v86 guest, at
 * once when the emulator is loaded, else when it is (a failed load crashes the domain
 * with the reason, as a guest that cannot start does).
 */
export function pageEmulatorHook(hv: Hypervisor): (event: DomainStartedEvent) => void {
  const start = emulatedGuestStarter(() => guestHost(hv));
  return (event) => {
    if (!wantsEmulator(event)) return;
    if (loaded) return start(event);
    loadEmulator().then(
      () => start(event),
      (err: unknown) => {
        const d = hv.domain(event.domid);
        if (d) domainCrash(hv, d, `xenlab: the emulator could not load: ${String(err)}`);
      },
    );
  };
}

/**
 * What a scenario run in the page needs for real guests (RunOptions.ports and
 * .toolstack); call after loadEmulator() resolved. One run at a time per object.
 */
export function pageRunnerPorts(): {
  ports: (hv: Hypervisor) => RunnerPorts;
  toolstack: ToolstackOptions;
} {
  let current: Hypervisor | undefined;
  return {
    ports: (hv) => {
      current = hv;
      const host = guestHost(hv);
      return host ? { guests: new EmulatedGuestPort(host) } : {};
    },
    toolstack: {
      onDomainStarted: emulatedGuestStarter(() => (current ? guestHost(current) : undefined)),
    },
  };
}
