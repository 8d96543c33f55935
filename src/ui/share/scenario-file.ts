/**
 * The Scenario panel's .yaml files: Export writes the editor's text as it stands, UTF-8,
 * named after the scenario's `name:` (so `npx xenlab run <name>.yaml` runs exactly what
 * the page ran); Import takes a text file of at most the parser's own limit (1 MiB)
 * and refuses binaries (NUL bytes, or bytes that are not UTF-8) with a message, before
 * the editor is touched. Pure: no DOM.
 */
import { DEFAULT_MAX_BYTES } from "../../xen-core/scenario/schema";

export const MAX_SCENARIO_FILE = DEFAULT_MAX_BYTES;

/** `<name>.yaml` from the text's top-level `name:` (kebab-case by the format), or scenario.yaml. */
export function exportName(text: string): string {
  const m = /^name:[ \t]*(["']?)([^"'\s#]+)\1[ \t]*(?:#.*)?$/m.exec(text);
  const safe = m?.[2]?.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[.-]+/, "");
  return `${safe || "scenario"}.yaml`;
}

export function exportScenario(text: string): { name: string; bytes: Uint8Array } {
  return { name: exportName(text), bytes: new TextEncoder().encode(text) };
}

export type ImportResult = { ok: true; text: string } | { ok: false; message: string };

/** Checked before reading: a file over the limit is never read into memory. */
export function checkImportSize(fileName: string, size: number): ImportResult | undefined {
  if (size <= MAX_SCENARIO_FILE) return undefined;
  return {
    ok: false,
    message: `${fileName} was not imported: it is ${size} bytes, and a scenario is at most ${MAX_SCENARIO_FILE} (1 MiB). The editor is unchanged.`,
  };
}

export function readScenarioFile(fileName: string, bytes: Uint8Array): ImportResult {
  const tooBig = checkImportSize(fileName, bytes.length);
  if (tooBig) return tooBig;
  const nul = bytes.indexOf(0);
  const notText = (why: string): ImportResult => ({
    ok: false,
    message: `${fileName} was not imported: it is not a text file (${why}); a scenario is YAML text. The editor is unchanged.`,
  });
  if (nul >= 0) return notText(`byte ${nul} is NUL`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return notText("it is not UTF-8");
  }
  // A byte-order mark is not part of the YAML (editors add it on Windows).
  return { ok: true, text: text.startsWith("\ufeff") ? text.slice(1) : text };
}
