/**
 * `xenlab diff FILE --profile A --profile B`: run both from the same initial state,
 * print both verdicts and the first divergence of the traces (or that they are
 * identical). Exit 0 identical, 1 different, 4 bad file or usage.
 */
import { diffRuns } from "../xen-core/scenario/diff";
import { runScenario } from "../xen-core/scenario/runner";
import { nodeRunnerPorts } from "./node-guests";
import { formatLoadErrors, loadScenario } from "./io";
import { toJson } from "./json";
import type { Output } from "./output";

export async function diffCommand(
  file: string,
  a: string,
  b: string,
  json: boolean,
  out: Output,
  version: string,
): Promise<number> {
  const loaded = loadScenario(file);
  if (!loaded.scenario) {
    for (const e of formatLoadErrors(file, loaded)) out.stderr(e);
    return 4;
  }
  const scenario = loaded.scenario;
  const guests = nodeRunnerPorts();
  const [ra, rb] = await (async () => {
    try {
      return [
        await runScenario(scenario, {
          profile: a,
          ports: guests.ports,
          toolstack: guests.toolstack,
        }),
        await runScenario(scenario, {
          profile: b,
          ports: guests.ports,
          toolstack: guests.toolstack,
        }),
      ];
    } finally {
      guests.dispose();
    }
  })();
  const d = diffRuns(ra, rb);
  if (json) {
    out.stdout(
      toJson({
        xenlab: version,
        scenario: ra.scenario,
        profiles: [a, b],
        verdicts: d.verdicts,
        identical: d.identical,
        first: d.first ?? null,
      }),
    );
    return d.identical ? 0 : 1;
  }
  const w = Math.max(a.length, b.length) + 3;
  out.stdout(`${`A ${a}:`.padEnd(w + 2)} Test result: ${ra.verdict}`);
  out.stdout(`${`B ${b}:`.padEnd(w + 2)} Test result: ${rb.verdict}`);
  if (d.identical) {
    out.stdout("identical traces");
    return 0;
  }
  const f = d.first!;
  out.stdout(`first divergence: step ${f.step} (line ${f.line}, ${f.kind}):`);
  out.stdout(`  ${`A ${a}:`.padEnd(w)} ${f.a}`);
  out.stdout(`  ${`B ${b}:`.padEnd(w)} ${f.b}`);
  return 1;
}
