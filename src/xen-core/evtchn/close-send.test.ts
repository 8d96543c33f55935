// Using and closing channels, xen/common/event_channel.c: evtchn_close, evtchn_send,
// evtchn_bind_vcpu, evtchn_unmask, evtchn_set_priority, do_event_channel_op's -EFAULT
// and -ENOSYS, and Xen-attached ports (alloc_unbound_xen_event_channel).
import { describe, expect, it } from "vitest";
import { ECS, EVTCHNOP, VIRQ } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import { HYPERVISOR } from "../abi/xen";
import { makeLab } from "../testing/lab";
import {
  allocUnbound,
  bindInterdomain,
  createGuestWithRam,
  evtchnOp,
  portOp,
  vcpuOf,
} from "../testing/evtchn-lab";
import { evtchnIsPending } from "./port-ops";
import { allocUnboundXenEventChannel } from "./xen-consumer";

const E = XEN_ERRNO;
const C = EVTCHNOP;

function pair() {
  const lab = makeLab({ arch: "arm64" });
  const a = createGuestWithRam(lab, 2);
  const b = createGuestWithRam(lab, 1);
  const hv = lab.hv;
  const va = vcpuOf(hv, a);
  const vb = vcpuOf(hv, b);
  const pa = allocUnbound(hv, va, b);
  const pb = bindInterdomain(hv, vb, a, pa);
  return { lab, hv, a, b, va, vb, pa, pb };
}

describe("EVTCHNOP_close", () => {
  it("an interdomain close returns the peer to UNBOUND, accepting the closer again", () => {
    const { hv, a, b, vb, pa, pb } = pair();
    expect(portOp(hv, vb, C.EVTCHNOP_close, pb)).toBe(0);
    const peer = hv.domain(a)!.evtchn.chn(pa);
    expect([peer.state, peer.remoteDomid]).toEqual([ECS.ECS_UNBOUND, b]);
    const mine = hv.domain(b)!.evtchn.chn(pb);
    expect([mine.state, mine.notifyVcpuId]).toEqual([ECS.ECS_FREE, 0]);
    // The freed port's pending bit is cleared for the next binding.
    expect(evtchnIsPending(hv.domain(b)!, mine)).toBe(false);
    expect(bindInterdomain(hv, vb, a, pa)).toBe(pb);
  });

  it("-EINVAL for an invalid, FREE or RESERVED port", () => {
    const { hv, va } = pair();
    expect(portOp(hv, va, C.EVTCHNOP_close, 0)).toBe(-E.EINVAL);
    expect(portOp(hv, va, C.EVTCHNOP_close, 5)).toBe(-E.EINVAL);
    expect(portOp(hv, va, C.EVTCHNOP_close, 100000)).toBe(-E.EINVAL);
  });

  it("closing a VIRQ port frees the VIRQ for binding again", () => {
    const { hv, va } = pair();
    const bind = () =>
      evtchnOp(hv, va, C.EVTCHNOP_bind_virq, 12, (s) => s.setU32(0, VIRQ.VIRQ_DEBUG));
    const p = bind().out.u32(8);
    expect(bind().ret).toBe(-E.EEXIST);
    expect(portOp(hv, va, C.EVTCHNOP_close, p)).toBe(0);
    expect(bind().ret).toBe(0);
  });

  it("a guest cannot close, send on or rebind a Xen-attached port", () => {
    const { hv, a, va } = pair();
    const p = allocUnboundXenEventChannel(hv, hv.domain(a)!, 0, 0);
    expect(p).toBeGreaterThan(0);
    expect(portOp(hv, va, C.EVTCHNOP_close, p)).toBe(-E.EINVAL);
    expect(portOp(hv, va, C.EVTCHNOP_send, p)).toBe(-E.EINVAL);
    const rebind = evtchnOp(hv, va, C.EVTCHNOP_bind_vcpu, 8, (s) => s.setU32(0, p).setU32(4, 1));
    expect(rebind.ret).toBe(-E.EINVAL);
    expect(hv.domain(a)!.evtchn.xenEvtchns).toBe(1);
  });
});

describe("EVTCHNOP_send", () => {
  it("interdomain: the remote port becomes pending; UNBOUND: silently 0", () => {
    const { hv, a, b, va, vb, pa, pb } = pair();
    const db = hv.domain(b)!;
    db.evtchn.shared.page.setU8(db.evtchn.shared.layout.evtchnPending, 0); // clear bind's
    expect(portOp(hv, va, C.EVTCHNOP_send, pa)).toBe(0);
    expect(evtchnIsPending(db, db.evtchn.chn(pb))).toBe(true);
    const lone = allocUnbound(hv, vb, a);
    expect(portOp(hv, vb, C.EVTCHNOP_send, lone)).toBe(0);
  });

  it("IPI: the local port becomes pending; VIRQ, FREE and invalid ports → -EINVAL", () => {
    const { hv, a, va } = pair();
    const ipi = evtchnOp(hv, va, C.EVTCHNOP_bind_ipi, 8, (s) => s.setU32(0, 1)).out.u32(4);
    expect(portOp(hv, va, C.EVTCHNOP_send, ipi)).toBe(0);
    const d = hv.domain(a)!;
    expect(evtchnIsPending(d, d.evtchn.chn(ipi))).toBe(true);
    const virq = evtchnOp(hv, va, C.EVTCHNOP_bind_virq, 12, (s) => s.setU32(0, 0)).out.u32(8);
    expect(portOp(hv, va, C.EVTCHNOP_send, virq)).toBe(-E.EINVAL);
    expect(portOp(hv, va, C.EVTCHNOP_send, 40)).toBe(-E.EINVAL);
    expect(portOp(hv, va, C.EVTCHNOP_send, 4000)).toBe(-E.EINVAL);
  });
});

describe("EVTCHNOP_bind_vcpu", () => {
  it("rebinds UNBOUND, INTERDOMAIN and global VIRQ ports; not IPIs or per-vCPU VIRQs", () => {
    const { hv, a, va, pa, b } = pair();
    const rebind = (port: number, vcpu: number) =>
      evtchnOp(hv, va, C.EVTCHNOP_bind_vcpu, 8, (s) => s.setU32(0, port).setU32(4, vcpu)).ret;
    expect(rebind(pa, 1)).toBe(0);
    expect(hv.domain(a)!.evtchn.chn(pa).notifyVcpuId).toBe(1);
    expect(rebind(allocUnbound(hv, va, b), 1)).toBe(0);
    const ipi = evtchnOp(hv, va, C.EVTCHNOP_bind_ipi, 8).out.u32(4);
    expect(rebind(ipi, 1)).toBe(-E.EINVAL);
    const timer = evtchnOp(hv, va, C.EVTCHNOP_bind_virq, 12).out.u32(8);
    expect(rebind(timer, 1)).toBe(-E.EINVAL);
    const argo = evtchnOp(hv, va, C.EVTCHNOP_bind_virq, 12, (s) =>
      s.setU32(0, VIRQ.VIRQ_ARGO),
    ).out.u32(8);
    expect(rebind(argo, 1)).toBe(0);
    expect(rebind(pa, 7)).toBe(-E.ENOENT);
    expect(rebind(900, 0)).toBe(-E.EINVAL);
  });
});

describe("EVTCHNOP_unmask and EVTCHNOP_set_priority on 2-level", () => {
  it("unmask: -EINVAL for an invalid port, else 0", () => {
    const { hv, va, pa } = pair();
    expect(portOp(hv, va, C.EVTCHNOP_unmask, pa)).toBe(0);
    expect(portOp(hv, va, C.EVTCHNOP_unmask, 5)).toBe(0);
    expect(portOp(hv, va, C.EVTCHNOP_unmask, 70)).toBe(-E.EINVAL);
  });

  it("set_priority: -EINVAL for an invalid port, -ENOSYS without FIFO", () => {
    const { hv, va, pa } = pair();
    const set = (port: number, prio: number) =>
      evtchnOp(hv, va, C.EVTCHNOP_set_priority, 8, (s) => s.setU32(0, port).setU32(4, prio)).ret;
    expect(set(99, 0)).toBe(-E.EINVAL);
    expect(set(pa, 3)).toBe(-E.ENOSYS);
  });
});

describe("do_event_channel_op", () => {
  it("-ENOSYS for an unknown op, -EFAULT for a bad pointer, never a throw", () => {
    const { hv, va } = pair();
    const call = (cmd: bigint, arg: bigint) =>
      hv.hypercall(va, HYPERVISOR.__HYPERVISOR_event_channel_op, [cmd, arg, 0n, 0n, 0n]);
    expect(call(15n, 0x40000000n)).toBe(-E.ENOSYS);
    expect(call(0xffffffffn, 0x40000000n)).toBe(-E.ENOSYS);
    expect(call(BigInt(C.EVTCHNOP_send), 0x10n)).toBe(-E.EFAULT);
    expect(call(BigInt(C.EVTCHNOP_send), 2n ** 63n)).toBe(-E.EFAULT);
  });

  it("the trace shows the op and Xen's field names", () => {
    const { hv, va, pa } = pair();
    portOp(hv, va, C.EVTCHNOP_send, pa);
    const last = hv.trace
      .tail(5)
      .filter((t) => t.kind === "hypercall")
      .at(-1)!;
    expect(last).toMatchObject({
      name: "event_channel_op",
      op: "EVTCHNOP_send",
      args: { port: pa },
    });
  });
});
