// Making channels, as xen/common/event_channel.c does: evtchn_init (port 0 reserved),
// get_free_port, evtchn_alloc_unbound, evtchn_bind_interdomain, evtchn_bind_virq,
// evtchn_bind_ipi, evtchn_bind_pirq, evtchn_status, under the dummy XSM policy.
import { describe, expect, it } from "vitest";
import { ECS, EVTCHNOP, EVTCHNSTAT, VIRQ } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import { makeLab } from "../testing/lab";
import {
  allocUnbound,
  bindInterdomain,
  createGuestWithRam,
  evtchnOp,
  vcpuOf,
} from "../testing/evtchn-lab";

const E = XEN_ERRNO;
const SELF = 0x7ff0;

function twoGuests(arch: "arm64" | "x86_64" = "arm64", maxPort?: number) {
  const lab = makeLab({ arch });
  const a = createGuestWithRam(lab, 2);
  const b = createGuestWithRam(lab, 1);
  if (maxPort !== undefined) {
    lab.hv.domain(a)!.evtchn.maxEvtchnPort = maxPort;
  }
  return { lab, hv: lab.hv, a, b, va: vcpuOf(lab.hv, a), vb: vcpuOf(lab.hv, b) };
}

const status = (
  hv: ReturnType<typeof makeLab>["hv"],
  v: ReturnType<typeof vcpuOf>,
  dom: number,
  port: number,
) => evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_status, 24, (s) => s.setU16(0, dom).setU32(4, port));

describe("evtchn_init and get_free_port (xen/common/event_channel.c)", () => {
  it("reserves port 0 and hands out ports from 1", () => {
    const { hv, va, a, b } = twoGuests();
    const e = hv.domain(a)!.evtchn;
    expect(e.chn(0).state).toBe(ECS.ECS_RESERVED);
    expect(e.activeEvtchns).toBe(0);
    expect(e.validEvtchns).toBe(64);
    expect(allocUnbound(hv, va, b)).toBe(1);
    expect(allocUnbound(hv, va, b)).toBe(2);
    expect(e.activeEvtchns).toBe(2);
  });

  it("port 0 reads as closed; a port past the allocated buckets is -EINVAL", () => {
    const { hv, va } = twoGuests();
    const r = status(hv, va, SELF, 0);
    expect(r.ret).toBe(0);
    expect(r.out.u32(8)).toBe(EVTCHNSTAT.EVTCHNSTAT_closed);
    expect(status(hv, va, SELF, 63).ret).toBe(0);
    expect(status(hv, va, SELF, 64).ret).toBe(-E.EINVAL);
  });

  it("-ENOSPC past max_evtchn_port, and the failure is logged in debug builds", () => {
    const { hv, va, b } = twoGuests("arm64", 2);
    expect(allocUnbound(hv, va, b)).toBe(1);
    expect(allocUnbound(hv, va, b)).toBe(2);
    expect(allocUnbound(hv, va, b)).toBe(-E.ENOSPC);
    expect(hv.console.read().at(-1)).toBe(
      "(XEN) common/event_channel.c:335:d1v0 EVTCHNOP failure: error -28",
    );
  });

  it("older bases print the failure at their own line (RELEASE-4.16.0: line 301); release builds not at all", () => {
    for (const [profile, line] of [
      ["pre-4.17", "(XEN) common/event_channel.c:301:d1v0 EVTCHNOP failure: error -28"],
      ["upstream-release", "(XEN) *** LOADING DOMAIN 0 ***"],
    ] as const) {
      const lab = makeLab({ arch: "arm64", profile });
      const a = createGuestWithRam(lab);
      const b = createGuestWithRam(lab);
      lab.hv.domain(a)!.evtchn.maxEvtchnPort = 0;
      expect(allocUnbound(lab.hv, vcpuOf(lab.hv, a), b)).toBe(-E.ENOSPC);
      expect(lab.hv.console.read().at(-1)).toBe(line);
    }
  });

  it("-ENOSPC at the 2-level limit: 4096 on Arm, 1024 for a 32-bit x86 guest", () => {
    for (const [arch, limit, compat] of [
      ["arm64", 4096, false],
      ["x86_64", 1024, true],
    ] as const) {
      const { hv, va, a, b } = twoGuests(arch);
      const d = hv.domain(a)!;
      d.evtchn.shared.compat = compat;
      d.evtchn.maxEvtchnPort = 0x7fffffff;
      let last = 0;
      for (let i = 1; i < limit; i++) last = allocUnbound(hv, va, b);
      expect(last).toBe(limit - 1);
      expect(allocUnbound(hv, va, b)).toBe(-E.ENOSPC);
    }
  });
});

describe("EVTCHNOP_alloc_unbound", () => {
  it("records remote_dom, DOMID_SELF as the caller's id", () => {
    const { hv, va, a, b } = twoGuests();
    const p1 = allocUnbound(hv, va, b);
    const p2 = allocUnbound(hv, va, SELF);
    const e = hv.domain(a)!.evtchn;
    expect(e.chn(p1).state).toBe(ECS.ECS_UNBOUND);
    expect(e.chn(p1).remoteDomid).toBe(b);
    expect(e.chn(p2).remoteDomid).toBe(a);
  });

  it("-ESRCH for a missing domain; a domU allocating in another domain gets -EPERM", () => {
    const { hv, va, b } = twoGuests();
    expect(allocUnbound(hv, va, 0, 77)).toBe(-E.ESRCH);
    expect(allocUnbound(hv, va, 0, b)).toBe(-E.EPERM);
    // The port taken before the XSM check is given back (check_free_port).
    expect(hv.domain(b)!.evtchn.activeEvtchns).toBe(0);
  });

  it("the control domain may allocate in any domain", () => {
    const { hv, b } = twoGuests();
    const d0 = vcpuOf(hv, 0);
    expect(allocUnbound(hv, d0, 0, b)).toBe(1);
    expect(hv.domain(b)!.evtchn.chn(1).remoteDomid).toBe(0);
  });
});

describe("EVTCHNOP_bind_interdomain", () => {
  it("connects both ends and always marks the new local port pending", () => {
    const { hv, va, vb, a, b } = twoGuests();
    const pa = allocUnbound(hv, va, b);
    const pb = bindInterdomain(hv, vb, a, pa);
    expect(pb).toBe(1);
    const ca = hv.domain(a)!.evtchn.chn(pa);
    const cb = hv.domain(b)!.evtchn.chn(pb);
    expect([ca.state, ca.remoteDom, ca.remotePort]).toEqual([ECS.ECS_INTERDOMAIN, b, pb]);
    expect([cb.state, cb.remoteDom, cb.remotePort]).toEqual([ECS.ECS_INTERDOMAIN, a, pa]);
    const sh = hv.domain(b)!.evtchn.shared;
    expect(sh.page.u8(sh.layout.evtchnPending) & (1 << pb)).not.toBe(0);
  });

  it("-ESRCH for a missing remote domain, -EINVAL for a bad, bound or foreign port", () => {
    const { hv, va, vb, a, b, lab } = twoGuests();
    expect(bindInterdomain(hv, vb, 99, 1)).toBe(-E.ESRCH);
    expect(bindInterdomain(hv, vb, a, 9999)).toBe(-E.EINVAL);
    expect(hv.console.read().at(-1)).toBe(
      `(XEN) common/event_channel.c:426:d${b}v0 EVTCHNOP failure: d${a}, error -22`,
    );
    const c = createGuestWithRam(lab);
    const forC = allocUnbound(hv, va, c);
    expect(bindInterdomain(hv, vb, a, forC)).toBe(-E.EINVAL);
    expect(hv.console.read().at(-1)).toContain(":434:");
    const pa = allocUnbound(hv, va, b);
    expect(bindInterdomain(hv, vb, a, pa)).toBeGreaterThan(0);
    expect(bindInterdomain(hv, vb, a, pa)).toBe(-E.EINVAL);
    // Failed binds leave no port behind.
    expect(hv.domain(b)!.evtchn.activeEvtchns).toBe(1);
  });

  it("loopback: DOMID_SELF binds to a port of one's own", () => {
    const { hv, va, a } = twoGuests();
    const p = allocUnbound(hv, va, SELF);
    const l = bindInterdomain(hv, va, SELF, p);
    expect(l).toBe(p + 1);
    expect(hv.domain(a)!.evtchn.chn(p).remotePort).toBe(l);
  });
});

describe("EVTCHNOP_bind_virq", () => {
  const bindVirq = (
    hv: ReturnType<typeof makeLab>["hv"],
    v: ReturnType<typeof vcpuOf>,
    virq: number,
    vcpu: number,
  ) => evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_bind_virq, 12, (s) => s.setU32(0, virq).setU32(4, vcpu));

  it("per-vCPU VIRQs bind once per vCPU; -EEXIST twice; -ENOENT for a missing vCPU", () => {
    const { hv, va, a } = twoGuests();
    const r0 = bindVirq(hv, va, VIRQ.VIRQ_TIMER, 0);
    const r1 = bindVirq(hv, va, VIRQ.VIRQ_TIMER, 1);
    expect([r0.ret, r0.out.u32(8)]).toEqual([0, 1]);
    expect([r1.ret, r1.out.u32(8)]).toEqual([0, 2]);
    expect(hv.domain(a)!.evtchn.chn(2).notifyVcpuId).toBe(1);
    expect(bindVirq(hv, va, VIRQ.VIRQ_TIMER, 0).ret).toBe(-E.EEXIST);
    expect(bindVirq(hv, va, VIRQ.VIRQ_TIMER, 2).ret).toBe(-E.ENOENT);
  });

  it("-EINVAL for virq >= NR_VIRQS and for a non-per-vCPU VIRQ on vCPU != 0", () => {
    const { hv, va } = twoGuests();
    expect(bindVirq(hv, va, 24, 0).ret).toBe(-E.EINVAL);
    expect(bindVirq(hv, va, 0xffffffff, 0).ret).toBe(-E.EINVAL);
    expect(bindVirq(hv, va, VIRQ.VIRQ_ARGO, 1).ret).toBe(-E.EINVAL);
    expect(bindVirq(hv, va, VIRQ.VIRQ_ARGO, 0).ret).toBe(0);
  });

  it("a global VIRQ belongs to dom0 by default: -EBUSY for a domU", () => {
    const { hv, va } = twoGuests();
    expect(bindVirq(hv, va, VIRQ.VIRQ_CONSOLE, 0).ret).toBe(-E.EBUSY);
    expect(bindVirq(hv, vcpuOf(hv, 0), VIRQ.VIRQ_CONSOLE, 0).ret).toBe(0);
  });
});

describe("EVTCHNOP_bind_ipi and EVTCHNOP_bind_pirq", () => {
  it("bind_ipi notifies the given vCPU; -ENOENT for a missing one", () => {
    const { hv, va, a } = twoGuests();
    const r = evtchnOp(hv, va, EVTCHNOP.EVTCHNOP_bind_ipi, 8, (s) => s.setU32(0, 1));
    expect(r.ret).toBe(0);
    const chn = hv.domain(a)!.evtchn.chn(r.out.u32(4));
    expect([chn.state, chn.notifyVcpuId]).toEqual([ECS.ECS_IPI, 1]);
    expect(evtchnOp(hv, va, EVTCHNOP.EVTCHNOP_bind_ipi, 8, (s) => s.setU32(0, 5)).ret).toBe(
      -E.ENOENT,
    );
  });

  it("bind_pirq is -EOPNOTSUPP on Arm (no CONFIG_HAS_PIRQ)", () => {
    const { hv, va } = twoGuests("arm64");
    expect(evtchnOp(hv, va, EVTCHNOP.EVTCHNOP_bind_pirq, 12, (s) => s.setU32(0, 3)).ret).toBe(
      -E.EOPNOTSUPP,
    );
  });

  it("x86: an HVM domain binds an emulated pIRQ once; -EINVAL past nr_pirqs", () => {
    const { hv, va } = twoGuests("x86_64");
    const bind = (pirq: number) =>
      evtchnOp(hv, va, EVTCHNOP.EVTCHNOP_bind_pirq, 12, (s) => s.setU32(0, pirq));
    expect(bind(5).ret).toBe(0);
    expect(bind(5).ret).toBe(-E.EEXIST);
    expect(bind(56).ret).toBe(-E.EINVAL);
  });
});

describe("EVTCHNOP_status", () => {
  it("maps each state, with the union and the notify vCPU", () => {
    const { hv, va, vb, a, b } = twoGuests();
    const pu = allocUnbound(hv, va, b);
    const pi = allocUnbound(hv, va, b);
    const pb = bindInterdomain(hv, vb, a, pi);
    const u = status(hv, va, SELF, pu).out;
    expect([u.u32(8), u.u16(16), u.u32(12)]).toEqual([EVTCHNSTAT.EVTCHNSTAT_unbound, b, 0]);
    const i = status(hv, va, SELF, pi).out;
    expect([i.u32(8), i.u16(16), i.u32(20)]).toEqual([EVTCHNSTAT.EVTCHNSTAT_interdomain, b, pb]);
  });

  it("-ESRCH for a missing domain; a domU asking about another domain gets -EPERM", () => {
    const { hv, va, b } = twoGuests();
    expect(status(hv, va, 55, 1).ret).toBe(-E.ESRCH);
    expect(status(hv, va, b, 0).ret).toBe(-E.EPERM);
    expect(status(hv, vcpuOf(hv, 0), b, 0).ret).toBe(0);
  });
});
