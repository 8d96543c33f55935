// The A/B alignment behind `xenlab diff` and the page's A/B view: entries paired by
// step in trace order, the first divergence (trace before outcome), a run that stopped
// early, and diffRuns reading its answer off the alignment.
import { describe, expect, it } from "vitest";
import { scenario } from "./build";
import type { TraceEntry } from "../hypervisor/trace";
import { alignRuns, diffRuns, firstDivergence, NO_ENTRY } from "./diff";
import type { RunResult } from "./runner";
import { runScenario } from "./runner";

const create = {
  kind: "domctl" as const,
  cmd: "createdomain",
  fields: { flags: ["hvm", "hap"], max_vcpus: 1 },
  save: { g1: "domain" },
};

const quirk = scenario({ name: "q", arch: "arm64" }, [
  create,
  { kind: "domctl", cmd: "max_vcpus", dom: "g1", fields: { max: 1 } },
  { kind: "domctl", cmd: "set_address_size", dom: "g1", fields: { size: 64 } },
  { kind: "domctl", cmd: "set_address_size", dom: "g1", fields: { size: 32 } },
  { kind: "expect", dom: "g1", vcpu: 0, hcrRw: 0 },
]);

describe("alignRuns", () => {
  it("pairs each step's entries and marks where upstream and is-32bits-v1 part", async () => {
    const a = await runScenario(quirk, { profile: "upstream" });
    const b = await runScenario(quirk, { profile: "is-32bits-v1" });
    const steps = alignRuns(a, b);
    expect(steps).toHaveLength(5);
    // Every entry of every step appears once, on its side, in trace order.
    const seqs = steps.flatMap((s) => s.pairs.map((p) => p.a?.seq)).filter((x) => x !== undefined);
    expect(seqs).toEqual(a.trace.filter((e) => e.seq >= a.steps[0]!.seqFrom).map((e) => e.seq));
    // libxl is unchanged under v1 (no is-32bits flag passed): the runs agree until the
    // switch back to 32-bit, where v1 also clears HCR_EL2.RW.
    const at = firstDivergence(steps)!;
    expect(at.step).toBe(3);
    const d = diffRuns(a, b);
    expect(d.first!.step).toBe(at.step + 1);
    const pair = steps[at.step]!.pairs[at.pair!]!;
    expect(pair.differs).toBe(true);
    // Pairs before the first divergence are all the same.
    for (const s of steps.slice(0, at.step)) expect(s.pairs.every((p) => !p.differs)).toBe(true);
    // The last step's outcome: upstream leaves RW set (FAILURE), v1 clears it.
    expect(steps[4]!.outcomeDiffers).toBe(true);
    expect(steps[4]!.a!.status).toBe("failed");
    expect(steps[4]!.b!.status).toBe("ok");
  });

  it("a run against itself has no divergence", async () => {
    const a = await runScenario(quirk);
    const steps = alignRuns(a, a);
    expect(firstDivergence(steps)).toBeUndefined();
    expect(steps.every((s) => !s.outcomeDiffers)).toBe(true);
    expect(diffRuns(a, a)).toEqual({ identical: true, verdicts: ["FAILURE", "FAILURE"] });
  });

  it("a run that stopped early diverges at the first step it never ran", async () => {
    const stops = scenario({ name: "s", arch: "arm64" }, [
      create,
      { kind: "domctl", cmd: "max_vcpus", dom: "g1", fields: { max: 1 } },
      {
        kind: "domctl",
        cmd: "set_address_size",
        dom: "nosuchdomain",
        fields: { size: 64 },
        profileOnly: ["is-32bits-v1"],
      },
      { kind: "expect", dom: "g1", vcpu: 0, mode: "AArch64" },
    ]);
    const a = await runScenario(stops, { profile: "upstream" });
    const b = await runScenario(stops, { profile: "is-32bits-v1" });
    expect(b.verdict).toBe("ERROR");
    const steps = alignRuns(a, b);
    expect(steps).toHaveLength(4);
    expect(steps[3]!.b).toBeUndefined();
    expect(steps[3]!.outcomeDiffers).toBe(true);
    const d = diffRuns(a, b);
    expect(d.first).toMatchObject({ step: 3, a: "profile-skipped: runs only under is-32bits-v1" });
    expect(d.first!.b).toMatch(/^error: unknown domain 'nosuchdomain'/);
  });
});

describe("entries within a step, aligned as a side-by-side diff", () => {
  // Synthetic runs of one step: only the trace matters to the alignment.
  const call = (seq: number, op: string, ret: number): TraceEntry => ({
    seq,
    kind: "hypercall",
    domid: 0,
    vcpu: 0,
    nr: 36,
    name: "domctl",
    op,
    args: {},
    ret,
    entrySeq: seq,
  });
  const change = (seq: number, detail: string): TraceEntry => ({
    seq,
    kind: "state",
    domid: 1,
    vcpu: 0,
    event: "vcpu-mode",
    detail,
  });
  const run = (trace: TraceEntry[]): RunResult => ({
    scenario: "s",
    profile: "p",
    verdict: "SUCCESS",
    steps: [
      {
        index: 0,
        kind: "domctl",
        pos: { line: 1, col: 1 },
        status: "ok",
        message: "",
        seqFrom: 1,
        seqTo: 1_000_000,
      },
    ],
    trace,
    snapshot: undefined as never,
    transcript: [],
  });

  it("shares equal entries, faces a changed result with its counterpart, gaps the rest", () => {
    const a = run([call(1, "createdomain", 1), call(2, "max_vcpus", 0), call(3, "unpause", 0)]);
    const b = run([
      call(1, "createdomain", 1),
      change(2, "AArch32 -> AArch64"),
      call(3, "max_vcpus", -22),
      call(4, "unpause", 0),
    ]);
    const [s] = alignRuns(a, b);
    const rows = s!.pairs.map((p) => [p.a?.seq ?? null, p.b?.seq ?? null, p.differs]);
    expect(rows).toEqual([
      [1, 1, false],
      // Between the two shared calls: A's max_vcpus faces B's mode change, B's failing
      // max_vcpus faces a gap (paired in order, as a diff's changed hunk).
      [2, 2, true],
      [null, 3, true],
      [3, 4, false],
    ]);
    expect(diffRuns(a, b).first).toMatchObject({
      a: "d0v0 domctl max_vcpus() = 0",
      b: "d1v0 vcpu-mode: AArch32 -> AArch64",
    });
  });

  it("an entry only one side has faces a gap", () => {
    const a = run([call(1, "createdomain", 1), call(2, "unpause", 0)]);
    const b = run([call(1, "createdomain", 1), change(2, "x"), call(3, "unpause", 0)]);
    const [s] = alignRuns(a, b);
    expect(s!.pairs.map((p) => [p.a?.seq ?? null, p.b?.seq ?? null])).toEqual([
      [1, 1],
      [null, 2],
      [2, 3],
    ]);
    expect(diffRuns(a, b).first!.a).toBe(NO_ENTRY);
  });

  it("very long steps pair by position (bounded work), every entry still shown once", () => {
    const many = (n: number, ret: number) =>
      Array.from({ length: n }, (_, i) => call(i + 1, "getdomaininfo", i === 5 ? ret : 0));
    const a = run(many(1100, 0));
    const b = run(many(1100, -3));
    const [s] = alignRuns(a, b);
    expect(s!.pairs).toHaveLength(1100);
    expect(s!.pairs.filter((p) => p.differs).map((p) => p.a!.seq)).toEqual([6]);
  });
});
