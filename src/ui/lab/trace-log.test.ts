// The page's trace log: it copies only what is new from the model's ring, keeps views
// valid while it grows and sheds, and tells a state change made inside a hypercall
// (its entry spans the change) from one made outside any.
import { describe, expect, it } from "vitest";
import { Hypervisor } from "../../xen-core";
import { createGuest, makeLab } from "../../xen-core/testing/lab";
import { causeOf, indexOfSeq, TraceLog } from "./trace-log";

describe("trace log", () => {
  it("pulls only new entries and keeps every older view intact", () => {
    const lab = makeLab({ arch: "arm64" });
    const log = new TraceLog();
    expect(log.pull(lab.hv.trace)).toBe(true);
    const first = log.view();
    expect(log.pull(lab.hv.trace)).toBe(false);
    expect(log.view()).toBe(first);
    createGuest(lab, 2);
    expect(log.pull(lab.hv.trace)).toBe(true);
    const second = log.view();
    expect(second.length).toBeGreaterThan(first.length);
    expect(second.entries.slice(0, first.length)).toEqual(first.entries.slice(0, first.length));
    const seqs = second.entries.slice(0, second.length).map((e) => e.seq);
    expect(seqs).toEqual(lab.hv.trace.tail().map((e) => e.seq));
  });

  it("sheds its oldest half past capacity, in a new array", () => {
    const hv = new Hypervisor({ arch: "arm64" });
    const log = new TraceLog(20);
    log.pull(hv.trace);
    const v0 = log.view();
    for (let i = 0; i < 30; i++) hv.hypercall(hv.dom0.vcpus[0]!, 17, [0n, 0n, 0n, 0n, 0n]);
    log.pull(hv.trace);
    const v1 = log.view();
    expect(v1.entries).not.toBe(v0.entries);
    expect(v1.length).toBe(10);
    expect(v1.dropped).toBe(v0.length + 30 - 10);
    expect(v1.entries[v1.length - 1]!.seq).toBe(hv.trace.seq - 1);
  });

  it("counts what the model's ring lost before the page read it", () => {
    const hv = new Hypervisor({ arch: "arm64", traceCapacity: 8 });
    const log = new TraceLog();
    log.pull(hv.trace);
    for (let i = 0; i < 20; i++) hv.hypercall(hv.dom0.vcpus[0]!, 17, [0n, 0n, 0n, 0n, 0n]);
    log.pull(hv.trace);
    expect(log.view().length).toBe(5 + 8);
    expect(log.view().missed).toBe(12);
  });

  it("links a vCPU mode switch to the set_address_size that made it", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab, 1);
    lab.xc.setAddressSize(g, 64);
    const log = new TraceLog();
    log.pull(lab.hv.trace);
    const v = log.view();
    const flip = v.entries.findIndex(
      (e) => e.kind === "state" && e.event === "vcpu-mode" && e.domid === g,
    );
    expect(causeOf(v, flip)).toMatchObject({ kind: "hypercall", op: "set_address_size" });
    // dom0's own switch at boot is Xen's doing, inside no hypercall.
    const boot = v.entries.findIndex((e) => e.kind === "state" && e.event === "vcpu-mode");
    expect(v.entries[boot]!.domid).toBe(0);
    expect(causeOf(v, boot)).toBeUndefined();
    expect(indexOfSeq(v, v.entries[flip]!.seq)).toBe(flip);
    expect(indexOfSeq(v, 10_000)).toBe(-1);
  });
});
