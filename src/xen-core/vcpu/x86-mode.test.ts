import { describe, expect, it } from "vitest";
import { createGuest, makeLab } from "../testing/lab";
import { syncX86Vcpu } from "./x86-mode";
import type { X86Vcpu } from "./x86-vcpu";

describe("syncX86Vcpu (x86 mode as sampled from real guest code)", () => {
  function x86Vcpu() {
    const lab = makeLab({ arch: "x86_64" });
    const domid = createGuest(lab);
    return { hv: lab.hv, v: lab.hv.domain(domid)!.vcpu(0)! };
  }

  it("records real -> protected -> paging with the trigger, once per change", () => {
    const { hv, v } = x86Vcpu();
    expect(v.mode).toBe("real");
    const from = hv.trace.seq;
    const base = { cr3: 0, cr4: 0, eflags: 2, cs: 0xf000 };
    expect(syncX86Vcpu(hv, v, { ...base, cr0: 0x60000010 }, "tick")).toBe(false);
    expect(syncX86Vcpu(hv, v, { ...base, cr0: 0x11, cs: 8 }, "hypercall xen_version")).toBe(true);
    expect(syncX86Vcpu(hv, v, { ...base, cr0: 0x11, cs: 8, eflags: 0x202 }, "tick")).toBe(false);
    expect(
      syncX86Vcpu(hv, v, { cr0: 0x80000011, cr3: 0x113000, cr4: 0x10, eflags: 2, cs: 8 }, "tick"),
    ).toBe(true);
    const modes = hv.trace
      .tail()
      .filter((e) => e.seq >= from && e.kind === "state" && e.event === "vcpu-mode");
    expect(modes.map((e) => (e.kind === "state" ? e.detail : ""))).toEqual([
      "real -> protected at hypercall xen_version (CR0=0x00000011 CR3=0x00000000 CR4=0x00000000 CS=0x0008)",
      "protected -> paging at tick (CR0=0x80000011 CR3=0x00113000 CR4=0x00000010 CS=0x0008)",
    ]);
    const r = v.regs as X86Vcpu;
    expect([r.cr0, r.cr3, r.cr4, r.eflags, r.cs]).toEqual([0x80000011, 0x113000, 0x10, 2, 8]);
  });

  it("keeps CR0 bit 31 unsigned and ignores Arm vCPUs", () => {
    const { hv, v } = x86Vcpu();
    syncX86Vcpu(hv, v, { cr0: -2147483631, cr3: -4096, cr4: 0, eflags: 2, cs: 8 }, "tick");
    expect((v.regs as X86Vcpu).cr0).toBe(0x80000011);
    expect((v.regs as X86Vcpu).cr3).toBe(0xfffff000);
    const arm = makeLab({ arch: "arm64" });
    const armVcpu = arm.hv.domain(createGuest(arm))!.vcpu(0)!;
    expect(syncX86Vcpu(arm.hv, armVcpu, { cr0: 1, cr3: 0, cr4: 0, eflags: 2, cs: 8 }, "t")).toBe(
      false,
    );
  });
});
