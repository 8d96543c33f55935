/**
 * Playing a scenario in the page: parse the editor's text, boot the scenario's lab
 * (its arch, host and profile) with the runner the CLI uses, step or run it, and
 * publish after every step a frozen view (results, position, verdict) for the store.
 * The run's hypervisor becomes the lab every panel shows, so a step's effect is seen
 * where it happens: the domain list, the vCPU lanes, the console, the trace.
 */
import { PROFILES } from "../../xen-core";
import { parseScenario } from "../../xen-core/scenario/parse";
import { ScenarioRun, type RunOptions, type StepResult } from "../../xen-core/scenario/runner";
import type { Hypervisor } from "../../xen-core/hypervisor/hypervisor";
import type { Scenario, ScenarioError, StepKind } from "../../xen-core/scenario/types";
import type { Verdict } from "../../xen-core/scenario/verdict";
import { Dom0Shell } from "../../xen-core/toolstack/shell/shell";
import { buildComparison, recordRun, type AbComparison } from "./ab-compare";
import type { LabSession } from "./lab-session";

export interface StepOutline {
  readonly index: number;
  readonly kind: StepKind;
  readonly line: number;
  readonly col: number;
}

export interface PlayerView {
  /** The text the current run was loaded from. */
  readonly source: string;
  readonly name: string;
  readonly title: string;
  readonly profile: string;
  readonly steps: readonly StepOutline[];
  readonly results: readonly StepResult[];
  /** Index of the next step to run. */
  readonly position: number;
  readonly verdict: Verdict;
  readonly done: boolean;
}

export interface PlayerHooks {
  /** Show the run's lab in the page. */
  adopt(session: LabSession): void;
  /** A new view after every step (or undefined when nothing is loaded). */
  publish(view: PlayerView | undefined): void;
  /** Parse errors of the last load (empty when it parsed). */
  errors(errors: readonly ScenarioError[]): void;
  /** What a run of this scenario needs beyond the model (real guests' ports and hook). */
  runOptions?(scenario: Scenario): Promise<Pick<RunOptions, "ports" | "toolstack">>;
  /** A run the page never showed is over (an A/B side): stop what it started. */
  release?(hv: Hypervisor): void;
}

const KNOWN = PROFILES.map((p) => p.name);

export function parseForPage(text: string) {
  return parseScenario(text, { knownProfiles: KNOWN });
}

/** Steps run between two yields to the event loop, so the page paints during a long run. */
const STEPS_PER_SLICE = 25;

export class ScenarioPlayer {
  private run: ScenarioRun | undefined;
  private source = "";
  private busy = false;

  constructor(private readonly hooks: PlayerHooks) {}

  get loaded(): boolean {
    return this.run !== undefined;
  }

  /** Parse and boot a fresh lab for the scenario; false (with errors published) if it does not parse. */
  async load(text: string, profile?: string): Promise<boolean> {
    const { scenario, errors } = parseForPage(text);
    this.hooks.errors(errors);
    if (!scenario) {
      this.detach();
      return false;
    }
    const extra = (await this.hooks.runOptions?.(scenario)) ?? {};
    this.start(scenario, text, profile, extra);
    return true;
  }

  /** Forget the run (the page booted another lab). */
  detach(): void {
    this.run = undefined;
    this.hooks.publish(undefined);
  }

  /**
   * One step. Loads first when nothing is loaded, the text changed, or the run is over
   * (stepping again replays from a fresh lab).
   */
  async step(text: string, profile?: string): Promise<StepResult | undefined> {
    return this.exclusive(async () => {
      if (!this.ready(text, profile) && !(await this.load(text, profile))) return undefined;
      if (this.run!.done && !(await this.load(text, profile))) return undefined;
      const run = this.run!;
      const r = await run.step();
      if (run === this.run) this.publish();
      return r;
    });
  }

  /** Run to the verdict (from a fresh lab when the text changed or the run is over). */
  async runToEnd(text: string, profile?: string): Promise<Verdict | undefined> {
    return this.exclusive(async () => {
      if (!this.ready(text, profile) || this.run!.done) {
        if (!(await this.load(text, profile))) return undefined;
      }
      const run = this.run!;
      let n = 0;
      while (!run.done && run === this.run) {
        await run.step();
        if (++n % STEPS_PER_SLICE === 0) {
          this.publish();
          await new Promise((r) => setTimeout(r, 0));
        }
      }
      if (run === this.run) this.publish();
      return run.verdict;
    });
  }

  /**
   * Land on a step: a fresh lab with the first `position` steps run (clamped to the
   * scenario's length; a run stops early at an ERROR or CRASH). The runner is
   * deterministic, so this is how the page goes back a step (presenter mode) and how a
   * share link lands on the step it was made at.
   */
  async seek(text: string, position: number, profile?: string): Promise<number | undefined> {
    return this.exclusive(async () => {
      if (!(await this.load(text, profile))) return undefined;
      const run = this.run!;
      const target = Math.max(0, Math.min(Math.trunc(position) || 0, run.scenario.steps.length));
      let n = 0;
      while (!run.done && run.position < target && run === this.run) {
        await run.step();
        if (++n % STEPS_PER_SLICE === 0) await new Promise((r) => setTimeout(r, 0));
      }
      if (run === this.run) this.publish();
      return run.position;
    });
  }

  /**
   * Run the text under two profiles from the same initial state, off-page, each with
   * a snapshot after every step, and align them (the CLI's `xenlab diff`, shown whole).
   * An undefined `a` is the scenario's own `profile:`.
   */
  async compare(text: string, a: string | undefined, b: string): Promise<AbComparison | undefined> {
    const { scenario, errors } = parseForPage(text);
    this.hooks.errors(errors);
    if (!scenario) return undefined;
    // One after the other: each run gets its own guests.
    const release = this.hooks.release?.bind(this.hooks);
    const ra = await recordRun(
      scenario,
      { profile: a, ...(await this.hooks.runOptions?.(scenario)) },
      release,
    );
    const rb = await recordRun(
      scenario,
      { profile: b, ...(await this.hooks.runOptions?.(scenario)) },
      release,
    );
    return buildComparison(scenario, text, ra, rb);
  }

  private ready(text: string, profile: string | undefined): boolean {
    return (
      this.run !== undefined &&
      text === this.source &&
      (profile ?? this.run.scenario.profile) === this.run.profile
    );
  }

  /** One operation at a time: a key held down must not interleave steps. */
  private async exclusive<T>(f: () => Promise<T | undefined>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    try {
      return await f();
    } finally {
      this.busy = false;
    }
  }

  private start(
    scenario: Scenario,
    text: string,
    profile: string | undefined,
    extra: Pick<RunOptions, "ports" | "toolstack">,
  ): void {
    const run = new ScenarioRun(scenario, { profile, ...extra });
    this.run = run;
    this.source = text;
    this.hooks.adopt({
      settings: {
        arch: scenario.arch,
        profile: run.profile,
        aarch32El1: scenario.host.aarch32El1,
        gic: scenario.host.gic,
      },
      origin: { kind: "scenario", name: scenario.name },
      hv: run.hv,
      xc: run.xc,
      xenstore: run.xenstore,
      shell: run.dom0 instanceof Dom0Shell ? run.dom0 : undefined,
    });
    this.publish();
  }

  private publish(): void {
    const run = this.run;
    if (!run) return this.hooks.publish(undefined);
    const s = run.scenario;
    this.hooks.publish(
      Object.freeze({
        source: this.source,
        name: s.name,
        title: s.title,
        profile: run.profile,
        steps: Object.freeze(
          s.steps.map((st) => ({
            index: st.index,
            kind: st.kind,
            line: st.pos.line,
            col: st.pos.col,
          })),
        ),
        results: Object.freeze([...run.stepResults]),
        position: run.position,
        verdict: run.verdict,
        done: run.done,
      }),
    );
  }
}
