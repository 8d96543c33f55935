/**
 * Tab completion for the dom0 shell's terminal: the command name, xl's subcommands
 * (and `xl help` topics), domain names for commands that take one, and file names.
 * Returns where the word being completed starts and the candidates, sorted.
 */
import { commandTable } from "../xl/xl-help";
import { SHELL_COMMANDS } from "./commands";
import type { Dom0Shell } from "./shell";

export interface Completion {
  /** Index in the line where the completed word starts. */
  readonly start: number;
  readonly candidates: readonly string[];
}

const TAKES_DOMAIN = new Set(["destroy", "pause", "unpause", "vcpu-list", "list", "domid"]);

export function completeLine(sh: Dom0Shell, line: string, cursor: number): Completion {
  const before = line.slice(0, cursor);
  const start = Math.max(before.lastIndexOf(" "), before.lastIndexOf("\t")) + 1;
  const word = before.slice(start);
  const words = before.slice(0, start).trim().split(/\s+/).filter(Boolean);
  const pick = (all: Iterable<string>) => ({
    start,
    candidates: [...new Set(all)].filter((c) => c.startsWith(word)).sort(),
  });
  if (!words.length) return pick([...Object.keys(SHELL_COMMANDS), "xl"]);
  if (words[0] === "xl") {
    const rest = words.slice(1).filter((w) => !w.startsWith("-"));
    if (!rest.length) return pick([...commandTable(sh.hv.arch).map((c) => c.name), "help"]);
    if (rest[0] === "help" && rest.length === 1)
      return pick(commandTable(sh.hv.arch).map((c) => c.name));
    if (TAKES_DOMAIN.has(rest[0]!)) {
      // Read from the model, not through getdomaininfolist: a Tab press must not add
      // hypercalls to the lab's trace.
      const names = [...sh.hv.domains.keys()].map((id) => sh.xenstore.domainName(id) ?? String(id));
      return pick(names);
    }
  }
  return fileCompletion(sh, start, word);
}

function fileCompletion(sh: Dom0Shell, start: number, word: string): Completion {
  const slash = word.lastIndexOf("/");
  const dir = slash >= 0 ? word.slice(0, slash + 1) : "";
  const entries = sh.vfs.list(dir || ".");
  if (typeof entries === "string") return { start, candidates: [] };
  return {
    start,
    candidates: entries
      .map((e) => `${dir}${e.name}${e.dir ? "/" : ""}`)
      .filter((c) => c.startsWith(word))
      .sort(),
  };
}
