/**
 * The Create domain slice: the form, its xl.cfg, and the two kept in step (form edits
 * rewrite the xl.cfg keys they map to; what xl reads from the xl.cfg comes back into
 * the form through adoptCfgFields, which leaves the text alone).
 */
import type { StateCreator } from "zustand";
import { DEFAULT_PROFILE, getProfile } from "../../xen-core";
import type { CreateForm, KernelChoice } from "../lab/create-flow";
import { applyFormChange, cfgForForm, formSettings, type CfgExtras } from "../lab/xlcfg-form";
import type { StoreState } from "./store";

/** libxl's default flags for a guest: HVM with HAP (the only Arm shape). */
export const DEFAULT_FORM: CreateForm = {
  name: "guest1",
  maxVcpus: 1,
  memoryMiB: 128,
  flags: 0x3,
  kernel: "modelled-fifo",
};

/** The kernel command line a modelled kernel reads for each form choice. */
export function cmdlineFor(kernel: KernelChoice | undefined): string | undefined {
  return kernel === "modelled-2l" ? "evtchn=2l" : kernel === "none" ? undefined : "evtchn=fifo";
}

export interface CreateSlice {
  form: CreateForm;
  xlcfg: string;
  setForm(patch: Partial<CreateForm>): void;
  setXlcfg(text: string): void;
  /** Fields xl read from the xl.cfg: into the form, the text untouched. */
  adoptCfgFields(patch: Partial<CreateForm>): void;
}

const extrasOf = (form: CreateForm, kernel?: string): CfgExtras => ({
  kernel,
  cmdline: cmdlineFor(form.kernel),
});

export const createCreateSlice: StateCreator<StoreState, [], [], CreateSlice> = (set, get) => {
  const bits = getProfile(DEFAULT_PROFILE)!.cdfBits;
  return {
    form: DEFAULT_FORM,
    xlcfg: cfgForForm(
      DEFAULT_FORM,
      "arm64",
      bits,
      extrasOf(DEFAULT_FORM, "images/sample-arm64.Image"),
    ),
    setForm(patch) {
      const { form, xlcfg, session } = get();
      const next = { ...form, ...patch };
      const arch = session.hv.arch;
      const b = session.hv.profile.cdfBits;
      const before = formSettings(form, arch, b, extrasOf(form));
      const after = formSettings(next, arch, b, extrasOf(next));
      set({ form: next, xlcfg: applyFormChange(xlcfg, before, after) });
    },
    setXlcfg: (text) => set({ xlcfg: text }),
    adoptCfgFields(patch) {
      const form = get().form;
      const changed = (Object.keys(patch) as (keyof CreateForm)[]).some(
        (k) => patch[k] !== form[k],
      );
      if (changed) set({ form: { ...form, ...patch } });
    },
  };
};
