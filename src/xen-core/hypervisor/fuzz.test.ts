// Bad input never escapes: ten thousand random domctls (any flags word, any vCPU count,
// garbage fields and pointers) from dom0 and from a domU, and random hypercall numbers
// and registers from an Arm vCPU in both execution states. Every call must return an
// errno or a value, never throw, and the model must stay consistent.
import { describe, expect, it } from "vitest";
import { XEN_DOMCTL, XEN_DOMCTL_INTERFACE_VERSION } from "../abi/domctl";
import { HYPERVISOR } from "../abi/xen";
import { DOMCTL, XEN_DOMCTL_SIZE } from "../domctl/layout";
import { StructBuf } from "../memory/struct-buf";
import { createGuest, giveGuestPage, makeLab } from "../testing/lab";
import type { ArmVcpu } from "../vcpu/arm-vcpu";

/** A small deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CMDS = Object.values(XEN_DOMCTL);

describe("garbage in, errno out", () => {
  for (const arch of ["arm64", "x86_64"] as const) {
    it(`10000 random domctls on ${arch}`, () => {
      const rand = rng(arch === "arm64" ? 1 : 2);
      const lab = makeLab({ arch });
      // The fuzz may well destroy its domU; a fresh one takes its place.
      const freshGuest = () => {
        const id = createGuest(lab, 2);
        giveGuestPage(lab, id, 0x40000);
        return id;
      };
      let g = freshGuest();
      const u32 = () => Math.floor(rand() * 2 ** 32);
      for (let i = 0; i < 10_000; i++) {
        const op = new StructBuf(XEN_DOMCTL_SIZE);
        for (let b = 16; b < XEN_DOMCTL_SIZE; b += 4)
          op.setU32(b, rand() < 0.5 ? u32() : Math.floor(rand() * 8));
        const cmd = rand() < 0.9 ? CMDS[Math.floor(rand() * CMDS.length)]! : u32();
        op.setU32(DOMCTL.cmd, cmd);
        op.setU32(DOMCTL.interface_version, rand() < 0.95 ? XEN_DOMCTL_INTERFACE_VERSION : u32());
        op.setU16(DOMCTL.domain, rand() < 0.7 ? Math.floor(rand() * 4) : u32() & 0xffff);
        const fromDomU = rand() < 0.1;
        let ret: number;
        if (fromDomU) {
          if (!lab.hv.domain(g)?.vcpus[0]) g = freshGuest();
          const domU = lab.hv.domain(g)!.vcpus[0]!;
          lab.hv.domain(g)!.memory.writePhys(0x40000000, op.bytes);
          const ptr = rand() < 0.8 ? 0x40000000n : BigInt(u32()) * BigInt(u32());
          ret = lab.hv.hypercall(domU, HYPERVISOR.__HYPERVISOR_domctl, [ptr, 0n, 0n, 0n, 0n]);
        } else {
          ret = lab.xc.domctlRaw(op).ret;
        }
        expect(Number.isInteger(ret)).toBe(true);
        expect(ret).toBeLessThanOrEqual(0);
      }
      // dom0 survives everything, and nothing was recorded as an internal error.
      expect(lab.hv.dom0.vcpus[0]!.running).toBe(true);
      expect(lab.hv.console.read().some((l) => l.includes("internal error"))).toBe(false);
      expect(lab.hv.snapshot().domains[0]!.domid).toBe(0);
    });
  }

  it("random hypercall numbers and registers through the Arm trap", () => {
    const rand = rng(3);
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    const v = lab.hv.domain(g)!.vcpus[0]!;
    const regs = v.regs as ArmVcpu;
    for (let i = 0; i < 5_000; i++) {
      regs.cpsr = rand() < 0.5 ? 0x1d3 : 0x3c5;
      for (let r = 0; r < 31; r++)
        regs.x[r] = BigInt(Math.floor(rand() * 2 ** 32)) << BigInt(rand() < 0.5 ? 32 : 0);
      regs.x[16] = BigInt(Math.floor(rand() * 64));
      regs.x[12] = BigInt(Math.floor(rand() * 64));
      const iss = rand() < 0.9 ? 0xea1 : Math.floor(rand() * 0x10000);
      const out = lab.hv.armHvc(v, iss);
      expect(["hypercall", "smccc", "debug-trap", "undef"]).toContain(out.kind);
    }
    expect(lab.hv.console.read().some((l) => l.includes("internal error"))).toBe(false);
  });
});
