// The arm64 boot-time path (dom0 and dom0less: xen/arch/arm/domain_build.c and
// xen/common/device-tree/dom0less-build.c), the lab's second build path: the kernel is
// probed after vCPU0 exists and the type is set before memory; a 32-bit kernel on a CPU
// without AArch32 at EL1 panics Xen with construct_domain's message.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_HOST } from "../../hypervisor/host";
import { Hypervisor } from "../../hypervisor/hypervisor";
import type { ArmVcpu } from "../../vcpu/arm-vcpu";
import { kernelFromBytes } from "../kernel/source";
import { bootTimeBuild } from "./dom0less";

const sample = (name: string) =>
  kernelFromBytes(
    name,
    new Uint8Array(readFileSync(new URL(`../../../../public/images/${name}`, import.meta.url))),
  );

function boot(kernel: string, aarch32El1 = true, hardwareDomain = false) {
  const hv = new Hypervisor({ arch: "arm64", host: { ...DEFAULT_HOST.arm64, aarch32El1 } });
  const before = hv.console.read().length;
  const r = bootTimeBuild(hv, {
    name: "dl",
    kernel: sample(kernel),
    memoryKb: 65536,
    vcpus: 2,
    hardwareDomain,
  });
  return { hv, r, console: hv.console.read().slice(before) };
}

describe("boot-time build (dom0less)", () => {
  it("a 64-bit Image: type 64, every vCPU AArch64; the secondary vCPU offline", () => {
    const { hv, r, console } = boot("sample-arm64.Image");
    expect(r.rc).toBe(0);
    const d = hv.domain(r.domid!)!;
    expect(d.type).toBe(64);
    expect(d.vcpus.map((v) => (v!.regs as ArmVcpu).hcrRw)).toEqual([true, true]);
    expect(d.vcpus.map((v) => v!.online)).toEqual([true, false]);
    expect(console).toEqual([
      "(XEN) *** LOADING DOMU cpus=2 memory=0x10000KB ***",
      "(XEN) Loading d1 kernel from boot module @ 0000000048000000",
      "(XEN) Loading zImage from 0000000048000000 to 0000000040000000-0000000040001000",
    ]);
  });

  it("a 32-bit zImage: type 32, vCPUs AArch32", () => {
    const { hv, r } = boot("sample-arm32.zImage");
    const d = hv.domain(r.domid!)!;
    expect([d.type, (d.vcpu(0)!.regs as ArmVcpu).hcrRw]).toEqual([32, false]);
  });

  it("a 32-bit zImage without AArch32 at EL1: Xen panics, nothing is left", () => {
    const { hv, r, console } = boot("sample-arm32.zImage", false);
    expect(r.rc).toBe(-22);
    expect(hv.domains.size).toBe(1);
    expect(console.slice(2, 6)).toEqual([
      "(XEN) Platform does not support 32-bit domain",
      "(XEN) ",
      "(XEN) ****************************************",
      "(XEN) Panic on CPU 0:",
    ]);
    expect(console).toContain("(XEN) Could not set up domain dl (rc = -22)");
  });

  it("dom0's construction (hardware domain) names the domain by id", () => {
    const { r, console } = boot("sample-arm32.zImage", false, true);
    expect(r.panic).toBe("Could not set up d1 guest OS (rc = -22)");
    expect(console[0]).toBe("(XEN) *** LOADING DOMAIN 0 ***");
  });

  it("a uImage without a load address, and a gzipped Image", () => {
    expect(boot("sample-arm64.uImage").console).toContain(
      "(XEN) No load address provided. Xen will decide where to load it.",
    );
    const gz = boot("sample-arm64.Image.gz");
    expect(gz.hv.domain(gz.r.domid!)!.type).toBe(64);
  });
});
