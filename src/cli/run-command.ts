/**
 * `xenlab run FILE [--profile P] [--json]`: the transcript as it happens, then the
 * failed steps, then exactly one last line `Test result: <VERDICT>`; the exit code is
 * the xtf-runner's for that verdict.
 */
import { formatRet } from "../xen-core/abi/errno";
import { runScenario, type RunResult } from "../xen-core/scenario/runner";
import { VERDICT_EXIT_CODE, verdictLine } from "../xen-core/scenario/verdict";
import { formatLoadErrors, loadScenario } from "./io";
import { nodeRunnerPorts } from "./node-guests";
import { toJson } from "./json";
import { formatTranscriptLine } from "./transcript";
import type { Output } from "./output";

export async function runCommand(
  file: string,
  profile: string | undefined,
  json: boolean,
  out: Output,
  version: string,
): Promise<number> {
  const loaded = loadScenario(file);
  if (!loaded.scenario) {
    const errors = formatLoadErrors(file, loaded);
    if (json) {
      out.stdout(
        toJson({
          xenlab: version,
          scenario: file,
          verdict: "ERROR",
          exitCode: VERDICT_EXIT_CODE.ERROR,
          errors,
        }),
      );
    } else {
      for (const e of errors) out.stderr(e);
      out.stdout(verdictLine("ERROR"));
    }
    return VERDICT_EXIT_CODE.ERROR;
  }
  const guests = nodeRunnerPorts();
  const result = await runScenario(loaded.scenario, {
    ...(profile ? { profile } : {}),
    ...(json ? {} : { onTranscript: (line) => out.stdout(formatTranscriptLine(line)) }),
    ports: guests.ports,
    toolstack: guests.toolstack,
  }).finally(guests.dispose);
  const code = VERDICT_EXIT_CODE[result.verdict];
  if (json) out.stdout(toJson(runJson(result, version, code)));
  else {
    for (const line of summary(result)) out.stdout(line);
    out.stdout(verdictLine(result.verdict));
  }
  return code;
}

function summary(r: RunResult): string[] {
  const bad = r.steps.filter((s) => s.status !== "ok" && s.status !== "profile-skipped");
  const head = `xenlab: ${r.scenario} under ${r.profile}: ${r.steps.length} steps run, ${bad.length} not ok`;
  return [
    head,
    ...bad.map(
      (s) =>
        `  step ${s.index + 1} (line ${s.pos.line}, ${s.kind}): ${s.status.toUpperCase()}: ${s.message}`,
    ),
  ];
}

export function runJson(r: RunResult, version: string, exitCode: number) {
  return {
    xenlab: version,
    scenario: r.scenario,
    profile: r.profile,
    verdict: r.verdict,
    exitCode,
    steps: r.steps.map((s) => ({
      ...s,
      ...(s.ret !== undefined ? { retName: formatRet(s.ret) } : {}),
    })),
    trace: r.trace,
    snapshot: r.snapshot,
  };
}
