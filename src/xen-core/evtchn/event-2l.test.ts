// The 2-level ABI in guest memory (xen/common/event_2l.c, xen/include/public/xen.h and
// arch headers): the guest reads the bits Xen set at the offsets of its layout, in
// Xen's order; the upcall (xen/arch/arm/domain.c vcpu_mark_events_pending: PPI 31);
// XENMEM_add_to_physmap and VCPUOP_register_vcpu_info placing the structures.
import { describe, expect, it } from "vitest";
import { EVTCHNOP } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import { PAGE_SIZE } from "../ids";
import { makeLab } from "../testing/lab";
import {
  TEST_RAM_GFN,
  allocUnbound,
  bindInterdomain,
  createGuestWithRam,
  mapSharedInfoAt,
  portOp,
  registerVcpuInfo,
  vcpuOf,
} from "../testing/evtchn-lab";
import { SHARED_INFO_ARM, SHARED_INFO_X86_32, SHARED_INFO_X86_64 } from "./layout";

const E = XEN_ERRNO;
const C = EVTCHNOP;
const SHINFO_GFN = TEST_RAM_GFN + 1;
const VCPU_INFO_GFN = TEST_RAM_GFN + 2;

function setup(arch: "arm64" | "x86_64") {
  const lab = makeLab({ arch });
  const a = createGuestWithRam(lab, 2);
  const b = createGuestWithRam(lab, 1);
  const hv = lab.hv;
  const va = vcpuOf(hv, a);
  const vb = vcpuOf(hv, b);
  expect(mapSharedInfoAt(hv, vb, SHINFO_GFN)).toBe(0);
  return { hv, a, b, va, vb, mem: hv.domain(b)!.memory };
}

/** A byte of the guest's shared_info page as the guest reads it. */
const byte = (mem: ReturnType<typeof setup>["mem"], off: number) =>
  mem.readPhys(SHINFO_GFN * PAGE_SIZE + off, 1)![0]!;

describe("layouts (public headers, computed)", () => {
  it("Arm: pending @48, mask @560, 48-byte vcpu_info with the selector @8", () => {
    expect(SHARED_INFO_ARM).toMatchObject({
      evtchnPending: 48,
      evtchnMask: 560,
      vcpuInfoSize: 48,
      pendingSel: 8,
      legacyVcpus: 1,
    });
    expect(SHARED_INFO_X86_64).toMatchObject({
      evtchnPending: 2048,
      evtchnMask: 2560,
      pendingSel: 8,
      legacyVcpus: 32,
    });
    expect(SHARED_INFO_X86_32).toMatchObject({
      evtchnPending: 2048,
      evtchnMask: 2176,
      pendingSel: 4,
      wordBits: 32,
    });
  });
});

describe("2-level set_pending in guest memory", () => {
  for (const arch of ["arm64", "x86_64"] as const) {
    it(`${arch}: bind marks pending, selector and upcall in the guest's shared_info`, () => {
      const { hv, a, va, vb, mem, b } = setup(arch);
      const l = hv.domain(b)!.evtchn.shared.layout;
      const pa = allocUnbound(hv, va, b);
      const pb = bindInterdomain(hv, vb, a, pa);
      expect(pb).toBe(1);
      expect(byte(mem, l.evtchnPending) & 0b10).toBe(0b10);
      expect(byte(mem, l.pendingSel) & 1).toBe(1); // word 0
      expect(byte(mem, l.upcallPending)).toBe(1);
      expect(vb.evtchnIrqPending).toBe(true);
      expect(vb.evtchnIrqInjected).toBe(1);
      // Sending again while pending changes nothing and injects nothing.
      expect(portOp(hv, va, C.EVTCHNOP_send, pa)).toBe(0);
      expect(vb.evtchnIrqInjected).toBe(1);
    });
  }

  it("a masked port gets its pending bit but no selector bit and no upcall", () => {
    const { hv, a, va, vb, mem, b } = setup("arm64");
    const l = hv.domain(b)!.evtchn.shared.layout;
    mem.writePhys(SHINFO_GFN * PAGE_SIZE + l.evtchnMask, Uint8Array.of(0b10));
    const pa = allocUnbound(hv, va, b);
    bindInterdomain(hv, vb, a, pa);
    expect(byte(mem, l.evtchnPending)).toBe(0b10);
    expect(byte(mem, l.pendingSel)).toBe(0);
    expect(vb.evtchnIrqInjected).toBe(0);
    // Unmask re-raises: mask bit cleared, selector set, upcall.
    expect(portOp(hv, vb, C.EVTCHNOP_unmask, 1)).toBe(0);
    expect(byte(mem, l.evtchnMask)).toBe(0);
    expect(byte(mem, l.pendingSel)).toBe(1);
    expect(vb.evtchnIrqInjected).toBe(1);
  });

  it("the selector bit is port / BITS_PER_EVTCHN_WORD: 64 on Arm, 32 for x86-32", () => {
    for (const [arch, compat, port, word] of [
      ["arm64", false, 70, 1],
      ["x86_64", true, 70, 2],
    ] as const) {
      const { hv, va, b, mem } = setup(arch);
      const d = hv.domain(b)!;
      d.evtchn.shared.compat = compat;
      const vb = vcpuOf(hv, b);
      for (let i = 1; i < port; i++) allocUnbound(hv, vb, b);
      const p = allocUnbound(hv, va, b); // d-a port to b ...
      expect(p).toBeGreaterThan(0);
      const lp = bindInterdomain(hv, vb, hv.domain(va.domid)!.domid, p);
      expect(lp).toBe(port);
      const l = d.evtchn.shared.layout;
      expect(byte(mem, l.pendingSel) & (1 << word)).toBe(1 << word);
      expect(byte(mem, l.evtchnPending + (port >> 3)) & (1 << (port & 7))).not.toBe(0);
    }
  });
});

describe("XENMEM_add_to_physmap (XENMAPSPACE_shared_info)", () => {
  it("bits Xen set before the mapping show up in the guest frame", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab);
    const hv = lab.hv;
    const va = vcpuOf(hv, a);
    allocUnbound(hv, va, 0x7ff0);
    bindInterdomain(hv, va, 0x7ff0, 1);
    expect(mapSharedInfoAt(hv, va, SHINFO_GFN)).toBe(0);
    expect(hv.domain(a)!.memory.readPhys(SHINFO_GFN * PAGE_SIZE + 48, 1)![0]).toBe(0b100);
  });

  it("-EINVAL for idx != 0 and INVALID_GFN; -EPERM on another domain; -ESRCH", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab);
    const b = createGuestWithRam(lab);
    const hv = lab.hv;
    const va = vcpuOf(hv, a);
    const mem = hv.domain(a)!.memory;
    const call = (fill: (s: Uint8Array) => void) => {
      const s = new Uint8Array(24);
      fill(s);
      mem.writePhys(TEST_RAM_GFN * PAGE_SIZE, s);
      return hv.hypercall(va, 12, [7n, BigInt(TEST_RAM_GFN * PAGE_SIZE), 0n, 0n, 0n]);
    };
    expect(call((s) => ((s[0] = 0xf0), (s[1] = 0x7f), (s[8] = 1), (s[16] = 5)))).toBe(-E.EINVAL);
    expect(call((s) => ((s[0] = 0xf0), (s[1] = 0x7f), s.fill(0xff, 16)))).toBe(-E.EINVAL);
    expect(call((s) => ((s[0] = b), (s[16] = 5)))).toBe(-E.EPERM);
    expect(call((s) => ((s[0] = 99), (s[16] = 5)))).toBe(-E.ESRCH);
    expect(call((s) => ((s[0] = 0xf0), (s[1] = 0x7f), (s[4] = 4)))).toBe(-E.ENOSYS);
  });

  it("x86-32 compat callers use the 16-byte layout (idx @8, gpfn @12)", () => {
    const lab = makeLab({ arch: "x86_64" });
    const a = createGuestWithRam(lab);
    const hv = lab.hv;
    const va = vcpuOf(hv, a);
    const s = new Uint8Array(16);
    s[0] = 0xf0;
    s[1] = 0x7f;
    new DataView(s.buffer).setUint32(12, SHINFO_GFN, true);
    hv.domain(a)!.memory.writePhys(TEST_RAM_GFN * PAGE_SIZE, s);
    expect(hv.hypercall(va, 12, [7n, BigInt(TEST_RAM_GFN * PAGE_SIZE), 0n, 0n, 0n])).toBe(0);
    expect(hv.domain(a)!.evtchn.shared.gfn).toBe(SHINFO_GFN);
  });
});

describe("VCPUOP_register_vcpu_info (xen/common/domain.c)", () => {
  it("Arm vCPU1 starts on the dummy: events reach it only once registered", () => {
    const { hv, a, va } = setup("arm64");
    const v1 = vcpuOf(hv, a, 1);
    const ipi = (vcpu: number) =>
      portOp(
        hv,
        va,
        C.EVTCHNOP_send,
        (() => {
          const r = new Uint8Array(8);
          r[0] = vcpu;
          hv.domain(a)!.memory.writePhys(TEST_RAM_GFN * PAGE_SIZE, r);
          hv.hypercall(va, 32, [
            BigInt(C.EVTCHNOP_bind_ipi),
            BigInt(TEST_RAM_GFN * PAGE_SIZE),
            0n,
            0n,
            0n,
          ]);
          return hv.domain(a)!.memory.readPhys(TEST_RAM_GFN * PAGE_SIZE + 4, 1)![0]!;
        })(),
      );
    expect(ipi(1)).toBe(0);
    expect(v1.evtchnIrqInjected).toBe(1); // the dummy's upcall_pending was clear
    expect(registerVcpuInfo(hv, v1, VCPU_INFO_GFN, 64)).toBe(0);
    // Registration sets every selector bit and marks events pending.
    const mem = hv.domain(a)!.memory;
    const sel = mem.readPhys(VCPU_INFO_GFN * PAGE_SIZE + 64 + 8, 8)!;
    expect([...sel]).toEqual(new Array(8).fill(0xff));
    expect(mem.readPhys(VCPU_INFO_GFN * PAGE_SIZE + 64, 1)![0]).toBe(1);
    expect(v1.evtchnIrqInjected).toBe(2);
    expect(registerVcpuInfo(hv, v1, VCPU_INFO_GFN, 128)).toBe(-E.EBUSY);
  });

  it("checks: -ENOENT, -EINVAL (offset past the frame, non-RAM), -ENXIO (crossing, alignment)", () => {
    const { hv, a, va } = setup("arm64");
    expect(registerVcpuInfo(hv, va, VCPU_INFO_GFN, 4096)).toBe(-E.EINVAL);
    expect(registerVcpuInfo(hv, va, VCPU_INFO_GFN, 4090)).toBe(-E.ENXIO);
    expect(registerVcpuInfo(hv, va, VCPU_INFO_GFN, 4)).toBe(-E.ENXIO);
    expect(registerVcpuInfo(hv, va, 0x10, 0)).toBe(-E.EINVAL);
    const missing = { ...va, vcpuId: 5 } as typeof va;
    expect(registerVcpuInfo(hv, missing, VCPU_INFO_GFN, 0)).toBe(-E.ENOENT);
    expect(hv.domain(a)!.evtchn.shared.isRegistered(0)).toBe(false);
  });
});
