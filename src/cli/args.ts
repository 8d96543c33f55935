/**
 * Command-line parsing for `xenlab`: a command, positional arguments, and the few
 * flags each command takes. Misuse is reported as text, never as an exception.
 */
export interface ParsedArgs {
  readonly command: string | undefined;
  readonly positional: readonly string[];
  readonly profiles: readonly string[];
  readonly json: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export type ArgsResult =
  { readonly ok: true; readonly args: ParsedArgs } | { readonly ok: false; readonly error: string };

export function parseArgs(argv: readonly string[]): ArgsResult {
  const positional: string[] = [];
  const profiles: string[] = [];
  let json = false;
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--json") json = true;
    else if (a === "--help" || a === "-h") help = true;
    else if (a === "--version" || a === "-V") version = true;
    else if (a === "--profile" || a === "-p") {
      const v = argv[++i];
      if (v === undefined || v.startsWith("-"))
        return { ok: false, error: `${a} needs a profile name` };
      profiles.push(v);
    } else if (a.startsWith("--profile=")) profiles.push(a.slice("--profile=".length));
    else if (a.startsWith("-") && a !== "-") return { ok: false, error: `unknown option '${a}'` };
    else positional.push(a);
  }
  const [command, ...rest] = positional;
  return { ok: true, args: { command, positional: rest, profiles, json, help, version } };
}

export const USAGE = `usage: xenlab <command> [options]

commands:
  run FILE [--profile P] [--json]       run a scenario; prints the transcript and
                                        "Test result: <VERDICT>"
  diff FILE --profile A --profile B     run a scenario under two profiles and print
       [--json]                         the first divergence of their traces
  profiles                              list the modelled Xen behaviours
  bench [--json]                        print the lab's performance figures

exit codes (run): 0 SUCCESS, 3 SKIP, 4 ERROR (also: a bad scenario file or bad
usage), 5 FAILURE, 6 CRASH.
exit codes (diff): 0 identical traces, 1 they differ, 4 bad file or usage.

--json prints one JSON object and nothing else; 64-bit values are decimal strings.`;
