// The Create domain panel's logic: the live verdict is createdomain's own checks, and
// the Create button's libxl-like sequence leaves nothing half-made.
import { describe, expect, it } from "vitest";
import { bootLab, DEFAULT_SETTINGS } from "./lab-session";
import { createDomain, destroyDomain, nameProblem, previewCreate } from "./create-flow";

const form = { name: "guest1", maxVcpus: 1, memoryMiB: 128, flags: 0x3 };

describe("create flow", () => {
  it("previews Xen's answer without creating anything", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    expect(previewCreate(lab, form)).toEqual({ ok: true });
    expect(previewCreate(lab, { ...form, flags: 0x43 })).toEqual({
      ok: false,
      ret: -22,
      errno: "-EINVAL",
      message: "Unsupported configuration 0x43",
      consoleLine: "arch/arm/domain.c:571: Unsupported configuration 0x43",
    });
    expect(lab.hv.domains.size).toBe(1);
    const release = bootLab({ ...DEFAULT_SETTINGS, profile: "upstream-release" });
    expect(previewCreate(release, { ...form, flags: 0x43 })).toMatchObject({
      ok: false,
      consoleLine: undefined,
    });
  });

  it("creates, names, brings vCPU0 up and unpauses, as libxl does", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const r = createDomain(lab, form);
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => s.call)).toEqual([
      "XEN_DOMCTL_createdomain",
      "XEN_DOMCTL_max_vcpus",
      "XEN_DOMCTL_max_mem",
      "XEN_DOMCTL_setvcpucontext",
      "XEN_DOMCTL_unpausedomain",
    ]);
    const d = lab.hv.snapshot().domains.find((x) => x.domid === r.domid)!;
    expect(d.state).toBe("blocked");
    expect(lab.xenstore.domainName(r.domid!)).toBe("guest1");
    expect(nameProblem(lab, "guest1")).toBe("Domain name 'guest1' is already in use.");
    expect(createDomain(lab, form)).toMatchObject({ ok: false, steps: [] });
  });

  it("a failing step destroys the new domain", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const r = createDomain(lab, { ...form, maxVcpus: 0 });
    expect(r).toMatchObject({ ok: false, error: "createdomain failed: -EINVAL" });
    expect(lab.hv.domains.size).toBe(1);
  });

  it("destroy forgets the name", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const { domid } = createDomain(lab, form);
    expect(destroyDomain(lab, domid!)).toBe(0);
    expect(lab.xenstore.domainName(domid!)).toBeUndefined();
    expect(destroyDomain(lab, 0)).toBe(-22);
  });
});
