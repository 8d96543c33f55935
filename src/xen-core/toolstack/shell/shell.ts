/**
 * The dom0 shell: a pure line interpreter over the lab (no terminal, no process). It
 * runs `xl` and a few file commands on dom0's small file system, keeps a transcript,
 * and offers completion. The scenario runner's `xl`/`shell` steps and the page's
 * terminal both drive it through `run(line)`.
 *
 * Commands: help, ls, cat, echo, pwd, cd, rm, xl, probe (what the kernel probes make of
 * a file), dtc -I dtb -O dts FILE (for a DTB libxl dumped with LIBXL_DEBUG_DUMP_DTB=FILE),
 * dom0less [--hardware-domain] CFG (Xen's boot-time build path, see build/dom0less.ts)
 * and lab (the lab's own settings, e.g. `lab set probe-first on`).
 */
import type { Hypervisor } from "../../hypervisor/hypervisor";
import type { ShellPort, ShellResult } from "../../scenario/ports";
import type { CreateOutcome } from "../build/create";
import type { LibxlDomainConfig } from "../libxl/types";
import { counterUuids, type ToolstackOptions } from "../options";
import { XenCtrl } from "../xenctrl";
import { Xenstore } from "../xenstore";
import { XlIo } from "../xl/io";
import { xlMain } from "../xl/xl";
import type { XlContext } from "../xl/xl-context";
import { completeLine, type Completion } from "./complete";
import { SHELL_COMMANDS } from "./commands";
import { Vfs, textBytes } from "./vfs";
import { parseLine } from "./words";

export interface Dom0ShellOptions {
  /** Files under /root (a scenario's `files:`); names may contain directories. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  readonly toolstack?: ToolstackOptions;
  /** Share the lab's xenstore and XenCtrl (the runner resolves names through them). */
  readonly xenstore?: Xenstore;
  readonly xc?: XenCtrl;
}

export class Dom0Shell implements ShellPort {
  readonly vfs: Vfs;
  readonly xc: XenCtrl;
  readonly xenstore: Xenstore;
  readonly options: ToolstackOptions;
  /** libxl's saved configs of the domains xl created (for `xl list -l`). */
  readonly configs = new Map<number, LibxlDomainConfig>();
  /** The device tree of each domain xl built, as DTS. */
  readonly dts = new Map<number, string>();
  private readonly listeners = new Set<(o: CreateOutcome) => void>();
  private log = "";

  constructor(
    readonly hv: Hypervisor,
    opts: Dom0ShellOptions = {},
  ) {
    this.vfs = new Vfs(opts.files);
    this.xc = opts.xc ?? new XenCtrl(hv);
    this.xenstore = opts.xenstore ?? new Xenstore();
    this.options = { ...opts.toolstack };
    this.options.newUuid ??= counterUuids();
  }

  /** The prompt a terminal shows before each line. */
  get prompt(): string {
    const dir = this.vfs.cwd === "/root" ? "~" : this.vfs.cwd.replace(/^\/root/, "~");
    return `root@xendom0:${dir}# `;
  }

  /** Called after every `xl create` with its outcome (diagnostics, DTS); returns the disposer. */
  onCreate(listener: (o: CreateOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Run one line; never throws. */
  run(line: string): ShellResult {
    let stdout = "";
    let stderr = "";
    let exit = 0;
    try {
      const parsed = parseLine(line);
      if (!parsed.ok) {
        stderr = `-bash: ${parsed.error}\n`;
        exit = 2;
      }
      for (const cmd of parsed.ok ? parsed.commands : []) {
        const io = new XlIo();
        exit = this.exec(cmd.argv, cmd.env, io);
        if (cmd.redirect) {
          const err = this.vfs.write(cmd.redirect.path, textBytes(io.stdout), cmd.redirect.append);
          if (err) {
            io.err(
              `-bash: ${cmd.redirect.path}: ${err === "EROFS" ? "Read-only file system" : err === "EISDIR" ? "Is a directory" : "No such file or directory"}\n`,
            );
            exit = 1;
          }
          io.stdout = "";
        }
        stdout += io.stdout;
        stderr += io.stderr;
      }
    } catch (err) {
      stderr += `xenlab: internal error: ${String(err)}\n`;
      exit = 70;
    }
    this.log += `${this.prompt}${line}\n${stdout}${stderr}`;
    return { exit, stdout, stderr };
  }

  transcript(): string {
    return this.log;
  }

  /** Completion for a terminal: the word being completed starts at `start`. */
  complete(line: string, cursor = line.length): Completion {
    return completeLine(this, line, cursor);
  }

  /** The xl context for one invocation. */
  xlContext(env: Readonly<Record<string, string>> = {}): XlContext {
    return {
      hv: this.hv,
      xc: this.xc,
      xenstore: this.xenstore,
      options: this.options,
      arch: this.hv.arch,
      readFile: (p) => this.vfs.read(p),
      verbose: 0,
      dryrun: false,
      configs: this.configs,
      env,
      writeFile: (p, bytes) => this.vfs.write(p, bytes) === undefined,
      onCreate: (o) => {
        if (o.domid !== undefined && o.dts && o.exit === 0) this.dts.set(o.domid, o.dts);
        for (const l of this.listeners) l(o);
      },
    };
  }

  private exec(argv: readonly string[], env: Readonly<Record<string, string>>, io: XlIo): number {
    const [name, ...args] = argv;
    if (name === undefined) return 0;
    if (name === "xl") return xlMain(this.xlContext(env), io, args);
    const cmd = SHELL_COMMANDS[name];
    if (!cmd) {
      io.err(`-bash: ${name}: command not found\n`);
      return 127;
    }
    return cmd.run(this, io, args, env);
  }
}
