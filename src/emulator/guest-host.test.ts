/**
 * GuestHost keeps emulated guests in step with their domains' Xen state, with fake
 * runners (no wasm): attach as the domain's EmulatedGuest, follow pause/unpause,
 * crash the domain (and only it) when its emulator dies, free it on destroy.
 */
import { describe, expect, it } from "vitest";
import { HYPERVISOR, XENVER } from "../xen-core/abi/xen";
import { libxlDefaultConfig } from "../xen-core/domctl/createdomain-config";
import { domainSnapshot } from "../xen-core/hypervisor/snapshot";
import { createGuest, makeLab } from "../xen-core/testing/lab";
import { xlStateChars } from "../xen-core/toolstack/xl-list";
import { fakeRunnerFactory, type FakeRunner } from "./fake-runner";
import { GuestHost } from "./guest-host";
import { EmulatedGuestPort } from "./guest-port";

async function lab(guests = 1) {
  const l = makeLab({ arch: "x86_64" });
  const fake = fakeRunnerFactory({ respond: (line) => `${line}\nlab> ` });
  const host = new GuestHost(l.hv, fake.factory);
  const domids: number[] = [];
  for (let i = 0; i < guests; i++) {
    const domid = createGuest(l);
    await host.start(domid, { type: "pvh" });
    domids.push(domid);
  }
  const runner = (domid: number) => fake.created.get(domid) as FakeRunner;
  return { ...l, host, domids, runner };
}

describe("GuestHost", () => {
  it("attaches the runner as the domain's guest and follows pause/unpause", async () => {
    const { hv, xc, domids, runner } = await lab();
    const [domid] = domids as [number];
    const d = hv.domain(domid)!;
    const r = runner(domid);
    expect(d.emulated).toBe(r);
    expect(d.memory).toBe(r.memory);
    expect(d.vcpu(0)!.online).toBe(true);
    expect(r.state).toBe("paused"); // a new domain waits for the toolstack's unpause
    xc.unpauseDomain(domid);
    expect(r.state).toBe("running");
    xc.pauseDomain(domid);
    expect([r.state, r.paused]).toEqual(["paused", true]);
    xc.unpauseDomain(domid);
    expect(r.state).toBe("running");
  });

  it("routes the guest's hypercalls, with its mode sampled first", async () => {
    const { hv, xc, domids, runner } = await lab();
    const [domid] = domids as [number];
    xc.unpauseDomain(domid);
    const r = runner(domid);
    r.setMode({ cr0: 0x80000011, cr3: 0x113000, cr4: 0x10 });
    const from = hv.trace.seq;
    const ret = r.hypercall(HYPERVISOR.__HYPERVISOR_xen_version, [BigInt(XENVER.XENVER_version)]);
    expect(ret).toBe((4 << 16) | 22);
    const entries = hv.trace.tail().filter((e) => e.seq >= from);
    expect(entries.map((e) => (e.kind === "state" ? e.event : e.name))).toEqual([
      "vcpu-mode",
      "xen_version",
    ]);
    expect(entries[0]).toMatchObject({
      detail: expect.stringMatching(/^real -> paging at hypercall xen_version \(CR0=0x80000011/),
    });
  });

  it("crashes only the domain whose emulator died: xl list 'c', a (XEN) line", async () => {
    const { hv, xc, domids, runner } = await lab(2);
    const [a, b] = domids as [number, number];
    xc.unpauseDomain(a);
    xc.unpauseDomain(b);
    runner(a).die("d1v0 emulator stopped: RuntimeError: unreachable");
    const da = hv.domain(a)!;
    expect(runner(a).state).toBe("crashed");
    expect(da.emulated).toBe(runner(a)); // its memory and console stay readable
    expect(domainSnapshot(hv, da).state).toBe("crashed");
    expect(xlStateChars(domainSnapshot(hv, da).dominf)).toBe("---sc-");
    expect(hv.console.read().slice(-2)).toEqual([
      "(XEN) d1v0 emulator stopped: RuntimeError: unreachable",
      `(XEN) Domain ${a} (vcpu#0) crashed on cpu#0:`,
    ]);
    expect(runner(b).state).toBe("running");
    expect(runner(b).hypercall(HYPERVISOR.__HYPERVISOR_xen_version)).toBeGreaterThan(0);
    // Crashing twice says nothing more (the domain is already shutting down).
    const lines = hv.console.read().length;
    runner(a).die("again");
    expect(hv.console.read().length).toBe(lines);
  });

  it("stops the guest when the domain is destroyed, and refuses bad starts", async () => {
    const { hv, xc, host, domids, runner } = await lab();
    const [domid] = domids as [number];
    xc.unpauseDomain(domid);
    expect(xc.destroyDomain(domid)).toBe(0);
    expect(runner(domid).state).toBe("destroyed");
    expect(host.runner(domid)).toBeUndefined();
    await expect(host.start(domid, { type: "pvh" })).rejects.toThrow("does not exist");
    const { ret, domid: bare } = xc.createDomain(libxlDefaultConfig(hv.arch, 0x3, 1));
    expect(ret).toBe(0);
    await expect(host.start(bare, { type: "pvh" })).rejects.toThrow("no vCPU 0");
  });
});

describe("EmulatedGuestPort", () => {
  it("types into the guest and waits for what it prints after that", async () => {
    const { host, xc, domids } = await lab();
    const [domid] = domids as [number];
    xc.unpauseDomain(domid);
    const port = new EmulatedGuestPort(host);
    expect(port.send(domid, "info\n")).toBe(true);
    await port.waitSerial(domid, { kind: "substring", text: "info" }, 100);
    expect(port.serial(domid)).toBe("info\nlab> ");
    expect(port.drainLines()).toEqual([{ domid, text: "info" }]);
    expect(port.drainLines()).toEqual([]);
    expect(port.send(99, "x")).toBe(false);
    await expect(port.waitSerial(99, { kind: "substring", text: "x" }, 10)).rejects.toThrow(
      "no emulated guest",
    );
  });
});
