// Profiles are data: CDF tables per base (xen/include/public/domctl.h at each base and
// the proposals' patches) and named behaviour switches.
import { describe, expect, it } from "vitest";
import { PROFILES, cdfBit, getProfile } from "./profiles";

describe("profiles", () => {
  it("has the profiles DESIGN.md requires, each described", () => {
    expect(PROFILES.map((p) => p.name)).toEqual([
      "upstream",
      "upstream-release",
      "pre-4.17",
      "is-32bits-v1",
      "disable-fifo-v4",
      "evtchn-fifo-v5",
      "evtchn-fifo-off",
      "realm-rfc-v1",
    ]);
    for (const p of PROFILES) expect(p.description.length).toBeGreaterThan(10);
  });

  it("upstream: bits 0..8 with Xen's names; no is_32bits, disable_fifo or realm flag", () => {
    const p = getProfile("upstream")!;
    expect(p.cdfBits.map((b) => `${b.bit}:${b.name}`)).toEqual([
      "0:hvm",
      "1:hap",
      "2:s3_integrity",
      "3:oos_off",
      "4:xs_domain",
      "5:iommu",
      "6:nested_virt",
      "7:vpmu",
      "8:trap_unmapped_accesses",
    ]);
    for (const name of ["is_32bits", "disable_fifo", "evtchn_fifo", "realm"])
      expect(cdfBit(p, name)).toBeUndefined();
  });

  it("the proposals' bits: is_32bits at 9; disable_fifo v4 at bit 7 where vpmu is today", () => {
    expect(cdfBit(getProfile("is-32bits-v1")!, "is_32bits")).toBe(1 << 9);
    expect(cdfBit(getProfile("disable-fifo-v4")!, "disable_fifo")).toBe(1 << 7);
    expect(cdfBit(getProfile("disable-fifo-v4")!, "vpmu")).toBeUndefined();
    expect(cdfBit(getProfile("evtchn-fifo-v5")!, "evtchn_fifo")).toBe(1 << 7);
    expect(getProfile("evtchn-fifo-off")!.fifo).toEqual({ kind: "config-off" });
  });

  it("behaviour switches differ only where the proposal changes Xen", () => {
    const up = getProfile("upstream")!;
    expect(getProfile("upstream-release")!.debug).toBe(false);
    expect(getProfile("pre-4.17")!.aarch32ZeroesUpperHalves).toBe(false);
    expect(up.aarch32ZeroesUpperHalves).toBe(true);
    expect(up.arm64DefaultType).toBe(32);
    expect(getProfile("is-32bits-v1")!.arm64DefaultType).toBe(64);
    expect(getProfile("realm-rfc-v1")!.toolstack.realm).toBe(true);
    expect(getProfile("realm-rfc-v1")!.armCca).toEqual({ debugVuart: false });
    expect(up.armCca).toBeUndefined();
  });

  it("is-32bits-v1 is the hypervisor patch alone: libxl unchanged (probe-first is an option)", () => {
    const v1 = getProfile("is-32bits-v1")!;
    expect(v1.toolstack).toEqual(getProfile("upstream")!.toolstack);
    expect(v1.toolstack).not.toHaveProperty("probeFirst");
  });
});

describe("source lines of older bases", () => {
  it("pre-4.17 prints RELEASE-4.16.0's line for the same message", async () => {
    const { makeLab } = await import("../testing/lab");
    const { libxlDefaultConfig } = await import("../domctl/createdomain-config");
    const lab = makeLab({ arch: "arm64", profile: "pre-4.17" });
    lab.xc.createDomain(libxlDefaultConfig("arm64", 0x43, 1));
    expect(lab.hv.console.read().at(-1)).toBe(
      "(XEN) arch/arm/domain.c:636: Unsupported configuration 0x43",
    );
  });
});
