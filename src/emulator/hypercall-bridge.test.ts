/**
 * The bridge applies hvm_hypercall()'s rules for a 32-bit guest (xen/arch/x86/hvm/
 * hypercall.c): arguments from EBX.. as many as the hypercall has, -EPERM above CPL 0,
 * result in EAX, 0xDEADF00D in the used argument registers after a debug build's call
 * (clobber_regs32). Register file and model are stand-ins here; test/labkernel.test.ts
 * runs the same bridge under real guest code.
 */
import { describe, expect, it } from "vitest";
import type { Hypervisor } from "../xen-core/hypervisor/hypervisor";
import { getProfile } from "../xen-core/profiles/profiles";
import type { Vcpu } from "../xen-core/vcpu/vcpu";
import { REG, type CpuView } from "./cpu-view";
import { HypercallBridge } from "./hypercall-bridge";
import type { ModeSampler } from "./mode-sampler";

function rig(profile: string, ret: number) {
  const regs = new Int32Array(8);
  const view = {
    regs,
    cr: Int32Array.of(0x80000011, 0, 0, 0x113000, 0x10, 0, 0, 0),
    cpl: new Uint8Array(1),
    check: () => undefined,
  } as unknown as CpuView;
  const sampled: (number | string)[] = [];
  const sampler = { eflags: 0x202, sample: (t: number | string) => sampled.push(t) };
  const calls: { nr: number; args: bigint[] }[] = [];
  const hv = {
    profile: getProfile(profile)!,
    hypercall: (_v: Vcpu, nr: number, args: readonly bigint[]) => {
      calls.push({ nr, args: [...args] });
      return ret;
    },
  } as unknown as Hypervisor;
  const stats = { hypercalls: 0 };
  const bridge = new HypercallBridge(
    view,
    sampler as unknown as ModeSampler,
    hv,
    {} as Vcpu,
    stats,
  );
  regs.set([17, 0x1111, 0x2222, 0x3333, 0x7ffff000, 0, -1, -2]); // EAX ECX EDX EBX ESP EBP ESI EDI
  return { regs, view, sampler, sampled, calls, bridge, stats };
}

describe("HypercallBridge", () => {
  it("reads the hypercall's argument registers only, then poisons them (debug build)", () => {
    const r = rig("upstream", 0x40016);
    r.bridge.call(17);
    expect(r.sampled).toEqual([17]);
    expect(r.calls).toEqual([{ nr: 17, args: [0x3333n, 0x1111n, 0n, 0n, 0n] }]);
    expect(r.regs[REG.EAX]).toBe(0x40016);
    expect(r.regs[REG.EBX]! >>> 0).toBe(0xdeadf00d);
    expect(r.regs[REG.ECX]! >>> 0).toBe(0xdeadf00d);
    expect(r.regs[REG.EDX]).toBe(0x2222); // xen_version has two arguments
    expect(r.stats.hypercalls).toBe(1);
  });

  it("leaves the registers alone in a release build and after -ENOSYS", () => {
    const release = rig("upstream-release", 0);
    release.bridge.call(32);
    expect(release.regs[REG.EBX]).toBe(0x3333);
    const nosys = rig("upstream", -38);
    nosys.bridge.call(0x7f);
    expect(nosys.calls[0]!.args).toEqual([0x3333n, 0x1111n, 0x2222n, 0xffffffffn, 0xfffffffen]);
    expect(nosys.regs[REG.EAX]).toBe(-38);
    expect(nosys.regs[REG.EBX]).toBe(0x3333);
  });

  it("refuses a caller above CPL 0 with -EPERM before the model sees it", () => {
    const r = rig("upstream", 0);
    r.view.cpl[0] = 3;
    r.bridge.call(17);
    expect(r.calls).toEqual([]);
    expect(r.regs[REG.EAX]).toBe(-1);
    expect(r.regs[REG.EBX]).toBe(0x3333);
  });
});
