// Filtering the trace incrementally: appending to the log only examines new entries,
// and the result object is stable while nothing changes.
import { describe, expect, it } from "vitest";
import { createGuest, makeLab } from "../../xen-core/testing/lab";
import { TraceIndex } from "./trace-filter";
import { TraceLog } from "./trace-log";

describe("trace filter", () => {
  it("filters by domain, hypercall, state changes and failures, incrementally", () => {
    const lab = makeLab({ arch: "arm64" });
    const log = new TraceLog();
    const index = new TraceIndex();
    const g = createGuest(lab, 1);
    lab.xc.pauseDomain(42);
    log.pull(lab.hv.trace);
    const v = log.view();
    const rowsOf = (f: Parameters<TraceIndex["filtered"]>[1]) => {
      const r = index.filtered(v, f);
      return r.rows.slice(0, r.length).map((i) => v.entries[i]!);
    };
    expect(rowsOf({}).length).toBe(v.length);
    expect(rowsOf({ call: "state" }).every((e) => e.kind === "state")).toBe(true);
    expect(
      rowsOf({ call: "domctl createdomain" }).map((e) => e.kind === "hypercall" && e.op),
    ).toEqual(["createdomain"]);
    expect(rowsOf({ domid: g }).every((e) => e.domid === g)).toBe(true);
    expect(rowsOf({ failedOnly: true }).map((e) => e.kind === "hypercall" && e.op)).toEqual([
      "pausedomain",
    ]);

    const f = { call: "domctl" };
    const r1 = index.filtered(v, f);
    expect(index.filtered(v, f)).toBe(r1);
    lab.xc.unpauseDomain(g);
    log.pull(lab.hv.trace);
    const r2 = index.filtered(log.view(), f);
    expect(r2.length).toBe(r1.length + 1);
  });

  it("catalogues the domains and hypercalls the log holds", () => {
    const lab = makeLab({ arch: "arm64" });
    const log = new TraceLog();
    const index = new TraceIndex();
    createGuest(lab, 1);
    log.pull(lab.hv.trace);
    const c = index.catalog(log.view());
    expect(c.domids).toEqual([0, 1]);
    expect(c.calls).toContain("state");
    expect(c.calls).toContain("domctl createdomain");
    expect(index.catalog(log.view())).toBe(c);
  });
});

describe("trace filter across the log shedding its oldest half", () => {
  it("shifts what it read instead of reading it again, and stays right", () => {
    const lab = makeLab({ arch: "arm64" });
    const log = new TraceLog(40);
    const index = new TraceIndex();
    const v0 = lab.hv.dom0.vcpus[0]!;
    const f = { call: "xen_version" };
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 9; i++) lab.hv.hypercall(v0, 17, [0n, 0n, 0n, 0n, 0n]);
      lab.xc.pauseDomain(42);
      log.pull(lab.hv.trace);
      const v = log.view();
      const r = index.filtered(v, f);
      const expected = v.entries
        .slice(0, v.length)
        .map((e, i) => [e, i] as const)
        .filter(([e]) => e.kind === "hypercall" && e.name === "xen_version")
        .map(([, i]) => i);
      expect(r.rows.slice(0, r.length)).toEqual(expected);
      expect(index.catalog(v).calls).toContain("domctl pausedomain");
    }
    expect(log.view().dropped).toBeGreaterThan(0);
  });
});
