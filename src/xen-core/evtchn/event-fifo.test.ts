// The FIFO ABI, xen/common/event_fifo.c: init_control and its checks, the 2L → FIFO
// switch (setup_ports), event words and control blocks in guest memory, queue linking
// at the tail, ready bits, the "no control block" drop, expand_array and its re-raise,
// set_priority, unmask, is_busy; and the FIFO policies of the profiles
// (CONFIG_EVTCHN_FIFO=n, disable_fifo v4, evtchn_fifo v5).
import { describe, expect, it } from "vitest";
import { EVTCHNOP } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import { PAGE_SIZE } from "../ids";
import { cdfMask } from "../profiles/profiles";
import { makeLab } from "../testing/lab";
import {
  TEST_RAM_GFN,
  allocUnbound,
  bindInterdomain,
  createGuestWithRam,
  evtchnOp,
  expandArray,
  initControl,
  portOp,
  vcpuOf,
} from "../testing/evtchn-lab";

const E = XEN_ERRNO;
const C = EVTCHNOP;
const CB_GFN = TEST_RAM_GFN + 3;
const CB1_GFN = TEST_RAM_GFN + 4;
const ARRAY_GFN = TEST_RAM_GFN + 5;
const P = 0x80000000;
const M = 0x40000000;
const L = 0x20000000;

function setup(profile = "upstream", extraFlags: string[] = []) {
  const lab = makeLab({ arch: "arm64", profile });
  const flags = cdfMask(lab.hv.profile, ["hvm", "hap", ...extraFlags]);
  const a = createGuestWithRam(lab, 2, 16, flags);
  const b = createGuestWithRam(lab, 1, 16, flags);
  const hv = lab.hv;
  return { lab, hv, a, b, va: vcpuOf(hv, a), vb: vcpuOf(hv, b), mem: hv.domain(b)!.memory };
}

const word = (mem: ReturnType<typeof setup>["mem"], port: number) => {
  const b = mem.readPhys(ARRAY_GFN * PAGE_SIZE + port * 4, 4)!;
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
};
const cbWord = (mem: ReturnType<typeof setup>["mem"], off: number, gfn = CB_GFN) => {
  const b = mem.readPhys(gfn * PAGE_SIZE + off, 4)!;
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
};

describe("EVTCHNOP_init_control", () => {
  it("switches to FIFO, writes link_bits = 17, sets priority 7 on existing ports", () => {
    const { hv, b, vb, va, a } = setup();
    const p = allocUnbound(hv, va, b);
    const lp = bindInterdomain(hv, vb, a, p); // pending in the 2L bitmap
    const r = initControl(hv, vb, CB_GFN);
    expect(r.ret).toBe(0);
    expect(r.out.u8(16)).toBe(17);
    const e = hv.domain(b)!.evtchn;
    expect(e.abi).toBe("fifo");
    expect(e.chn(lp).pending).toBe(true); // carried over from the 2L bitmap
    expect(e.chn(lp).priority).toBe(7);
  });

  it("-ENOENT, -EINVAL (offset, alignment, gfn, same vCPU twice); no copy-back on failure", () => {
    const { hv, va, a } = setup();
    expect(initControl(hv, va, CB_GFN, 0, 2).ret).toBe(-E.ENOENT);
    expect(initControl(hv, va, CB_GFN, 4025).ret).toBe(-E.EINVAL);
    expect(initControl(hv, va, CB_GFN, 4).ret).toBe(-E.EINVAL);
    const bad = initControl(hv, va, 0x123);
    expect(bad.ret).toBe(-E.EINVAL);
    expect(bad.out.u8(16)).toBe(0);
    // The failed first call left nothing behind.
    expect(hv.domain(a)!.evtchn.fifo).toBeUndefined();
    expect(hv.domain(a)!.evtchn.abi).toBe("2l");
    expect(initControl(hv, va, CB_GFN, 4024).ret).toBe(0);
    expect(initControl(hv, va, CB_GFN, 0).ret).toBe(-E.EINVAL);
    expect(initControl(hv, vcpuOf(hv, a, 1), CB1_GFN).ret).toBe(0);
  });
});

describe("FIFO set_pending in guest memory", () => {
  it("an event with no array page waits in evtchn->pending; expand_array re-raises it", () => {
    const { hv, a, b, va, vb, mem } = setup();
    expect(initControl(hv, vb, CB_GFN).ret).toBe(0);
    const p = allocUnbound(hv, va, b);
    const lp = bindInterdomain(hv, vb, a, p);
    const chn = hv.domain(b)!.evtchn.chn(lp);
    expect(chn.pending).toBe(true);
    expect(vb.evtchnIrqInjected).toBe(0);
    expect(expandArray(hv, vb, ARRAY_GFN)).toBe(0);
    expect(word(mem, lp)).toBe((P | L) >>> 0);
    expect(cbWord(mem, 8 + 7 * 4)).toBe(lp); // head[7]
    expect(cbWord(mem, 0)).toBe(1 << 7); // ready bit 7
    expect(vb.evtchnIrqInjected).toBe(1);
  });

  it("links at the tail: head → p1 → p2 → p3, one upcall for the queue", () => {
    const { hv, b, vb, mem } = setup();
    initControl(hv, vb, CB_GFN);
    expandArray(hv, vb, ARRAY_GFN);
    const ipis = [0, 1, 2].map(() => evtchnOp(hv, vb, C.EVTCHNOP_bind_ipi, 8).out.u32(4));
    for (const p of ipis) expect(portOp(hv, vb, C.EVTCHNOP_send, p)).toBe(0);
    const [p1, p2, p3] = ipis as [number, number, number];
    expect(cbWord(mem, 8 + 7 * 4)).toBe(p1);
    expect(word(mem, p1)).toBe((P | L | p2) >>> 0);
    expect(word(mem, p2)).toBe((P | L | p3) >>> 0);
    expect(word(mem, p3)).toBe((P | L) >>> 0);
    expect(vb.evtchnIrqInjected).toBe(1);
    expect(hv.domain(b)!.evtchn.vcpus[0]!.fifo!.queues[7]!.tail).toBe(p3);
  });

  it("a MASKED word gets PENDING only; unmask relinks it", () => {
    const { hv, vb, mem } = setup();
    initControl(hv, vb, CB_GFN);
    expandArray(hv, vb, ARRAY_GFN);
    const p = evtchnOp(hv, vb, C.EVTCHNOP_bind_ipi, 8).out.u32(4);
    mem.writePhys(ARRAY_GFN * PAGE_SIZE + p * 4, Uint8Array.of(0, 0, 0, 0x40));
    portOp(hv, vb, C.EVTCHNOP_send, p);
    expect(word(mem, p)).toBe((P | M) >>> 0);
    expect(vb.evtchnIrqInjected).toBe(0);
    expect(portOp(hv, vb, C.EVTCHNOP_unmask, p)).toBe(0);
    expect(word(mem, p)).toBe((P | L) >>> 0);
    expect(vb.evtchnIrqInjected).toBe(1);
  });

  it("no control block on the notify vCPU: the warning, and the event is dropped", () => {
    const { hv, a, va } = setup();
    initControl(hv, va, CB_GFN);
    expandArray(hv, va, ARRAY_GFN);
    const p = evtchnOp(hv, va, C.EVTCHNOP_bind_ipi, 8, (s) => s.setU32(0, 1)).out.u32(4);
    portOp(hv, va, C.EVTCHNOP_send, p);
    expect(hv.console.read().at(-1)).toBe(`(XEN) d${a}v1 has no FIFO event channel control block`);
    expect(word(hv.domain(a)!.memory, p)).toBe(0);
  });

  it("set_priority: other queue for future events; -EINVAL > 15; -EACCES on a free port", () => {
    const { hv, vb, mem } = setup();
    initControl(hv, vb, CB_GFN);
    expandArray(hv, vb, ARRAY_GFN);
    const p = evtchnOp(hv, vb, C.EVTCHNOP_bind_ipi, 8).out.u32(4);
    const set = (port: number, prio: number) =>
      evtchnOp(hv, vb, C.EVTCHNOP_set_priority, 8, (s) => s.setU32(0, port).setU32(4, prio)).ret;
    expect(set(p, 16)).toBe(-E.EINVAL);
    expect(set(p + 5, 3)).toBe(-E.EACCES);
    expect(set(p, 3)).toBe(0);
    portOp(hv, vb, C.EVTCHNOP_send, p);
    expect(cbWord(mem, 8 + 3 * 4)).toBe(p);
    expect(cbWord(mem, 0)).toBe(1 << 3);
  });

  it("a closed port still LINKED is busy: the next allocation skips it", () => {
    const { hv, vb, b } = setup();
    initControl(hv, vb, CB_GFN);
    expandArray(hv, vb, ARRAY_GFN);
    const p = evtchnOp(hv, vb, C.EVTCHNOP_bind_ipi, 8).out.u32(4);
    portOp(hv, vb, C.EVTCHNOP_send, p);
    expect(portOp(hv, vb, C.EVTCHNOP_close, p)).toBe(0);
    expect(allocUnbound(hv, vb, 0)).toBe(p + 1);
    expect(hv.domain(b)!.evtchn.chn(p).state).toBe(0);
  });
});

describe("EVTCHNOP_expand_array", () => {
  it("-EOPNOTSUPP before init_control, -EINVAL for a bad frame, -ENOSPC past 128 pages", () => {
    const { hv, vb, b } = setup();
    expect(expandArray(hv, vb, ARRAY_GFN)).toBe(-E.EOPNOTSUPP);
    initControl(hv, vb, CB_GFN);
    expect(expandArray(hv, vb, 0x77)).toBe(-E.EINVAL);
    for (let i = 0; i < 128; i++) expect(expandArray(hv, vb, ARRAY_GFN)).toBe(0);
    expect(expandArray(hv, vb, ARRAY_GFN)).toBe(-E.ENOSPC);
    expect(hv.domain(b)!.evtchn.fifo!.numEvtchns).toBe(131072);
  });
});

describe("FIFO policies (profiles/profile.ts FifoPolicy)", () => {
  it("upstream: FIFO available", () => {
    const { hv, vb } = setup("upstream");
    expect(initControl(hv, vb, CB_GFN).ret).toBe(0);
  });

  it("evtchn-fifo-off (CONFIG_EVTCHN_FIFO=n): -EOPNOTSUPP; set_priority -ENOSYS", () => {
    const { hv, vb } = setup("evtchn-fifo-off");
    const r = initControl(hv, vb, CB_GFN);
    expect([r.ret, r.out.u8(16)]).toEqual([-E.EOPNOTSUPP, 0]);
    expect(expandArray(hv, vb, ARRAY_GFN)).toBe(-E.EOPNOTSUPP);
    const p = evtchnOp(hv, vb, C.EVTCHNOP_bind_ipi, 8).out.u32(4);
    const set = evtchnOp(hv, vb, C.EVTCHNOP_set_priority, 8, (s) => s.setU32(0, p));
    expect(set.ret).toBe(-E.ENOSYS);
  });

  it("disable-fifo-v4: the flag makes the three ops -ENOSYS before any check", () => {
    const on = setup("disable-fifo-v4", ["disable_fifo"]);
    // Even a bad vCPU or a bad pointer: -ENOSYS first.
    expect(initControl(on.hv, on.vb, CB_GFN, 0, 9).ret).toBe(-E.ENOSYS);
    expect(on.hv.hypercall(on.vb, 32, [11n, 0x10n, 0n, 0n, 0n])).toBe(-E.ENOSYS);
    expect(expandArray(on.hv, on.vb, ARRAY_GFN)).toBe(-E.ENOSYS);
    expect(evtchnOp(on.hv, on.vb, C.EVTCHNOP_set_priority, 8).ret).toBe(-E.ENOSYS);
    const off = setup("disable-fifo-v4");
    expect(initControl(off.hv, off.vb, CB_GFN).ret).toBe(0);
  });

  it("evtchn-fifo-v5: FIFO only with the opt-in flag; -ENOSYS without it", () => {
    const without = setup("evtchn-fifo-v5");
    expect(initControl(without.hv, without.vb, CB_GFN).ret).toBe(-E.ENOSYS);
    expect(expandArray(without.hv, without.vb, ARRAY_GFN)).toBe(-E.ENOSYS);
    const withFlag = setup("evtchn-fifo-v5", ["evtchn_fifo"]);
    expect(initControl(withFlag.hv, withFlag.vb, CB_GFN).ret).toBe(0);
  });
});
