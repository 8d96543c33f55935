// The A/B view's model: both runs recorded with a snapshot per step, flat rows aligned
// by step with the first divergence marked, and the two labs' state compared by name.
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../xen-core/scenario/parse";
import { abRows, buildComparison, recordRun, snapshotAt } from "./ab-compare";
import { compareStates } from "./ab-state";
import { BUILTIN_SCENARIOS } from "./builtin-scenarios";

const source = BUILTIN_SCENARIOS.find((s) => s.name === "arm64-64-to-32-quirk")!.text;
const { scenario } = parseScenario(source);

async function compare(a: string, b: string) {
  return buildComparison(
    scenario!,
    source,
    await recordRun(scenario!, { profile: a }),
    await recordRun(scenario!, { profile: b }),
  );
}

describe("A/B comparison of the arm64 64 -> 32 quirk", () => {
  it("records a snapshot per step and marks one first-divergence row", async () => {
    const c = await compare("upstream", "is-32bits-v1");
    expect(c.a.snapshots).toHaveLength(c.stepCount + 1);
    expect(c.b.snapshots).toHaveLength(c.stepCount + 1);
    expect(c.rows.filter((r) => r.first)).toHaveLength(1);
    const first = c.rows[c.firstRow!]!;
    expect(first.step).toBe(c.diff.first!.step - 1);
    // The row is the pair diffRuns names.
    expect(first.kind).toBe("pair");
    if (first.kind === "pair") expect(first.pair.differs).toBe(true);
    // Every step has its header row, in order.
    expect(c.rows.filter((r) => r.kind === "step").map((r) => r.step)).toEqual([
      ...Array(c.stepCount).keys(),
    ]);
    expect(c.lines).toEqual(scenario!.steps.map((s) => s.pos.line));
  });

  it("compares state by name: the same before the divergence, HCR_EL2.RW after it", async () => {
    const c = await compare("upstream", "is-32bits-v1");
    const k = c.diff.first!.step;
    const before = compareStates(snapshotAt(c.a, k - 1), snapshotAt(c.b, k - 1));
    expect(before.filter((r) => r.differs)).toEqual([]);
    const after = compareStates(snapshotAt(c.a, k), snapshotAt(c.b, k));
    const rw = after.find((r) => r.key === "HCR_EL2.RW" && r.group === "d1 vCPU0")!;
    expect(rw).toMatchObject({ a: "1", b: "0", differs: true });
    // The labs parted once already, at createdomain (v1's domain is 64-bit at once),
    // and met again at set_address_size(64).
    expect(c.stateFirstDiffers).toBe(1);
    // Out-of-range steps clamp to the run.
    expect(snapshotAt(c.a, 999)).toBe(c.a.snapshots.at(-1));
    expect(snapshotAt(c.a, -1)).toBe(c.a.snapshots[0]);
  });

  it("a profile against itself: no divergence row, identical state everywhere", async () => {
    const c = await compare("upstream", "upstream");
    expect(c.first).toBeUndefined();
    expect(c.firstRow).toBeUndefined();
    expect(c.diff.identical).toBe(true);
    expect(c.stateFirstDiffers).toBeUndefined();
    for (let k = 0; k <= c.stepCount; k++)
      expect(compareStates(snapshotAt(c.a, k), snapshotAt(c.b, k)).some((r) => r.differs)).toBe(
        false,
      );
  });

  it("a fact on one side only (a domain the other lacks) is a difference", async () => {
    const c = await compare("upstream", "is-32bits-v1");
    const rows = compareStates(snapshotAt(c.a, c.stepCount), snapshotAt(c.a, 0));
    const d1 = rows.filter((r) => r.group === "d1");
    expect(d1.length).toBeGreaterThan(0);
    expect(d1.every((r) => r.b === undefined && r.differs)).toBe(true);
    const back = compareStates(snapshotAt(c.a, 0), snapshotAt(c.a, c.stepCount));
    expect(back.filter((r) => r.group === "d1").every((r) => r.a === undefined)).toBe(true);
  });
});

describe("abRows", () => {
  it("marks the step header when the outcome is what differs", () => {
    const step = (index: number, status: "ok" | "failed") => ({
      index,
      kind: "expect" as const,
      pos: { line: 10 + index, col: 5 },
      status,
      message: "",
      seqFrom: 0,
      seqTo: 0,
    });
    const { rows, firstRow } = abRows(
      [
        { index: 0, a: step(0, "ok"), b: step(0, "ok"), pairs: [], outcomeDiffers: false },
        { index: 1, a: step(1, "ok"), b: step(1, "failed"), pairs: [], outcomeDiffers: true },
      ],
      { step: 1, pair: undefined },
    );
    expect(rows).toHaveLength(2);
    expect(firstRow).toBe(1);
    expect(rows[1]).toMatchObject({ kind: "step", first: true, differs: true });
  });
});

describe("A/B comparison of the arm64 domain type", () => {
  it("finds the state parting at createdomain, before the traces do", async () => {
    const text = BUILTIN_SCENARIOS.find((s) => s.name === "arm64-domain-type")!.text;
    const sc = parseScenario(text).scenario!;
    const c = buildComparison(
      sc,
      text,
      await recordRun(sc, { profile: "upstream" }),
      await recordRun(sc, { profile: "is-32bits-v1" }),
    );
    // Step 2 is the createdomain (step 1 is a note): v1's domain is 64-bit at once.
    expect(c.stateFirstDiffers).toBe(2);
    const rows = compareStates(snapshotAt(c.a, 2), snapshotAt(c.b, 2));
    expect(rows.find((r) => r.group === "d1" && r.key === "type")).toMatchObject({
      a: "32-bit",
      b: "64-bit",
    });
    expect(c.diff.first!.step).toBe(5);
  });
});
