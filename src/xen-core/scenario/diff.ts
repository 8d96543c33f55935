/**
 * A/B comparison of two runs of one scenario (two profiles, same initial state):
 * align the traces by step, and find the first place where they differ: a hypercall
 * with another result or other arguments, a state change one side has and the other
 * lacks, or a step whose outcome differs. `xenlab diff` prints the first divergence;
 * the page's A/B view shows the whole alignment, side by side.
 */
import type { TraceEntry } from "../hypervisor/trace";
import type { RunResult, StepResult } from "./runner";

export interface Divergence {
  readonly step: number;
  readonly line: number;
  readonly kind: string;
  /** What side A and side B did at that point (one line each). */
  readonly a: string;
  readonly b: string;
}

export interface RunDiff {
  readonly identical: boolean;
  readonly first?: Divergence;
  readonly verdicts: readonly [string, string];
}

/** One step of the scenario as both runs took it, entries paired in trace order. */
export interface AlignedStep {
  /** 0-based step index. */
  readonly index: number;
  /** Undefined on the side whose run ended (ERROR/CRASH) before this step. */
  readonly a: StepResult | undefined;
  readonly b: StepResult | undefined;
  /** Pairs of entries: the j-th entry this step caused on each side. */
  readonly pairs: readonly EntryPair[];
  /** The outcome (status, return value) differs, or one side never ran the step. */
  readonly outcomeDiffers: boolean;
}

export interface EntryPair {
  readonly a: TraceEntry | undefined;
  readonly b: TraceEntry | undefined;
  readonly differs: boolean;
}

/** Where the first divergence is in an alignment: the step, and the pair (or the outcome). */
export interface DivergencePoint {
  readonly step: number;
  /** Index into the step's pairs; undefined when it is the step's outcome that differs. */
  readonly pair: number | undefined;
}

export function describeEntry(e: TraceEntry | undefined): string {
  if (!e) return "(nothing)";
  if (e.kind === "state")
    return `d${e.domid}${e.vcpu !== undefined ? `v${e.vcpu}` : ""} ${e.event}: ${e.detail}`;
  const args = Object.entries(e.args)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return `d${e.domid}v${e.vcpu} ${e.name}${e.op ? ` ${e.op}` : ""}(${args}) = ${e.ret}`;
}

/** Beyond this many cells (entries of A times entries of B in one step), pair by position. */
const LCS_MAX_CELLS = 1 << 20;

/**
 * One step's entries paired as a side-by-side diff does: the longest common
 * subsequence (entries compared without their sequence numbers) on shared rows; between
 * two shared rows, what each side did instead paired in order (a changed result faces
 * its counterpart), the longer side's rest against gaps (an entry the other side lacks,
 * such as the vCPU mode change only one profile makes).
 */
function pairEntries(xa: readonly TraceEntry[], xb: readonly TraceEntry[]): EntryPair[] {
  const da = xa.map(describeEntry);
  const db = xb.map(describeEntry);
  const n = da.length;
  const m = db.length;
  const pairs: EntryPair[] = [];
  const zip = (i0: number, i1: number, j0: number, j1: number) => {
    for (let k = 0; k < Math.max(i1 - i0, j1 - j0); k++) {
      const i = i0 + k < i1 ? i0 + k : -1;
      const j = j0 + k < j1 ? j0 + k : -1;
      pairs.push({
        a: xa[i],
        b: xb[j],
        differs: i < 0 || j < 0 || da[i] !== db[j],
      });
    }
  };
  if (n * m > LCS_MAX_CELLS) {
    zip(0, n, 0, m);
    return pairs;
  }
  // L[i][j]: length of the LCS of da[i..] and db[j..].
  const w = m + 1;
  const L = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      L[i * w + j] =
        da[i] === db[j]
          ? L[(i + 1) * w + j + 1]! + 1
          : Math.max(L[(i + 1) * w + j]!, L[i * w + j + 1]!);
  let i = 0;
  let j = 0;
  let i0 = 0;
  let j0 = 0;
  while (i < n && j < m) {
    if (da[i] === db[j]) {
      zip(i0, i, j0, j);
      pairs.push({ a: xa[i], b: xb[j], differs: false });
      i0 = ++i;
      j0 = ++j;
    } else if (L[(i + 1) * w + j]! >= L[i * w + j + 1]!) i++;
    else j++;
  }
  zip(i0, n, j0, m);
  return pairs;
}

/** A run's entries grouped by the step that caused them (one pass over the trace). */
function entriesByStep(run: RunResult): TraceEntry[][] {
  const out = run.steps.map((): TraceEntry[] => []);
  let i = 0;
  for (const e of run.trace) {
    while (i < run.steps.length && e.seq >= run.steps[i]!.seqTo) i++;
    if (i >= run.steps.length) break;
    if (e.seq >= run.steps[i]!.seqFrom) out[i]!.push(e);
  }
  return out;
}

function outcome(s: StepResult | undefined): string {
  return s ? `${s.status}: ${s.message}` : "(run ended before this step)";
}

export function alignRuns(a: RunResult, b: RunResult): AlignedStep[] {
  const ea = entriesByStep(a);
  const eb = entriesByStep(b);
  const n = Math.max(a.steps.length, b.steps.length);
  const out: AlignedStep[] = [];
  for (let i = 0; i < n; i++) {
    const sa = a.steps[i];
    const sb = b.steps[i];
    const xa = ea[i] ?? [];
    const xb = eb[i] ?? [];
    const pairs = pairEntries(xa, xb);
    out.push({
      index: i,
      a: sa,
      b: sb,
      pairs,
      outcomeDiffers: !sa || !sb || sa.status !== sb.status || sa.ret !== sb.ret,
    });
  }
  return out;
}

/**
 * The first divergence of an alignment. Within a step the trace comes first (what Xen
 * did), then the outcome; a step one side never ran diverges at its outcome.
 */
export function firstDivergence(steps: readonly AlignedStep[]): DivergencePoint | undefined {
  for (const s of steps) {
    if (!s.a || !s.b) return { step: s.index, pair: undefined };
    const j = s.pairs.findIndex((p) => p.differs);
    if (j >= 0) return { step: s.index, pair: j };
    if (s.outcomeDiffers) return { step: s.index, pair: undefined };
  }
  return undefined;
}

/** What a side did at a divergence where only the other side has an entry. */
export const NO_ENTRY = "(no such entry: the other side did more here)";

export function diffRuns(a: RunResult, b: RunResult): RunDiff {
  const verdicts = [a.verdict, b.verdict] as const;
  const steps = alignRuns(a, b);
  const at = firstDivergence(steps);
  if (!at) return { identical: true, verdicts };
  const s = steps[at.step]!;
  const ref = (s.a ?? s.b)!;
  const pair = at.pair === undefined ? undefined : s.pairs[at.pair]!;
  return {
    identical: false,
    verdicts,
    first: {
      step: ref.index + 1,
      line: ref.pos.line,
      kind: ref.kind,
      a: pair ? (pair.a ? describeEntry(pair.a) : NO_ENTRY) : outcome(s.a),
      b: pair ? (pair.b ? describeEntry(pair.b) : NO_ENTRY) : outcome(s.b),
    },
  };
}
