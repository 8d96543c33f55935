/**
 * The dom0 shell's commands other than `xl`. File commands print what coreutils print
 * for the common cases; `probe`, `dtc`, `dom0less` and `lab` are the lab's tools.
 */
import { bootTimeBuild } from "../build/dom0less";
import { deserialize } from "../dt/fdt";
import { toDts } from "../dt/dts";
import { probeKernel } from "../kernel/probe";
import { kernelFromBytes } from "../kernel/source";
import { parseXlCfg } from "../xlcfg/parser";
import { XluConfig } from "../xlcfg/xlu-config";
import { parseConfigData } from "../xl/xl-parse";
import type { XlIo } from "../xl/io";
import type { Dom0Shell } from "./shell";
import { bytesText } from "./vfs";

export interface ShellCommand {
  readonly help: string;
  readonly run: (
    sh: Dom0Shell,
    io: XlIo,
    args: string[],
    env: Readonly<Record<string, string>>,
  ) => number;
}

const notFound = (io: XlIo, cmd: string, path: string) => {
  io.err(`${cmd}: ${path}: No such file or directory\n`);
  return 1;
};

/** The lab's own settings a shell line can change (never xl.cfg keys: real xl has none). */
const LAB_SETTINGS = {
  "probe-first": {
    help: "the is_32bits follow-up: probe the kernel before createdomain (on|off)",
    get: (sh: Dom0Shell) => (sh.options.probeFirst ? "on" : "off"),
    set: (sh: Dom0Shell, v: string) => {
      if (v !== "on" && v !== "off") return false;
      sh.options.probeFirst = v === "on";
      return true;
    },
  },
} as const;

export const SHELL_COMMANDS: Readonly<Record<string, ShellCommand>> = {
  help: {
    help: "list the shell's commands",
    run(_sh, io) {
      io.out("dom0 shell commands (xl runs the modelled Xen toolstack):\n");
      for (const [name, c] of Object.entries(SHELL_COMMANDS))
        io.out(`  ${name.padEnd(9)} ${c.help}\n`);
      io.out(`  ${"xl".padEnd(9)} the Xen toolstack: xl help lists its commands\n`);
      return 0;
    },
  },
  ls: {
    help: "list files (ls [-l] [PATH...])",
    run(sh, io, args) {
      const long = args.includes("-l");
      const paths = args.filter((a) => !a.startsWith("-"));
      let rc = 0;
      for (const p of paths.length ? paths : ["."]) {
        const entries = sh.vfs.list(p);
        if (typeof entries === "string") {
          io.err(`ls: cannot access '${p}': No such file or directory\n`);
          rc = 2;
          continue;
        }
        if (paths.length > 1) io.out(`${p}:\n`);
        for (const e of entries)
          io.out(
            long
              ? `${e.dir ? "d" : "-"}rw-r--r-- 1 root root ${String(e.size).padStart(8)} ${e.name}\n`
              : `${e.name}\n`,
          );
      }
      return rc;
    },
  },
  cat: {
    help: "print files (cat FILE...)",
    run(sh, io, args) {
      let rc = 0;
      for (const p of args) {
        if (sh.vfs.isDir(p)) {
          io.err(`cat: ${p}: Is a directory\n`);
          rc = 1;
          continue;
        }
        const b = sh.vfs.read(p);
        if (!b) rc = notFound(io, "cat", p);
        else io.out(bytesText(b));
      }
      return rc;
    },
  },
  echo: {
    help: "print its arguments (echo [-n] WORD...; > FILE writes a file)",
    run(_sh, io, args) {
      const n = args[0] === "-n";
      io.out(`${(n ? args.slice(1) : args).join(" ")}${n ? "" : "\n"}`);
      return 0;
    },
  },
  pwd: {
    help: "print the current directory",
    run(sh, io) {
      io.out(`${sh.vfs.cwd}\n`);
      return 0;
    },
  },
  cd: {
    help: "change directory (cd [DIR])",
    run(sh, io, args) {
      const target = args[0] ?? "/root";
      if (!sh.vfs.isDir(target)) {
        io.err(`-bash: cd: ${target}: No such file or directory\n`);
        return 1;
      }
      sh.vfs.cwd = sh.vfs.resolve(target);
      return 0;
    },
  },
  rm: {
    help: "remove files (rm FILE...)",
    run(sh, io, args) {
      let rc = 0;
      for (const p of args.filter((a) => !a.startsWith("-"))) {
        const err = sh.vfs.remove(p);
        if (err) {
          io.err(
            `rm: cannot remove '${p}': ${err === "EROFS" ? "Read-only file system" : err === "EISDIR" ? "Is a directory" : "No such file or directory"}\n`,
          );
          rc = 1;
        }
      }
      return rc;
    },
  },
  probe: {
    help: "what Xen's boot probe and xl's domain builder make of a kernel file",
    run(sh, io, args) {
      if (!args[0]) {
        io.err("usage: probe FILE\n");
        return 2;
      }
      const b = sh.vfs.read(args[0]);
      if (!b) return notFound(io, "probe", args[0]);
      const r = probeKernel(kernelFromBytes(args[0], b));
      const x = r.xen.info;
      io.out(`${args[0]}: ${r.size} bytes\n`);
      io.out(
        `Xen boot probe (dom0/dom0less): ${x ? `${x.format}${x.gzip ? " (gzip)" : ""}, ${x.type}-bit` : `rc ${r.xen.rcName}`}\n`,
      );
      for (const l of r.xen.console) io.out(`  (XEN) ${l}\n`);
      io.out(
        `xl create (domain builder): ${r.toolstack.ok ? `${r.toolstack.loader}, ${r.toolstack.guestType} (${r.toolstack.addressSize}-bit)` : "no loader found"}\n`,
      );
      for (const l of r.toolstack.log) io.out(`  ${l}\n`);
      return r.toolstack.ok || x ? 0 : 1;
    },
  },
  dtc: {
    help: "decompile a DTB: dtc -I dtb -O dts FILE",
    run(sh, io, args) {
      const file = args.filter(
        (a, i) => !a.startsWith("-") && !["-I", "-O"].includes(args[i - 1] ?? ""),
      )[0];
      if (
        args[args.indexOf("-I") + 1] !== "dtb" ||
        args[args.indexOf("-O") + 1] !== "dts" ||
        !file
      ) {
        io.err("xenlab: only `dtc -I dtb -O dts FILE` is available\n");
        return 1;
      }
      const b = sh.vfs.read(file);
      if (!b) {
        io.err(`FATAL ERROR: Couldn't open "${file}": No such file or directory\n`);
        return 1;
      }
      const root = deserialize(b);
      if (!root) {
        io.err(`FATAL ERROR: Blob has incorrect magic number\n`);
        return 1;
      }
      io.out(toDts(root));
      return 0;
    },
  },
  dom0less: {
    help: "build a config the way Xen's boot code builds dom0less domains",
    run(sh, io, args) {
      const hw = args.includes("--hardware-domain");
      const file = args.find((a) => !a.startsWith("-"));
      if (sh.hv.arch !== "arm64") {
        io.err("dom0less: the boot-time build path is Arm's\n");
        return 1;
      }
      const text = file ? sh.vfs.read(file) : undefined;
      if (!file || !text) return notFound(io, "dom0less", file ?? "");
      const parsed = parseXlCfg(bytesText(text), file);
      const cfg = parseConfigData(new XluConfig(parsed, parsed.report), parsed.report, {
        arch: "arm64",
        realmKey: false,
        newUuid: sh.options.newUuid!,
      });
      for (const l of parsed.report.lines) io.err(`${l}\n`);
      if (parsed.err || !cfg.ok) return 1;
      const d = cfg.config;
      const kernel = d.bInfo.kernel !== undefined ? sh.vfs.read(d.bInfo.kernel) : undefined;
      if (hw)
        io.err(
          "xenlab: replaying Xen's dom0 construction with this kernel; the lab's dom0 is untouched\n",
        );
      const r = bootTimeBuild(sh.hv, {
        name: d.cInfo.name,
        kernel: kernel ? kernelFromBytes(d.bInfo.kernel!, kernel) : undefined,
        memoryKb: d.bInfo.targetMemkb ?? 32 * 1024,
        vcpus: d.bInfo.maxVcpus,
        hardwareDomain: hw,
        ...(d.bInfo.cmdline !== undefined ? { cmdline: d.bInfo.cmdline } : {}),
      });
      if (r.rc || r.domid === undefined) {
        io.err(`xenlab: Xen panicked: ${r.panic} (see xl dmesg)\n`);
        return 1;
      }
      if (hw) {
        sh.hv.domains.delete(r.domid);
        sh.hv.domids.free(r.domid);
        sh.hv.stateChange(r.domid, "destroyed", "scratch dom0 build");
        return 0;
      }
      // init-dom0less would publish the domain in xenstore.
      sh.xenstore.write(`/local/domain/${r.domid}/name`, d.cInfo.name);
      return 0;
    },
  },
  lab: {
    help: "the lab's own settings: lab | lab set NAME VALUE | lab get NAME",
    run(sh, io, args) {
      const [verb, name, value] = args;
      if (!verb) {
        for (const [k, s] of Object.entries(LAB_SETTINGS))
          io.out(`${k} = ${s.get(sh)}    # ${s.help}\n`);
        return 0;
      }
      const setting = name ? LAB_SETTINGS[name as keyof typeof LAB_SETTINGS] : undefined;
      if (!setting || (verb !== "get" && verb !== "set")) {
        io.err(
          `lab: usage: lab [get NAME | set NAME VALUE]; settings: ${Object.keys(LAB_SETTINGS).join(", ")}\n`,
        );
        return 2;
      }
      if (verb === "get") {
        io.out(`${setting.get(sh)}\n`);
        return 0;
      }
      if (value === undefined || !setting.set(sh, value)) {
        io.err(`lab: ${name}: expected on or off\n`);
        return 2;
      }
      return 0;
    },
  },
};
