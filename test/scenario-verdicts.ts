/**
 * The verdicts a built-in scenario's header promises, in machine-readable lines that
 * sit in the header beside the prose:
 *
 *   # verdict: FAILURE                  every profile not named below
 *   # verdict[is-32bits-v1]: SUCCESS    one profile (several: a comma-separated list)
 *
 * The header is then the only place the promise is written, so the prose, the test
 * and the file cannot drift apart.
 */
import type { Verdict } from "../src/xen-core/scenario/verdict";

const VERDICTS = ["SUCCESS", "SKIP", "ERROR", "FAILURE", "CRASH"] as const;
const LINE = /^#\s*verdict(?:\[([a-z0-9.,\s-]+)\])?:\s*(\S+)\s*$/;

export function promisedVerdicts(
  text: string,
  profiles: readonly string[],
): Record<string, Verdict> | string {
  let fallback: Verdict | undefined;
  const named: Record<string, Verdict> = {};
  for (const line of text.split("\n")) {
    if (!line.startsWith("#")) break;
    const m = LINE.exec(line);
    if (!m) continue;
    const verdict = m[2] as Verdict;
    if (!VERDICTS.includes(verdict)) return `unknown verdict '${m[2]}' in: ${line}`;
    if (m[1] === undefined) {
      fallback = verdict;
      continue;
    }
    for (const p of m[1].split(",").map((s) => s.trim())) {
      if (!profiles.includes(p)) return `unknown profile '${p}' in: ${line}`;
      named[p] = verdict;
    }
  }
  if (!fallback && Object.keys(named).length < profiles.length)
    return "the header has no '# verdict: ...' line for the profiles it does not name";
  return Object.fromEntries(profiles.map((p) => [p, named[p] ?? fallback!]));
}
