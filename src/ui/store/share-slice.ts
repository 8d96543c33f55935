/**
 * The share slice: the one message about share links and scenario files the page is
 * showing (a link made and copied, a link opened and whether it reproduced, a link or
 * file refused), until the user dismisses it.
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
}

export interface ShareSlice {
  shareNotice: ShareNotice | undefined;
  setShareNotice(notice: ShareNotice | undefined): void;
}

export const createShareSlice: StateCreator<StoreState, [], [], ShareSlice> = (set) => ({
  shareNotice: undefined,
  setShareNotice: (shareNotice) => set({ shareNotice }),
});
