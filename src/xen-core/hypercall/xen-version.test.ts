// do_xen_version (xen/common/kernel.c) under the dummy XSM policy (xsm/dummy.h).
import { describe, expect, it } from "vitest";
import { XEN_ERRNO } from "../abi/errno";
import { HYPERVISOR, XENVER } from "../abi/xen";
import { createGuest, giveGuestPage, makeLab } from "../testing/lab";
import type { Hypervisor } from "../hypervisor/hypervisor";
import type { Vcpu } from "../vcpu/vcpu";

const xv = (hv: Hypervisor, v: Vcpu, cmd: number, arg = 0n) =>
  hv.hypercall(v, HYPERVISOR.__HYPERVISOR_xen_version, [BigInt(cmd), arg, 0n, 0n, 0n]);

function readString(hv: Hypervisor, domid: number, gpa: number, len: number): string {
  const bytes = hv.domain(domid)!.memory.readPhys(gpa, len)!;
  const end = bytes.indexOf(0);
  return String.fromCharCode(...bytes.subarray(0, end < 0 ? len : end));
}

describe("xen_version", () => {
  it("XENVER_version is major << 16 | minor of the profile's base", () => {
    for (const [profile, v] of [
      ["upstream", 0x40016],
      ["pre-4.17", 0x40010],
      ["disable-fifo-v4", 0x4000f],
    ] as const) {
      const { hv } = makeLab({ profile });
      expect(xv(hv, hv.dom0.vcpus[0]!, XENVER.XENVER_version)).toBe(v);
    }
  });

  it("a domU reads extraversion and capabilities into its own memory", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    giveGuestPage(lab, g, 0x40000);
    const v = lab.hv.domain(g)!.vcpus[0]!;
    expect(xv(lab.hv, v, XENVER.XENVER_extraversion, 0x40000000n)).toBe(0);
    expect(readString(lab.hv, g, 0x40000000, 16)).toBe(".0");
    expect(xv(lab.hv, v, XENVER.XENVER_capabilities, 0x40000000n)).toBe(0);
    expect(readString(lab.hv, g, 0x40000000, 1024)).toBe("xen-3.0-aarch64 xen-3.0-armv7l ");
    expect(xv(lab.hv, v, XENVER.XENVER_extraversion, 0x50000000n)).toBe(-XEN_ERRNO.EFAULT);
  });

  it("commandline is <denied> for a domU, the real one for dom0; *2 ops are -EPERM", () => {
    const lab = makeLab({ arch: "x86_64" });
    const g = createGuest(lab);
    giveGuestPage(lab, g, 0x100);
    const v = lab.hv.domain(g)!.vcpus[0]!;
    expect(xv(lab.hv, v, XENVER.XENVER_commandline, 0x100000n)).toBe(0);
    expect(readString(lab.hv, g, 0x100000, 1024)).toBe("<denied>");
    expect(xv(lab.hv, v, XENVER.XENVER_commandline2, 0x100000n)).toBe(-XEN_ERRNO.EPERM);
    const d0 = lab.hv.dom0.vcpus[0]!;
    expect(xv(lab.hv, d0, XENVER.XENVER_commandline2, 0n)).toBe(
      "console=com1 com1=115200 dom0_mem=1024M,max:1024M loglvl=all guest_loglvl=all noreboot smap=0 smep=0"
        .length,
    );
    expect(xv(lab.hv, d0, XENVER.XENVER_build_id, 0n)).toBe(-XEN_ERRNO.ENODATA);
  });

  it("pagesize needs a NULL handle; unknown sub-ops are -ENOSYS", () => {
    const { hv } = makeLab();
    const d0 = hv.dom0.vcpus[0]!;
    expect(xv(hv, d0, XENVER.XENVER_pagesize)).toBe(4096);
    expect(xv(hv, d0, XENVER.XENVER_pagesize, 0x1000n)).toBe(-XEN_ERRNO.EINVAL);
    expect(xv(hv, d0, 99)).toBe(-XEN_ERRNO.ENOSYS);
    // The cmd is an int: only the low 32 bits of the register count.
    expect(xv(hv, d0, 0, 0n)).toBe(xv(hv, d0, Number(0x1_0000_0000n & 0xffffffffn)));
  });

  it("get_features: submap 0 only; Arm domUs are translated, not direct-mapped, SMCCC", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    giveGuestPage(lab, g, 0x40000);
    const v = lab.hv.domain(g)!.vcpus[0]!;
    const mem = lab.hv.domain(g)!.memory;
    mem.writePhys(0x40000000, new Uint8Array(8));
    expect(xv(lab.hv, v, XENVER.XENVER_get_features, 0x40000000n)).toBe(0);
    const submap = new DataView(mem.readPhys(0x40000000, 8)!.buffer).getUint32(4, true);
    expect(submap).toBe((1 << 0) | (1 << 2) | (1 << 13) | (1 << 14) | (1 << 16) | (1 << 18));
    mem.writePhys(0x40000000, Uint8Array.of(1, 0, 0, 0));
    expect(xv(lab.hv, v, XENVER.XENVER_get_features, 0x40000000n)).toBe(-XEN_ERRNO.EINVAL);
  });
});

describe("hypercall dispatch", () => {
  it("numbers without a handler are -ENOSYS and traced", () => {
    const { hv } = makeLab();
    const d0 = hv.dom0.vcpus[0]!;
    for (const nr of [0, 5, 31, 40, 43, 1000, -1]) {
      expect(hv.hypercall(d0, nr, [0n, 0n, 0n, 0n, 0n])).toBe(-XEN_ERRNO.ENOSYS);
    }
    expect(hv.trace.tail(1)[0]).toMatchObject({
      kind: "hypercall",
      nr: -1,
      ret: -XEN_ERRNO.ENOSYS,
    });
  });
});
