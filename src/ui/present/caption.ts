/**
 * Presenter mode's caption: a scenario's `note` steps are its captions (DESIGN.md,
 * "text shown in presenter mode"). At a position (steps run so far) the caption is the
 * last note reached under this profile, the scenario's title, "step k of n", the
 * verdict at the end, and, between notes, the step that just ran with its one-line
 * result. Also where previous-step lands when profile-skipped steps are passed over.
 * Pure functions, tested without a page.
 */
import type { StepResult, StepStatus } from "../../xen-core/scenario/runner";
import type { Step, StepKind } from "../../xen-core/scenario/types";
import type { Verdict } from "../../xen-core/scenario/verdict";

export interface CaptionRun {
  readonly title: string;
  readonly position: number;
  readonly results: readonly StepResult[];
  readonly verdict: Verdict;
  readonly done: boolean;
}

export interface CaptionStep {
  readonly number: number;
  readonly kind: StepKind;
  /** The step as written, on one line. */
  readonly source: string;
  readonly status: StepStatus;
  readonly message: string;
}

export interface Caption {
  readonly title: string;
  /** The last note reached; undefined before the first one. */
  readonly note: string | undefined;
  readonly position: number;
  readonly total: number;
  /** The step that just ran, unless it was the note shown above. */
  readonly last: CaptionStep | undefined;
  readonly verdict: Verdict | undefined;
}

/** The index of the note in force at `position`: the last note run (not profile-skipped). */
export function noteIndexAt(
  steps: readonly Step[],
  results: readonly StepResult[],
  position: number,
): number | undefined {
  for (let i = Math.min(position, results.length) - 1; i >= 0; i--) {
    if (steps[i]?.kind === "note" && results[i]?.status === "ok") return i;
  }
  return undefined;
}

const MAX_SOURCE = 160;

/**
 * A step's text as written, on one line: its lines up to the next step, without
 * comments and without a `profile-only:` list (the caption says which profile runs).
 */
export function stepSource(text: string, steps: readonly Step[], index: number): string {
  const lines = text.split("\n");
  const from = steps[index]!.pos.line - 1;
  const to = index + 1 < steps.length ? steps[index + 1]!.pos.line - 1 : lines.length;
  const kept: string[] = [];
  for (const raw of lines.slice(from, to)) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (line.startsWith("profile-only:")) break;
    if (line && !line.startsWith("#")) kept.push(line);
  }
  const one = kept
    .join(" ")
    .replace(/^-\s*/, "")
    .replace(/([{[])\s+/g, "$1 ")
    .replace(/\s+,/g, ",")
    .replace(/,\s*([}\]])/g, " $1")
    .replace(/\s+/g, " ");
  return one.length > MAX_SOURCE ? `${one.slice(0, MAX_SOURCE - 1)}…` : one;
}

export function captionAt(run: CaptionRun, steps: readonly Step[], text: string): Caption {
  const noteAt = noteIndexAt(steps, run.results, run.position);
  const lastIndex = Math.min(run.position, run.results.length) - 1;
  const r = lastIndex >= 0 ? run.results[lastIndex] : undefined;
  const note = noteAt === undefined ? undefined : steps[noteAt];
  return {
    title: run.title,
    note: note?.kind === "note" ? note.text : undefined,
    position: run.position,
    total: steps.length,
    last:
      r && r.index !== noteAt && steps[r.index]
        ? {
            number: r.index + 1,
            kind: r.kind,
            source: stepSource(text, steps, r.index),
            status: r.status,
            message: r.message,
          }
        : undefined,
    verdict: run.done ? run.verdict : undefined,
  };
}

/**
 * Where "previous step" lands from `position`: one step back, then further back over
 * steps that were skipped under this profile (they show nothing), so each key press
 * undoes one visible step. 0 at the start.
 */
export function previousStop(results: readonly StepResult[], position: number): number {
  let p = Math.max(0, position - 1);
  while (p > 0 && results[p - 1]?.status === "profile-skipped") p--;
  return p;
}

/** Whether "next step" should keep going: the step just run was skipped under this profile. */
export function passOver(results: readonly StepResult[], done: boolean): boolean {
  return !done && results.at(-1)?.status === "profile-skipped";
}
