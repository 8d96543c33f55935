// xl create end to end through dom0's hypercalls: how an arm64 domain gets its type
// under each profile (upstream's set_address_size flip, is-32bits-v1 creating 64-bit
// domains, the probe-first option), host capabilities (no AArch32 at EL1), the
// hook through which built domains start, and what every failure leaves behind.
import { describe, expect, it } from "vitest";
import { DEFAULT_HOST, type HostCapabilities } from "../../hypervisor/host";
import { Hypervisor } from "../../hypervisor/hypervisor";
import type { ArmVcpu } from "../../vcpu/arm-vcpu";
import type { DomainStartedEvent } from "../options";
import { Dom0Shell } from "../shell/shell";

const IMAGE = "images/sample-arm64.Image";
const ZIMAGE = "images/sample-arm32.zImage";
const cfg = (kernel: string, extra = "") =>
  `name = "g"\nkernel = "${kernel}"\nmemory = 64\n${extra}`;

function lab(
  profile: string,
  opts: { host?: Partial<HostCapabilities>; probeFirst?: boolean; arch?: "arm64" | "x86_64" } = {},
) {
  const arch = opts.arch ?? "arm64";
  const hv = new Hypervisor({ arch, profile, host: { ...DEFAULT_HOST[arch], ...opts.host } });
  const started: DomainStartedEvent[] = [];
  const sh = new Dom0Shell(hv, {
    toolstack: { probeFirst: opts.probeFirst ?? false, onDomainStarted: (e) => started.push(e) },
  });
  return { hv, sh, started };
}

function create(profile: string, kernel: string, opts: Parameters<typeof lab>[1] = {}) {
  const l = lab(profile, opts);
  l.sh.vfs.write("/root/g.cfg", new TextEncoder().encode(cfg(kernel)));
  const r = l.sh.run("xl -vvv create g.cfg");
  const d = l.hv.domain(1);
  const regs = d?.vcpu(0)?.regs as ArmVcpu | undefined;
  const domctls = l.hv.trace
    .tail()
    .filter((e) => e.kind === "hypercall" && e.name === "domctl" && e.domid === 0)
    .map((e) => (e.kind === "hypercall" ? e.op : ""));
  return { ...l, r, d, regs, domctls };
}

describe("arm64 domain type per profile", () => {
  it("upstream: created 32-bit, set_address_size(64) flips it before memory", () => {
    const { r, d, regs, domctls } = create("upstream", IMAGE);
    expect(r.exit).toBe(0);
    expect([d!.type, regs!.hcrRw]).toEqual([64, true]);
    expect(r.stderr).toContain(
      "domainbuilder: detail: set_mode: guest xen-3.0-aarch64, address size 64\n",
    );
    const order = [
      "createdomain",
      "max_vcpus",
      "set_address_size",
      "setvcpucontext",
      "unpausedomain",
    ];
    expect(domctls.filter((op) => order.includes(op!))).toEqual(order);
  });

  it("is-32bits-v1: created 64-bit, and libxl (unchanged) still re-applies the type", () => {
    const { r, d, regs, domctls } = create("is-32bits-v1", IMAGE);
    expect(r.exit).toBe(0);
    expect([d!.type, regs!.hcrRw]).toEqual([64, true]);
    expect(domctls).toContain("set_address_size");
  });

  it("is-32bits-v1 with probe-first: no set_address_size, so vCPU0 keeps HCR_EL2.RW clear", () => {
    const { r, d, regs, domctls } = create("is-32bits-v1", IMAGE, { probeFirst: true });
    expect(r.exit).toBe(0);
    expect(domctls).not.toContain("set_address_size");
    expect(r.stderr).not.toContain("set_mode");
    expect([d!.type, regs!.hcrRw, regs!.cpsr]).toEqual([64, false, 0x3c5]);
  });

  it("is-32bits-v1 with probe-first and a zImage passes is_32bits at createdomain", () => {
    const { r, d, regs } = create("is-32bits-v1", ZIMAGE, { probeFirst: true });
    expect(r.exit).toBe(0);
    expect([d!.type, regs!.hcrRw]).toEqual([32, false]);
  });

  it("probe-first on upstream: the flag does not exist, createdomain refuses it", () => {
    const { r, hv } = create("upstream", ZIMAGE, { probeFirst: true });
    expect(r.exit).toBe(3);
    expect(r.stderr).toContain("libxl__domain_make: domain creation fail: Invalid argument");
    expect(hv.console.read().at(-1)).toMatch(/Unknown CDF flags 0x303$/);
  });

  it("probe-first on upstream with an Image: the domain stays 32-bit, SETVCPUCONTEXT fails", () => {
    const { r, hv } = create("upstream", IMAGE, { probeFirst: true });
    expect(r.exit).toBe(3);
    expect(r.stderr).toContain("vcpu_arm64: SETVCPUCONTEXT failed (rc=-1): Internal error");
    expect(hv.domain(1)).toBeUndefined();
  });
});

describe("a 32-bit zImage and the host's AArch32 support", () => {
  it("with AArch32 at EL1: a 32-bit domain under every profile", () => {
    for (const profile of ["upstream", "is-32bits-v1", "pre-4.17"]) {
      const { r, d, regs } = create(profile, ZIMAGE);
      expect(r.exit).toBe(0);
      expect([d!.type, regs!.hcrRw, regs!.cpsr]).toEqual([32, false, 0x400001d3]);
    }
  });

  it("without (a Cortex-A76): set_address_size(32) fails, xl exits 3, the domain is gone", () => {
    const { r, hv, sh } = create("upstream", ZIMAGE, { host: { aarch32El1: false } });
    expect(r.exit).toBe(3);
    const lines = r.stderr.split("\n");
    const i = lines.indexOf(
      "domainbuilder: detail: set_mode: guest xen-3.0-armv7l, address size 32",
    );
    expect(lines[i + 1]).toBe("domainbuilder: detail: set_mode: warning: failed (rc=-1)");
    expect(r.stderr).toContain(
      "xc: error: panic: xg_dom_boot.c:120: xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory",
    );
    expect(hv.domain(1)).toBeUndefined();
    // Every failed create still uses up a domid: the next one gets 2.
    sh.vfs.write("/root/h.cfg", new TextEncoder().encode(cfg(IMAGE)));
    expect(sh.run("xl create h.cfg").exit).toBe(0);
    expect(sh.run("xl domid g").stdout).toBe("2\n");
  });

  it("is-32bits-v1 with probe-first builds it anyway: nothing checks the host", () => {
    const { r, d } = create("is-32bits-v1", ZIMAGE, {
      probeFirst: true,
      host: { aarch32El1: false },
    });
    expect(r.exit).toBe(0);
    expect(d!.type).toBe(32);
  });
});

describe("the onDomainStarted hook", () => {
  it("gets the domain, its kernel and config after unpause; -p says paused", () => {
    const { sh, started, hv } = lab("upstream");
    sh.vfs.write(
      "/root/g.cfg",
      new TextEncoder().encode(cfg(IMAGE, 'extra = "console=hvc0"\nvcpus = 2\n')),
    );
    expect(sh.run("xl create -p g.cfg").exit).toBe(0);
    expect(started).toHaveLength(1);
    const e = started[0]!;
    expect(e).toMatchObject({
      domid: 1,
      name: "g",
      arch: "arm64",
      type: "pvh",
      cmdline: "console=hvc0",
      memoryKb: 65536,
      vcpus: 2,
      maxVcpus: 2,
      paused: true,
      realm: false,
      kernel: { path: IMAGE, guestType: "xen-3.0-aarch64", addressSize: 64, entry: 0x40000000n },
    });
    expect(e.kernel.bytes?.length).toBe(4096);
    expect(e.dts).toContain('bootargs = "console=hvc0"');
    expect(hv.domain(1)!.controllerPauseCount).toBe(1);
  });

  it("is not called for a failed build", () => {
    const { sh, started } = lab("upstream", { host: { aarch32El1: false } });
    sh.vfs.write("/root/g.cfg", new TextEncoder().encode(cfg(ZIMAGE)));
    expect(sh.run("xl create g.cfg").exit).toBe(3);
    expect(started).toEqual([]);
  });

  it('x86: kernel = "labkernel" is handed to the emulator with its RAM populated', () => {
    const { sh, started, hv } = lab("upstream", { arch: "x86_64" });
    sh.vfs.write(
      "/root/g.cfg",
      new TextEncoder().encode('name = "lk"\ntype = "hvm"\nkernel = "labkernel"\nmemory = 8\n'),
    );
    expect(sh.run("xl create g.cfg").exit).toBe(0);
    expect(started[0]).toMatchObject({
      domid: 1,
      type: "hvm",
      kernel: { path: "labkernel" },
      memoryKb: 8192,
    });
    expect(hv.domain(1)!.totPages).toBe(2048);
    sh.vfs.write(
      "/root/h.cfg",
      new TextEncoder().encode('name = "v"\ntype = "pvh"\nkernel = "vmlinuz"\nmemory = 8\n'),
    );
    const r = sh.run("xl create h.cfg");
    expect(r.exit).toBe(3);
    expect(r.stderr).toContain('the lab boots x86 guests only from kernel = "labkernel"');
  });
});
