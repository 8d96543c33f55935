// Every built-in scenario parses and gives, under each profile, the verdict its
// header promises in its `# verdict` lines (see scenario-verdicts.ts). A model change
// that alters a reproduction's outcome fails here. Runs have real guests, as under
// `xenlab run`: `xl create` of `kernel = "labkernel"` boots it in v86.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nodeRunnerPorts } from "../src/cli/node-guests";
import { PROFILES } from "../src/xen-core/profiles/profiles";
import { parseScenario } from "../src/xen-core/scenario/parse";
import { runScenario } from "../src/xen-core/scenario/runner";
import type { Verdict } from "../src/xen-core/scenario/verdict";
import { promisedVerdicts } from "./scenario-verdicts";

const ALL = PROFILES.map((p) => p.name);

describe("built-in scenarios", () => {
  const files = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));

  for (const file of files) {
    it(`${file} gives the verdicts its header states`, async () => {
      const text = readFileSync(`scenarios/${file}`, "utf8");
      expect(text.startsWith("#")).toBe(true);
      const promised = promisedVerdicts(text, ALL);
      expect(promised, "the header's '# verdict' lines").toBeTypeOf("object");
      const { scenario, errors } = parseScenario(text, { knownProfiles: ALL });
      expect(errors).toEqual([]);
      const got: Record<string, Verdict> = {};
      for (const profile of ALL) {
        const guests = nodeRunnerPorts();
        const options = { profile, ports: guests.ports, toolstack: guests.toolstack };
        got[profile] = (await runScenario(scenario!, options).finally(guests.dispose)).verdict;
      }
      expect(got).toEqual(promised);
    });
  }
});
