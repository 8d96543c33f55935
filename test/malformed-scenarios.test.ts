// The malformed corpus: each file gives a clear error with a line and column, and the
// parser never throws.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROFILES } from "../src/xen-core/profiles/profiles";
import { parseScenario } from "../src/xen-core/scenario/parse";

const DIR = "test/scenarios/malformed";

describe("malformed scenarios", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));
  it("the corpus has at least 30 files", () => expect(files.length).toBeGreaterThanOrEqual(30));
  for (const file of files) {
    it(file, () => {
      const r = parseScenario(readFileSync(`${DIR}/${file}`, "utf8"), {
        knownProfiles: PROFILES.map((p) => p.name),
      });
      expect(r.scenario).toBeUndefined();
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) {
        expect(e.message).toMatch(/^(step \d+ \()?line \d+, col \d+\)?: \S/);
        expect(e.pos.line).toBeGreaterThan(0);
      }
    });
  }
});
