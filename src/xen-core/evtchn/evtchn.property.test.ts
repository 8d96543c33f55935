// Property tests (fast-check): random sequences of event channel operations over three
// domains running modelled kernels (which consume their events as Linux does), on
// both ABIs, with ABI switches (EVTCHNOP_reset, then a fresh 2-level or FIFO driver)
// and Xen-side VIRQs, keep every invariant of invariants.ts after every operation
// (xen/common/event_channel.c, event_2l.c, event_fifo.c). About 10^5 operations a run.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVTCHNOP, VIRQ } from "../abi/event-channel";
import { HYPERVISOR } from "../abi/xen";
import { bootModelledGuest, modelledKernel } from "../guest/boot";
import type { ModelledKernel } from "../guest/kernel";
import { makeLab } from "../testing/lab";
import { createRunningGuest } from "../testing/evtchn-lab";
import { testBit } from "../memory/mapped-page";
import { StructBuf } from "../memory/struct-buf";
import { fifoWord } from "./event-fifo";
import { checkEvtchnInvariants } from "./invariants";
import { evtchnIsMasked, evtchnIsPending } from "./port-ops";
import { sendGuestVcpuVirq } from "./virq";

const C = EVTCHNOP;
/** Sends the delivery oracle checked (the test asserts it checks plenty). */
let checked = 0;

type Op =
  | { k: "alloc"; dom: number; remote: number; adopt: boolean }
  | { k: "bind"; dom: number; remote: number; port: number; adopt: boolean }
  | { k: "ipi"; dom: number; vcpu: number; adopt: boolean }
  | { k: "virq"; dom: number; virq: number; vcpu: number; adopt: boolean }
  | { k: "port"; dom: number; cmd: number; port: number }
  | { k: "mask"; dom: number; port: number }
  | { k: "adopt"; dom: number; port: number }
  | { k: "bindVcpu"; dom: number; port: number; vcpu: number }
  | { k: "prio"; dom: number; port: number; prio: number }
  | { k: "reset"; dom: number; fifo: boolean }
  | { k: "timer"; dom: number; vcpu: number }
  | { k: "dom0alloc"; dom: number };

const dom = fc.integer({ min: 0, max: 2 });
/** Mostly ports that exist (1..6), sometimes invalid or unallocated ones. */
const port = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 70 }) },
);
/** Most new ports are set up by their kernel (unmasked, FIFO words present). */
const adoptIt = fc.oneof(
  { weight: 4, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("alloc" as const),
      dom,
      remote: fc.integer({ min: 0, max: 3 }),
      adopt: adoptIt,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("bind" as const),
      dom,
      remote: dom,
      port,
      adopt: adoptIt,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant("ipi" as const),
      dom,
      vcpu: fc.integer({ min: 0, max: 2 }),
      adopt: adoptIt,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("virq" as const),
      dom,
      virq: fc.constantFrom(0, 1, 2, 11, 24),
      vcpu: fc.integer({ min: 0, max: 1 }),
      adopt: adoptIt,
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      k: fc.constant("port" as const),
      dom,
      cmd: fc.constantFrom(
        C.EVTCHNOP_send,
        C.EVTCHNOP_send,
        C.EVTCHNOP_send,
        C.EVTCHNOP_close,
        C.EVTCHNOP_unmask,
      ),
      port,
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("mask" as const), dom, port }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("adopt" as const), dom, port }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("bindVcpu" as const),
      dom,
      port,
      vcpu: fc.integer({ min: 0, max: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("prio" as const),
      dom,
      port,
      prio: fc.integer({ min: 0, max: 16 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant("reset" as const), dom, fifo: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("timer" as const),
      dom,
      vcpu: fc.integer({ min: 0, max: 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("dom0alloc" as const), dom }) },
);

function world(arch: "arm64" | "x86_64", flavours: readonly ("fifo" | "2l")[]) {
  const lab = makeLab({ arch });
  lab.hv.trace.enabled = false;
  const kernels: ModelledKernel[] = flavours.map((f, i) => {
    const id = createRunningGuest(lab, i === 0 ? 2 : 1, 24);
    const r = bootModelledGuest(lab.hv, id, { cmdline: `evtchn=${f}` });
    if (!r.ok) throw new Error(r.error);
    return r.kernel;
  });
  return { lab, kernels };
}

function call(k: ModelledKernel, cmd: number, size: number, fill: (s: StructBuf) => void) {
  return k.cpu.structCall(k.boot, HYPERVISOR.__HYPERVISOR_event_channel_op, cmd, size, fill);
}

function apply(w: ReturnType<typeof world>, o: Op): void {
  const { lab, kernels } = w;
  const k = kernels[o.dom]!;
  if (k.halted) return;
  const domid = (i: number) => (i < kernels.length ? kernels[i]!.domid : 0x7ff0);
  const adopt = (ret: number, p: number, yes: boolean) => ret === 0 && yes && k.adopt(p);
  switch (o.k) {
    case "alloc": {
      const r = call(k, C.EVTCHNOP_alloc_unbound, 8, (s) =>
        s.setU16(0, 0x7ff0).setU16(2, domid(o.remote)),
      );
      return void adopt(r.ret, r.out.u32(4), o.adopt);
    }
    case "bind": {
      const r = call(k, C.EVTCHNOP_bind_interdomain, 12, (s) =>
        s.setU16(0, domid(o.remote)).setU32(4, o.port),
      );
      return void adopt(r.ret, r.out.u32(8), o.adopt);
    }
    case "ipi": {
      const r = call(k, C.EVTCHNOP_bind_ipi, 8, (s) => s.setU32(0, o.vcpu));
      return void adopt(r.ret, r.out.u32(4), o.adopt);
    }
    case "virq": {
      const r = call(k, C.EVTCHNOP_bind_virq, 12, (s) => s.setU32(0, o.virq).setU32(4, o.vcpu));
      return void adopt(r.ret, r.out.u32(8), o.adopt);
    }
    case "port": {
      const expect = o.cmd === C.EVTCHNOP_send ? deliverable(w, k.domid, o.port) : undefined;
      call(k, o.cmd, 4, (s) => s.setU32(0, o.port));
      if (o.cmd === C.EVTCHNOP_close) k.ports.delete(o.port);
      if (expect) checked++;
      if (expect && expect.kernel.ports.get(expect.port)!.seen !== expect.seen + 1)
        throw new Error(`event lost: d${expect.kernel.domid} port ${expect.port} not delivered`);
      return;
    }
    case "mask":
      return k.driver?.mask(o.port);
    case "adopt": {
      const chn = lab.hv.domain(k.domid)!.evtchn.lookup(o.port);
      if (chn && chn.state > 1 && !chn.xenConsumer) lab.hv.runGuest(() => k.adopt(o.port));
      return;
    }
    case "bindVcpu":
      return void call(k, C.EVTCHNOP_bind_vcpu, 8, (s) => s.setU32(0, o.port).setU32(4, o.vcpu));
    case "prio":
      return void call(k, C.EVTCHNOP_set_priority, 8, (s) => s.setU32(0, o.port).setU32(4, o.prio));
    case "reset":
      return void k.resetAbi(o.fifo ? "fifo" : "2l");
    case "timer": {
      const d = lab.hv.domain(k.domid)!;
      const v = d.vcpus[o.vcpu];
      if (v) lab.hv.runGuest(() => sendGuestVcpuVirq(lab.hv, d, v, VIRQ.VIRQ_TIMER));
      return;
    }
    case "dom0alloc": {
      // The control domain offers a port in the guest (the toolstack's xenstore/console
      // channels): masked in the guest until its kernel sets it up.
      const d0 = lab.hv.domain(0)!.vcpus[0]!;
      const s = new StructBuf(8).setU16(0, k.domid).setU16(2, 0);
      const gpa = 0x108 * 4096;
      lab.hv.domain(0)!.memory.writePhys(gpa, s.bytes);
      lab.hv.hypercall(d0, HYPERVISOR.__HYPERVISOR_event_channel_op, [
        BigInt(C.EVTCHNOP_alloc_unbound),
        BigInt(gpa),
        0n,
        0n,
        0n,
      ]);
      return;
    }
  }
}

/**
 * The delivery oracle: a send to a port its kernel has set up, on the ABI Xen uses,
 * not pending, not masked, and not already selected or queued, must be seen exactly
 * once by the time the model runs the kernel (the send's drain).
 */
function deliverable(w: ReturnType<typeof world>, domid: number, port: number) {
  const hv = w.lab.hv;
  const chn = hv.domain(domid)!.evtchn.lookup(port);
  if (!chn || chn.xenConsumer) return undefined;
  const target =
    chn.state === 3
      ? { domid: chn.remoteDom, port: chn.remotePort }
      : chn.state === 6
        ? { domid, port }
        : undefined;
  if (!target) return undefined;
  const d = hv.domain(target.domid)!;
  const kernel = modelledKernel(hv, target.domid);
  const tchn = d.evtchn.lookup(target.port);
  if (!kernel || !tchn || !kernel.ports.has(target.port) || kernel.driver?.kind !== d.evtchn.abi)
    return undefined;
  if (evtchnIsPending(d, tchn) || evtchnIsMasked(d, tchn)) return undefined;
  if (d.evtchn.fifo) {
    const word = fifoWord(d, target.port) ?? 0;
    if (word & (1 << 29)) return undefined;
  } else {
    const sh = d.evtchn.shared;
    const a = sh.vcpuInfo(tchn.notifyVcpuId);
    if (testBit(a.page, a.off + sh.layout.pendingSel, Math.floor(target.port / sh.layout.wordBits)))
      return undefined;
  }
  return { kernel, port: target.port, seen: kernel.ports.get(target.port)!.seen };
}

function check(w: ReturnType<typeof world>): string[] {
  return checkEvtchnInvariants(w.lab.hv.domains, {
    fifoLocalHead: (d, v, q) => modelledKernel(w.lab.hv, d.domid)?.driver?.localHead?.(v, q) ?? 0,
  });
}

describe("random event channel operations keep the invariants", () => {
  const RUNS = 150;
  const OPS = { minLength: 250, maxLength: 450 };
  for (const arch of ["arm64", "x86_64"] as const) {
    it(`${arch}: FIFO, 2-level and mixed domains, with resets (${RUNS} runs)`, () => {
      let total = 0;
      checked = 0;
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom("fifo" as const, "2l" as const), { minLength: 3, maxLength: 3 }),
          fc.array(op, OPS),
          (flavours, ops) => {
            const w = world(arch, flavours);
            for (const o of ops) {
              apply(w, o);
              total++;
              const bad = check(w);
              if (bad.length) throw new Error(`after ${JSON.stringify(o)}: ${bad.join("; ")}`);
            }
          },
        ),
        { numRuns: RUNS, seed: arch === "arm64" ? 4 : 17 },
      );
      expect(total).toBeGreaterThan(RUNS * 250);
      // The delivery oracle must have had real work (hundreds of checked sends a run).
      expect(checked).toBeGreaterThan(RUNS);
    }, 60_000);
  }
});
