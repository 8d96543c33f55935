// Every built-in scenario parses and gives, under each profile, the verdict its
// header states. A model change that alters a reproduction's outcome fails here.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROFILES } from "../src/xen-core/profiles/profiles";
import { parseScenario } from "../src/xen-core/scenario/parse";
import { runScenario } from "../src/xen-core/scenario/runner";
import type { Verdict } from "../src/xen-core/scenario/verdict";

const ALL = PROFILES.map((p) => p.name);
const except = (v: Verdict, others: Record<string, Verdict>) =>
  Object.fromEntries(ALL.map((p) => [p, others[p] ?? v])) as Record<string, Verdict>;

/** The verdicts each file's header promises. */
const EXPECTED: Record<string, Record<string, Verdict>> = {
  "arm64-cdf-flags.yaml": except("SUCCESS", {
    "disable-fifo-v4": "SKIP",
    "evtchn-fifo-v5": "SKIP",
  }),
  "x86-cdf-flags.yaml": except("SUCCESS", { "is-32bits-v1": "FAILURE" }),
  "arm64-set-address-size.yaml": except("FAILURE", {}),
  "arm64-64-to-32-quirk.yaml": except("FAILURE", { "is-32bits-v1": "SUCCESS" }),
  "arm64-xl-image64.yaml": except("SUCCESS", {}),
  "arm64-probe-first-image64.yaml": except("FAILURE", {}),
  "arm64-xl-zimage.yaml": except("SUCCESS", {}),
  "arm64-xl-zimage-no-aarch32.yaml": except("SUCCESS", {}),
  "arm64-probe-first-zimage-no-aarch32.yaml": except("SUCCESS", { "is-32bits-v1": "FAILURE" }),
  "realm-rejections.yaml": except("SUCCESS", {}),
  "realm-dts.yaml": except("FAILURE", { "realm-rfc-v1": "SUCCESS" }),
};

describe("built-in scenarios", () => {
  const files = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));

  it("each has a verdict table here", () => {
    expect(files.filter((f) => !(f in EXPECTED))).toEqual([]);
  });

  for (const file of files) {
    it(`${file} gives the verdicts its header states`, async () => {
      const text = readFileSync(`scenarios/${file}`, "utf8");
      expect(text.startsWith("#")).toBe(true);
      const { scenario, errors } = parseScenario(text, { knownProfiles: ALL });
      expect(errors).toEqual([]);
      const got: Record<string, Verdict> = {};
      for (const profile of ALL) got[profile] = (await runScenario(scenario!, { profile })).verdict;
      expect(got).toEqual(EXPECTED[file]);
    });
  }
});
