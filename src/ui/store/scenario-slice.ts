/**
 * The scenario slice: the editor's text, the built-in the user picked, parse errors,
 * the profile to run under, and the frozen view of the run being played. The player
 * (model objects) lives in this slice's closure, outside React.
 */
import type { StateCreator } from "zustand";
import type { RunDiff } from "../../xen-core/scenario/diff";
import type { ScenarioError } from "../../xen-core/scenario/types";
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";
import { loadEmulator, pageRunnerPorts } from "../lab/page-guests";
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
  /** The last A/B comparison and the profiles it compared. */
  comparison: { readonly a: string; readonly b: string; readonly diff: RunDiff } | undefined;
  setScenarioText(text: string, file?: string): void;
  setScenarioProfile(profile: string | undefined): void;
  stepScenario(): Promise<void>;
  runScenario(): Promise<void>;
  resetScenario(): Promise<void>;
  /** A fresh lab with the first `position` steps run (back a step, a share link's step). */
  seekScenario(position: number): Promise<void>;
  compareScenario(b: string): Promise<void>;
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
    setScenarioText(text, file) {
      // Parse errors belong to the text they were found in.
      set({ scenarioText: text, scenarioFile: file, scenarioErrors: [], comparison: undefined });
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
    async compareScenario(b) {
      const { scenarioText, scenarioProfile, run } = get();
      const a = scenarioProfile ?? run?.profile ?? "upstream";
      const diff = await player.compare(scenarioText, a, b);
      set({ comparison: diff ? { a, b, diff } : undefined });
    },
  };
};
