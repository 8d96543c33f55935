/**
 * The scenario slice: the editor's text, the built-in the user picked, parse errors,
 * the profile to run under, and the frozen view of the run being played. The player
 * (model objects) lives in this slice's closure, outside React.
 */
import type { StateCreator } from "zustand";
import type { ScenarioError } from "../../xen-core/scenario/types";
import type { AbComparison } from "../lab/ab-compare";
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";
import { disposeGuests, loadEmulator, pageRunnerPorts } from "../lab/page-guests";
import { ScenarioPlayer, type PlayerView } from "../lab/scenario-player";
import type { StoreState } from "./store";

export interface ScenarioSlice {
  scenarioText: string;
  /** The built-in the text came from (the picker's value), or undefined once edited. */
  scenarioFile: string | undefined;
  scenarioErrors: readonly ScenarioError[];
  /** Run under this profile instead of the scenario's own `profile:`. */
  scenarioProfile: string | undefined;
  run: PlayerView | undefined;
  /** The last A/B comparison (both runs, aligned, with a snapshot per step). */
  comparison: AbComparison | undefined;
  /** The step whose state the A/B view compares (snapshots after that many steps). */
  comparisonStep: number;
  /** An A/B comparison is running. */
  comparing: boolean;
  setScenarioText(text: string, file?: string): void;
  setScenarioProfile(profile: string | undefined): void;
  stepScenario(): Promise<void>;
  runScenario(): Promise<void>;
  resetScenario(): Promise<void>;
  /** A fresh lab with the first `position` steps run (back a step, a share link's step). */
  seekScenario(position: number): Promise<void>;
  /** Run the editor's scenario under A (default: as played) and B, and align them. */
  compareScenario(b: string, a?: string): Promise<void>;
  setComparisonStep(step: number): void;
}

/** What the editor holds before the user picks anything. */
export const DEFAULT_SCENARIO = BUILTIN_SCENARIOS.find(
  (s) => s.name === "arm64-set-address-size",
) ??
  BUILTIN_SCENARIOS[0] ?? { file: undefined, text: "" };

export const createScenarioSlice: StateCreator<StoreState, [], [], ScenarioSlice> = (
  set,
  get,
  api,
) => {
  const player = new ScenarioPlayer({
    adopt: (session) => get().adopt(session),
    publish: (view) => set({ run: view }),
    // A scenario that runs labkernel needs the emulator: load it first.
    runOptions: async (scenario) => {
      if (!Object.values(scenario.files).some((f) => f.includes("labkernel"))) return {};
      await loadEmulator();
      return pageRunnerPorts();
    },
    release: (hv) => disposeGuests(hv),
    errors: (errors) =>
      set((s) =>
        s.scenarioErrors.length === 0 && errors.length === 0 ? {} : { scenarioErrors: errors },
      ),
  });
  // The toolbar booted another lab: the run is no longer what the page shows.
  api.subscribe((s, prev) => {
    if (s.session !== prev.session && s.session.origin.kind !== "scenario" && player.loaded)
      player.detach();
  });
  return {
    scenarioText: DEFAULT_SCENARIO.text,
    scenarioFile: DEFAULT_SCENARIO.file,
    scenarioErrors: [],
    scenarioProfile: undefined,
    run: undefined,
    comparison: undefined,
    comparisonStep: 0,
    comparing: false,
    setScenarioText(text, file) {
      // Parse errors belong to the text they were found in.
      // A comparison stays until replaced: the A/B view says when the text has moved on.
      set({ scenarioText: text, scenarioFile: file, scenarioErrors: [] });
    },
    setScenarioProfile: (profile) => set({ scenarioProfile: profile }),
    async stepScenario() {
      const { scenarioText, scenarioProfile } = get();
      await player.step(scenarioText, scenarioProfile);
    },
    async runScenario() {
      const { scenarioText, scenarioProfile } = get();
      await player.runToEnd(scenarioText, scenarioProfile);
    },
    async resetScenario() {
      const { scenarioText, scenarioProfile } = get();
      await player.load(scenarioText, scenarioProfile);
    },
    async seekScenario(position) {
      const { scenarioText, scenarioProfile } = get();
      await player.seek(scenarioText, position, scenarioProfile);
    },
    async compareScenario(b, a) {
      const { scenarioText, scenarioProfile, run, comparing } = get();
      if (comparing) return;
      // Unset: the profile it is played under, else the scenario's own `profile:`.
      const sideA = a ?? scenarioProfile ?? run?.profile;
      set({ comparing: true });
      try {
        const comparison = await player.compare(scenarioText, sideA, b);
        if (!comparison) return;
        // Open where the labs first differ: after the first divergence's step, or
        // earlier when the state parted before the traces did.
        const traced = comparison.first ? comparison.first.step + 1 : comparison.stepCount;
        const step = Math.min(traced, comparison.stateFirstDiffers ?? traced);
        set({ comparison, comparisonStep: step });
      } finally {
        set({ comparing: false });
      }
    },
    setComparisonStep: (step) => set({ comparisonStep: step }),
  };
};
