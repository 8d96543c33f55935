/**
 * The presenter slice: presenter mode (`?present=1`, the toolbar button, Alt+P), its own
 * text size and theme (the projector theme by default; the user's own theme and size
 * are left alone and come back on exit), the panel shown large for the current step,
 * and the presenter's four moves: next, previous, reset, run to the verdict.
 *
 * One move at a time: a key pressed while a step runs (a `wait` on a real guest, or a
 * replay to go back) is ignored, never queued, and `presenterBusy` says what runs.
 */
import type { StateCreator } from "zustand";
import { parseForPage } from "../lab/scenario-player";
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";
import type { PanelId } from "../layout/layout-model";
import { passOver, previousStop } from "../present/caption";
import { focusAt, savedDomains, stepDomain } from "../present/step-focus";
import type { PageTheme } from "../theme";
import { DEFAULT_SCENARIO } from "./scenario-slice";
import type { StoreState } from "./store";
import { stepScale, storage, validScale } from "./ui-slice";
import type { Step } from "../../xen-core/scenario/types";

export type PresenterAction = "next" | "prev" | "reset" | "end";
export type PresenterTheme = Extract<PageTheme, "projector" | "dark">;

export interface PresentSlice {
  presenting: boolean;
  /** The move under way; keys pressed meanwhile are ignored. */
  presenterBusy: PresenterAction | undefined;
  /** Why the last move could not run (a guest image that did not load, say). */
  presenterError: string | undefined;
  presenterScale: number;
  presenterTheme: PresenterTheme;
  /** The panel shown large: the current step's, or one the presenter asked for. */
  presenterFocus: PanelId;
  /** Enter; a visitor who chose nothing gets the tour, unless `chosen` (an address's ?scenario=). */
  enterPresenter(chosen?: boolean): void;
  leavePresenter(): void;
  presenterZoom(step: -1 | 0 | 1): void;
  setPresenterTheme(theme: PresenterTheme): void;
  /** Show this panel large until the next move (Alt+N in presenter mode). */
  presenterShow(panel: PanelId): void;
  present(action: PresenterAction): Promise<void>;
}

/** The scenario a new visitor sees first in presenter mode. */
export const TOUR = BUILTIN_SCENARIOS.find((s) => s.name === "tour-xen-basics");

export const PRESENT_STORAGE_KEY = "xenlab.present.v1";
export const PRESENTER_DEFAULT_SCALE = 1.3;

interface Persisted {
  scale: number;
  theme: PresenterTheme;
}

export function loadPresenterPrefs(storage: Pick<Storage, "getItem"> | undefined): Persisted {
  const fallback: Persisted = { scale: PRESENTER_DEFAULT_SCALE, theme: "projector" };
  try {
    const o = JSON.parse(storage?.getItem(PRESENT_STORAGE_KEY) ?? "null") as Partial<Persisted>;
    if (!o) return fallback;
    return {
      scale: validScale(o.scale, fallback.scale),
      theme: o.theme === "dark" ? "dark" : "projector",
    };
  } catch {
    return fallback;
  }
}

/** The parsed steps of a run's text (one parse per text). */
let parsed: { source: string; steps: readonly Step[] } | undefined;
export function stepsOf(source: string): readonly Step[] {
  if (parsed?.source !== source)
    parsed = { source, steps: parseForPage(source).scenario?.steps ?? [] };
  return parsed.steps;
}

export const createPresentSlice: StateCreator<StoreState, [], [], PresentSlice> = (set, get) => {
  const prefs = loadPresenterPrefs(storage());
  const save = () => {
    const { presenterScale: scale, presenterTheme: theme } = get();
    try {
      storage()?.setItem(PRESENT_STORAGE_KEY, JSON.stringify({ scale, theme }));
    } catch {
      // Only the presenter's text size is lost across reloads.
    }
  };

  /** Point the stage at the step just run: its panel, console tab and domain. */
  const follow = () => {
    const { run, session, names, snapshot } = get();
    if (!run) return;
    const steps = stepsOf(run.source);
    const focus = focusAt(steps, run.position, run.profile);
    const patch: Partial<StoreState> = { presenterFocus: focus.panel };
    if (focus.consoleTab) patch.consoleTab = focus.consoleTab;
    const r = run.results.at(-1);
    const step = r && steps[r.index];
    if (r && step) {
      const trace = session.hv.trace.since(run.results[0]!.seqFrom);
      const byName = new Map(Object.entries(names).map(([id, n]) => [n, Number(id)]));
      const domid = stepDomain(step, r, trace, savedDomains(steps, run.results, trace), byName);
      if (domid !== undefined && snapshot.domains.some((d) => d.domid === domid))
        Object.assign(patch, { selectedDomid: domid, selectedVcpu: 0 });
    }
    set(patch);
  };

  const moves: Record<PresenterAction, () => Promise<void>> = {
    async next() {
      // Steps skipped under this profile show nothing: pass over them in the same move.
      let before: number;
      do {
        before = get().run?.position ?? -1;
        await get().stepScenario();
      } while (
        get().run &&
        get().run!.position > before &&
        passOver(get().run!.results, get().run!.done)
      );
    },
    async prev() {
      const run = get().run!;
      await get().seekScenario(previousStop(run.results, run.position));
    },
    reset: () => get().resetScenario(),
    end: () => get().runScenario(),
  };

  return {
    presenting: false,
    presenterBusy: undefined,
    presenterError: undefined,
    presenterScale: prefs.scale,
    presenterTheme: prefs.theme,
    presenterFocus: "domains",
    enterPresenter(chosen = false) {
      if (get().presenting) return;
      set({ presenting: true, helpOpen: false });
      const s = get();
      // A new visitor who chose nothing gets the tour.
      const untouched =
        !chosen &&
        !s.run &&
        s.scenarioFile === DEFAULT_SCENARIO.file &&
        s.scenarioText === DEFAULT_SCENARIO.text;
      if (untouched && TOUR) s.setScenarioText(TOUR.text, TOUR.file);
      const { run, scenarioText } = get();
      if (!run || run.source !== scenarioText) void get().present("reset");
      else follow();
    },
    leavePresenter: () => set({ presenting: false }),
    presenterZoom(step) {
      set({ presenterScale: stepScale(get().presenterScale, step, PRESENTER_DEFAULT_SCALE) });
      save();
    },
    setPresenterTheme(theme) {
      set({ presenterTheme: theme });
      save();
    },
    presenterShow: (panel) => set({ presenterFocus: panel }),
    async present(action) {
      const { presenterBusy, run, scenarioText } = get();
      if (presenterBusy) return;
      const live = run !== undefined && run.source === scenarioText;
      if ((action === "next" || action === "end") && live && run.done) return;
      if (action === "prev" && (!live || run.position === 0)) return;
      set({ presenterBusy: action, presenterError: undefined });
      try {
        await moves[action]();
      } catch (err) {
        set({ presenterError: String(err) });
      } finally {
        set({ presenterBusy: undefined });
        follow();
      }
    },
  };
};

/** The theme the page shows: the presenter's while presenting, the user's otherwise. */
export const pageTheme = (s: StoreState): PageTheme => (s.presenting ? s.presenterTheme : s.theme);
/** The text size the page shows. */
export const pageFontScale = (s: StoreState): number =>
  s.presenting ? s.presenterScale : s.fontScale;
