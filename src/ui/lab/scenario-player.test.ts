// Playing a scenario in the page: the CLI's runner, step by step, its lab adopted by
// the page, parse errors with line and column, A/B diffs as `xenlab diff` finds them.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ScenarioError } from "../../xen-core/scenario/types";
import { BUILTIN_SCENARIOS } from "./builtin-scenarios";
import type { LabSession } from "./lab-session";
import { ScenarioPlayer, type PlayerView } from "./scenario-player";

function player() {
  const seen = {
    adopted: [] as LabSession[],
    views: [] as (PlayerView | undefined)[],
    errors: [] as (readonly ScenarioError[])[],
    released: [] as unknown[],
  };
  const p = new ScenarioPlayer({
    adopt: (s) => seen.adopted.push(s),
    publish: (v) => seen.views.push(v),
    errors: (e) => seen.errors.push(e),
    release: (hv) => seen.released.push(hv),
  });
  return { p, seen };
}

const text = BUILTIN_SCENARIOS.find((s) => s.name === "arm64-set-address-size")!.text;

describe("scenario player", () => {
  it("ships every scenario under scenarios/ with its name and title", () => {
    expect(BUILTIN_SCENARIOS.map((s) => s.file).sort()).toEqual(
      readdirSync("scenarios")
        .filter((f) => f.endsWith(".yaml"))
        .sort(),
    );
    expect(BUILTIN_SCENARIOS[0]!.title).toBe(
      "arm64: switching a 64-bit domain back to 32-bit leaves HCR_EL2.RW set",
    );
  });

  it("steps through a scenario in the lab it adopted, to the verdict", async () => {
    const { p, seen } = player();
    await p.step(text);
    expect(seen.adopted).toHaveLength(1);
    expect(seen.adopted[0]!.origin).toEqual({ kind: "scenario", name: "arm64-set-address-size" });
    expect(seen.adopted[0]!.settings.arch).toBe("arm64");
    const v1 = seen.views.at(-1)!;
    expect(v1).toMatchObject({ position: 1, done: false, profile: "upstream" });
    expect(v1.results[0]).toMatchObject({ kind: "domctl", status: "ok" });
    expect(Object.isFrozen(v1)).toBe(true);
    await p.runToEnd(text);
    const end = seen.views.at(-1)!;
    expect(end).toMatchObject({ done: true, verdict: "FAILURE", position: 13 });
    expect(end.results.at(-1)).toMatchObject({
      status: "failed",
      message: "hcr-rw: expected 0, found 1",
    });
    // Stepping after the end replays from a fresh lab.
    await p.step(text);
    expect(seen.adopted).toHaveLength(2);
    expect(seen.views.at(-1)).toMatchObject({ position: 1 });
  });

  it("runs under another profile when asked", async () => {
    const { p, seen } = player();
    await p.runToEnd(text, "is-32bits-v1");
    expect(seen.views.at(-1)).toMatchObject({ profile: "is-32bits-v1", verdict: "FAILURE" });
    expect(seen.views.at(-1)!.results[1]).toMatchObject({ status: "failed" });
  });

  it("a broken scenario gives errors with line and column, and no run", async () => {
    const { p, seen } = player();
    await p.runToEnd("format: xenlab/1\nname: x\ntitle: t\nsteps:\n  - frobnicate: 1\n");
    expect(seen.adopted).toHaveLength(0);
    const errs = seen.errors.at(-1)!;
    expect(errs[0]!.pos).toEqual({ line: 5, col: 5 });
    expect(errs[0]!.message).toMatch(/^step 1 \(line 5, col 5\): unknown step kind .frobnicate./);
    expect(p.loaded).toBe(false);
  });

  it("an edited text reloads before the next step", async () => {
    const { p, seen } = player();
    await p.step(text);
    await p.step(text);
    await p.step(text.replace("max_vcpus: 2 }", "max_vcpus: 1 }"));
    expect(seen.adopted).toHaveLength(2);
    expect(seen.views.at(-1)).toMatchObject({ position: 1 });
  });

  it("seeks to a step in a fresh lab: back a step, or where a share link was made", async () => {
    const { p, seen } = player();
    await p.runToEnd(text);
    const end = seen.views.at(-1)!;
    expect(await p.seek(text, 5)).toBe(5);
    expect(seen.adopted).toHaveLength(2);
    const at5 = seen.views.at(-1)!;
    expect(at5).toMatchObject({ position: 5, done: false });
    // The same first five outcomes as the full run: the runner is deterministic.
    expect(at5.results).toEqual(end.results.slice(0, 5));
    // Out-of-range positions clamp to the scenario.
    expect(await p.seek(text, 999)).toBe(13);
    expect(await p.seek(text, -3)).toBe(0);
    expect(await p.seek("format: nope\n", 2)).toBeUndefined();
  });

  it("compares two profiles off-page, as xenlab diff does", async () => {
    const { p, seen } = player();
    const diff = await p.compare(text, "upstream", "is-32bits-v1");
    expect(seen.adopted).toHaveLength(0);
    expect(diff!.diff).toMatchObject({
      identical: false,
      verdicts: ["FAILURE", "FAILURE"],
      first: { step: 2 },
    });
    // A snapshot per step on each side, the first divergence's row marked.
    expect(diff!.a.snapshots).toHaveLength(diff!.stepCount + 1);
    expect(diff!.first).toMatchObject({ step: 1 });
    expect(diff!.rows[diff!.firstRow!]).toMatchObject({ step: 1, first: true });
    // Both sides' labs are released (their real guests stop): nobody shows them.
    expect(seen.released).toHaveLength(2);
    expect(seen.released[0]).not.toBe(seen.released[1]);
  });
});
