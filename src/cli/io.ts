/** Reading a scenario file and reporting parse errors the CLI's way. */
import { readFileSync } from "node:fs";
import { PROFILES } from "../xen-core/profiles/profiles";
import { parseScenario, type ParseResult } from "../xen-core/scenario/parse";

export type LoadResult = ParseResult & { readonly readError?: string };

export function loadScenario(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    return {
      errors: [],
      readError: `cannot read ${file}: ${code} ${(err as Error).message}`.trim(),
    };
  }
  return parseScenario(text, { knownProfiles: PROFILES.map((p) => p.name) });
}

/** One line per problem, prefixed with the file name as compilers do. */
export function formatLoadErrors(file: string, r: LoadResult): string[] {
  if (r.readError) return [`xenlab: ${r.readError}`];
  return r.errors.map((e) => `${file}: ${e.message}`);
}
