/**
 * main_create() (tools/xl/xl_vmcontrol.c, RELEASE-4.22.0): `xl create [FILE] [options]
 * [key=value...]`, options "AFVcdef:inpq". The first word is the config file unless it
 * is an option or contains '='; later `key=value` words are appended to the config; a
 * second file name prints the help and exits 2. Then create_domain(): read the file,
 * "Parsing config from ..." (not with -q), and build (build/create.ts).
 *
 * -c, -V, -A (consoles, VNC) and -F/-e (monitoring) change nothing in the lab.
 */
import { xlCreate } from "../build/create";
import { ERROR_FAIL } from "../libxl/setdefault";
import type { XlCommand } from "./xl";
import { help } from "./xl-help";

const ERROR_INVAL = -6;

/** The file's bytes as the 8-bit scanner sees them. */
const latin1 = (b: Uint8Array) => {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
};

export const mainCreate: XlCommand = {
  spec: {
    short: "AFVcdef:inpq",
    long: {
      defconfig: { short: "f", arg: true },
      dryrun: { short: "n", arg: false },
      "ignore-global-affinity-masks": { short: "i", arg: false },
      quiet: { short: "q", arg: false },
      vncviewer: { short: "V", arg: false },
      "vncviewer-autopass": { short: "A", arg: false },
    },
  },
  reqArgs: 0,
  run(x, io, opts, args) {
    let configFile: string | undefined;
    for (const o of opts) if (o.opt === "f") configFile = o.arg;
    const extra: string[] = [];
    for (const a of args) {
      if (a.includes("=")) extra.push(a);
      else if (configFile === undefined) configFile = a;
      else {
        help(io, x.arch, "create");
        return 2;
      }
    }
    if (configFile === undefined) {
      io.err("Config file not specified and none in save file\n");
      return -ERROR_INVAL;
    }
    let text = "";
    if (configFile !== "/dev/null") {
      const bytes = x.readFile(configFile);
      if (!bytes) {
        io.err(`Failed to read config file: ${configFile}: No such file or directory\n`);
        return -ERROR_FAIL;
      }
      text = latin1(bytes);
    }
    const quiet = opts.some((o) => o.opt === "q");
    const outcome = xlCreate(x, {
      configPath: configFile,
      configText: text,
      extra,
      paused: opts.some((o) => o.opt === "p"),
      dryRun: x.dryrun || opts.some((o) => o.opt === "n"),
      verbose: x.verbose,
      readFile: x.readFile,
      ...(x.env ? { env: x.env } : {}),
      ...(x.writeFile ? { writeFile: x.writeFile } : {}),
    });
    const stderr = quiet
      ? outcome.stderr.filter((l) => !l.startsWith("Parsing config from "))
      : outcome.stderr;
    for (const l of outcome.stdout) io.out(`${l}\n`);
    for (const l of stderr) io.err(`${l}\n`);
    if (outcome.domid !== undefined && outcome.exit === 0 && outcome.savedConfig)
      x.configs.set(outcome.domid, outcome.savedConfig);
    x.onCreate?.(outcome);
    return outcome.exit;
  },
};
