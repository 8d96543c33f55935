// The Hypervisor shell: dom0 at boot, the console ring (xen/drivers/char/console.c),
// the numbered trace, frozen snapshots and subscriptions.
import { describe, expect, it } from "vitest";
import { XEN_ERRNO } from "../abi/errno";
import { createGuest, makeLab } from "../testing/lab";
import { ConsoleRing } from "./console";
import { Hypervisor } from "./hypervisor";
import { Trace } from "./trace";

describe("boot", () => {
  it("dom0 exists at boot as the control domain, domid 0, running", () => {
    for (const arch of ["arm64", "x86_64"] as const) {
      const hv = new Hypervisor({ arch });
      const [d0] = hv.snapshot().domains;
      expect(d0).toMatchObject({
        domid: 0,
        isControl: true,
        state: "running",
        onlineVcpus: 2,
        totPages: 262144,
      });
    }
  });

  it("arm64 dom0 runs its 64-bit kernel: vCPUs switched to AArch64 and traced so", () => {
    // xen/arch/arm/domain_build.c construct_domain: vcpu_switch_to_aarch64_mode() on
    // every vCPU of a 64-bit dom0, PSR_GUEST64_INIT as the first PSTATE.
    const hv = new Hypervisor({ arch: "arm64" });
    const [d0] = hv.snapshot().domains;
    for (const v of d0!.vcpus) {
      expect(v.mode).toBe("AArch64");
      expect(v.regs).toMatchObject({ kind: "arm", hcrRw: true, cpsr: 0x3c5 });
    }
    const flips = hv.trace
      .tail()
      .filter((e) => e.kind === "state" && e.event === "vcpu-mode")
      .map((e) => (e.kind === "state" ? [e.vcpu, e.detail] : []));
    expect(flips).toEqual([
      [0, "AArch32 -> AArch64 (HCR_EL2.RW 1)"],
      [1, "AArch32 -> AArch64 (HCR_EL2.RW 1)"],
    ]);
  });

  it("refuses an unknown profile", () => {
    expect(() => new Hypervisor({ profile: "nope" })).toThrow(/unknown profile 'nope'/);
  });
});

describe("console ring", () => {
  it("prefixes Xen's lines with (XEN) and buffers guest output per domain until newline", () => {
    const ring = new ConsoleRing();
    ring.printk("hello\nworld");
    ring.guestWrite(1, "par");
    ring.guestWrite(2, "other\n");
    ring.guestWrite(1, "tial\x07\n");
    expect(ring.read()).toEqual(["(XEN) hello", "(XEN) world", "(d2) other", "(d1) partial"]);
  });

  it("drops the oldest text when full and keeps counting", () => {
    const ring = new ConsoleRing(64);
    for (let i = 0; i < 20; i++) ring.printk(`line ${i}`);
    expect(ring.read().at(-1)).toBe("(XEN) line 19");
    expect(ring.read().length).toBeLessThan(20);
    expect(ring.totalWritten).toBe(20);
  });
});

describe("trace, snapshots, subscriptions", () => {
  it("tail(n) of a ring that wrapped is its last n entries, oldest first", () => {
    const t = new Trace(7);
    for (let i = 0; i < 23; i++) {
      const seq = t.next();
      t.push({ seq, kind: "state", domid: 0, event: "e", detail: String(i) });
      const all = Array.from(
        { length: Math.min(seq, 7) },
        (_, j) => seq - Math.min(seq, 7) + 1 + j,
      );
      for (const n of [0, 1, 3, 7, 9]) {
        expect(t.tail(n).map((e) => e.seq)).toEqual(all.slice(Math.max(0, all.length - n)));
      }
    }
  });

  it("every hypercall and state change gets an increasing sequence number", () => {
    const lab = makeLab({ arch: "arm64" });
    createGuest(lab);
    lab.xc.pauseDomain(42);
    const seqs = lab.hv.trace.tail().map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(lab.hv.trace.tail(1)[0]).toMatchObject({ op: "pausedomain", ret: -XEN_ERRNO.ESRCH });
  });

  it("a hypercall entry spans the state changes made inside it", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab, 2);
    const before = lab.hv.trace.seq;
    lab.xc.setAddressSize(g, 64);
    const entries = lab.hv.trace.since(before);
    const call = entries.at(-1)!;
    expect(call).toMatchObject({ kind: "hypercall", op: "set_address_size", entrySeq: before });
    // domain-type, then one vcpu-mode per vCPU, all numbered inside the call.
    expect(entries.slice(0, -1).map((e) => (e.kind === "state" ? e.event : e.kind))).toEqual([
      "domain-type",
      "vcpu-mode",
      "vcpu-mode",
    ]);
    // dom0's boot happened outside any hypercall: no entry spans it.
    const boot = lab.hv.trace.tail().find((e) => e.kind === "state" && e.domid === 0)!;
    expect(
      lab.hv.trace
        .tail()
        .some((e) => e.kind === "hypercall" && e.entrySeq <= boot.seq && boot.seq < e.seq),
    ).toBe(false);
  });

  it("is deterministic: the same inputs give the same trace", () => {
    const run = () => {
      const lab = makeLab({ arch: "arm64" });
      const g = createGuest(lab, 2);
      lab.xc.setAddressSize(g, 64);
      lab.xc.unpauseDomain(g);
      return JSON.stringify(lab.hv.trace.tail(), (_k, v) =>
        typeof v === "bigint" ? v.toString() : v,
      );
    };
    expect(run()).toBe(run());
  });

  it("snapshots are frozen, stable until a change, and do not alias the model", () => {
    const lab = makeLab({ arch: "arm64" });
    const s1 = lab.hv.snapshot();
    expect(lab.hv.snapshot()).toBe(s1);
    expect(Object.isFrozen(s1) && Object.isFrozen(s1.domains[0])).toBe(true);
    const g = createGuest(lab);
    const s2 = lab.hv.snapshot();
    expect(s2).not.toBe(s1);
    expect(s2.version).toBeGreaterThan(s1.version);
    expect(s1.domains).toHaveLength(1);
    expect(s2.domains.find((d) => d.domid === g)?.vcpus[0]?.mode).toBe("AArch32");
  });

  it("subscribe returns its disposer", () => {
    const lab = makeLab();
    const seen: number[] = [];
    const dispose = lab.hv.subscribe((v) => seen.push(v));
    createGuest(lab);
    const n = seen.length;
    expect(n).toBeGreaterThan(0);
    dispose();
    lab.xc.pauseDomain(1);
    expect(seen).toHaveLength(n);
  });
});
