// The dom0 shell: a line interpreter over a small file system (the scenario's files in
// /root, the sample kernels read-only in /root/images), with xl and the lab's tools.
// Whatever the line, run() returns an exit code and never throws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Hypervisor } from "../../hypervisor/hypervisor";
import { Dom0Shell } from "./shell";
import { parseLine } from "./words";

const shell = (files: Record<string, string> = {}, arch: "arm64" | "x86_64" = "arm64") =>
  new Dom0Shell(new Hypervisor({ arch }), { files });

describe("line syntax", () => {
  it("quotes, escapes, environment words, redirections, ; and comments", () => {
    const p = parseLine(
      `A=1 B="x y" xl -vvv create 'a b.cfg' "q\\"r" x\\ y > out.txt; echo hi # no`,
    );
    expect(p).toEqual({
      ok: true,
      commands: [
        {
          env: { A: "1", B: "x y" },
          argv: ["xl", "-vvv", "create", "a b.cfg", 'q"r', "x y"],
          redirect: { path: "out.txt", append: false },
        },
        { env: {}, argv: ["echo", "hi"] },
      ],
    });
    // Quoting the name makes it a word, as in bash.
    expect(parseLine(`"A=1" echo`)).toEqual({
      ok: true,
      commands: [{ env: {}, argv: ["A=1", "echo"] }],
    });
    expect(parseLine(`echo "open`)).toEqual({
      ok: false,
      error: "unexpected EOF while looking for matching `\"'",
    });
  });
});

describe("commands", () => {
  it("ls, cat, echo > and >>, rm, cd, pwd", () => {
    const sh = shell({ "guest.cfg": 'name = "g"\n', "cfg/a.cfg": "x\n" });
    expect(sh.run("ls").stdout).toBe("cfg\nguest.cfg\nimages\n");
    expect(sh.run("ls images").stdout).toBe(
      "sample-arm32.zImage\nsample-arm64.Image\nsample-arm64.Image.gz\nsample-arm64.uImage\n",
    );
    expect(sh.run("cat guest.cfg").stdout).toBe('name = "g"\n');
    expect(sh.run("echo a > n.txt; echo b >> n.txt; cat n.txt").stdout).toBe("a\nb\n");
    expect(sh.run("cd cfg; pwd").stdout).toBe("/root/cfg\n");
    expect(sh.prompt).toBe("root@xendom0:~/cfg# ");
    expect(sh.run("cat a.cfg").stdout).toBe("x\n");
    expect(sh.run("cd; rm n.txt; cat n.txt")).toEqual({
      exit: 1,
      stdout: "",
      stderr: "cat: n.txt: No such file or directory\n",
    });
  });

  it("the sample images are read-only; unknown commands are bash's 127", () => {
    const sh = shell();
    expect(sh.run("echo x > images/new")).toMatchObject({
      exit: 1,
      stderr: "-bash: images/new: Read-only file system\n",
    });
    expect(sh.run("frobnicate")).toEqual({
      exit: 127,
      stdout: "",
      stderr: "-bash: frobnicate: command not found\n",
    });
  });

  it("help lists the shell's commands; the transcript keeps prompt, line and output", () => {
    const sh = shell();
    expect(sh.run("help").stdout).toMatch(/^dom0 shell commands/);
    sh.run("echo hi");
    expect(sh.transcript()).toContain("root@xendom0:~# echo hi\nhi\n");
  });

  it("probe: Xen's boot probe and the domain builder's view of a file", () => {
    const sh = shell();
    const r = sh.run("probe images/sample-arm32.zImage");
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain("xc_dom_probe_zimage64_kernel: kernel is not an arm64 Image");
    expect(r.stdout).toContain("loader probe OK");
  });

  it("lab set probe-first on|off; xl then builds without set_address_size", () => {
    const sh = shell({
      "g.cfg": 'name = "g"\nkernel = "images/sample-arm64.Image"\nmemory = 64\n',
    });
    expect(sh.run("lab get probe-first").stdout).toBe("off\n");
    expect(sh.run("lab set probe-first maybe")).toMatchObject({ exit: 2 });
    expect(sh.run("lab set probe-first on").exit).toBe(0);
    expect(sh.options.probeFirst).toBe(true);
    const r = sh.run("xl -vvv create g.cfg");
    expect(r.stderr).not.toContain("set_mode");
  });

  it("dtc: only -I dtb -O dts, with dtc's errors", () => {
    const sh = shell({ "x.txt": "hello" });
    expect(sh.run("dtc -I dtb -O dts x.txt")).toMatchObject({
      exit: 1,
      stderr: "FATAL ERROR: Blob has incorrect magic number\n",
    });
    expect(sh.run("dtc -I dtb -O dts nothere")).toMatchObject({ exit: 1 });
  });
});

describe("completion", () => {
  it("commands, xl subcommands, help topics, domain names and files", () => {
    const sh = shell({ "guest.cfg": "" });
    expect(sh.complete("x").candidates).toEqual(["xl"]);
    expect(sh.complete("xl vcpu-").candidates).toEqual(["vcpu-list", "vcpu-pin", "vcpu-set"]);
    expect(sh.complete("xl -vvv cre")).toEqual({ start: 8, candidates: ["create"] });
    expect(sh.complete("xl help dm").candidates).toEqual(["dmesg"]);
    expect(sh.complete("xl destroy D").candidates).toEqual(["Domain-0"]);
    expect(sh.complete("xl create g").candidates).toEqual(["guest.cfg"]);
    expect(sh.complete("cat images/sample-arm64.I").candidates).toEqual([
      "images/sample-arm64.Image",
      "images/sample-arm64.Image.gz",
    ]);
  });

  it("Arm has dt-overlay and no suspend; x86 the reverse", () => {
    expect(shell().complete("xl dt-").candidates).toEqual(["dt-overlay"]);
    expect(shell().complete("xl susp").candidates).toEqual([]);
    expect(shell({}, "x86_64").complete("xl dt-").candidates).toEqual([]);
    expect(shell({}, "x86_64").complete("xl susp").candidates).toEqual(["suspend"]);
  });
});

describe("robustness", () => {
  it("no line makes run() throw, and the exit code is always an integer", () => {
    const sh = shell({ "g.cfg": 'name = "g"\nkernel = "images/sample-arm64.Image"\nmemory = 8\n' });
    const words = [
      "xl",
      "-v",
      "create",
      "list",
      "-l",
      "g.cfg",
      "destroy",
      "1",
      "'",
      '"',
      ">",
      ";",
      "\\",
      "cat",
      "ls",
      "probe",
      "dtc",
      "lab",
      "set",
      "#",
      "x=1",
      "debug-keys",
      "q",
      "info",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 8 }), (ws) => {
        const r = sh.run(ws.join(" "));
        return Number.isInteger(r.exit) && !r.stderr.includes("internal error");
      }),
      { numRuns: 300 },
    );
  });
});
