// Golden tests: xl's output against what a real xl printed (the oracles in
// shared/reference/xen-4.17-oracle.md and xen-4.17-arm-oracle.md, copied to
// fixtures/oracle-*.json with <TAB> as a tab). The toolstack runs with tree "4.17" so
// libxl's source lines are those of the Debian 4.17 build. What may differ is masked,
// each with its reason: times and UUIDs vary per boot; the hypervisor is the lab's
// 4.22 (version lines; Arm's platform_params is 0 for non-PV callers since 4.19);
// cc_* and build_id describe the model; the sample kernels are smaller than the
// oracle's, so sizes and load addresses past the start differ.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_HOST, type HostArch } from "../../hypervisor/host";
import { Hypervisor } from "../../hypervisor/hypervisor";
import { Dom0Shell } from "../shell/shell";

interface OracleEntry {
  command: string;
  exit: number;
  note: string;
  stdout?: string;
  stderr?: string;
}

function oracle(file: string): OracleEntry[] {
  return JSON.parse(
    readFileSync(new URL(`./fixtures/${file}`, import.meta.url), "utf8"),
  ) as OracleEntry[];
}
const X86 = oracle("oracle-x86.json");
const ARM = oracle("oracle-arm.json");

function entry(list: OracleEntry[], command: string, note = ""): OracleEntry {
  const e = list.find((o) => o.command === command && o.note.startsWith(note));
  if (!e) throw new Error(`no oracle entry for ${command}`);
  return e;
}

const sample = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../../public/images/${name}`, import.meta.url)));

/** The oracles' hosts: release builds; the x86 one without shadow paging. */
function shell(arch: HostArch, files: Record<string, string | Uint8Array> = {}) {
  const host = { ...DEFAULT_HOST[arch], ...(arch === "x86_64" ? { shadowPaging: false } : {}) };
  const hv = new Hypervisor({ arch, profile: "upstream-release", host });
  return new Dom0Shell(hv, { toolstack: { tree: "4.17" }, files });
}

const maskInfo = (s: string) =>
  s.replace(
    /^(xen_minor|xen_extra|xen_version|cc_compiler|cc_compile_by|cc_compile_domain|cc_compile_date|build_id|platform_params)( +: ).*$/gm,
    "$1$2<masked>",
  );
const maskTimes = (s: string) => s.replace(/ +\d+\.\d(?=[ \n])/g, " T");

describe("xl against the x86 oracle", () => {
  it("xl info (4.22 version and the model's build info masked)", () => {
    const o = entry(X86, "xl info");
    const r = shell("x86_64").run("xl info");
    expect(r.exit).toBe(o.exit);
    expect(maskInfo(r.stdout)).toBe(maskInfo(o.stdout!));
  });

  it.each(["xl list", "xl list -v"])("%s with dom0 only (times masked)", (cmd) => {
    const o = entry(X86, cmd);
    const r = shell("x86_64").run(cmd);
    expect(maskTimes(r.stdout)).toBe(maskTimes(o.stdout!));
  });

  it("xl vcpu-list: the layout; which of dom0's vCPUs runs xl is the boot's choice", () => {
    const o = entry(X86, "xl vcpu-list");
    const r = shell("x86_64").run("xl vcpu-list");
    const rows = (s: string) => maskTimes(s).split("\n");
    const [head, ...body] = rows(r.stdout);
    expect(head).toBe(rows(o.stdout!)[0]);
    expect(body.sort()).toEqual(
      rows(o.stdout!)
        .slice(1)
        .map((l) =>
          l.replace("0    0   -b-", "0    0   r--").replace("1    1   r--", "1    1   -b-"),
        )
        .sort(),
    );
  });

  it.each([
    ["xl create /root/cfg/bad-syntax.cfg"],
    ["xl create /root/cfg/bad-noname.cfg"],
    ["xl destroy 0"],
    ["xl bogus-subcommand"],
    ["xl help create"],
  ])("%s: byte for byte, with its exit code", (cmd) => {
    const files = {
      "cfg/bad-syntax.cfg":
        'name = "badsyntax"\ntype = "pv"\nmemory = = 64\nkernel = "/root/vmlinuz"\n',
      "cfg/bad-noname.cfg": 'type = "pv"\nkernel = "/root/vmlinuz"\nmemory = 64\n',
    };
    const o = entry(X86, cmd);
    const r = shell("x86_64", files).run(cmd);
    expect(r.exit).toBe(o.exit);
    expect(r.stdout).toBe(o.stdout ?? "");
    // xl_vmcontrol.c ends the destroy-0 message with "\n\n" (4.17 and 4.22); the capture
    // kept no trailing blank line, so that one empty line is the source's.
    const want = cmd === "xl destroy 0" ? `${o.stderr}\n` : (o.stderr ?? "");
    expect(r.stderr).toBe(want);
  });

  it("xl help: 4.17's table plus what 4.22 added (suspend/resume, xenstore quotas)", () => {
    const o = entry(X86, "xl help");
    const r = shell("x86_64").run("xl help");
    const added = [
      " suspend             Suspend a domain to RAM",
      " resume              Resume a domain from RAM",
      " xenstore-quota-get  List global or domain specific Xenstore quotas",
      " xenstore-quota-set  Set global or domain specific Xenstore quotas",
    ];
    const model = r.stdout.split("\n").filter((l) => !added.includes(l));
    // 4.22 fixed vsnd-list's description (4.17 said "display").
    const want = o.stdout!.replace(
      " vsnd-list           List virtual display devices for a domain",
      " vsnd-list           List virtual sound devices for a domain",
    );
    expect(model.join("\n")).toBe(want);
  });
});

describe("xl against the arm oracle", () => {
  const files = () => ({
    Image: sample("sample-arm64.Image"),
    zImage: sample("sample-arm32.zImage"),
    "guest32.cpio.gz": new Uint8Array(512),
    notakernel: "this is not a kernel\n",
    "cfg/guest64.cfg": 'name = "guest64"\ntype = "pvh"\nkernel = "/root/Image"\nmemory = 128\n',
    "cfg/guest32.cfg":
      'name = "guest32"\ntype = "pvh"\nkernel = "/root/zImage"\nramdisk = "/root/guest32.cpio.gz"\n' +
      'extra = "console=hvc0 rdinit=/init"\nmemory = 128\n',
    "cfg/pv64.cfg": 'name = "pv64"\ntype = "pv"\nkernel = "/root/Image"\nmemory = 128\n',
    "cfg/bad-notakernel.cfg": 'name = "bad"\nkernel = "/root/notakernel"\nmemory = 128\n',
  });
  /** Sizes and addresses that depend on the kernel's size or the process's memory. */
  const maskSizes = (l: string) =>
    l
      .replace(/(: 0x[0-9a-f]+ -> )0x[0-9a-f]+/, "$1END")
      .replace(/(kernel seg 0x[0-9a-f]+-)0x[0-9a-f]+/, "$1END")
      .replace(/copy \d+ bytes from blob 0x[0-9a-f]+ to dst 0x[0-9a-f]+/, "copy N bytes")
      .replace(/filename="[^"]*"/, 'filename="F"');

  /** The oracle's -vvv lines (cut to the interesting ones) appear in order. */
  function expectSubsequence(model: string[], want: string[]) {
    let i = 0;
    for (const line of model) if (i < want.length && maskSizes(line) === maskSizes(want[i]!)) i++;
    expect(want.slice(i)[0]).toBeUndefined();
  }

  it("xl info (4.22 version, platform_params and the model's build info masked)", () => {
    const o = entry(ARM, "xl info");
    const r = shell("arm64").run("xl info");
    expect(maskInfo(r.stdout)).toBe(maskInfo(o.stdout!));
  });

  it("xl -vvv create: loader probing, set_mode and the initial vCPU state as the oracle", () => {
    const sh = shell("arm64", files());
    for (const cfg of ["guest64", "guest32"]) {
      const cmd = `xl -vvv create /root/cfg/${cfg}.cfg`;
      const o = entry(ARM, cmd);
      const r = sh.run(cmd);
      expect(r.exit).toBe(0);
      expectSubsequence(r.stderr.split("\n"), o.stderr!.trimEnd().split("\n"));
    }
    const list = entry(ARM, "xl list", "both");
    expect(maskTimes(sh.run("xl list").stdout)).toBe(maskTimes(list.stdout!));
    const l = entry(ARM, "xl list -l guest32");
    const uuid = /"uuid": "[0-9a-f-]+"/;
    expect(sh.run("xl list -l guest32").stdout.replace(uuid, "U")).toBe(
      l.stdout!.replace(uuid, "U"),
    );
  });

  it("type = pv is converted to PVH with libxl's three warnings", () => {
    const o = entry(ARM, "xl create /root/cfg/pv64.cfg");
    const r = shell("arm64", files()).run("xl create /root/cfg/pv64.cfg");
    expect([r.exit, r.stderr]).toEqual([o.exit, o.stderr]);
  });

  it("a file that is not a kernel: no loader found, exit 3, the domain destroyed", () => {
    const o = entry(ARM, "xl create /root/cfg/bad-notakernel.cfg");
    const r = shell("arm64", files()).run("xl create /root/cfg/bad-notakernel.cfg");
    expect(r.exit).toBe(3);
    const domid = (s: string) => s.replace(/Domain \d+:/g, "Domain N:");
    expect(domid(r.stderr)).toBe(domid(o.stderr!));
  });
});
