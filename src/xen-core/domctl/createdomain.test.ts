// createdomain's checks in Xen's order: sanitise_domain_config (xen/common/domain.c),
// arch_sanitise_domain_config (xen/arch/arm/domain.c, xen/arch/x86/domain.c),
// arch_domain_create's emulation flags (x86) and grant_table_init (common/grant_table.c).
import { describe, expect, it } from "vitest";
import { XEN_ERRNO } from "../abi/errno";
import { DOMID } from "../abi/xen";
import type { HostArch } from "../hypervisor/host";
import { cdfMask } from "../profiles/profiles";
import { makeLab } from "../testing/lab";
import { libxlDefaultConfig, type CreateDomainConfig } from "./createdomain-config";

const EINVAL = -XEN_ERRNO.EINVAL;

function tryCreate(
  arch: HostArch,
  edit: (c: CreateDomainConfig, flag: (...names: string[]) => number) => void,
  options: { profile?: string; host?: Record<string, unknown> } = {},
) {
  const lab = makeLab({ arch, ...options });
  const flag = (...names: string[]) => cdfMask(lab.hv.profile, names);
  const c = libxlDefaultConfig(arch, flag("hvm", "hap"), 1);
  edit(c, flag);
  const { ret, domid } = lab.xc.createDomain(c);
  const last = lab.hv.console.read().at(-1) ?? "";
  return { ret, domid, last, lab };
}

describe("common sanitise_domain_config", () => {
  it("rejects flags outside the tree's CDF bits, printing the whole word", () => {
    const r = tryCreate("arm64", (c) => (c.flags |= 1 << 12));
    expect(r.ret).toBe(EINVAL);
    expect(r.last).toBe("(XEN) common/domain.c:812: Unknown CDF flags 0x1003");
  });

  it("prints nothing in a release build but still returns -EINVAL", () => {
    const r = tryCreate("arm64", (c) => (c.flags |= 1 << 12), { profile: "upstream-release" });
    expect(r.ret).toBe(EINVAL);
    expect(r.last).toBe("(XEN) *** LOADING DOMAIN 0 ***");
  });

  it("checks grant options, vCPU count, hap without hvm, IOMMU, vmtrace, vpmu in order", () => {
    expect(tryCreate("arm64", (c) => (c.grantOpts = 0x11)).last).toContain(
      "Unknown grant options 0x11",
    );
    expect(tryCreate("arm64", (c) => (c.maxVcpus = 0)).last).toContain(
      "common/domain.c:824: No vCPUS",
    );
    // Both grant and vCPU count wrong: the grant check comes first.
    expect(
      tryCreate("arm64", (c) => {
        c.grantOpts = 0x10;
        c.maxVcpus = 0;
      }).last,
    ).toContain("Unknown grant options 0x10");
    expect(tryCreate("x86_64", (c, f) => (c.flags = f("hap"))).last).toContain(
      "HAP requested for non-HVM guest",
    );
    expect(tryCreate("arm64", (c, f) => (c.flags |= f("iommu"))).last).toContain(
      "common/domain.c:845: IOMMU requested but not available",
    );
    expect(
      tryCreate("arm64", (c, f) => ((c.flags |= f("iommu")), (c.iommuOpts = 2))).last,
    ).toContain("Unknown IOMMU options 0x2");
    expect(tryCreate("arm64", (c) => (c.iommuOpts = 1)).last).toContain(
      "IOMMU options specified but IOMMU not requested",
    );
    expect(tryCreate("arm64", (c) => (c.vmtraceSize = 4096)).last).toContain(
      "vmtrace requested but not available",
    );
    // x86 hosts have vpmu off by default (opt_vpmu_enabled).
    expect(tryCreate("x86_64", (c, f) => (c.flags |= f("vpmu"))).last).toContain(
      "common/domain.c:867: vpmu requested but cannot be enabled this way",
    );
    expect(tryCreate("arm64", (c, f) => (c.flags |= f("vpmu"))).ret).toBe(0);
    expect(
      tryCreate("arm64", (c, f) => (c.flags |= f("vpmu")), { host: { vpmu: false } }).last,
    ).toContain("vpmu requested but cannot be enabled this way");
  });
});

describe("Arm arch_sanitise_domain_config", () => {
  it("requires exactly hvm|hap plus optional iommu, vpmu, xs_domain, trap_unmapped_accesses", () => {
    const nested = tryCreate("arm64", (c, f) => (c.flags |= f("nested_virt")));
    expect(nested.ret).toBe(EINVAL);
    expect(nested.last).toBe("(XEN) arch/arm/domain.c:571: Unsupported configuration 0x43");
    expect(tryCreate("arm64", (c, f) => (c.flags = f("hvm"))).last).toContain(
      "Unsupported configuration 0x1",
    );
    expect(tryCreate("arm64", (c, f) => (c.flags |= f("oos_off"))).last).toContain(
      "Unsupported configuration 0xb",
    );
    expect(
      tryCreate("arm64", (c, f) => (c.flags |= f("xs_domain", "trap_unmapped_accesses"))).ret,
    ).toBe(0);
  });

  it("disable-fifo-v4: Arm refuses disable_fifo (v4 1/3 left arch/arm/domain.c alone)", () => {
    const r = tryCreate("arm64", (c, f) => (c.flags |= f("disable_fifo")), {
      profile: "disable-fifo-v4",
    });
    expect(r.ret).toBe(EINVAL);
    // RELEASE-4.15.0's line for the check.
    expect(r.last).toBe("(XEN) arch/arm/domain.c:629: Unsupported configuration 0x83");
    const x86 = tryCreate("x86_64", (c, f) => (c.flags |= f("disable_fifo")), {
      profile: "disable-fifo-v4",
    });
    expect(x86.ret).toBe(0);
  });

  it("checks pad, SVE, no_sharept, GIC, vCPU limit, TEE, altp2m, v8r", () => {
    expect(tryCreate("arm64", (c) => (c.arm.pad = 1)).last).toContain(
      "Invalid domain configuration during domain creation",
    );
    expect(tryCreate("arm64", (c) => (c.arm.sveVl = 1)).last).toContain(
      "SVE is unsupported on this machine.",
    );
    expect(
      tryCreate("arm64", (c) => (c.arm.sveVl = 4), { host: { sveMaxBits: 256 } }).last,
    ).toContain("Requested SVE vector length (512) > supported length (256)");
    expect(
      tryCreate("arm64", (c, f) => ((c.flags |= f("iommu")), (c.iommuOpts = 1)), {
        host: { iommu: true },
      }).last,
    ).toContain("Unsupported iommu option: XEN_DOMCTL_IOMMU_no_sharept");
    expect(tryCreate("arm64", (c) => (c.arm.gicVersion = 1)).last).toContain(
      "Unsupported GIC version",
    );
    expect(tryCreate("arm64", (c) => (c.maxVcpus = 129)).last).toContain(
      "Requested vCPUs (129) exceeds max (128)",
    );
    expect(tryCreate("arm64", (c) => (c.maxVcpus = 9), { host: { gic: "v2" } }).last).toContain(
      "Requested vCPUs (9) exceeds max (8)",
    );
    expect(tryCreate("arm64", (c) => (c.arm.teeType = 1)).last).toContain("Unsupported TEE type");
    expect(tryCreate("arm64", (c) => (c.arm.teeType = 1), { host: { tee: "optee" } }).ret).toBe(0);
    expect(tryCreate("arm64", (c) => (c.altp2mNr = 1)).last).toContain("Altp2m not supported");
    expect(tryCreate("arm64", (c) => (c.arm.v8rEl1Msa = 2)).last).toContain(
      "Unsupported v8r_el1_msa value",
    );
  });

  it("rewrites gic_version NATIVE to the hardware version", () => {
    const ok = tryCreate("arm64", () => undefined);
    expect(ok.ret).toBe(0);
    const d = ok.lab.hv.domain(ok.domid)!;
    expect(d.arch.kind === "arm" && d.arch.gicVersion).toBe(2); // XEN_DOMCTL_CONFIG_GIC_V3
  });

  it("grant_table_init: Arm supports grant version 1 only; version 0 is invalid", () => {
    expect(tryCreate("arm64", (c) => (c.grantOpts = 2)).last).toBe(
      "(XEN) common/grant_table.c:2002: d1: requested grant version (2) greater than supported (1)",
    );
    expect(tryCreate("arm64", (c) => (c.grantOpts = 0)).last).toContain(
      "d1: invalid grant table version 0 requested",
    );
    expect(tryCreate("x86_64", (c) => (c.grantOpts = 2)).ret).toBe(0);
  });
});

describe("x86 arch_sanitise_domain_config", () => {
  it("rejects trap_unmapped_accesses, printing the flags word", () => {
    const r = tryCreate("x86_64", (c, f) => (c.flags |= f("trap_unmapped_accesses")));
    expect(r.ret).toBe(EINVAL);
    expect(r.last).toBe(
      "(XEN) arch/x86/domain.c:680: Unsupported trap_unmapped_accesses flag 0x103",
    );
  });

  it("forces oos_off on PV domains, silently", () => {
    const r = tryCreate("x86_64", (c) => {
      c.flags = 0;
      c.x86.emulationFlags = 0;
    });
    expect(r.ret).toBe(0);
    expect(r.lab.hv.domain(r.domid)!.options).toBe(cdfMask(r.lab.hv.profile, ["oos_off"]));
  });

  it("limits vCPUs (HVM 128, PV 8192), S3 without TBOOT, nested virt without HAP", () => {
    expect(tryCreate("x86_64", (c) => (c.maxVcpus = 129)).last).toContain(
      "Requested vCPUs (129) exceeds max (128)",
    );
    expect(
      tryCreate("x86_64", (c) => {
        c.flags = 0;
        c.x86.emulationFlags = 0;
        c.maxVcpus = 8193;
      }).last,
    ).toContain("Requested vCPUs (8193) exceeds max (8192)");
    expect(tryCreate("x86_64", (c, f) => (c.flags |= f("s3_integrity"))).last).toContain(
      "S3 integrity check not valid without CONFIG_TBOOT",
    );
    expect(tryCreate("x86_64", (c, f) => (c.flags = f("hvm", "nested_virt"))).last).toContain(
      "arch/x86/domain.c:651: Nested virt not supported without HAP",
    );
    expect(tryCreate("x86_64", (c) => (c.x86.miscFlags = 2)).last).toContain(
      "Invalid arch misc flags 0x2",
    );
    expect(tryCreate("x86_64", () => undefined, { host: { hvm: false } }).last).toContain(
      "HVM support not available",
    );
  });

  it("checks the emulation bitmap in arch_domain_create (printk, always printed)", () => {
    const bad = tryCreate("x86_64", (c) => (c.x86.emulationFlags = 0x1000), {
      profile: "upstream-release",
    });
    expect(bad.ret).toBe(EINVAL);
    expect(bad.last).toBe("(XEN) d1: invalid emulation bitmap: 0x1000");
    const combo = tryCreate("x86_64", (c) => (c.x86.emulationFlags = 0x3));
    expect(combo.ret).toBe(-XEN_ERRNO.EOPNOTSUPP);
    expect(combo.last).toBe("(XEN) d1: will not create HVM domain with emulators: 0x3");
  });

  it("is-32bits-v1: x86 accepts bit 9 and ignores it (the review finding)", () => {
    const r = tryCreate("x86_64", (c, f) => (c.flags |= f("is_32bits")), {
      profile: "is-32bits-v1",
    });
    expect(r.ret).toBe(0);
    // Upstream does not know bit 9 at all.
    const up = tryCreate("x86_64", (c) => (c.flags |= 1 << 9));
    expect(up.last).toContain("Unknown CDF flags 0x203");
  });

  it("evtchn-fifo-v5: evtchn_upcall is for HVM only (v5 2/4, xen/arch/x86/domain.c)", () => {
    const v5 = { profile: "evtchn-fifo-v5" };
    const pv = tryCreate(
      "x86_64",
      (c, f) => {
        c.flags = f("evtchn_upcall");
        c.x86.emulationFlags = 0;
      },
      v5,
    );
    expect(pv.ret).toBe(EINVAL);
    expect(pv.last).toBe(
      "(XEN) arch/x86/domain.c:654: Per-vCPU event channel vector only supported for HVM guests",
    );
    expect(
      tryCreate("x86_64", (c, f) => (c.flags |= f("evtchn_upcall", "evtchn_fifo")), v5).ret,
    ).toBe(0);
    // Arm's check (v5 1/4) lets evtchn_fifo through, not evtchn_upcall: 0x103.
    expect(tryCreate("arm64", (c, f) => (c.flags |= f("evtchn_fifo")), v5).ret).toBe(0);
    expect(tryCreate("arm64", (c, f) => (c.flags |= f("evtchn_upcall")), v5).last).toBe(
      "(XEN) arch/arm/domain.c:629: Unsupported configuration 0x103",
    );
  });
});

describe("createdomain domid handling (xen/common/domctl.c)", () => {
  it("an exact id that is taken gives -EEXIST; DOMID_ANY never gives 0", () => {
    const lab = makeLab({ arch: "arm64" });
    const c = libxlDefaultConfig("arm64", cdfMask(lab.hv.profile, ["hvm", "hap"]), 1);
    expect(lab.xc.createDomain(c, 0).ret).toBe(-XEN_ERRNO.EEXIST);
    expect(lab.xc.createDomain(c, 7).domid).toBe(7);
    expect(lab.xc.createDomain(c, DOMID.DOMID_SELF).ret).toBe(-XEN_ERRNO.EEXIST);
    expect(lab.xc.createDomain(c).domid).toBe(1);
  });

  it("a failed create frees its id and leaves nothing behind", () => {
    const lab = makeLab({ arch: "arm64" });
    const bad = libxlDefaultConfig("arm64", 0x43, 1);
    expect(lab.xc.createDomain(bad).ret).toBe(EINVAL);
    expect(lab.hv.domains.size).toBe(1);
    expect(lab.xc.createDomain(bad, 5).ret).toBe(EINVAL);
    const ok = libxlDefaultConfig("arm64", 0x3, 1);
    expect(lab.xc.createDomain(ok, 5).domid).toBe(5);
  });
});
