/**
 * The share slice: the message about share links the page is showing (a link made and
 * copied, a link opened and whether it reproduced, a link refused) until the user
 * dismisses it, and the Scenario panel's message about a .yaml file it refused.
 */
import type { StateCreator } from "zustand";
import type { StoreState } from "./store";

export interface ShareNotice {
  /** error: nothing was loaded; warning: loaded, but not exactly as recorded; info: done. */
  readonly tone: "error" | "warning" | "info";
  readonly title: string;
  readonly lines: readonly string[];
  /** A link to show selected in a read-only field (the clipboard was not allowed). */
  readonly link?: string;
  /** Hides itself after a few seconds (a link copied: nothing more to do). */
  readonly transient?: boolean;
}

export interface ShareSlice {
  shareNotice: ShareNotice | undefined;
  setShareNotice(notice: ShareNotice | undefined): void;
  /** Why the last imported file was refused (cleared by the next import or a dismiss). */
  scenarioFileError: string | undefined;
  setScenarioFileError(message: string | undefined): void;
}

export const createShareSlice: StateCreator<StoreState, [], [], ShareSlice> = (set) => ({
  shareNotice: undefined,
  setShareNotice: (shareNotice) => set({ shareNotice }),
  scenarioFileError: undefined,
  setScenarioFileError: (scenarioFileError) => set({ scenarioFileError }),
});
