// The vCPU timeline: one lane per vCPU from the trace's mode-bearing state changes
// (xen/arch/arm/domain.c arch_vcpu_create: AArch32; xen/arch/arm/arm64/domctl.c
// switch_mode: the flips), built incrementally, ended lanes kept apart.
import { describe, expect, it } from "vitest";
import { libxlDefaultConfig } from "../../xen-core";
import { createGuest, defaultGuestFlags, makeLab } from "../../xen-core/testing/lab";
import { TraceLog } from "./trace-log";
import { TimelineBuilder } from "./vcpu-timeline";

const modes = (lane: { switches: readonly { mode: string }[] }) => lane.switches.map((s) => s.mode);

describe("vCPU timeline", () => {
  it("shows an arm64 build flipping vCPUs from AArch32 to AArch64", () => {
    const lab = makeLab({ arch: "arm64" });
    const log = new TraceLog();
    const b = new TimelineBuilder();
    const g = createGuest(lab, 2);
    log.pull(lab.hv.trace);
    const before = b.update(log.view());
    expect(b.update(log.view())).toBe(before);
    const d1 = before.lanes.filter((l) => l.domid === g);
    expect(d1.map(modes)).toEqual([["AArch32"], ["AArch32"]]);
    lab.xc.setAddressSize(g, 64);
    log.pull(lab.hv.trace);
    const after = b.update(log.view());
    expect(after).not.toBe(before);
    const lanes = after.lanes.filter((l) => l.domid === g);
    expect(lanes.map(modes)).toEqual([
      ["AArch32", "AArch64"],
      ["AArch32", "AArch64"],
    ]);
    expect(lanes[0]!.switches[1]).toMatchObject({
      event: "vcpu-mode",
      detail: "AArch32 -> AArch64 (HCR_EL2.RW 1)",
    });
    expect(after.marks).toEqual([expect.objectContaining({ domid: g, detail: "set to 64-bit" })]);
    // dom0's lanes: created AArch32, switched at boot, unchanged objects.
    expect(after.lanes[0]).toBe(before.lanes[0]);
    expect(modes(after.lanes[0]!)).toEqual(["AArch32", "AArch64"]);
  });

  it("ends a destroyed domain's lanes and starts fresh ones when its id is reused", () => {
    const lab = makeLab({ arch: "arm64" });
    const log = new TraceLog();
    const b = new TimelineBuilder();
    const g = createGuest(lab, 1);
    lab.xc.destroyDomain(g);
    // The toolstack may ask for the freed id explicitly.
    const config = libxlDefaultConfig("arm64", defaultGuestFlags(lab.hv), 1);
    expect(lab.xc.createDomain(config, g)).toMatchObject({ ret: 0, domid: g });
    expect(lab.xc.maxVcpus(g, 1)).toBe(0);
    log.pull(lab.hv.trace);
    const t = b.update(log.view());
    const mine = t.lanes.filter((l) => l.domid === g);
    expect(mine).toHaveLength(2);
    expect(mine[0]!.endSeq).toBeUndefined();
    expect(mine[1]!.endSeq).toBeGreaterThan(0);
    expect(mine[0]!.key).not.toBe(mine[1]!.key);
  });
});

describe("vCPU timeline across the log shedding its oldest half", () => {
  it("keeps its lanes and reads only what is new", () => {
    const lab = makeLab({ arch: "arm64" });
    const log = new TraceLog(30);
    const b = new TimelineBuilder();
    const g = createGuest(lab, 1);
    log.pull(lab.hv.trace);
    b.update(log.view());
    for (let i = 0; i < 50; i++) lab.hv.hypercall(lab.hv.dom0.vcpus[0]!, 17, [0n, 0n, 0n, 0n, 0n]);
    lab.xc.setAddressSize(g, 64);
    log.pull(lab.hv.trace);
    expect(log.view().dropped).toBeGreaterThan(0);
    const t = b.update(log.view());
    const lane = t.lanes.find((l) => l.domid === g)!;
    expect(lane.switches.map((s) => s.mode)).toEqual(["AArch32", "AArch64"]);
  });
});
