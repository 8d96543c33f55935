/**
 * One lab: a booted Hypervisor with its toolstack pieces. Changing the profile, the
 * host architecture or the host's capabilities boots a new one, as rebooting the host
 * would. Model objects live here, outside React; the store only holds snapshots.
 */
import { Hypervisor, XenCtrl, Xenstore, type HostArch } from "../../xen-core";
import { startModelledGuests } from "../../xen-core/guest/start-on-create";
import { Dom0Shell } from "../../xen-core/toolstack/shell/shell";
import { pageEmulatorHook } from "./page-guests";

export interface LabSettings {
  readonly arch: HostArch;
  readonly profile: string;
  readonly aarch32El1: boolean;
  readonly gic: "v2" | "v3";
}

export const DEFAULT_SETTINGS: LabSettings = {
  arch: "arm64",
  profile: "upstream",
  aarch32El1: true,
  gic: "v3",
};

export interface LabSession {
  readonly settings: LabSettings;
  /** Where this lab came from: the toolbar's switches, or a scenario being played. */
  readonly origin: { readonly kind: "free" } | { readonly kind: "scenario"; readonly name: string };
  readonly hv: Hypervisor;
  readonly xc: XenCtrl;
  readonly xenstore: Xenstore;
  /** dom0's shell (`xl` and files): the Consoles panel's dom0 tab and the xl.cfg tab use it. */
  readonly shell: Dom0Shell | undefined;
}

/**
 * The model's trace ring for the page: large enough that a burst between two reads by
 * the page's trace log (one per microtask) never wraps it.
 */
export const PAGE_TRACE_CAPACITY = 1 << 16;

/**
 * Boot a lab. `startGuests: false` (the xl.cfg preview's scratch labs) leaves the
 * domains `xl create` builds without guest code: nothing starts running in the
 * background of a lab no one sees.
 */
export function bootLab(settings: LabSettings, opts: { startGuests?: boolean } = {}): LabSession {
  const hv = new Hypervisor({
    arch: settings.arch,
    profile: settings.profile,
    host: settings.arch === "arm64" ? { aarch32El1: settings.aarch32El1, gic: settings.gic } : {},
    traceCapacity: PAGE_TRACE_CAPACITY,
  });
  const xc = new XenCtrl(hv);
  const xenstore = new Xenstore();
  // Domains `xl create` starts run labkernel in v86 (x86 `kernel = "labkernel"`) or, as
  // in scenarios, a modelled kernel.
  const shell = new Dom0Shell(hv, {
    xc,
    xenstore,
    toolstack:
      opts.startGuests === false
        ? {}
        : { onDomainStarted: startModelledGuests(hv, pageEmulatorHook(hv)) },
  });
  return { settings, origin: { kind: "free" }, hv, xc, xenstore, shell };
}

/** The name `xl list` shows: xenstore's, or Xen's "(null)"-free fallback. */
export function domainName(session: LabSession, domid: number): string {
  return session.xenstore.domainName(domid) ?? `(domain ${domid})`;
}
