/**
 * The UI slice: what the user has selected (a domain, a vCPU, a trace entry), the result
 * of the last action (so the page can say what Xen answered), and the page's layout and
 * theme (persisted).
 */
import type { StateCreator } from "zustand";
import {
  activate,
  DEFAULT_LAYOUT,
  groupOf,
  movePanel,
  resize,
  validLayout,
  type LayoutNode,
  type PanelId,
} from "../layout/layout-model";
import type { TraceFilter } from "../lab/trace-filter";
import type { StoreState } from "./store";

export interface ActionResult {
  readonly ok: boolean;
  readonly text: string;
}

export type Theme = "dark" | "light";

export interface UiSlice {
  selectedDomid: number | undefined;
  selectedVcpu: number;
  /** A trace entry the user pointed at (in the Trace panel or on the timeline). */
  selectedSeq: number | undefined;
  lastResult: ActionResult | undefined;
  layout: LayoutNode;
  /** A group shown alone (Alt+M, the A/B view), or undefined. */
  maximized: string | undefined;
  theme: Theme;
  /** Text size outside presenter mode (which keeps its own): 1 is the default. */
  fontScale: number;
  helpOpen: boolean;
  /** Inner tabs and filters, here so they survive a panel's remount (maximize, moves). */
  createView: "form" | "xlcfg";
  consoleTab: string;
  traceFilter: TraceFilter;
  setCreateView(view: "form" | "xlcfg"): void;
  setConsoleTab(id: string): void;
  setTraceFilter(filter: TraceFilter): void;
  select(domid: number | undefined): void;
  selectVcpu(domid: number, vcpu: number): void;
  selectSeq(seq: number | undefined): void;
  report(result: ActionResult): void;
  showPanel(panel: PanelId): void;
  movePanel(panel: PanelId, toGroup: string, index?: number): void;
  resizeSplit(splitId: string, sizes: readonly number[]): void;
  resetLayout(): void;
  toggleMaximized(groupId: string | undefined): void;
  setTheme(theme: Theme): void;
  /** Larger (+1) or smaller (-1) text, or the default (0). */
  zoom(step: -1 | 0 | 1): void;
  setHelpOpen(open: boolean): void;
}

export const LAYOUT_STORAGE_KEY = "xenlab.ui.v1";

interface Persisted {
  layout: LayoutNode;
  theme: Theme;
  fontScale: number;
}

export const FONT_SCALES = [0.85, 1, 1.15, 1.3, 1.5, 1.75] as const;

/** A stored text size if it is one of FONT_SCALES, else the fallback. */
export function validScale(v: unknown, fallback: number): number {
  return (FONT_SCALES as readonly unknown[]).includes(v) ? (v as number) : fallback;
}

/** The next text size up (+1) or down (-1) from `current`, or `reset` (0). */
export function stepScale(current: number, step: -1 | 0 | 1, reset: number): number {
  if (step === 0) return reset;
  const i = FONT_SCALES.indexOf(current as (typeof FONT_SCALES)[number]);
  return FONT_SCALES[Math.max(0, Math.min(FONT_SCALES.length - 1, i + step))]!;
}

/** The saved layout and theme, checked; the defaults when absent or malformed. */
export function loadPersisted(storage: Pick<Storage, "getItem"> | undefined): Persisted {
  const prefersLight =
    typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: light)").matches;
  const fallback: Persisted = {
    layout: DEFAULT_LAYOUT,
    theme: prefersLight ? "light" : "dark",
    fontScale: 1,
  };
  try {
    const raw = storage?.getItem(LAYOUT_STORAGE_KEY);
    if (!raw) return fallback;
    const o = JSON.parse(raw) as Partial<Persisted>;
    return {
      layout: validLayout(o.layout),
      theme: o.theme === "light" || o.theme === "dark" ? o.theme : fallback.theme,
      fontScale: validScale(o.fontScale, 1),
    };
  } catch {
    return fallback;
  }
}

/** localStorage, or undefined where it is missing or forbidden (a sandboxed frame). */
export const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set, get) => {
  const saved = loadPersisted(storage());
  const save = () => {
    const { layout, theme, fontScale } = get();
    try {
      storage()?.setItem(LAYOUT_STORAGE_KEY, JSON.stringify({ layout, theme, fontScale }));
    } catch {
      // A full or forbidden storage only loses the layout across reloads.
    }
  };
  const setLayout = (layout: LayoutNode) => {
    if (layout === get().layout) return;
    set({ layout });
    save();
  };
  return {
    selectedDomid: undefined,
    selectedVcpu: 0,
    selectedSeq: undefined,
    lastResult: undefined,
    layout: saved.layout,
    maximized: undefined,
    theme: saved.theme,
    fontScale: saved.fontScale,
    helpOpen: false,
    createView: "form",
    consoleTab: "xen",
    traceFilter: {},
    setCreateView: (createView) => set({ createView }),
    setConsoleTab: (consoleTab) => set({ consoleTab }),
    setTraceFilter: (traceFilter) => set({ traceFilter }),
    select: (domid) => set({ selectedDomid: domid, selectedVcpu: 0 }),
    selectVcpu: (domid, vcpu) => set({ selectedDomid: domid, selectedVcpu: vcpu }),
    selectSeq: (seq) => set({ selectedSeq: seq }),
    report: (result) => set({ lastResult: result }),
    showPanel(panel) {
      const layout = activate(get().layout, panel);
      setLayout(layout);
      // Showing a panel hidden behind a maximized group restores the layout.
      const m = get().maximized;
      if (m && groupOf(layout, panel)?.id !== m) set({ maximized: undefined });
    },
    movePanel: (panel, toGroup, index) => setLayout(movePanel(get().layout, panel, toGroup, index)),
    resizeSplit: (splitId, sizes) => setLayout(resize(get().layout, splitId, sizes)),
    resetLayout() {
      set({ maximized: undefined });
      setLayout(DEFAULT_LAYOUT);
    },
    toggleMaximized: (groupId) =>
      set((s) => ({
        maximized: groupId === undefined || s.maximized === groupId ? undefined : groupId,
      })),
    setTheme(theme) {
      set({ theme });
      save();
    },
    zoom(step) {
      set({ fontScale: stepScale(get().fontScale, step, 1) });
      save();
    },
    setHelpOpen: (open) => set({ helpOpen: open }),
  };
};
