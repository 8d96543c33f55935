// The Arm hypercall trap: xen/arch/arm/traps.c (do_trap_hypercall, HVC32/HVC64 entry,
// the debug-build 0xDEADBEEF clobber) and xen/arch/arm/arm64/entry.S (upper halves of
// x0..x30 zeroed on entry from AArch32 since 4.17, commit 32365f3476).
import { describe, expect, it } from "vitest";
import { PSR_GUEST32_INIT, PSR_GUEST64_INIT } from "../abi/arch-arm";
import { XEN_ERRNO } from "../abi/errno";
import { HYPERVISOR, XENVER } from "../abi/xen";
import { createGuest, makeLab } from "../testing/lab";
import type { ArmVcpu } from "../vcpu/arm-vcpu";

function guestVcpu(profile: string, aarch32: boolean) {
  const lab = makeLab({ arch: "arm64", profile });
  const g = createGuest(lab);
  const v = lab.hv.domain(g)!.vcpus[0]!;
  const regs = v.regs as ArmVcpu;
  regs.cpsr = aarch32 ? PSR_GUEST32_INIT : PSR_GUEST64_INIT;
  return { lab, v, regs };
}

const STALE = 0xabcd_0000_0000_0000n;

describe("Arm hypercall ABI", () => {
  it("AArch64: number in x16, args x0.., result in x0", () => {
    const { lab, v, regs } = guestVcpu("upstream-release", false);
    regs.x[16] = BigInt(HYPERVISOR.__HYPERVISOR_xen_version);
    regs.x[0] = BigInt(XENVER.XENVER_version);
    const out = lab.hv.armHvc(v, 0xea1);
    expect(out).toMatchObject({ kind: "hypercall", nr: 17, ret: (4 << 16) | 22 });
    expect(regs.x[0]).toBe(BigInt((4 << 16) | 22));
  });

  it("AArch32: number in r12; a negative result is sign-extended in x0", () => {
    const { lab, v, regs } = guestVcpu("upstream-release", true);
    regs.x[12] = 99n;
    lab.hv.armHvc(v, 0xea1);
    expect(regs.x[0]).toBe(BigInt.asUintN(64, BigInt(-XEN_ERRNO.ENOSYS)));
    expect(regs.x[0]! & 0xffffffffn).toBe(0xffffffdan); // r0 = -38
  });

  it("since 4.17 the top halves of x0..x30 are zeroed on entry from AArch32", () => {
    const { lab, v, regs } = guestVcpu("upstream-release", true);
    regs.x[12] = BigInt(HYPERVISOR.__HYPERVISOR_xen_version) | STALE;
    regs.x[0] = BigInt(XENVER.XENVER_version) | STALE;
    regs.x[5] = 0x1234n | STALE;
    const out = lab.hv.armHvc(v, 0xea1);
    expect(out).toMatchObject({ kind: "hypercall", ret: (4 << 16) | 22 });
    expect(out.kind === "hypercall" && out.args[0]).toBe(0n);
    expect(regs.x[5]).toBe(0x1234n);
  });

  it("pre-4.17: stale upper halves reach the handler", () => {
    const { lab, v, regs } = guestVcpu("pre-4.17", true);
    regs.x[12] = BigInt(HYPERVISOR.__HYPERVISOR_domctl);
    regs.x[0] = 0x40000000n | STALE; // a 32-bit guest pointer with garbage on top
    const out = lab.hv.armHvc(v, 0xea1);
    expect(out.kind === "hypercall" && out.args[0]).toBe(0x40000000n | STALE);
    expect(out).toMatchObject({ ret: -XEN_ERRNO.EFAULT });
    expect(regs.x[0]! & 0xffffffffn).toBe(BigInt.asUintN(32, BigInt(-XEN_ERRNO.EFAULT)));
  });

  it("debug builds clobber the used argument registers but x0, and the number register", () => {
    const { lab, v, regs } = guestVcpu("upstream", false);
    regs.x[16] = BigInt(HYPERVISOR.__HYPERVISOR_xen_version);
    regs.x[0] = 0n;
    regs.x[1] = 0x1111n;
    regs.x[2] = 0x2222n;
    lab.hv.armHvc(v, 0xea1);
    expect(regs.x[1]).toBe(0xdeadbeefn); // xen_version uses 2 arguments
    expect(regs.x[2]).toBe(0x2222n);
    expect(regs.x[16]).toBe(0xdeadbeefn);
    expect(regs.x[0]).toBe(BigInt((4 << 16) | 22));
  });

  it("no clobbering after -ENOSYS, nor in release builds", () => {
    const dbg = guestVcpu("upstream", false);
    dbg.regs.x[16] = 99n;
    dbg.regs.x[1] = 0x1111n;
    dbg.lab.hv.armHvc(dbg.v, 0xea1);
    expect(dbg.regs.x[16]).toBe(99n);
    const rel = guestVcpu("upstream-release", false);
    rel.regs.x[16] = BigInt(HYPERVISOR.__HYPERVISOR_xen_version);
    rel.regs.x[1] = 0x1111n;
    rel.lab.hv.armHvc(rel.v, 0xea1);
    expect(rel.regs.x[1]).toBe(0x1111n);
  });

  it("a wrong HVC immediate injects an undefined instruction and logs it", () => {
    const { lab, v, regs } = guestVcpu("upstream", false);
    expect(lab.hv.armHvc(v, 0xea2)).toEqual({ kind: "undef", iss: 0xea2 });
    expect(regs.undefInjected).toBe(1);
    expect(lab.hv.console.read().at(-1)).toBe(`(XEN) d${v.domid}v0 Invalid HVC imm 0xea2`);
  });

  it("HVC #0 is SMCCC: an unknown function returns -1 in x0", () => {
    const { lab, v, regs } = guestVcpu("upstream", false);
    expect(lab.hv.armHvc(v, 0)).toEqual({ kind: "smccc" });
    expect(regs.x[0]).toBe(0xffffffffffffffffn);
  });

  it("debug builds trap HVC #0xFFxx as debug traps; release builds treat them as invalid", () => {
    const dbg = guestVcpu("upstream", false);
    expect(dbg.lab.hv.armHvc(dbg.v, 0xff12)).toEqual({ kind: "debug-trap", code: 0x12 });
    const rel = guestVcpu("upstream-release", false);
    expect(rel.lab.hv.armHvc(rel.v, 0xff12)).toEqual({ kind: "undef", iss: 0xff12 });
  });
});

describe("debug traps (do_debug_trap, debug builds)", () => {
  it("prints a register, the PC, characters, and unknown codes as Xen does", () => {
    const { lab, v, regs } = guestVcpu("upstream", false);
    regs.x[3] = 0x1234n;
    regs.pc = 0x40000000n;
    lab.hv.armHvc(v, 0xffe3);
    expect(lab.hv.console.read().at(-1)).toBe(
      `(XEN) DOM${v.domid}: R3 = 0x0000000000001234 at 0x0000000040000000`,
    );
    for (const ch of "hi\n") {
      regs.x[0] = BigInt(ch.charCodeAt(0));
      lab.hv.armHvc(v, 0xfffe);
    }
    expect(lab.hv.console.read().at(-1)).toBe("(XEN) hi");
    lab.hv.armHvc(v, 0xff12);
    expect(lab.hv.console.read().at(-1)).toBe(`(XEN) DOM${v.domid}: Unhandled debug trap 0x12`);
  });
});
