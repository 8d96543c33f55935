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
  /** A group shown alone (presenter mode), or undefined. */
  maximized: string | undefined;
  theme: Theme;
  helpOpen: boolean;
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
  setHelpOpen(open: boolean): void;
}

export const LAYOUT_STORAGE_KEY = "xenlab.ui.v1";

interface Persisted {
  layout: LayoutNode;
  theme: Theme;
}

/** The saved layout and theme, checked; the defaults when absent or malformed. */
export function loadPersisted(storage: Pick<Storage, "getItem"> | undefined): Persisted {
  const prefersLight =
    typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: light)").matches;
  const fallback: Persisted = { layout: DEFAULT_LAYOUT, theme: prefersLight ? "light" : "dark" };
  try {
    const raw = storage?.getItem(LAYOUT_STORAGE_KEY);
    if (!raw) return fallback;
    const o = JSON.parse(raw) as Partial<Persisted>;
    return {
      layout: validLayout(o.layout),
      theme: o.theme === "light" || o.theme === "dark" ? o.theme : fallback.theme,
    };
  } catch {
    return fallback;
  }
}

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set, get) => {
  const saved = loadPersisted(storage());
  const save = () => {
    const { layout, theme } = get();
    try {
      storage()?.setItem(LAYOUT_STORAGE_KEY, JSON.stringify({ layout, theme }));
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
    helpOpen: false,
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
    setHelpOpen: (open) => set({ helpOpen: open }),
  };
};
