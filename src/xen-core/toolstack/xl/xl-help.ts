/**
 * help() and cmdtable_lookup() of tools/xl (xl.c, xl_cmdtable.c, RELEASE-4.22.0).
 */
import { XL_COMMANDS, type XlCommandSpec } from "./cmdtable";
import type { XlIo } from "./io";

/** The table as this build of xl has it (Arm lacks suspend/resume and psr-*). */
export function commandTable(arch: "arm64" | "x86_64"): readonly XlCommandSpec[] {
  return XL_COMMANDS.filter(
    (c) => c.arch === "all" || (c.arch === "arm" ? arch === "arm64" : arch === "x86_64"),
  );
}

/** cmdtable_lookup(): an exact name, or a prefix of exactly one name. */
export function lookup(arch: "arm64" | "x86_64", name: string): XlCommandSpec | undefined {
  const table = commandTable(arch);
  const exact = table.find((c) => c.name === name);
  if (exact) return exact;
  const hits = table.filter((c) => c.name.startsWith(name));
  return hits.length === 1 ? hits[0] : undefined;
}

/** help(): the full list, or one command's usage, description and options. */
export function help(io: XlIo, arch: "arm64" | "x86_64", command?: string): void {
  if (!command || command === "help") {
    io.out("Usage xl [-vfNtT] <subcommand> [args]\n\nxl full list of subcommands:\n\n");
    for (const c of commandTable(arch)) {
      io.out(` ${c.name.padEnd(19)} `);
      if (c.name.length > 19) io.out(`\n ${"".padEnd(19)} `);
      io.out(`${c.desc}\n`);
    }
    return;
  }
  const c = lookup(arch, command);
  if (!c) {
    io.out(`command "${command}" not implemented\n`);
    return;
  }
  io.out(
    `Usage: xl [-vtT${c.modifies ? "f" : ""}${c.canDryrun ? "N" : ""}] ${c.name} ${c.usage}\n\n${c.desc}.\n\n`,
  );
  if (c.options) io.out(`Options:\n\n${c.options}\n`);
}
