/**
 * The `xl` command (tools/xl/xl.c main, RELEASE-4.22.0): global options "+vftTN" (each
 * -v lowers the log threshold), the subcommand looked up by unique prefix
 * (cmdtable_lookup), `xl help [CMD]`, "command not implemented" (exit 1) for anything
 * else. The subcommands the lab models are here; the other table entries answer that
 * the lab does not model them, rather than pretending.
 */
import { getopt, type OptSpec } from "./getopt";
import type { XlIo } from "./io";
import { help, lookup } from "./xl-help";
import { mainCreate } from "./xl-create-cmd";
import { mainDomid, mainDomname, mainList, mainVcpuList } from "./xl-domains";
import { mainInfo } from "./xl-info";
import { mainDebugKeys, mainDestroy, mainDmesg, mainPause, mainUnpause } from "./xl-misc";
import type { XlContext } from "./xl-context";

/** A modelled subcommand: its getopt spec, its minimum argument count and its body. */
export interface XlCommand {
  readonly spec: OptSpec;
  readonly reqArgs: number;
  readonly run: (
    x: XlContext,
    io: XlIo,
    opts: readonly { opt: string; arg?: string }[],
    args: string[],
  ) => number;
}

const MODELLED: Readonly<Record<string, XlCommand>> = {
  create: mainCreate,
  list: mainList,
  destroy: mainDestroy,
  pause: mainPause,
  unpause: mainUnpause,
  "vcpu-list": mainVcpuList,
  info: mainInfo,
  domid: mainDomid,
  domname: mainDomname,
  "debug-keys": mainDebugKeys,
  dmesg: mainDmesg,
};

/** `xl ARGV...`: the exit status; output went to `io`. */
export function xlMain(x: XlContext, io: XlIo, argv: readonly string[]): number {
  let verbose = 0;
  let dryrun = false;
  let i = 0;
  // getopt "+vftTN": options stop at the first non-option (the subcommand).
  for (; i < argv.length && argv[i]!.startsWith("-") && argv[i] !== "-"; i++) {
    if (argv[i] === "--") {
      i++;
      break;
    }
    for (const c of argv[i]!.slice(1)) {
      if (c === "v") verbose++;
      else if (c === "N") dryrun = true;
      else if (c === "f" || c === "t" || c === "T") continue;
      else {
        io.err("unknown global option\n");
        return 1;
      }
    }
  }
  const cmd = argv[i];
  if (cmd === undefined) {
    help(io, x.arch);
    return 1;
  }
  const spec = lookup(x.arch, cmd);
  const rest = argv.slice(i + 1);
  if (!spec) {
    if (cmd === "help") {
      help(io, x.arch, rest[0]);
      return 0;
    }
    io.err("command not implemented\n");
    return 1;
  }
  if (dryrun && !spec.canDryrun) {
    io.err("command does not implement -N (dryrun) option\n");
    return 1;
  }
  const impl = MODELLED[spec.name];
  if (!impl) {
    io.err(`xenlab: 'xl ${spec.name}' is not modelled in this lab\n`);
    return 1;
  }
  const parsed = getopt(rest, impl.spec);
  if (!parsed.ok) {
    if (parsed.unknown === "h") {
      help(io, x.arch, spec.name);
      return 0;
    }
    io.err(`option \`${parsed.unknown}' not supported.\n`);
    return 2;
  }
  if (parsed.opts.some((o) => o.opt === "h")) {
    help(io, x.arch, spec.name);
    return 0;
  }
  if (parsed.args.length < impl.reqArgs) {
    io.err(
      `'xl ${spec.name}' requires at least ${impl.reqArgs} argument${impl.reqArgs > 1 ? "s" : ""}.\n\n`,
    );
    help(io, x.arch, spec.name);
    return 2;
  }
  return impl.run({ ...x, verbose, dryrun }, io, parsed.opts, parsed.args);
}
