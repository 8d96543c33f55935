/**
 * The one store of the page, built from slices (zustand's slices pattern): the lab
 * (snapshots, trace view, names), the UI (selection, layout, theme) and the scenario
 * being played. Vanilla store (usable from tests and the e2e hook) plus a React hook.
 */
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import { createCreateSlice, type CreateSlice } from "./create-slice";
import { createLabSlice, type LabSlice } from "./lab-slice";
import { createPresentSlice, type PresentSlice } from "./present-slice";
import { createScenarioSlice, type ScenarioSlice } from "./scenario-slice";
import { createShareSlice, type ShareSlice } from "./share-slice";
import { createUiSlice, type UiSlice } from "./ui-slice";

export type StoreState = LabSlice &
  UiSlice &
  ScenarioSlice &
  CreateSlice &
  PresentSlice &
  ShareSlice;

export function createLabStore() {
  return createStore<StoreState>()((...a) => ({
    ...createLabSlice(...a),
    ...createUiSlice(...a),
    ...createScenarioSlice(...a),
    ...createCreateSlice(...a),
    ...createPresentSlice(...a),
    ...createShareSlice(...a),
  }));
}

export const labStore = createLabStore();

/** Select a slice of state; the selector must return a stable value (no new objects). */
export function useLab<T>(selector: (s: StoreState) => T): T {
  return useStore(labStore, selector);
}
