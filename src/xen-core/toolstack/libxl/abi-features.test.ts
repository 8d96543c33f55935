// The toolstack halves of the 2020 FIFO series: v4's `disable_evtchn_fifo` and v5's
// `xen_abi_features` ("[PATCH v4 2/3]", "[PATCH v4 3/3]", <20201124191751.11472-3/4-
// paul@xen.org>; "[PATCH v5 1/4]" .. "[PATCH v5 4/4]", <20201203124159.3688-2..5-
// paul@xen.org>), read by xl only under the profile whose tree has them, turned into
// createdomain flags by libxl__domain_make and libxl__arch_domain_prepare_config.
import { describe, expect, it } from "vitest";
import { DEFAULT_HOST } from "../../hypervisor/host";
import { Hypervisor } from "../../hypervisor/hypervisor";
import { cdfMask } from "../../profiles/profiles";
import { Dom0Shell } from "../shell/shell";

function create(profile: string, arch: "arm64" | "x86_64", config: string) {
  const hv = new Hypervisor({ arch, profile, host: DEFAULT_HOST[arch] });
  const sh = new Dom0Shell(hv, { toolstack: { onDomainStarted: () => {} } });
  const kernel = arch === "arm64" ? "images/sample-arm64.Image" : "labkernel";
  const text = `name = "g"\nkernel = "${kernel}"\nmemory = 16\n${config}\n`;
  sh.vfs.write("/root/g.cfg", new TextEncoder().encode(text));
  const r = sh.run("xl create g.cfg");
  const create = hv.trace
    .tail()
    .find((e) => e.kind === "hypercall" && e.name === "domctl" && e.op === "createdomain");
  const flags =
    create?.kind === "hypercall" ? Number((create.args as { flags: string }).flags) : undefined;
  const mask = (...names: string[]) => cdfMask(hv.profile, names);
  return { hv, r, flags, mask, console: hv.console.read().join("\n") };
}

describe("disable_fifo v4: xl's disable_evtchn_fifo", () => {
  it("sets XEN_DOMCTL_CDF_disable_fifo on request, only then", () => {
    const on = create("disable-fifo-v4", "x86_64", 'type = "pvh"\ndisable_evtchn_fifo = 1');
    expect(on.r.exit).toBe(0);
    expect(on.flags).toBe(on.mask("hvm", "hap", "disable_fifo"));
    const off = create("disable-fifo-v4", "x86_64", 'type = "pvh"\ndisable_evtchn_fifo = 0');
    expect(off.flags).toBe(off.mask("hvm", "hap"));
    expect(create("disable-fifo-v4", "x86_64", 'type = "pvh"').flags).toBe(off.flags);
  });

  it("on Arm the flag reaches a Xen whose Arm check v4 did not change: xl create fails", () => {
    const r = create("disable-fifo-v4", "arm64", "disable_evtchn_fifo = 1\ngic_version = 'v3'");
    expect(r.r.exit).toBe(3);
    expect(r.console).toContain("arch/arm/domain.c:629: Unsupported configuration 0x83");
    expect(r.r.stderr).toContain("libxl__domain_make: domain creation fail: Invalid argument");
  });

  it("is a key no other xl reads: ignored silently elsewhere", () => {
    for (const profile of ["upstream", "evtchn-fifo-v5"]) {
      const r = create(profile, "x86_64", 'type = "pvh"\ndisable_evtchn_fifo = 1');
      expect(r.r.exit).toBe(0);
      expect(r.flags! & (1 << 7)).toBe(profile === "evtchn-fifo-v5" ? 1 << 7 : 0);
    }
  });
});

describe("evtchn_fifo v5: libxl opts in by default, xl's xen_abi_features opts out", () => {
  it("every domain gets evtchn_fifo, x86 HVM ones evtchn_upcall too", () => {
    const hvm = create("evtchn-fifo-v5", "x86_64", 'type = "hvm"');
    expect(hvm.flags).toBe(hvm.mask("hvm", "hap", "evtchn_fifo", "evtchn_upcall"));
    const pvh = create("evtchn-fifo-v5", "x86_64", 'type = "pvh"');
    expect(pvh.flags).toBe(pvh.mask("hvm", "hap", "evtchn_fifo"));
    const arm = create("evtchn-fifo-v5", "arm64", "");
    expect(arm.r.exit).toBe(0);
    expect(arm.flags).toBe(arm.mask("hvm", "hap", "evtchn_fifo"));
  });

  it('"!evtchn_fifo" keeps FIFO hidden; later items override earlier ones', () => {
    const off = create(
      "evtchn-fifo-v5",
      "x86_64",
      'type = "hvm"\nxen_abi_features = [ "!evtchn_fifo" ]',
    );
    expect(off.flags).toBe(off.mask("hvm", "hap", "evtchn_upcall"));
    const both = create(
      "evtchn-fifo-v5",
      "x86_64",
      'type = "hvm"\nxen_abi_features = [ "!EVTCHN_FIFO", "!evtchn_upcall", "evtchn_fifo" ]',
    );
    expect(both.flags).toBe(both.mask("hvm", "hap", "evtchn_fifo"));
  });

  it("xl's and libxl's errors", () => {
    const unknown = create("evtchn-fifo-v5", "x86_64", 'xen_abi_features = [ "!fifo" ]');
    expect([unknown.r.exit, unknown.r.stderr]).toEqual([
      3,
      "Parsing config from g.cfg\nxl: Unknown Xen ABI feature 'fifo'\n",
    ]);
    const single = create("evtchn-fifo-v5", "x86_64", 'xen_abi_features = "!evtchn_fifo"');
    expect(single.r.exit).toBe(3);
    expect(single.r.stderr).toContain("xl: Unable to parse Xen ABI features.\n");
    const pvh = create("evtchn-fifo-v5", "x86_64", 'type = "pvh"\nxen_abi_features = [ "all" ]');
    expect(pvh.r.exit).toBe(3);
    expect(pvh.r.stderr).toContain(
      "libxl: error: libxl_x86.c:14:libxl__arch_domain_prepare_config: unsupported Xen ABI feature 'evtchn_upcall'\n",
    );
    const arm = create("evtchn-fifo-v5", "arm64", 'xen_abi_features = [ "evtchn_upcall" ]');
    expect(arm.r.stderr).toContain(
      "libxl: error: libxl_arm.c:35:libxl__arch_domain_prepare_config: unsupported Xen ABI feature 'evtchn_upcall'\n",
    );
  });

  it("upstream's xl never reads the key", () => {
    const r = create("upstream", "x86_64", 'type = "hvm"\nxen_abi_features = [ "bogus" ]');
    expect(r.r.exit).toBe(0);
    expect(r.flags).toBe(r.mask("hvm", "hap"));
  });
});
