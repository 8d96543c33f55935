/**
 * Did opening a share link reproduce it? The link records where its run was (position,
 * verdict so far, each step's status); the opening page seeks the same scenario to the
 * same step with the same deterministic runner and compares. Different xenlab versions
 * may model Xen differently, so the answer names the first difference. Pure.
 */
import type { StepStatus } from "../../xen-core/scenario/runner";
import type { SharedRun } from "./share-state";

export interface ReachedRun {
  readonly position: number;
  readonly verdict: SharedRun["verdict"];
  readonly done: boolean;
  readonly results: readonly { readonly status: StepStatus; readonly message: string }[];
  readonly steps: number;
}

export interface Reproduction {
  readonly exact: boolean;
  readonly text: string;
}

export function compareRun(recorded: SharedRun, reached: ReachedRun): Reproduction {
  const n = reached.steps;
  const where = `step ${recorded.position} of ${n}, ${recorded.done ? "verdict" : "verdict so far"} ${recorded.verdict}`;
  const diffs: string[] = [];
  const first = recorded.statuses.findIndex((s, i) => reached.results[i]?.status !== s);
  if (first >= 0) {
    const r = reached.results[first];
    diffs.push(
      r
        ? `step ${first + 1} was ${recorded.statuses[first]} in the link, here it is ${r.status}${r.message ? ` (${r.message})` : ""}`
        : `step ${first + 1} was ${recorded.statuses[first]} in the link, here it was not reached`,
    );
  }
  if (reached.position !== recorded.position) {
    const last = reached.results.at(-1);
    diffs.push(
      reached.position < recorded.position
        ? `the link was at step ${recorded.position}, this page stopped at step ${reached.position}${last && reached.done ? ` (step ${reached.position} ended the run: ${last.status}${last.message ? `: ${last.message}` : ""})` : ""}`
        : `the link was at step ${recorded.position}, this page is at step ${reached.position}`,
    );
  }
  if (reached.verdict !== recorded.verdict)
    diffs.push(`the verdict was ${recorded.verdict} in the link, here it is ${reached.verdict}`);
  else if (reached.done !== recorded.done)
    diffs.push(
      reached.done
        ? "the run ended here, not in the link"
        : "the run had ended in the link, not here",
    );
  return diffs.length === 0
    ? { exact: true, text: `Reproduced exactly: ${where}.` }
    : { exact: false, text: `Not reproduced exactly: ${diffs.join("; ")}.` };
}
