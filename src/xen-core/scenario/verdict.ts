/**
 * Verdicts as the Xen Test Framework reports them: one last line
 * `Test result: <STATUS>`, a status that only goes up in severity
 * (SUCCESS < SKIP < ERROR < FAILURE < CRASH, as xtf's report.c orders them), and the
 * runner's exit codes 0/3/4/5/6 (xtf-runner).
 */
export const VERDICTS = ["SUCCESS", "SKIP", "ERROR", "FAILURE", "CRASH"] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_EXIT_CODE: Readonly<Record<Verdict, number>> = {
  SUCCESS: 0,
  SKIP: 3,
  ERROR: 4,
  FAILURE: 5,
  CRASH: 6,
};

/** The more severe of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return VERDICTS.indexOf(b) > VERDICTS.indexOf(a) ? b : a;
}

export function verdictLine(v: Verdict): string {
  return `Test result: ${v}`;
}
