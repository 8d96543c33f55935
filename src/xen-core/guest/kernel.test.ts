// Modelled kernels: Linux's boot order (arch/arm/xen/enlighten.c, drivers/xen/events),
// the 2-level and FIFO consumers (drivers/xen/events/events_2l.c, events_fifo.c) over
// the model's guest memory, the shell of docs/guest-shell.md, and hibernation.
import { describe, expect, it } from "vitest";
import { checkEvtchnInvariants } from "../evtchn/invariants";
import { makeLab } from "../testing/lab";
import { createRunningGuest } from "../testing/evtchn-lab";
import { cdfMask } from "../profiles/profiles";
import { bootModelledGuest, modelledKernel } from "./boot";

function lab2(arch: "arm64" | "x86_64" = "arm64", profile = "upstream", flags: string[] = []) {
  const lab = makeLab({ arch, profile });
  const f = cdfMask(lab.hv.profile, ["hvm", "hap", ...flags]);
  const a = createRunningGuest(lab, 2, 16, f);
  const b = createRunningGuest(lab, 1, 16, f);
  return { lab, hv: lab.hv, a, b };
}

const boot = (hv: ReturnType<typeof makeLab>["hv"], domid: number, cmdline: string) => {
  const r = bootModelledGuest(hv, domid, { cmdline });
  if (!r.ok) throw new Error(r.error);
  return r.kernel;
};

describe("boot", () => {
  it("Arm FIFO: the lines of the guest shell contract, in order", () => {
    const { hv, a } = lab2();
    const k = boot(hv, a, "evtchn=fifo");
    expect(k.transcript).toBe(
      [
        "xen: version 4.22.0",
        `xen: domid ${a}`,
        "fifo: ok",
        "evtchn: fifo, 131072 channels",
        "lab> ",
      ].join("\n"),
    );
    expect(hv.domain(a)!.evtchn.abi).toBe("fifo");
    // Every vCPU registered its vcpu_info (XEN_LEGACY_MAX_VCPUS is 1 on Arm).
    expect(hv.domain(a)!.evtchn.shared.isRegistered(1)).toBe(true);
  });

  it("x86: 2-level with the 32-bit compat layout (1024 channels)", () => {
    const { hv, a } = lab2("x86_64");
    const k = boot(hv, a, "evtchn=2l");
    expect(k.transcript).toContain("evtchn: 2-level, 1024 channels");
    expect(hv.domain(a)!.evtchn.shared.layout.kind).toBe("x86_32");
  });

  it("falls back to 2-level when FIFO is refused, with Xen's errno", () => {
    const { hv, a } = lab2("arm64", "evtchn-fifo-off");
    const k = boot(hv, a, "evtchn=fifo");
    expect(k.transcript).toContain(
      "fifo: init_control failed: -EOPNOTSUPP (-95), using 2-level\nevtchn: 2-level, 4096 channels",
    );
    const v4 = lab2("arm64", "disable-fifo-v4", ["disable_fifo"]);
    expect(boot(v4.hv, v4.a, "").transcript).toContain(
      "fifo: init_control failed: -ENOSYS (-38), using 2-level",
    );
  });

  it("refuses to boot without vCPU0 online, while paused, or twice", () => {
    const { hv, lab, a } = lab2();
    boot(hv, a, "");
    expect(bootModelledGuest(hv, a)).toEqual({
      ok: false,
      error: `domain ${a} is already running a kernel`,
    });
    lab.xc.pauseDomain(a);
    expect(bootModelledGuest(hv, 77)).toEqual({ ok: false, error: "domain 77 does not exist" });
  });

  it("test=ipi runs a self-test and halts with the XTF verdict line", () => {
    const { hv, a } = lab2();
    const k = boot(hv, a, "evtchn=fifo test=ipi");
    expect(k.transcript).toMatch(/evtchn: event port \d+\nTest result: SUCCESS\n$/);
  });
});

describe("shell and event delivery", () => {
  for (const [flavour, arch] of [
    ["fifo", "arm64"],
    ["2l", "arm64"],
    ["2l", "x86_64"],
    ["fifo", "x86_64"],
  ] as const) {
    it(`${arch} ${flavour}: alloc, bind, send, event, status, list; invariants hold`, () => {
      const { hv, a, b } = lab2(arch);
      const ka = boot(hv, a, `evtchn=${flavour}`);
      const kb = boot(hv, b, `evtchn=${flavour}`);
      ka.input(`evtchn alloc ${b}\n`);
      expect(ka.transcript).toContain(`evtchn: alloc port 1 for d${b}`);
      kb.input(`evtchn bind ${a} 1\n`);
      expect(kb.transcript).toContain(
        `evtchn: bound port 1 to d${a} port 1\nevtchn: event port 1\nlab> `,
      );
      kb.input("evtchn send 1\n");
      expect(ka.transcript).toMatch(/evtchn: event port 1\n$/);
      ka.input("evtchn status 1\nevtchn list\n");
      expect(ka.transcript).toContain(`evtchn: port 1 interdomain d=${b} p=1`);
      expect(ka.transcript).toContain("evtchn: port 1 seen 1");
      const heads = (d: { domid: number }, v: number, q: number) =>
        modelledKernel(hv, d.domid)?.driver?.localHead?.(v, q) ?? 0;
      expect(checkEvtchnInvariants(hv.domains, { fifoLocalHead: heads })).toEqual([]);
    });
  }

  it("ping between two modelled domains: COUNT round trips", () => {
    const { hv, a, b } = lab2();
    const ka = boot(hv, a, "evtchn=fifo");
    boot(hv, b, "evtchn=2l");
    ka.input(`ping ${b} 5\n`);
    expect(ka.transcript).toContain(`ping: d${b} 5 round trips\nlab> `);
  });

  it("unknown commands and bad arguments", () => {
    const { hv, a } = lab2();
    const k = boot(hv, a, "");
    k.input("frobnicate\nevtchn send 99\n");
    expect(k.transcript).toContain("lab: unknown command 'frobnicate' (try help)");
    expect(k.transcript).toContain("evtchn: send failed: -EINVAL (-22)");
  });
});

describe("hibernation (the FIFO bug)", () => {
  it("upstream: after the FIFO boot kernel hands over to a 2-level kernel, events are never seen", () => {
    const { hv, a, b } = lab2();
    const ka = boot(hv, a, "evtchn=fifo");
    const kb = boot(hv, b, "evtchn=2l");
    ka.input(`evtchn alloc ${b}\n`);
    kb.input(`evtchn bind ${a} 1\nevtchn send 1\n`);
    expect(ka.ports.get(1)!.seen).toBe(1);
    ka.input("hibernate\n");
    expect(ka.transcript).toContain("hibernate: resumed with 2-level driver");
    kb.input("evtchn send 1\nevtchn send 1\n");
    expect(ka.ports.get(1)!.seen).toBe(1);
    expect(hv.domain(a)!.evtchn.abi).toBe("fifo");
  });

  it("evtchn-fifo-off: the boot kernel fell back to 2-level, the resume kernel sees events", () => {
    const { hv, a, b } = lab2("arm64", "evtchn-fifo-off");
    const ka = boot(hv, a, "evtchn=fifo");
    const kb = boot(hv, b, "evtchn=2l");
    ka.input(`evtchn alloc ${b}\nhibernate\n`);
    kb.input(`evtchn bind ${a} 1\nevtchn send 1\n`);
    expect(ka.ports.get(1)!.seen).toBe(1);
  });
});
