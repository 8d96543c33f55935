// EVTCHNOP_reset / reset_cont (xen/common/event_channel.c evtchn_reset and
// do_event_channel_op's continuation) and evtchn_destroy at domain_kill.
import { describe, expect, it } from "vitest";
import { ECS, EVTCHNOP } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import { makeLab } from "../testing/lab";
import {
  TEST_RAM_GFN,
  allocUnbound,
  bindInterdomain,
  createGuestWithRam,
  evtchnOp,
  initControl,
  vcpuOf,
} from "../testing/evtchn-lab";

const E = XEN_ERRNO;
const reset = (hv: ReturnType<typeof makeLab>["hv"], v: ReturnType<typeof vcpuOf>, dom: number) =>
  evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_reset, 2, (s) => s.setU16(0, dom)).ret;

describe("EVTCHNOP_reset", () => {
  it("closes every port and returns a FIFO domain to 2-level", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab, 1);
    const b = createGuestWithRam(lab, 1);
    const { hv } = lab;
    const va = vcpuOf(hv, a);
    const vb = vcpuOf(hv, b);
    expect(initControl(hv, va, TEST_RAM_GFN + 3).ret).toBe(0);
    const pb = allocUnbound(hv, vb, a);
    const pa = bindInterdomain(hv, va, b, pb);
    expect(reset(hv, va, 0x7ff0)).toBe(0);
    const e = hv.domain(a)!.evtchn;
    expect(e.abi).toBe("2l");
    expect(e.fifo).toBeUndefined();
    expect(e.chn(pa).state).toBe(ECS.ECS_FREE);
    expect(e.activeEvtchns).toBe(0);
    // The peer went back to UNBOUND.
    expect(hv.domain(b)!.evtchn.chn(pb).state).toBe(ECS.ECS_UNBOUND);
  });

  it("is preempted every 64 ports and continues as EVTCHNOP_reset_cont", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab, 1);
    const { hv } = lab;
    const va = vcpuOf(hv, a);
    for (let i = 0; i < 150; i++) allocUnbound(hv, va, 0);
    const from = hv.trace.seq;
    expect(reset(hv, va, 0x7ff0)).toBe(0);
    const passes = hv.trace.since(from).filter((t) => t.kind === "hypercall");
    expect(passes.map((t) => (t.kind === "hypercall" ? [t.op, t.ret] : []))).toEqual([
      ["EVTCHNOP_reset", -E.ERESTART],
      ["EVTCHNOP_reset_cont", -E.ERESTART],
      ["EVTCHNOP_reset_cont", 0],
    ]);
    expect(hv.domain(a)!.evtchn.activeEvtchns).toBe(0);
  });

  it("-ESRCH, -EPERM for a domU on another domain, -EINVAL on an unpaused domain", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab, 1);
    const b = createGuestWithRam(lab, 1);
    const { hv, xc } = lab;
    const va = vcpuOf(hv, a);
    expect(reset(hv, va, 42)).toBe(-E.ESRCH);
    expect(reset(hv, va, b)).toBe(-E.EPERM);
    const d0 = vcpuOf(hv, 0);
    expect(xc.unpauseDomain(b)).toBe(0);
    expect(reset(hv, d0, b)).toBe(-E.EINVAL);
    expect(xc.pauseDomain(b)).toBe(0);
    expect(reset(hv, d0, b)).toBe(0);
  });

  it("reset_cont with no reset in progress is -EBUSY", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab, 1);
    const va = vcpuOf(lab.hv, a);
    const r = evtchnOp(lab.hv, va, EVTCHNOP.EVTCHNOP_reset_cont, 2, (s) => s.setU16(0, 0x7ff0));
    expect(r.ret).toBe(-E.EBUSY);
  });
});

describe("evtchn_destroy at domain_kill", () => {
  it("puts the peers of a destroyed domain back to UNBOUND", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab, 1);
    const b = createGuestWithRam(lab, 1);
    const { hv, xc } = lab;
    const pb = allocUnbound(hv, vcpuOf(hv, b), a);
    bindInterdomain(hv, vcpuOf(hv, a), b, pb);
    expect(xc.destroyDomain(a)).toBe(0);
    const peer = hv.domain(b)!.evtchn.chn(pb);
    expect([peer.state, peer.remoteDomid]).toEqual([ECS.ECS_UNBOUND, a]);
  });
});
