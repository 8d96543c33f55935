// The guest-facing hypercalls beside event channels: HVMOP_set/get_param
// (xen/arch/x86/hvm/hvm.c, xen/arch/arm/hvm.c), SCHEDOP_* (xen/common/sched/core.c),
// CONSOLEIO_* (xen/drivers/char/console.c, xsm_console_io in xen/include/xsm/dummy.h),
// VCPUOP_* dispatch (xen/arch/{arm,x86}/domain.c) and domain_crash
// (xen/common/domain.c __domain_crash).
import { describe, expect, it } from "vitest";
import { EVTCHNOP, VIRQ } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import { HVMOP, SCHEDOP, SHUTDOWN_MAX } from "../abi/guest-ops";
import { SHUTDOWN } from "../abi/domctl";
import { HYPERVISOR } from "../abi/xen";
import { domainCrash } from "../domain/domain-shutdown";
import type { EmulatedGuest } from "../domain/emulated-guest";
import { domainSnapshot } from "../hypervisor/snapshot";
import { makeLab } from "../testing/lab";
import { ARG_GPA, createGuestWithRam, evtchnOp, structCall, vcpuOf } from "../testing/evtchn-lab";

const E = XEN_ERRNO;
const H = HYPERVISOR;

function hvmParam(
  lab: ReturnType<typeof makeLab>,
  domid: number,
  set: boolean,
  index: number,
  value = 0n,
  target = 0x7ff0,
) {
  return structCall(
    lab.hv,
    vcpuOf(lab.hv, domid),
    H.__HYPERVISOR_hvm_op,
    BigInt(set ? HVMOP.HVMOP_set_param : HVMOP.HVMOP_get_param),
    16,
    (s) => s.setU16(0, target).setU32(4, index).setU64(8, value),
  );
}

describe("HVMOP_set_param / get_param", () => {
  it("x86: a guest sets its own HVM_PARAM_CALLBACK_IRQ; it latches has_32bit_shinfo", () => {
    const lab = makeLab({ arch: "x86_64" });
    const a = createGuestWithRam(lab);
    const sh = lab.hv.domain(a)!.evtchn.shared;
    expect(sh.compat).toBe(false);
    expect(hvmParam(lab, a, true, 0, 5n).ret).toBe(0);
    expect(sh.compat).toBe(true);
    expect(sh.layout.kind).toBe("x86_32");
    expect(lab.hv.domain(a)!.callbackVia).toBe("gsi");
    expect(lab.hv.console.read().at(-1)).toBe(`(XEN) Dom${a} callback via changed to GSI 5`);
    const got = hvmParam(lab, a, false, 0);
    expect([got.ret, got.out.u64(8)]).toEqual([0, 5n]);
  });

  it("x86: other parameters of its own are -EPERM; out of range -EINVAL; deprecated -EINVAL", () => {
    const lab = makeLab({ arch: "x86_64" });
    const a = createGuestWithRam(lab);
    expect(hvmParam(lab, a, true, 12, 1n).ret).toBe(-E.EPERM); // IDENT_PT
    expect(hvmParam(lab, a, true, 39, 1n).ret).toBe(-E.EINVAL);
    expect(hvmParam(lab, a, true, 4, 1n).ret).toBe(-E.EINVAL); // PAE_ENABLED
    expect(hvmParam(lab, a, true, 35, 1n).ret).toBe(-E.EEXIST); // ALTP2M
    expect(hvmParam(lab, a, true, 0, 5n, 0).ret).toBe(-E.EINVAL); // dom0 is PV
    const b = createGuestWithRam(lab);
    expect(hvmParam(lab, a, true, 0, 5n, b).ret).toBe(-E.EPERM); // another domU's
  });

  it("x86 PVH (no emulated PIC/IOAPIC): a GSI callback stays 'none', a vector works", () => {
    const lab = makeLab({ arch: "x86_64" });
    const a = createGuestWithRam(lab);
    const d = lab.hv.domain(a)!;
    if (d.arch.kind === "x86") d.arch.emulationFlags = 1; // LAPIC only (PVH)
    expect(hvmParam(lab, a, true, 0, 5n).ret).toBe(0);
    expect(d.callbackVia).toBe("none");
    expect(hvmParam(lab, a, true, 0, (2n << 56n) | 0xf3n).ret).toBe(0);
    expect(d.callbackVia).toBe("vector");
  });

  it("x86: an emulated guest gets raiseCallbackIrq on the upcall (GSI: vCPU0 only)", () => {
    const lab = makeLab({ arch: "x86_64" });
    const a = createGuestWithRam(lab, 2);
    const d = lab.hv.domain(a)!;
    const raised: [number, bigint][] = [];
    const guest: EmulatedGuest = {
      memory: d.ram,
      raiseCallbackIrq: (v, via) => raised.push([v, via]),
    };
    d.emulated = guest;
    hvmParam(lab, a, true, 0, 9n);
    const ipi = (vcpu: number) =>
      evtchnOp(lab.hv, vcpuOf(lab.hv, a), EVTCHNOP.EVTCHNOP_bind_ipi, 8, (s) =>
        s.setU32(0, vcpu),
      ).out.u32(4);
    const p0 = ipi(0);
    const p1 = ipi(1);
    const send = (p: number) =>
      evtchnOp(lab.hv, vcpuOf(lab.hv, a), EVTCHNOP.EVTCHNOP_send, 4, (s) => s.setU32(0, p)).ret;
    expect(send(p0)).toBe(0);
    expect(send(p1)).toBe(0);
    expect(raised).toEqual([[0, 9n]]);
    expect(vcpuOf(lab.hv, a, 1).evtchnIrqInjected).toBe(1);
  });

  it("Arm: CALLBACK_IRQ is the toolstack's (-EPERM for the guest itself, fine for dom0)", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab);
    expect(hvmParam(lab, a, true, 0, 1n).ret).toBe(-E.EPERM);
    expect(hvmParam(lab, a, false, 0).ret).toBe(0);
    expect(hvmParam(lab, a, true, 30, 1n).ret).toBe(-E.EINVAL);
    expect(hvmParam(lab, 0, true, 0, 1n, a).ret).toBe(0);
    const other = lab.hv.hypercall(vcpuOf(lab.hv, a), H.__HYPERVISOR_hvm_op, [
      7n,
      BigInt(ARG_GPA),
      0n,
      0n,
      0n,
    ]);
    expect(other).toBe(-E.ENOSYS);
  });
});

describe("SCHEDOP_*", () => {
  it("SHUTDOWN_crash crashes the guest itself: xl list shows c; VIRQ_DOM_EXC to dom0", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab);
    const d0 = vcpuOf(lab.hv, 0);
    const domExc = evtchnOp(lab.hv, d0, EVTCHNOP.EVTCHNOP_bind_virq, 12, (s) =>
      s.setU32(0, VIRQ.VIRQ_DOM_EXC),
    );
    expect(domExc.ret).toBe(0);
    const r = structCall(
      lab.hv,
      vcpuOf(lab.hv, a),
      H.__HYPERVISOR_sched_op,
      BigInt(SCHEDOP.SCHEDOP_shutdown),
      4,
      (s) => s.setU32(0, SHUTDOWN.SHUTDOWN_crash),
    );
    expect(r.ret).toBe(0);
    expect(domainSnapshot(lab.hv, lab.hv.domain(a)!).state).toBe("crashed");
    expect(d0.evtchnIrqInjected).toBeGreaterThan(0);
    expect(SHUTDOWN_MAX).toBe(5);
  });

  it("SCHEDOP_block blocks until an event; SCHEDOP_poll wakes on its port", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab);
    const v = vcpuOf(lab.hv, a);
    const ipi = evtchnOp(lab.hv, v, EVTCHNOP.EVTCHNOP_bind_ipi, 8).out.u32(4);
    const block = () => lab.hv.hypercall(v, H.__HYPERVISOR_sched_op, [1n, 0n, 0n, 0n, 0n]);
    expect(block()).toBe(0);
    expect(v.blocked).toBe(true);
    // Poll on the IPI port: ports handle @0, nr_ports @8 (native layout).
    const mem = lab.hv.domain(a)!.memory;
    mem.writePhys(ARG_GPA + 512, Uint8Array.of(ipi, 0, 0, 0));
    const poll = structCall(
      lab.hv,
      v,
      H.__HYPERVISOR_sched_op,
      BigInt(SCHEDOP.SCHEDOP_poll),
      24,
      (s) => s.setU64(0, ARG_GPA + 512).setU32(8, 1),
    );
    expect(poll.ret).toBe(0);
    expect(lab.hv.domain(a)!.evtchn.pollMask[0]).toBe(true);
    evtchnOp(lab.hv, vcpuOf(lab.hv, a), EVTCHNOP.EVTCHNOP_send, 4, (s) => s.setU32(0, ipi));
    expect(lab.hv.domain(a)!.evtchn.pollMask[0]).toBe(false);
    expect(v.blocked).toBe(false);
    // More than 128 ports: -EINVAL; unknown op: -ENOSYS.
    const many = structCall(lab.hv, v, H.__HYPERVISOR_sched_op, 3n, 24, (s) =>
      s.setU64(0, ARG_GPA + 512).setU32(8, 129),
    );
    expect(many.ret).toBe(-E.EINVAL);
    expect(lab.hv.hypercall(v, H.__HYPERVISOR_sched_op, [99n, 0n, 0n, 0n, 0n])).toBe(-E.ENOSYS);
  });
});

describe("CONSOLEIO_write", () => {
  it("domU lines get (d<N>) in debug builds; -EPERM in release builds", () => {
    for (const [profile, ret] of [
      ["upstream", 0],
      ["upstream-release", -E.EPERM],
    ] as const) {
      const lab = makeLab({ arch: "arm64", profile });
      const a = createGuestWithRam(lab);
      const text = "hello\x01 world\nnext";
      lab.hv.domain(a)!.memory.writePhys(
        ARG_GPA,
        Uint8Array.from(text, (c) => c.charCodeAt(0)),
      );
      const r = lab.hv.hypercall(vcpuOf(lab.hv, a), H.__HYPERVISOR_console_io, [
        0n,
        BigInt(text.length),
        BigInt(ARG_GPA),
        0n,
        0n,
      ]);
      expect(r).toBe(ret);
      if (ret === 0) expect(lab.hv.console.read().at(-1)).toBe(`(d${a}) hello world`);
    }
  });

  it("-EFAULT for a bad buffer; unknown commands: -EPERM for a domU, -ENOSYS for dom0", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab);
    const v = vcpuOf(lab.hv, a);
    expect(lab.hv.hypercall(v, H.__HYPERVISOR_console_io, [0n, 4n, 0x10n, 0n, 0n])).toBe(-E.EFAULT);
    expect(lab.hv.hypercall(v, H.__HYPERVISOR_console_io, [7n, 4n, BigInt(ARG_GPA), 0n, 0n])).toBe(
      -E.EPERM,
    );
    const d0 = vcpuOf(lab.hv, 0);
    expect(lab.hv.hypercall(d0, H.__HYPERVISOR_console_io, [7n, 4n, 0n, 0n, 0n])).toBe(-E.ENOSYS);
  });
});

describe("VCPUOP dispatch and domain_crash", () => {
  it("-ENOENT for a missing vCPU; Arm refuses other ops with -EINVAL", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab);
    const v = vcpuOf(lab.hv, a);
    expect(lab.hv.hypercall(v, H.__HYPERVISOR_vcpu_op, [10n, 3n, 0n, 0n, 0n])).toBe(-E.ENOENT);
    expect(lab.hv.hypercall(v, H.__HYPERVISOR_vcpu_op, [1n, 0n, 0n, 0n, 0n])).toBe(-E.EINVAL);
  });

  it("domain_crash prints Xen's lines and leaves the domain crashed", () => {
    const lab = makeLab({ arch: "x86_64" });
    const a = createGuestWithRam(lab);
    domainCrash(lab.hv, lab.hv.domain(a)!, "d1v0 triple fault", 0);
    expect(lab.hv.console.read().slice(-2)).toEqual([
      "(XEN) d1v0 triple fault",
      `(XEN) Domain ${a} (vcpu#0) crashed on cpu#0:`,
    ]);
    expect(domainSnapshot(lab.hv, lab.hv.domain(a)!).state).toBe("crashed");
    // A second crash prints only the caller's message.
    domainCrash(lab.hv, lab.hv.domain(a)!);
    expect(lab.hv.console.read().at(-1)).toBe("(XEN) domain_crash called from common/domain.c");
  });
});
