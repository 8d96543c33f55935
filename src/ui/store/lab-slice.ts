/**
 * The lab slice: the current lab session (model objects, never rendered directly), the
 * frozen snapshot the panels render with its version, the page's trace log view, and
 * the domain names. The model's change notifications are coalesced to one publication
 * per frame, so a burst of hypercalls renders once.
 */
import type { StateCreator } from "zustand";
import type { HypervisorSnapshot } from "../../xen-core";
import {
  bootLab,
  DEFAULT_SETTINGS,
  domainName,
  PAGE_TRACE_CAPACITY,
  type LabSession,
  type LabSettings,
} from "../lab/lab-session";
import { TraceLog, type TraceView } from "../lab/trace-log";
import type { StoreState } from "./store";

export type Names = Readonly<Record<number, string>>;

/**
 * When to publish: before the next frame in a page (a screen shows no more than that,
 * and busy guests change the model thousands of times a second), at the end of the
 * current task elsewhere (Node tests).
 */
const nextPaint: (f: () => void) => void =
  typeof requestAnimationFrame === "function"
    ? (f) => void requestAnimationFrame(f)
    : queueMicrotask;

export interface LabSlice {
  session: LabSession;
  snapshot: HypervisorSnapshot;
  trace: TraceView;
  /** Domain names as xenstore holds them (a copy: rendering never reads the model). */
  names: Names;
  /** Re-read the names after a toolstack action wrote xenstore. */
  syncNames(): void;
  /** Boot a new lab with other settings (profile, arch, host). */
  reboot(settings: Partial<LabSettings>): void;
  /** Show another lab (a scenario's) in every panel. */
  adopt(session: LabSession): void;
}

/** The same object when nothing changed, so selectors on `names` stay stable. */
function stableNames(prev: Names | undefined, session: LabSession): Names {
  const next: Record<number, string> = {};
  for (const d of session.hv.snapshot().domains) next[d.domid] = domainName(session, d.domid);
  if (prev) {
    const a = Object.keys(prev);
    const same =
      a.length === Object.keys(next).length && a.every((k) => prev[Number(k)] === next[Number(k)]);
    if (same) return prev;
  }
  return Object.freeze(next);
}

/**
 * Paces publications by what they cost: each one (the snapshot, React's render and
 * layout, which run in microtasks right after it) is followed by a pause of a few times
 * its cost, so however busy the guests are, rendering the page takes a bounded share of
 * the main thread and no update task grows long. An idle lab publishes every frame.
 */
export class Pacer {
  private cost = 0;
  private last = -Infinity;

  constructor(
    /** Pause after a publication, as a multiple of its cost. */
    private readonly factor = 3,
    private readonly maxPauseMs = 250,
  ) {}

  schedule(run: () => void): void {
    const go = () =>
      nextPaint(() => {
        const t0 = performance.now();
        run();
        // React flushes the store's update in a microtask queued during run().
        queueMicrotask(() => {
          this.last = performance.now();
          this.cost = this.last - t0;
        });
      });
    const wait = this.last + Math.min(this.maxPauseMs, this.cost * this.factor) - performance.now();
    if (wait <= 0) go();
    else setTimeout(go, wait);
  }
}

export const createLabSlice: StateCreator<StoreState, [], [], LabSlice> = (set, get) => {
  // One model subscription per store, replaced when the lab changes.
  let disposeSubscription: (() => void) | undefined;
  const publish = (session: LabSession, log: TraceLog) => {
    if (get().session !== session) return;
    log.pull(session.hv.trace);
    set({
      snapshot: session.hv.snapshot(),
      trace: log.view(),
      names: stableNames(get().names, session),
    });
  };
  const attach = (session: LabSession): TraceLog => {
    disposeSubscription?.();
    const log = new TraceLog();
    log.pull(session.hv.trace);
    let queued = false;
    const pace = new Pacer();
    disposeSubscription = session.hv.subscribe(() => {
      // A burst longer than half the model's ring is read as it happens, so the ring
      // never wraps past what the log has (the page keeps every entry).
      if (log.lag(session.hv.trace) > PAGE_TRACE_CAPACITY / 2) log.pull(session.hv.trace);
      if (queued) return;
      queued = true;
      pace.schedule(() => {
        queued = false;
        publish(session, log);
      });
    });
    return log;
  };
  const fresh = (session: LabSession) => {
    const log = attach(session);
    return {
      session,
      snapshot: session.hv.snapshot(),
      trace: log.view(),
      names: stableNames(undefined, session),
    };
  };
  return {
    ...fresh(bootLab(DEFAULT_SETTINGS)),
    syncNames: () => set({ names: stableNames(get().names, get().session) }),
    reboot(settings) {
      const next = bootLab({ ...get().session.settings, ...settings });
      set({
        ...fresh(next),
        selectedDomid: undefined,
        selectedSeq: undefined,
        lastResult: undefined,
      });
    },
    adopt(session) {
      set({
        ...fresh(session),
        selectedDomid: undefined,
        selectedSeq: undefined,
        lastResult: undefined,
      });
    },
  };
};
