// The hypercall composer drives the same trap path as a scenario `hypercall:` step:
// registers loaded per execution state (xen/arch/arm/traps.c do_trap_hypercall: x16 or
// r12 number, x0..x4 arguments), structs written into the caller's own memory, debug
// builds clobbering used argument registers with 0xDEADBEEF, and AArch32 upper halves
// zeroed on entry since 4.17 (commit 32365f3476) but stale before.
import { describe, expect, it } from "vitest";
import { createDomain } from "./create-flow";
import { issue, parsePayload, prepare, type ComposerForm } from "./composer";
import { bootLab, DEFAULT_SETTINGS } from "./lab-session";

const base: ComposerForm = {
  domid: 0,
  vcpu: 0,
  hypercall: "xen_version",
  op: "XENVER_version",
  fields: {},
  buffer: "0x200000",
  rawNr: "xen_version",
  raw: ["0", "0", "0", "0", "0"],
  hvc: "0xea1",
  staleHigh: "",
};

describe("hypercall composer", () => {
  it("dom0 runs AArch64: x16 holds the number, x0..x4 the arguments", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const p = prepare(lab, base);
    expect(p.state).toBe("AArch64");
    expect(p.load.map((r) => r.reg)).toEqual(["x16", "x0", "x1", "x2", "x3", "x4"]);
    expect(p.load[0]).toMatchObject({ value: 17n, meaning: "hypercall xen_version" });
    const r = issue(lab, base);
    expect(r).toMatchObject({ ok: true, ret: (4 << 16) | 22, text: "xen_version returned 262166" });
    expect(r.entries.at(-1)).toMatchObject({
      kind: "hypercall",
      name: "xen_version",
      op: "XENVER_version",
    });
  });

  it("reads back what Xen wrote into the guest's buffer", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const r = issue(lab, { ...base, op: "XENVER_capabilities" });
    expect(r.output).toBe('capabilities = "xen-3.0-aarch64 xen-3.0-armv7l "');
    const f = issue(lab, { ...base, op: "XENVER_get_features", fields: { submap_idx: "0" } });
    expect(f.output).toMatch(/^submap = 0x[0-9a-f]{8}$/);
  });

  it("a fresh guest vCPU is AArch32 (r12, r0..r4) and has no RAM for structs yet", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const { domid } = createDomain(lab, { name: "g", maxVcpus: 1, memoryMiB: 16, flags: 3 });
    const f = { ...base, domid: domid!, buffer: "0x40000000", op: "XENVER_extraversion" };
    expect(prepare(lab, f).load.map((r) => r.reg)).toEqual(["r12", "r0", "r1", "r2", "r3", "r4"]);
    // The handle points at nothing: Xen's copy_to_guest fails.
    expect(issue(lab, f)).toMatchObject({
      ok: false,
      ret: -14,
      text: "xen_version returned -EFAULT (-14)",
    });
    // A struct the guest would write itself cannot be written without RAM.
    const feat = issue(lab, { ...f, op: "XENVER_get_features" });
    expect(feat.ok).toBe(false);
    expect(feat.text).toMatch(/has no RAM at 0x40000000/);
    expect(feat.entries).toEqual([]);
    // Once dom0 populates the frame, the same call writes the string back.
    expect(lab.xc.populatePhysmap(domid!, [0x40000])).toBe(1);
    expect(issue(lab, f)).toMatchObject({ ok: true, ret: 0, output: 'extraversion = ".0"' });
  });

  it("pre-4.17 keeps stale upper halves: the 64-bit handle faults (argo thread)", () => {
    for (const [profile, ret] of [
      ["pre-4.17", -14],
      ["upstream", 0],
    ] as const) {
      const lab = bootLab({ ...DEFAULT_SETTINGS, profile });
      const { domid } = createDomain(lab, { name: "g", maxVcpus: 1, memoryMiB: 16, flags: 3 });
      lab.xc.populatePhysmap(domid!, [0x40000]);
      const f = {
        ...base,
        domid: domid!,
        buffer: "0x40000000",
        op: "XENVER_extraversion",
        staleHigh: "0xdead",
      };
      expect(prepare(lab, f).stale).toBe(0xdeadn);
      expect(issue(lab, f).ret).toBe(ret);
    }
  });

  it("debug builds clobber the used argument registers; bad immediates inject UNDEF", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    issue(lab, { ...base, op: "XENVER_extraversion" });
    const x = lab.hv.dom0.vcpus[0]!.regs;
    expect(x.arch === "arm" && x.x[1]).toBe(0xdeadbeefn);
    const undef = issue(lab, { ...base, hvc: "0x1234" });
    expect(undef.ok).toBe(false);
    expect(undef.ret).toBeUndefined();
    expect(undef.text).toBe("HVC #0x1234: undefined instruction injected");
    expect(lab.hv.console.read().at(-1)).toBe("(XEN) d0v0 Invalid HVC imm 0x1234");
  });

  it("domctl from dom0 works, from a guest it is -EPERM; bad fields are named", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const { domid } = createDomain(lab, { name: "g", maxVcpus: 1, memoryMiB: 16, flags: 3 });
    const f: ComposerForm = {
      ...base,
      hypercall: "domctl",
      op: "pausedomain",
      fields: { domain: String(domid) },
    };
    expect(issue(lab, f)).toMatchObject({ ok: true, ret: 0 });
    lab.xc.populatePhysmap(domid!, [0x40000]);
    const fromGuest = issue(lab, { ...f, domid: domid!, buffer: "0x40000000" });
    expect(fromGuest.ret).toBe(-1);
    expect(issue(lab, { ...f, fields: { bogus: "1" } }).text).toMatch(/has no field 'bogus'/);
    expect(issue(lab, { ...base, buffer: "zz" }).text).toMatch(/buffer: 'zz' is not a number/);
  });

  it("populate_physmap as the guest itself, through its own reservation struct", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const { domid } = createDomain(lab, { name: "g", maxVcpus: 1, memoryMiB: 16, flags: 3 });
    lab.xc.populatePhysmap(domid!, [0x40000]);
    const f: ComposerForm = {
      ...base,
      domid: domid!,
      hypercall: "memory_op",
      op: "XENMEM_populate_physmap",
      buffer: "0x40000000",
      fields: { extent_start: "0x40001, 0x40002", domid: "DOMID_SELF" },
    };
    const p = prepare(lab, f);
    expect(p.writes).toEqual([
      expect.objectContaining({ gva: 0x40000000n, what: "the XENMEM_populate_physmap struct" }),
    ]);
    expect(p.args.slice(0, 2)).toEqual([6n, 0x40000000n]);
    expect(issue(lab, f)).toMatchObject({ ok: true, ret: 2 });
    expect(lab.hv.snapshot().domains.find((d) => d.domid === domid)!.totPages).toBe(3);
  });

  it("event channels from dom0: alloc_unbound gives a port, send reaches it", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const { domid } = createDomain(lab, { name: "g", maxVcpus: 1, memoryMiB: 16, flags: 3 });
    const alloc: ComposerForm = {
      ...base,
      hypercall: "event_channel_op",
      op: "EVTCHNOP_alloc_unbound",
      fields: { dom: "DOMID_SELF", remote_dom: "g" },
    };
    const r = issue(lab, alloc);
    expect(r).toMatchObject({ ok: true, ret: 0 });
    expect(r.output).toMatch(/^port = \d+$/);
    const port = Number(/\d+/.exec(r.output!)![0]);
    const d0 = lab.hv.snapshot().domains[0]!;
    expect(d0.evtchn.ports.find((x) => x.port === port)).toMatchObject({
      state: "unbound",
      remoteDom: domid,
    });
    // A field the struct does not have is named with the ones it has.
    const bad = issue(lab, { ...alloc, fields: { nope: "1" } });
    expect(bad.text).toMatch(/no field 'nope'; fields: dom, remote_dom, port/);
  });

  it("parses typed fields as numbers, names and lists", () => {
    expect(parsePayload("0x10")).toBe(16);
    expect(parsePayload("hvm, hap, 0x1000")).toEqual(["hvm", "hap", 4096]);
    expect(parsePayload("true")).toBe(true);
    expect(parsePayload("  ")).toBeUndefined();
    expect(parsePayload("0xffffffffffffffff")).toBe(0xffffffffffffffffn);
  });
});
