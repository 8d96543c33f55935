/**
 * An A/B comparison for the page: the scenario run under two profiles from the same
 * initial state (as `xenlab diff` does), each run recorded with a frozen snapshot after
 * every step, so the view can align the traces by step, point at the first divergence,
 * and compare the two labs' state at any step. The rows are flat so the view can window
 * them (a real-guest run can leave thousands of entries).
 */
import type { Hypervisor } from "../../xen-core/hypervisor/hypervisor";
import type { HypervisorSnapshot } from "../../xen-core/hypervisor/snapshot";
import {
  alignRuns,
  diffRuns,
  firstDivergence,
  type AlignedStep,
  type DivergencePoint,
  type EntryPair,
  type RunDiff,
} from "../../xen-core/scenario/diff";
import {
  ScenarioRun,
  type RunOptions,
  type RunResult,
  type StepResult,
} from "../../xen-core/scenario/runner";
import type { Scenario } from "../../xen-core/scenario/types";
import { compareStates } from "./ab-state";

export interface AbSide {
  readonly profile: string;
  readonly verdict: string;
  /** snapshots[k]: the lab after k steps (0: as booted, before the first step). */
  readonly snapshots: readonly HypervisorSnapshot[];
}

export type AbRow =
  | {
      readonly kind: "step";
      readonly step: number;
      readonly a: StepResult | undefined;
      readonly b: StepResult | undefined;
      readonly differs: boolean;
      readonly first: boolean;
    }
  | {
      readonly kind: "pair";
      readonly step: number;
      readonly pair: EntryPair;
      readonly first: boolean;
    };

export interface AbComparison {
  readonly name: string;
  readonly title: string;
  /** The scenario text compared (the view says when the editor has moved on). */
  readonly source: string;
  readonly stepCount: number;
  /** Source line of each step. */
  readonly lines: readonly number[];
  readonly a: AbSide;
  readonly b: AbSide;
  readonly steps: readonly AlignedStep[];
  readonly diff: RunDiff;
  readonly first: DivergencePoint | undefined;
  readonly rows: readonly AbRow[];
  /** Index into rows of the first divergence. */
  readonly firstRow: number | undefined;
  /**
   * The first k after which the two labs' state differs (0: as booted), when it does.
   * It can come before the traces part: v1 creates an arm64 domain 64-bit with the very
   * same createdomain call, and only a later expect shows it in the trace.
   */
  readonly stateFirstDiffers: number | undefined;
}

/**
 * Run to the end, keeping the lab's snapshot after every step; `release` gets the run's
 * hypervisor at the end (the page stops its real guests: no one is watching them).
 */
export async function recordRun(
  scenario: Scenario,
  options: RunOptions,
  release?: (hv: Hypervisor) => void,
): Promise<{ result: RunResult; snapshots: HypervisorSnapshot[] }> {
  const run = new ScenarioRun(scenario, options);
  try {
    const snapshots = [run.hv.snapshot()];
    while (!run.done) {
      await run.step();
      snapshots.push(run.hv.snapshot());
    }
    return { result: run.result(), snapshots };
  } finally {
    release?.(run.hv);
  }
}

/** Flat rows: each step's header (its two outcomes), then its entries paired. */
export function abRows(
  steps: readonly AlignedStep[],
  first: DivergencePoint | undefined,
): { rows: AbRow[]; firstRow: number | undefined } {
  const rows: AbRow[] = [];
  let firstRow: number | undefined;
  for (const s of steps) {
    const atStep = first?.step === s.index;
    const stepIsFirst = atStep && first!.pair === undefined;
    if (stepIsFirst) firstRow = rows.length;
    rows.push({
      kind: "step",
      step: s.index,
      a: s.a,
      b: s.b,
      differs: s.outcomeDiffers,
      first: stepIsFirst,
    });
    s.pairs.forEach((pair, j) => {
      const isFirst = atStep && first!.pair === j;
      if (isFirst) firstRow = rows.length;
      rows.push({ kind: "pair", step: s.index, pair, first: isFirst });
    });
  }
  return { rows, firstRow };
}

export function buildComparison(
  scenario: Scenario,
  source: string,
  a: { result: RunResult; snapshots: HypervisorSnapshot[] },
  b: { result: RunResult; snapshots: HypervisorSnapshot[] },
): AbComparison {
  const steps = alignRuns(a.result, b.result);
  const first = firstDivergence(steps);
  const { rows, firstRow } = abRows(steps, first);
  const side = (r: typeof a): AbSide =>
    Object.freeze({
      profile: r.result.profile,
      verdict: r.result.verdict,
      snapshots: Object.freeze(r.snapshots),
    });
  const sa = side(a);
  const sb = side(b);
  return Object.freeze({
    name: scenario.name,
    title: scenario.title,
    source,
    stepCount: scenario.steps.length,
    lines: scenario.steps.map((s) => s.pos.line),
    a: sa,
    b: sb,
    steps,
    diff: diffRuns(a.result, b.result),
    first,
    rows,
    firstRow,
    stateFirstDiffers: firstStateDifference(sa, sb),
  });
}

function firstStateDifference(a: AbSide, b: AbSide): number | undefined {
  const n = Math.max(a.snapshots.length, b.snapshots.length);
  for (let k = 0; k < n; k++)
    if (compareStates(snapshotAt(a, k), snapshotAt(b, k)).some((r) => r.differs)) return k;
  return undefined;
}

/** The snapshot of a side after `k` steps (its last one when the run stopped earlier). */
export function snapshotAt(side: AbSide, k: number): HypervisorSnapshot {
  return side.snapshots[Math.max(0, Math.min(k, side.snapshots.length - 1))]!;
}
