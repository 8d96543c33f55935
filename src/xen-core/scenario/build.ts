/**
 * Building scenarios in code (tests, the page's generated reproductions) with the
 * same types the parser produces.
 */
import type { Scenario, Step } from "./types";

type StepInput = Step extends infer S ? (S extends Step ? Omit<S, "index" | "pos"> : never) : never;

export function scenario(
  head: Partial<Omit<Scenario, "steps" | "format">> & { name: string },
  steps: readonly StepInput[],
): Scenario {
  return {
    format: "xenlab/1",
    title: head.title ?? head.name,
    arch: head.arch ?? "x86_64",
    host: head.host ?? { aarch32El1: true, gic: "v3" },
    profile: head.profile ?? "upstream",
    files: head.files ?? {},
    name: head.name,
    steps: steps.map((s, index) => ({ ...s, index, pos: { line: index + 1, col: 1 } }) as Step),
  };
}
