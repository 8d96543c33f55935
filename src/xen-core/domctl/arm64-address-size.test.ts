// set_address_size / switch_mode per profile (xen/arch/arm/arm64/domctl.c, and the
// is_32bits v1 patch of 2025-07-31), vcpu_switch_to_aarch64_mode (xen/arch/arm/domain.c).
import { describe, expect, it } from "vitest";
import { XEN_ERRNO } from "../abi/errno";
import { cdfMask } from "../profiles/profiles";
import { createGuest, giveGuestPage, makeLab } from "../testing/lab";
import type { ArmVcpu } from "../vcpu/arm-vcpu";

const E = XEN_ERRNO;
const rw = (lab: ReturnType<typeof makeLab>, domid: number) =>
  lab.hv.domain(domid)!.vcpus.map((v) => (v!.regs as ArmVcpu).hcrRw);

describe("upstream arm64 domain type", () => {
  it("a new domain is 32-bit and its vCPUs AArch32 (HCR_EL2.RW clear)", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab, 2);
    expect(lab.hv.domain(g)!.type).toBe(32);
    expect(lab.hv.domain(g)!.vcpus.map((v) => v!.mode)).toEqual(["AArch32", "AArch32"]);
    expect((lab.hv.domain(g)!.vcpus[0]!.regs as ArmVcpu).hcrEl2).toBe(0x007c663fn);
  });

  it("set_address_size(64) flips every vCPU to AArch64; same type is a no-op", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab, 2);
    expect(lab.xc.setAddressSize(g, 64)).toBe(0);
    expect(rw(lab, g)).toEqual([true, true]);
    expect((lab.hv.domain(g)!.vcpus[0]!.regs as ArmVcpu).hcrEl2).toBe(0x807c663fn);
    const seq = lab.hv.trace.seq;
    expect(lab.xc.setAddressSize(g, 64)).toBe(0);
    expect(lab.hv.trace.since(seq).filter((e) => e.kind === "state")).toHaveLength(0);
  });

  it("the 64 -> 32 quirk: the type goes back to 32 but RW stays set", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    lab.xc.setAddressSize(g, 64);
    expect(lab.xc.setAddressSize(g, 32)).toBe(0);
    expect(lab.hv.domain(g)!.type).toBe(32);
    expect(rw(lab, g)).toEqual([true]);
  });

  it("-EBUSY once the domain has pages; -EINVAL for other sizes", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    expect(lab.xc.setAddressSize(g, 48)).toBe(-E.EINVAL);
    giveGuestPage(lab, g, 0x40000);
    expect(lab.xc.setAddressSize(g, 64)).toBe(-E.EBUSY);
  });

  it("32 on a host without AArch32 at EL1 is -EINVAL", () => {
    const lab = makeLab({ arch: "arm64", host: { aarch32El1: false } });
    const g = createGuest(lab);
    expect(lab.xc.setAddressSize(g, 32)).toBe(-E.EINVAL);
    expect(lab.xc.setAddressSize(g, 64)).toBe(0);
  });

  it("get_address_size is -ENOSYS on Arm", () => {
    const lab = makeLab({ arch: "arm64" });
    expect(lab.xc.getAddressSize(createGuest(lab)).ret).toBe(-E.ENOSYS);
  });

  it("x86: address size is PV-only (-EOPNOTSUPP for HVM)", () => {
    const lab = makeLab({ arch: "x86_64" });
    const hvm = createGuest(lab);
    expect(lab.xc.setAddressSize(hvm, 32)).toBe(-E.EOPNOTSUPP);
    expect(lab.xc.getAddressSize(hvm).ret).toBe(-E.EOPNOTSUPP);
    const pv = createGuest(lab, 1, 0);
    expect(lab.xc.getAddressSize(pv)).toEqual({ ret: 0, size: 64 });
    expect(lab.xc.setAddressSize(pv, 32)).toBe(0);
    expect(lab.xc.getAddressSize(pv)).toEqual({ ret: 0, size: 32 });
    expect(lab.xc.setAddressSize(pv, 64)).toBe(-E.EINVAL);
  });
});

describe("is-32bits-v1 profile", () => {
  it("defaults to 64-bit; the flag creates a 32-bit domain", () => {
    const lab = makeLab({ arch: "arm64", profile: "is-32bits-v1" });
    const g64 = createGuest(lab);
    expect(lab.hv.domain(g64)!.type).toBe(64);
    const g32 = createGuest(lab, 1, cdfMask(lab.hv.profile, ["hvm", "hap", "is_32bits"]));
    expect(lab.hv.domain(g32)!.type).toBe(32);
  });

  it("no same-type shortcut: set_address_size(64) re-applies RW; 64 -> 32 clears it", () => {
    const lab = makeLab({ arch: "arm64", profile: "is-32bits-v1" });
    const g = createGuest(lab);
    // arch_vcpu_create is unchanged by v1: the vCPU starts without RW even in a 64-bit
    // domain, and the forced switch sets it.
    expect(rw(lab, g)).toEqual([false]);
    expect(lab.xc.setAddressSize(g, 64)).toBe(0);
    expect(rw(lab, g)).toEqual([true]);
    expect(lab.xc.setAddressSize(g, 32)).toBe(0);
    expect(rw(lab, g)).toEqual([false]);
  });

  it("-EBUSY once a vCPU is initialised (vcpus_check_initialised)", () => {
    const lab = makeLab({ arch: "arm64", profile: "is-32bits-v1" });
    const g = createGuest(lab);
    lab.hv.domain(g)!.vcpus[0]!.initialised = true;
    expect(lab.xc.setAddressSize(g, 64)).toBe(-E.EBUSY);
    // Upstream has no such check.
    const up = makeLab({ arch: "arm64" });
    const u = createGuest(up);
    up.hv.domain(u)!.vcpus[0]!.initialised = true;
    expect(up.xc.setAddressSize(u, 64)).toBe(0);
  });

  it("upstream does not know the flag", () => {
    const lab = makeLab({ arch: "arm64" });
    expect(() => createGuest(lab, 1, 0x203)).toThrow(/createdomain failed: -22/);
  });
});
