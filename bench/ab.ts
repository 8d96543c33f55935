/**
 * ab.compare_arm64: A/B comparisons per second of the flagship reproduction
 * (arm64-domain-type, upstream against is-32bits-v1) as the page's A/B view makes them:
 * both runs recorded with a snapshot after every step, aligned, the first divergence
 * and the first state difference found. Baseline: the same two runs and diffRuns alone,
 * what `xenlab diff` does; the ratio is the price of the per-step snapshots and the
 * state comparison.
 */
import { readFileSync } from "node:fs";
import { parseScenario } from "../src/xen-core/scenario/parse";
import { diffRuns } from "../src/xen-core/scenario/diff";
import { ScenarioRun } from "../src/xen-core/scenario/runner";
import { buildComparison, recordRun } from "../src/ui/lab/ab-compare";
import { figure, type Figure } from "./figures";

/** Calls per second of an async operation, after a warm-up, for a wall-clock budget. */
async function asyncRate(op: () => Promise<void>, budgetMs: number): Promise<number> {
  const warm = performance.now() + budgetMs / 5;
  while (performance.now() < warm) await op();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budgetMs) {
    await op();
    n++;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

export async function abFigures(budgetMs = 1000): Promise<Figure[]> {
  const text = readFileSync("scenarios/arm64-domain-type.yaml", "utf8");
  const { scenario } = parseScenario(text);
  if (!scenario) throw new Error("bench: arm64-domain-type does not parse");
  const view = await asyncRate(async () => {
    const c = buildComparison(
      scenario,
      text,
      await recordRun(scenario, { profile: "upstream" }),
      await recordRun(scenario, { profile: "is-32bits-v1" }),
    );
    if (c.diff.first?.step !== 5) throw new Error("bench: the A/B view lost the divergence");
  }, budgetMs);
  const cli = await asyncRate(async () => {
    const a = new ScenarioRun(scenario, { profile: "upstream" }).runSync();
    const b = new ScenarioRun(scenario, { profile: "is-32bits-v1" }).runSync();
    if (diffRuns(a, b).first?.step !== 5) throw new Error("bench: xenlab diff lost the divergence");
  }, budgetMs);
  return [figure("ab.compare_arm64", view, "ab.xenlab_diff", cli)];
}
