import { describe, expect, it } from "vitest";
import { promisedVerdicts } from "./scenario-verdicts";

const P = ["upstream", "pre-4.17", "is-32bits-v1"];

describe("a scenario header's verdict lines", () => {
  it("a default line and per-profile lines", () => {
    const text =
      "# prose\n# verdict: FAILURE\n# verdict[is-32bits-v1, pre-4.17]: SUCCESS\nformat: xenlab/1\n";
    expect(promisedVerdicts(text, P)).toEqual({
      upstream: "FAILURE",
      "pre-4.17": "SUCCESS",
      "is-32bits-v1": "SUCCESS",
    });
  });

  it("only the header counts, and gaps or typos are reported", () => {
    expect(promisedVerdicts("# verdict[upstream]: SUCCESS\n", P)).toMatch(/no '# verdict/);
    expect(promisedVerdicts("# verdict: PASSED\n", P)).toMatch(/unknown verdict 'PASSED'/);
    expect(promisedVerdicts("# verdict: SKIP\n# verdict[upstrem]: SKIP\n", P)).toMatch(
      /unknown profile 'upstrem'/,
    );
    expect(promisedVerdicts("format: xenlab/1\n# verdict: SUCCESS\n", P)).toMatch(/no '# verdict/);
  });
});
