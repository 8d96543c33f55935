/**
 * How a trace entry links to the rest of the lab: the hypercall a state change
 * happened inside, and the scenario step that issued it (each step result names the
 * seq range its entries took).
 */
import type { HypercallTrace, TraceEntry } from "../../xen-core";
import type { StepResult } from "../../xen-core/scenario/runner";
import { causeOf, indexOfSeq, type TraceView } from "./trace-log";

/** The step whose seq range holds `seq` (results are in run order, ranges ascending). */
export function stepOfSeq(results: readonly StepResult[], seq: number): StepResult | undefined {
  let lo = 0;
  let hi = results.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = results[mid]!;
    if (seq < r.seqFrom) hi = mid - 1;
    else if (seq >= r.seqTo) lo = mid + 1;
    else return r;
  }
  return undefined;
}

export interface EntryLinks {
  readonly entry: TraceEntry;
  /** For a state change: the hypercall it happened inside, if any. */
  readonly cause?: HypercallTrace;
  readonly step?: StepResult;
}

export function linksOf(
  view: TraceView,
  seq: number,
  results: readonly StepResult[] | undefined,
): EntryLinks | undefined {
  const i = indexOfSeq(view, seq);
  if (i < 0) return undefined;
  const entry = view.entries[i]!;
  const cause = causeOf(view, i);
  const step = results ? stepOfSeq(results, seq) : undefined;
  return { entry, cause: cause?.kind === "hypercall" ? cause : undefined, step };
}

export function stepLabel(s: StepResult): string {
  return `step ${s.index + 1} (line ${s.pos.line}, ${s.kind})`;
}
