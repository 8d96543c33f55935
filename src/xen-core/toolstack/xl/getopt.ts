/**
 * GNU getopt_long as xl's subcommands use it (SWITCH_FOREACH_OPT → def_getopt,
 * tools/xl/xl_utils.c): options may come anywhere (argv is permuted), short options
 * cluster ("-pv"), an option's argument is attached or the next word, "--" ends the
 * options. An unknown option prints "option `x' not supported." and exits 2; -h prints
 * the command's help and exits 0; too few arguments print "'xl CMD' requires at least N
 * argument(s)." then the help, exit 2.
 */
export interface OptSpec {
  /** getopt's optstring, e.g. "lvhZcn" or "f:np". */
  readonly short: string;
  /** Long options: name → the short option it stands for (COMMON_LONG_OPTS: help → h). */
  readonly long?: Readonly<Record<string, { readonly short: string; readonly arg: boolean }>>;
}

export type GetoptResult =
  | {
      readonly ok: true;
      readonly opts: readonly { opt: string; arg?: string }[];
      readonly args: string[];
    }
  | { readonly ok: false; readonly unknown: string };

export function getopt(argv: readonly string[], spec: OptSpec): GetoptResult {
  const takesArg = (c: string) => {
    const i = spec.short.indexOf(c);
    return i >= 0 && spec.short[i + 1] === ":";
  };
  const long = { help: { short: "h", arg: false }, ...spec.long };
  const opts: { opt: string; arg?: string }[] = [];
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const [name, value] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const l = long[name as keyof typeof long] as { short: string; arg: boolean } | undefined;
      if (!l) return { ok: false, unknown: "\0" };
      if (l.arg) {
        const v = value ?? argv[++i];
        if (v === undefined) return { ok: false, unknown: l.short };
        opts.push({ opt: l.short, arg: v });
      } else opts.push({ opt: l.short });
      continue;
    }
    if (a.length > 1 && a.startsWith("-")) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === ":" || (!spec.short.includes(c) && c !== "h")) return { ok: false, unknown: c };
        if (takesArg(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) return { ok: false, unknown: c };
          opts.push({ opt: c, arg: v });
          break;
        }
        opts.push({ opt: c });
      }
      continue;
    }
    args.push(a);
  }
  return { ok: true, opts, args };
}
