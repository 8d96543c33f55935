/** Matching console text against a scenario's substring or /regex/. */
import type { TextMatch } from "./types";

export function matches(m: TextMatch, text: string): boolean {
  if (m.kind === "substring") return text.includes(m.text);
  return new RegExp(m.source, m.flags).test(text);
}

export function describeMatch(m: TextMatch): string {
  return m.kind === "substring" ? JSON.stringify(m.text) : `/${m.source}/${m.flags}`;
}
