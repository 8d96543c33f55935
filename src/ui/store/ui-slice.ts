/**
 * The UI slice: selection, the Create domain form, and the result of the last action
 * (so the page can say what Xen answered).
 */
import type { StateCreator } from "zustand";
import type { CreateForm } from "../lab/create-flow";
import type { StoreState } from "./store";

export interface ActionResult {
  readonly ok: boolean;
  readonly text: string;
}

export interface UiSlice {
  selectedDomid: number | undefined;
  form: CreateForm;
  lastResult: ActionResult | undefined;
  select(domid: number | undefined): void;
  setForm(patch: Partial<CreateForm>): void;
  report(result: ActionResult): void;
}

/** libxl's default flags for a guest: HVM with HAP (the only Arm shape). */
export const DEFAULT_FORM: CreateForm = { name: "guest1", maxVcpus: 1, memoryMiB: 128, flags: 0x3 };

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set) => ({
  selectedDomid: undefined,
  form: DEFAULT_FORM,
  lastResult: undefined,
  select: (domid) => set({ selectedDomid: domid }),
  setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
  report: (result) => set({ lastResult: result }),
});
