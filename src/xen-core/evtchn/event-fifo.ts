/**
 * The FIFO ABI port operations, xen/common/event_fifo.c: event words (P31 M30 L29 B28,
 * LINK in bits 0..16) in event array pages the guest gave with EVTCHNOP_expand_array,
 * and per vCPU a control block (ready, head[16]) in a guest page given with
 * EVTCHNOP_init_control, plus Xen's own per-queue tail.
 *
 * set_pending: no array page yet → remember evtchn->pending and stop. No control block
 * on the target vCPU → printk "%pv has no FIFO event channel control block" and drop
 * the event. Otherwise set PENDING; if not MASKED and LINKED was newly set, take the
 * port off the tail of the queue it was last on, link it at the tail of
 * queue[priority] (the old tail's LINK, or head[q] when the queue was empty) and, when
 * the queue was empty and the ready bit q newly set, mark events pending.
 *
 * The guest cannot run concurrently with the model, so Xen's cmpxchg loops and BUSY
 * locking of the tail word always succeed at their first attempt.
 */
import {
  EVTCHN_FIFO_BUSY,
  EVTCHN_FIFO_CONTROL_BLOCK,
  EVTCHN_FIFO_LINKED,
  EVTCHN_FIFO_LINK_MASK,
  EVTCHN_FIFO_MASKED,
  EVTCHN_FIFO_PENDING,
  EVTCHN_FIFO_PRIORITY_DEFAULT,
  EVTCHN_FIFO_PRIORITY_MIN,
} from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { testAndSetBit, type MappedPage } from "../memory/mapped-page";
import type { Evtchn, FifoDomain } from "./evtchn";
import type { EvtchnPortOps } from "./port-ops";
import { evtchnCheckPollers, vcpuMarkEventsPending } from "./upcall";

const P = (1 << EVTCHN_FIFO_PENDING) >>> 0;
const M = 1 << EVTCHN_FIFO_MASKED;
const L = 1 << EVTCHN_FIFO_LINKED;
const B = 1 << EVTCHN_FIFO_BUSY;

/** The array page holding `port`'s event word (evtchn_fifo_word_from_port), if any. */
export function fifoWordPage(fifo: FifoDomain, port: number): MappedPage | undefined {
  return port < fifo.numEvtchns ? fifo.eventArray[port >>> 10] : undefined;
}

/** Byte offset of `port`'s event word in its page. */
export function fifoWordOffset(port: number): number {
  return (port & 1023) << 2;
}

/** The event word of `port`, or undefined when its array page is not there. */
export function fifoWord(d: Domain, port: number): number | undefined {
  const fifo = d.evtchn.fifo;
  const page = fifo && fifoWordPage(fifo, port);
  return page ? page.u32(fifoWordOffset(port)) : undefined;
}

/** evtchn_fifo_init: default priority; warn if the word is still on a queue. */
function init(ctx: HypervisorContext, d: Domain, chn: Evtchn): void {
  chn.priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
  const w = fifoWord(d, chn.port);
  if (w !== undefined && w & L) {
    const cur = ctx.current;
    ctx.report({
      ret: 0,
      kind: "dprintk",
      file: "common/event_fifo.c",
      line: 92,
      vcpu: cur ? `d${cur.domid}v${cur.vcpuId}` : "d?",
      text: `domain ${d.domid}, port ${chn.port} already on a queue`,
    });
  }
}

/** evtchn_fifo_set_link: set the tail's LINK iff it is still LINKED (clears BUSY). */
function setLink(fifo: FifoDomain, tail: number, port: number): boolean {
  const page = fifoWordPage(fifo, tail);
  if (!page) return false;
  const off = fifoWordOffset(tail);
  const w = page.u32(off);
  if (!(w & L)) return false;
  page.setU32(off, ((w & ~(B | EVTCHN_FIFO_LINK_MASK)) | port) >>> 0);
  return true;
}

function setPending(ctx: HypervisorContext, d: Domain, vcpuId: number, chn: Evtchn): void {
  const e = d.evtchn;
  const fifo = e.fifo!;
  const port = chn.port;
  const page = fifoWordPage(fifo, port);
  if (!page) {
    chn.pending = true;
    return;
  }
  const v = d.vcpus[vcpuId];
  const fv = e.vcpus[vcpuId]?.fifo;
  const cb = fv?.controlBlock;
  if (!v || !fv || !cb) {
    // The guest must not unmask before its control block exists: the event is dropped.
    ctx.console.printk(`d${d.domid}v${vcpuId} has no FIFO event channel control block`);
    return;
  }
  const q = fv.queues[chn.priority]!;
  const oldQ = e.vcpus[chn.lastqVcpu]?.fifo?.queues[chn.lastqPriority] ?? q;
  const off = fifoWordOffset(port);
  let w = page.u32(off);
  const checkPollers = !(w & P);
  w = (w | P) >>> 0;
  page.setU32(off, w);
  let linked = true;
  if (!(w & M) && !(w & L)) {
    page.setU32(off, (w | L) >>> 0);
    // If this event was a tail, its old queue is now empty.
    if (oldQ.tail === port) oldQ.tail = 0;
    if (oldQ !== q) {
      chn.lastqVcpu = vcpuId;
      chn.lastqPriority = chn.priority;
    }
    linked = q.tail !== 0 && setLink(fifo, q.tail, port);
    if (!linked) cb.page.setU32(cb.off + EVTCHN_FIFO_CONTROL_BLOCK.head + chn.priority * 4, port);
    q.tail = port;
  }
  if (!linked && !testAndSetBit(cb.page, cb.off + EVTCHN_FIFO_CONTROL_BLOCK.ready, chn.priority))
    vcpuMarkEventsPending(ctx, d, v);
  if (checkPollers) evtchnCheckPollers(ctx, d, port);
}

/** Just clear P: the guest unlinks and ignores non-pending events itself. */
function clearPending(d: Domain, chn: Evtchn): void {
  const page = fifoWordPage(d.evtchn.fifo!, chn.port);
  if (!page) return;
  const off = fifoWordOffset(chn.port);
  page.setU32(off, (page.u32(off) & ~P) >>> 0);
}

/** Clear MASKED; relink if PENDING. */
function unmask(ctx: HypervisorContext, d: Domain, chn: Evtchn): void {
  const page = fifoWordPage(d.evtchn.fifo!, chn.port);
  if (!page) return;
  const off = fifoWordOffset(chn.port);
  const w = (page.u32(off) & ~M) >>> 0;
  page.setU32(off, w);
  if (w & P) setPending(ctx, d, chn.notifyVcpuId, chn);
}

function isPending(d: Domain, chn: Evtchn): boolean {
  const w = fifoWord(d, chn.port);
  return w !== undefined && (w & P) !== 0;
}

function isMasked(d: Domain, chn: Evtchn): boolean {
  const w = fifoWord(d, chn.port);
  return w === undefined || (w & M) !== 0;
}

/** A closed port still LINKED cannot be reused until the guest unlinks it. */
function isBusy(d: Domain, chn: Evtchn): boolean {
  const w = fifoWord(d, chn.port);
  return w !== undefined && (w & L) !== 0;
}

/** Only future events use the new queue; one already linked stays where it is. */
function setPriority(_d: Domain, chn: Evtchn, priority: number): number {
  if (priority > EVTCHN_FIFO_PRIORITY_MIN) return -XEN_ERRNO.EINVAL;
  chn.priority = priority;
  return 0;
}

/** evtchn_fifo_print_state: "?     ", "%c %-4u" when LINKED, else "%c -   ". */
function printState(d: Domain, chn: Evtchn): string {
  const w = fifoWord(d, chn.port);
  if (w === undefined) return "?     ";
  const busy = w & B ? "B" : " ";
  return w & L ? `${busy} ${String(w & EVTCHN_FIFO_LINK_MASK).padEnd(4)}` : `${busy} -   `;
}

export const FIFO_OPS: EvtchnPortOps = {
  init,
  setPending,
  clearPending,
  unmask,
  isPending,
  isMasked,
  isBusy,
  setPriority,
  printState,
};

/** evtchn_fifo_set_pending for the re-raise of EVTCHNOP_expand_array. */
export { setPending as fifoSetPending };
