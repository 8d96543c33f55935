/**
 * The `xenlab` command: run scenarios headless with the same runner as the page,
 * compare two profiles, list profiles, print benchmark figures.
 */
import { modelFigures } from "../../bench/all";
import { formatFigures } from "../../bench/figures";
import pkg from "../../package.json";
import { PROFILES } from "../xen-core/profiles/profiles";
import { parseArgs, USAGE } from "./args";
import { diffCommand } from "./diff-command";
import { toJson } from "./json";
import { processOutput, type Output } from "./output";
import { runCommand } from "./run-command";

const USAGE_ERROR = 4;

export async function main(argv: readonly string[], out: Output = processOutput): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    out.stderr(`xenlab: ${parsed.error}`);
    out.stderr(USAGE);
    return USAGE_ERROR;
  }
  const { command, positional, profiles, json, help, version } = parsed.args;
  if (version) {
    out.stdout(pkg.version);
    return 0;
  }
  if (help || !command) {
    (help ? out.stdout : out.stderr)(USAGE);
    return help ? 0 : USAGE_ERROR;
  }
  try {
    switch (command) {
      case "run":
        if (positional.length !== 1 || profiles.length > 1)
          return usage(out, "run takes one FILE and at most one --profile");
        return await runCommand(positional[0]!, profiles[0], json, out, pkg.version);
      case "diff":
        if (positional.length !== 1 || profiles.length !== 2)
          return usage(out, "diff takes one FILE and two --profile options");
        return await diffCommand(
          positional[0]!,
          profiles[0]!,
          profiles[1]!,
          json,
          out,
          pkg.version,
        );
      case "profiles": {
        const w = Math.max(...PROFILES.map((p) => p.name.length));
        for (const p of PROFILES) out.stdout(`${p.name.padEnd(w)}  ${p.description}`);
        return 0;
      }
      case "bench": {
        const figures = await modelFigures();
        out.stdout(
          json
            ? toJson({ xenlab: pkg.version, node: process.version, figures })
            : formatFigures(figures),
        );
        return 0;
      }
      default:
        return usage(out, `unknown command '${command}'`);
    }
  } catch (err) {
    out.stderr(`xenlab: internal error: ${err instanceof Error ? err.message : String(err)}`);
    return USAGE_ERROR;
  }
}

function usage(out: Output, message: string): number {
  out.stderr(`xenlab: ${message}`);
  out.stderr(USAGE);
  return USAGE_ERROR;
}
