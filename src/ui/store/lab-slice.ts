/**
 * The lab slice: the current lab session (model objects, never rendered directly)
 * and the frozen snapshot the panels render. The model's change notifications are
 * coalesced to one snapshot per microtask, so a burst of hypercalls renders once.
 */
import type { StateCreator } from "zustand";
import type { HypervisorSnapshot } from "../../xen-core";
import {
  bootLab,
  DEFAULT_SETTINGS,
  domainName,
  type LabSession,
  type LabSettings,
} from "../lab/lab-session";
import type { StoreState } from "./store";

export interface LabSlice {
  session: LabSession;
  snapshot: HypervisorSnapshot;
  /** Domain names as xenstore holds them (a copy: rendering never reads the model). */
  names: Readonly<Record<number, string>>;
  /** Re-read the names after a toolstack action wrote xenstore. */
  syncNames(): void;
  /** Boot a new lab with other settings (profile, arch, host). */
  reboot(settings: Partial<LabSettings>): void;
}

export const createLabSlice: StateCreator<StoreState, [], [], LabSlice> = (set, get) => {
  // One model subscription per store, replaced when the lab reboots.
  let disposeSubscription: (() => void) | undefined;
  const attach = (session: LabSession) => {
    disposeSubscription?.();
    let queued = false;
    disposeSubscription = session.hv.subscribe(() => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        if (get().session === session) set({ snapshot: session.hv.snapshot() });
      });
    });
  };
  const session = bootLab(DEFAULT_SETTINGS);
  attach(session);
  const namesOf = (s: LabSession) =>
    Object.fromEntries(s.hv.snapshot().domains.map((d) => [d.domid, domainName(s, d.domid)]));
  return {
    session,
    snapshot: session.hv.snapshot(),
    names: namesOf(session),
    syncNames: () => set({ names: namesOf(get().session) }),
    reboot(settings) {
      const next = bootLab({ ...get().session.settings, ...settings });
      attach(next);
      set({
        session: next,
        snapshot: next.hv.snapshot(),
        names: namesOf(next),
        selectedDomid: undefined,
        lastResult: undefined,
      });
    },
  };
};
