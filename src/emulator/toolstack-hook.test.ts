/**
 * The toolstack hook: `xl create` of an x86 `kernel = "labkernel"` domain attaches an
 * emulated guest at once (type, cmdline and memory from the config); anything else is
 * left alone; a config labkernel cannot run with crashes the domain with a reason.
 */
import { describe, expect, it } from "vitest";
import { domainSnapshot } from "../xen-core/hypervisor/snapshot";
import { createGuest, makeLab } from "../xen-core/testing/lab";
import type { DomainStartedEvent } from "../xen-core/toolstack/options";
import { fakeRunnerFactory } from "./fake-runner";
import { GuestHost } from "./guest-host";
import { emulatedGuestStarter } from "./toolstack-hook";

function setup() {
  const lab = makeLab({ arch: "x86_64" });
  const fake = fakeRunnerFactory();
  const host = new GuestHost(lab.hv, fake.factory);
  const start = emulatedGuestStarter(() => host);
  const event = (domid: number, over: Partial<DomainStartedEvent>) =>
    ({
      domid,
      name: "lk",
      arch: "x86_64",
      type: "hvm",
      kernel: { path: "labkernel", bytes: undefined },
      cmdline: "evtchn=2l",
      memoryKb: 16 * 1024,
      ...over,
    }) as DomainStartedEvent;
  return { ...lab, host, fake, start, event };
}

describe("emulatedGuestStarter", () => {
  it("attaches labkernel with the config's type, cmdline and memory", () => {
    const s = setup();
    const { hv, start, event, fake } = s;
    const domid = createGuest(s);
    start(event(domid, {}));
    const runner = fake.created.get(domid)!;
    expect(hv.domain(domid)!.emulated).toBe(runner);
    expect(runner.spec).toEqual({ type: "hvm", cmdline: "evtchn=2l", memoryMiB: 16 });
  });

  it("leaves other kernels and hosts to the modelled kernels", () => {
    const s = setup();
    const domid = createGuest(s);
    s.start(s.event(domid, { kernel: { path: "vmlinuz", bytes: undefined } }));
    s.start(s.event(domid, { arch: "arm64" }));
    expect(s.hv.domain(domid)!.emulated).toBeUndefined();
  });

  it("crashes the domain, saying why, when labkernel cannot run as configured", () => {
    const s = setup();
    const small = createGuest(s);
    s.start(s.event(small, { memoryKb: 4096 }));
    expect(domainSnapshot(s.hv, s.hv.domain(small)!).state).toBe("crashed");
    expect(s.hv.console.read()).toContain(
      `(XEN) xenlab: d${small} labkernel needs memory >= 8 (MiB), not 4`,
    );
    const pv = createGuest(s);
    s.start(s.event(pv, { type: "pv" }));
    expect(s.hv.console.read()).toContain(
      `(XEN) xenlab: d${pv} labkernel runs as type = "pvh" or "hvm", not "pv"`,
    );
  });
});
