// Presenter captions: which note applies at a position (notes skipped under the
// profile do not count), the step that just ran on one line, where "previous" lands.
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../xen-core/scenario/parse";
import { ScenarioRun } from "../../xen-core/scenario/runner";
import { captionAt, noteIndexAt, passOver, previousStop, stepSource } from "./caption";

const TEXT = `format: xenlab/1
name: t
title: The title
arch: arm64
steps:
  - domctl: { cmd: createdomain, flags: [hvm, hap], max_vcpus: 1 }
    save: { g1: domain }
  - note: "first note"
  - domctl: { cmd: max_vcpus, dom: g1, max: 1 } # a comment
  - note: "only under pre-4.17"
    profile-only: [pre-4.17]
  - expect:
      {
        dom: g1,
        vcpu: 0,
        mode: AArch32,
      }
    profile-only:
      [upstream]
  - note: "second note"
  - expect: { dom: g1, vcpu: 0, mode: AArch64 }
`;

async function runTo(n: number, profile = "upstream") {
  const { scenario } = parseScenario(TEXT);
  const run = new ScenarioRun(scenario!, { profile });
  for (let i = 0; i < n; i++) await run.step();
  const view = {
    title: scenario!.title,
    position: run.position,
    results: [...run.stepResults],
    verdict: run.verdict,
    done: run.done,
  };
  return { steps: scenario!.steps, view };
}

describe("presenter captions", () => {
  it("the note in force is the last one reached, not one skipped under the profile", async () => {
    const { steps, view } = await runTo(7);
    expect(noteIndexAt(steps, view.results, 0)).toBeUndefined();
    expect(noteIndexAt(steps, view.results, 1)).toBeUndefined();
    expect(noteIndexAt(steps, view.results, 2)).toBe(1);
    expect(noteIndexAt(steps, view.results, 4)).toBe(1); // step 4's note is pre-4.17's
    expect(noteIndexAt(steps, view.results, 6)).toBe(5);
    const pre = await runTo(4, "pre-4.17");
    expect(noteIndexAt(steps, pre.view.results, 4)).toBe(3);
  });

  it("shows the title before any note, then the note, the step that just ran and the verdict", async () => {
    const start = await runTo(0);
    expect(captionAt(start.view, start.steps, TEXT)).toEqual({
      title: "The title",
      note: undefined,
      position: 0,
      total: 7,
      last: undefined,
      verdict: undefined,
    });
    const mid = await runTo(3);
    const c = captionAt(mid.view, mid.steps, TEXT);
    expect(c.note).toBe("first note");
    expect(c.last).toEqual({
      number: 3,
      kind: "domctl",
      source: "domctl: { cmd: max_vcpus, dom: g1, max: 1 }",
      status: "ok",
      message: "domctl max_vcpus returned 0",
    });
    // Right after a note, the note is the caption and the small line stays empty.
    const atNote = await runTo(2);
    expect(captionAt(atNote.view, atNote.steps, TEXT).last).toBeUndefined();
    const end = await runTo(7);
    const e = captionAt(end.view, end.steps, TEXT);
    expect(e.note).toBe("second note");
    expect(e.verdict).toBe("FAILURE");
    expect(e.last?.status).toBe("failed");
    expect(e.last?.message).toBe("mode: expected AArch64, found AArch32");
  });

  it("writes a multi-line step on one line, without its profile-only list", async () => {
    const { steps } = await runTo(0);
    expect(stepSource(TEXT, steps, 4)).toBe("expect: { dom: g1, vcpu: 0, mode: AArch32 }");
    expect(stepSource(TEXT, steps, 0)).toBe(
      "domctl: { cmd: createdomain, flags: [hvm, hap], max_vcpus: 1 } save: { g1: domain }",
    );
    expect(stepSource(TEXT, steps, 6)).toBe("expect: { dom: g1, vcpu: 0, mode: AArch64 }");
  });

  it("previous passes back over skipped steps; next passes over them forward", async () => {
    const { view } = await runTo(5);
    // Steps 1-5 ran; step 4 (index 3) was skipped under upstream.
    expect(view.results.map((r) => r.status)).toEqual(["ok", "ok", "ok", "profile-skipped", "ok"]);
    expect(previousStop(view.results, 5)).toBe(3);
    expect(previousStop(view.results, 3)).toBe(2);
    expect(previousStop(view.results, 1)).toBe(0);
    expect(previousStop(view.results, 0)).toBe(0);
    const four = await runTo(4);
    expect(passOver(four.view.results, four.view.done)).toBe(true);
    expect(passOver(view.results, view.done)).toBe(false);
  });
});
