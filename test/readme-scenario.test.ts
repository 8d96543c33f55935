// The README's "Reproduce a bug" skeleton is a scenario a user copies: it must parse
// and give, under every profile, the verdicts its own `# verdict` lines promise.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { PROFILES } from "../src/xen-core/profiles/profiles";
import { parseScenario } from "../src/xen-core/scenario/parse";
import { runScenario } from "../src/xen-core/scenario/runner";
import { promisedVerdicts } from "./scenario-verdicts";

const ALL = PROFILES.map((p) => p.name);

it("the README's reproduction skeleton runs with the verdicts it promises", async () => {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Reproduce a bug"));
  const text = /```yaml\n([^]*?)```/.exec(section)![1]!;
  const promised = promisedVerdicts(text, ALL);
  expect(promised).toBeTypeOf("object");
  const { scenario, errors } = parseScenario(text, { knownProfiles: ALL });
  expect(errors).toEqual([]);
  const got: Record<string, string> = {};
  for (const profile of ALL) got[profile] = (await runScenario(scenario!, { profile })).verdict;
  expect(got).toEqual(promised);
});
