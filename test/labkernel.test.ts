/**
 * labkernel, real i386 code, booted in v86 in Node and talking to the hypervisor
 * model through the hypercall bridge. These tests fail if the bridge, the guest
 * memory walk, the mode sampling or the crash containment break, and also if the
 * guest image stops implementing docs/guest-shell.md.
 */
import { afterEach, describe, expect, it } from "vitest";
import { nodeRunnerPorts } from "../src/cli/node-guests";
import { domainSnapshot } from "../src/xen-core/hypervisor/snapshot";
import { parseScenario } from "../src/xen-core/scenario/parse";
import { runScenario } from "../src/xen-core/scenario/runner";
import { createGuest } from "../src/xen-core/testing/lab";
import { xlStateChars } from "../src/xen-core/toolstack/xl-list";
import { command, disposeLabs, modeChanges, realLab } from "./helpers/real-guests";

afterEach(disposeLabs);

describe("labkernel in v86", () => {
  it("boots to the shell prompt and answers the guest-shell commands", async () => {
    const lab = await realLab();
    const g = await lab.boot();
    const boot = g.serial.transcript();
    expect(boot).toMatch(/^xen: version 4\.22\.0$/m);
    expect(boot).toMatch(/^evtchn: (2-level, 1024|fifo, 131072) channels$/m);
    expect(await command(g, "help")).toMatch(/^help: ping +DOMID \[COUNT\]/m);
    expect(await command(g, "mode")).toMatch(
      /^mode: paging \(CR0=0x80000011 CR3=0x[0-9a-f]{8} CR4=0x00000010\)$/m,
    );
    const info = await command(g, "info");
    expect(info).toMatch(/^xen: version 4\.22\.0\nxen: domid .*\nevtchn: .*\nmode: paging$/m);
    expect(await command(g, "frobnicate now")).toContain(
      "lab: unknown command 'frobnicate' (try help)",
    );
    expect(await command(g, "hypercall 17 0")).toContain(
      `hypercall: 17 returned ${(4 << 16) | 22}`,
    );
    expect(await command(g, "hypercall 0x7f")).toContain("hypercall: 127 returned -38");
    expect(await command(g, "evtchn bind 1")).toMatch(/^evtchn: usage: /m);
    expect(await command(g, "evtchn send x1")).toContain("evtchn: bad number 'x1'");
  });

  it("passes its hypercall self-test: struct arguments through 4 KiB and PSE mappings, -EFAULT when unmapped", async () => {
    const lab = await realLab();
    const g = await lab.boot({ cmdline: "test=hypercall" }, { prompt: "Test result:" });
    await g.serial.waitFor({ kind: "regex", source: "Test result: \\w+\\n", flags: "" }, 5000);
    expect(g.serial.transcript()).toMatch(/^test: xen_version 0x40016, extraversion '\.0'$/m);
    expect(g.serial.transcript()).toMatch(/^Test result: SUCCESS$/m);
    const faults = lab.hv.trace
      .tail()
      .filter((e) => e.kind === "hypercall" && e.domid === g.domid && e.ret === -14);
    expect(faults.length).toBe(1);
  });

  it("PVH: enters protected mode, then the kernel turns paging on", async () => {
    const lab = await realLab();
    const g = await lab.boot({ type: "pvh" });
    const modes = modeChanges(lab, g.domid);
    expect(modes[0]).toMatch(/^real -> protected at PVH entry \(CR0=0x00000001 /);
    expect(modes[1]).toMatch(/^protected -> paging at hypercall xen_version \(CR0=0x80000011 /);
    expect(modes).toHaveLength(2);
  });

  it("HVM: labfw runs in real mode, switches to protected mode, labkernel enables paging", async () => {
    const lab = await realLab();
    const g = await lab.boot({ type: "hvm" });
    const out = g.serial.transcript();
    expect(out).toMatch(/^labfw: real mode \(CR0\.PE=0\), F000:FFF0$/m);
    expect(out).toMatch(/^labfw: real-mode hypercall xen_version: 4\.22$/m);
    expect(out).toMatch(/^labfw: protected mode/m);
    expect(out).toMatch(/^xen: version 4\.22\.0$/m);
    const modes = modeChanges(lab, g.domid);
    expect(modes).toEqual([
      expect.stringMatching(/^real -> protected at hypercall xen_version \(CR0=0x00000011 /),
      expect.stringMatching(/^protected -> paging at hypercall xen_version \(CR0=0x80000011 /),
    ]);
    const v = lab.hv.domain(g.domid)!.vcpu(0)!;
    expect(v.mode).toBe("paging");
  });

  it("follows the domain's Xen state: paused guests do not run, destroyed ones are freed", async () => {
    const lab = await realLab();
    const g = await lab.boot();
    expect(lab.xc.pauseDomain(g.domid)).toBe(0);
    expect(g.state).toBe("paused");
    const before = g.serial.length;
    g.send("info\n");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(g.serial.length).toBe(before); // not even the echo: the CPU is stopped
    expect(lab.xc.unpauseDomain(g.domid)).toBe(0);
    await g.serial.waitFor({ kind: "substring", text: "mode: paging" }, 20_000, before);
    expect(lab.xc.destroyDomain(g.domid)).toBe(0);
    expect(g.state).toBe("destroyed");
    expect(lab.host.runner(g.domid)).toBeUndefined();
  });

  it("is the domain's guest from the moment it is attached: input typed during the load waits", async () => {
    const lab = await realLab();
    const domid = createGuest(lab);
    const g = lab.host.attach(domid, { type: "pvh" });
    expect(lab.hv.domain(domid)!.emulated).toBe(g);
    expect(g.state).toBe("starting");
    g.send("mode\n");
    expect(lab.xc.unpauseDomain(domid)).toBe(0);
    await g.serial.waitFor({ kind: "regex", source: "lab> mode\nmode: paging", flags: "" }, 20_000);
    expect(g.state).toBe("running");
  });

  it("a guest whose image cannot be loaded crashes its domain and says why", async () => {
    const lab = await realLab();
    const domid = createGuest(lab);
    const g = lab.host.attach(domid, { type: "pvh", kernel: "no-such-kernel" });
    await g.ready;
    expect(g.state).toBe("crashed");
    expect(g.stopReason).toContain("no guest image 'no-such-kernel' in manifest.json");
    expect(domainSnapshot(lab.hv, lab.hv.domain(domid)!).state).toBe("crashed");
  });

  it("a triple fault crashes that domain only: the other guest keeps answering", async () => {
    const lab = await realLab();
    const a = await lab.boot();
    const b = await lab.boot();
    a.send("crash\n");
    await new Promise<void>((resolve) => a.onStateChange((s) => s === "crashed" && resolve()));
    const d = lab.hv.domain(a.domid)!;
    expect(domainSnapshot(lab.hv, d).state).toBe("crashed");
    expect(xlStateChars(domainSnapshot(lab.hv, d).dominf)).toBe("---sc-");
    const xen = lab.hv.console.read().join("\n");
    expect(xen).toContain(`(XEN) Domain ${a.domid} (vcpu#0) crashed on cpu#0:`);
    expect(xen).toMatch(
      /emulator stopped: RuntimeError: unreachable .*triple fault: IDT limit 0x0/,
    );
    expect(d.emulated).toBe(a);
    expect(a.serial.transcript()).toContain("lab> crash");
    expect(await command(b, "hypercall 17 0")).toContain("hypercall: 17 returned 262166");
    expect(b.state).toBe("running");
  });

  it("a scenario waiting on a guest that crashed ends with the CRASH verdict", async () => {
    const text = [
      "format: xenlab/1",
      "name: crash-verdict",
      "title: waiting on a dead guest",
      "arch: x86_64",
      "files:",
      "  lk.cfg: |",
      '    name = "lk"',
      '    type = "pvh"',
      '    kernel = "labkernel"',
      "    memory = 16",
      "steps:",
      "  - xl: create lk.cfg",
      '  - wait: { dom: lk, serial: "lab> ", timeout-ms: 20000 }',
      '  - console: { dom: lk, send: "crash\\n" }',
      '  - wait: { dom: lk, serial: "never printed", timeout-ms: 20000 }',
      "  - note: not reached",
    ].join("\n");
    const { scenario, errors } = parseScenario(text, { knownProfiles: ["upstream"] });
    expect(errors).toEqual([]);
    const guests = nodeRunnerPorts();
    const r = await runScenario(scenario!, { ports: guests.ports, toolstack: guests.toolstack });
    guests.dispose();
    expect(r.verdict).toBe("CRASH");
    expect(r.steps.at(-1)).toMatchObject({ kind: "wait", status: "crash" });
    expect(r.steps.at(-1)!.message).toMatch(/the guest is crashed: d1v0 emulator stopped/);
  });
});
