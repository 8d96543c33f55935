/**
 * Invariants of the event channel model, for tests and fuzzing. Each is something Xen
 * relies on (xen/common/event_channel.c, event_2l.c, event_fifo.c) and a guest that
 * follows the ABI keeps:
 *
 * - bookkeeping: active_evtchns counts the ports in use, xen_evtchns the Xen-attached
 *   ones; port 0 is RESERVED; virq_to_evtchn and VIRQ ports agree both ways.
 * - interdomain ends point at each other (same remote port and domain, both
 *   INTERDOMAIN).
 * - 2-level: every pending, unmasked port has its selector word bit set in some vCPU's
 *   evtchn_pending_sel. (The converse does not hold: VCPUOP_register_vcpu_info sets
 *   every selector bit, and a FIFO guest never clears them.)
 * - FIFO: every LINKED event word is reachable from exactly one queue head (the
 *   guest's local head if it has one, else the control block's head[q]) with no
 *   cycle; ready bit q is set exactly when that queue is non-empty; a PENDING,
 *   unmasked word is LINKED (queued).
 * So no event is lost: a pending port is either selected/queued or masked.
 *
 * Checked between operations, never inside one. A guest in the middle of consuming
 * (modelled kernels consume an upcall completely before the model moves on) is fine.
 */
import {
  ECS,
  EVTCHN_FIFO_CONTROL_BLOCK,
  EVTCHN_FIFO_LINK_MASK,
  EVTCHN_FIFO_LINKED,
  EVTCHN_FIFO_MASKED,
  EVTCHN_FIFO_MAX_QUEUES,
  EVTCHN_FIFO_PENDING,
  VIRQ_TYPE,
} from "../abi/event-channel";
import type { Domain } from "../domain/domain";
import { testBit } from "../memory/mapped-page";
import { fifoWord } from "./event-fifo";
import { getVirqType } from "./virq";

export interface InvariantOptions {
  /**
   * The guest's own copy of queue heads (Linux keeps per-CPU q->head[] and reads the
   * control block's head only when its copy is 0): 0 when it has none.
   */
  readonly fifoLocalHead?: (d: Domain, vcpuId: number, queue: number) => number;
}

const P = (1 << EVTCHN_FIFO_PENDING) >>> 0;
const M = 1 << EVTCHN_FIFO_MASKED;
const L = 1 << EVTCHN_FIFO_LINKED;

/** Every violation found across `domains`, as readable sentences (empty: all hold). */
export function checkEvtchnInvariants(
  domains: ReadonlyMap<number, Domain>,
  opts: InvariantOptions = {},
): string[] {
  const out: string[] = [];
  for (const d of domains.values()) {
    checkBookkeeping(d, domains, out);
    if (d.evtchn.fifo) checkFifo(d, opts, out);
    else check2l(d, out);
  }
  return out;
}

function checkBookkeeping(d: Domain, domains: ReadonlyMap<number, Domain>, out: string[]): void {
  const e = d.evtchn;
  const id = `d${d.domid}`;
  if (e.validEvtchns > 0 && e.chn(0).state !== ECS.ECS_RESERVED)
    out.push(`${id}: port 0 not RESERVED`);
  let active = 0;
  let xen = 0;
  for (let port = 1; port < e.validEvtchns; port++) {
    const chn = e.chn(port);
    if (chn.state !== ECS.ECS_FREE) active++;
    if (chn.xenConsumer) xen++;
    if (chn.state === ECS.ECS_INTERDOMAIN) {
      const rd = domains.get(chn.remoteDom);
      const r = rd?.evtchn.lookup(chn.remotePort);
      if (!r || r.state !== ECS.ECS_INTERDOMAIN || r.remoteDom !== d.domid || r.remotePort !== port)
        out.push(
          `${id} port ${port}: remote end d${chn.remoteDom} port ${chn.remotePort} does not point back`,
        );
    }
    if (chn.state === ECS.ECS_VIRQ) {
      const vid = getVirqType(chn.virq) === VIRQ_TYPE.VIRQ_VCPU ? chn.notifyVcpuId : 0;
      if (e.vcpus[vid]?.virqToEvtchn[chn.virq] !== port)
        out.push(`${id} port ${port}: VIRQ ${chn.virq} not in virq_to_evtchn of vCPU${vid}`);
    }
  }
  if (active !== e.activeEvtchns)
    out.push(`${id}: active_evtchns ${e.activeEvtchns}, ports in use ${active}`);
  if (xen !== e.xenEvtchns)
    out.push(`${id}: xen_evtchns ${e.xenEvtchns}, Xen-attached ports ${xen}`);
  e.vcpus.forEach((ev, vid) =>
    ev.virqToEvtchn.forEach((port, virq) => {
      if (!port) return;
      const chn = e.lookup(port);
      if (!chn || chn.state !== ECS.ECS_VIRQ || chn.virq !== virq)
        out.push(`${id} vCPU${vid}: virq_to_evtchn[${virq}] = ${port} is not that VIRQ's port`);
    }),
  );
}

function check2l(d: Domain, out: string[]): void {
  const e = d.evtchn;
  const sh = e.shared;
  const l = sh.layout;
  const max = Math.min(e.validEvtchns, l.wordBits * l.wordBits);
  const vcpus = d.vcpus.filter((v) => v !== undefined);
  for (let port = 1; port < max; port++) {
    if (!testBit(sh.page, l.evtchnPending, port) || testBit(sh.page, l.evtchnMask, port)) continue;
    const word = (port / l.wordBits) | 0;
    const selected = vcpus.some((v) => {
      const a = sh.vcpuInfo(v.vcpuId);
      return testBit(a.page, a.off + l.pendingSel, word);
    });
    if (!selected && vcpus.length)
      out.push(
        `d${d.domid} port ${port}: pending and unmasked, but selector bit ${word} is clear on every vCPU (lost event)`,
      );
  }
}

function checkFifo(d: Domain, opts: InvariantOptions, out: string[]): void {
  const e = d.evtchn;
  const fifo = e.fifo!;
  const id = `d${d.domid}`;
  const seen = new Map<number, string>();
  e.vcpus.forEach((ev, vid) => {
    const cb = ev.fifo?.controlBlock;
    if (!cb) return;
    const ready = cb.page.u32(cb.off + EVTCHN_FIFO_CONTROL_BLOCK.ready);
    for (let q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++) {
      const local = opts.fifoLocalHead?.(d, vid, q) ?? 0;
      let port = local || cb.page.u32(cb.off + EVTCHN_FIFO_CONTROL_BLOCK.head + q * 4);
      let length = 0;
      while (port !== 0) {
        const w = fifoWord(d, port);
        if (w === undefined || !(w & L)) break;
        const where = `vCPU${vid} queue ${q}`;
        const before = seen.get(port);
        if (before) {
          out.push(
            `${id} port ${port}: reached from ${before} and from ${where} (cycle or shared tail)`,
          );
          break;
        }
        seen.set(port, where);
        length++;
        port = w & EVTCHN_FIFO_LINK_MASK;
      }
      const bit = ((ready >>> q) & 1) === 1;
      if (bit !== length > 0)
        out.push(
          `${id} vCPU${vid}: ready bit ${q} is ${bit ? "set" : "clear"} but the queue has ${length} event(s)`,
        );
    }
  });
  for (let port = 1; port < Math.min(e.validEvtchns, fifo.numEvtchns); port++) {
    const w = fifoWord(d, port);
    if (w === undefined) continue;
    if (w & L && !seen.has(port))
      out.push(`${id} port ${port}: LINKED but on no queue (lost event)`);
    if (w & P && !(w & M) && !(w & L))
      out.push(`${id} port ${port}: PENDING and unmasked but not LINKED (lost event)`);
  }
}
