/**
 * A/B comparison of two runs of one scenario (two profiles, same initial state):
 * align the traces by step, and find the first place where they differ: a hypercall
 * with another result or other arguments, a state change one side has and the other
 * lacks, or a step whose outcome differs.
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

export function describeEntry(e: TraceEntry | undefined): string {
  if (!e) return "(nothing)";
  if (e.kind === "state")
    return `d${e.domid}${e.vcpu !== undefined ? `v${e.vcpu}` : ""} ${e.event}: ${e.detail}`;
  const args = Object.entries(e.args)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return `d${e.domid}v${e.vcpu} ${e.name}${e.op ? ` ${e.op}` : ""}(${args}) = ${e.ret}`;
}

/** Entries compared without their sequence numbers. */
function same(x: TraceEntry | undefined, y: TraceEntry | undefined): boolean {
  return describeEntry(x) === describeEntry(y);
}

function entriesOf(run: RunResult, s: StepResult): TraceEntry[] {
  return run.trace.filter((e) => e.seq >= s.seqFrom && e.seq < s.seqTo);
}

export function diffRuns(a: RunResult, b: RunResult): RunDiff {
  const verdicts = [a.verdict, b.verdict] as const;
  const n = Math.max(a.steps.length, b.steps.length);
  for (let i = 0; i < n; i++) {
    const sa = a.steps[i];
    const sb = b.steps[i];
    if (!sa || !sb) {
      const s = (sa ?? sb)!;
      return {
        identical: false,
        verdicts,
        first: {
          step: s.index + 1,
          line: s.pos.line,
          kind: s.kind,
          a: sa ? `${sa.status}: ${sa.message}` : "(run ended before this step)",
          b: sb ? `${sb.status}: ${sb.message}` : "(run ended before this step)",
        },
      };
    }
    const ea = entriesOf(a, sa);
    const eb = entriesOf(b, sb);
    for (let j = 0; j < Math.max(ea.length, eb.length); j++) {
      if (!same(ea[j], eb[j])) {
        return {
          identical: false,
          verdicts,
          first: {
            step: sa.index + 1,
            line: sa.pos.line,
            kind: sa.kind,
            a: describeEntry(ea[j]),
            b: describeEntry(eb[j]),
          },
        };
      }
    }
    if (sa.status !== sb.status || sa.ret !== sb.ret) {
      return {
        identical: false,
        verdicts,
        first: {
          step: sa.index + 1,
          line: sa.pos.line,
          kind: sa.kind,
          a: `${sa.status}: ${sa.message}`,
          b: `${sb.status}: ${sb.message}`,
        },
      };
    }
  }
  return { identical: true, verdicts };
}
