/**
 * A FIFO event channel driver as Linux writes it (drivers/xen/events/events_fifo.c):
 * - init: one control block page per vCPU, cleared, given with EVTCHNOP_init_control;
 * - setup: grow the event array page by page (every word initialised MASKED) with
 *   EVTCHNOP_expand_array until the port has a word, then unmask it;
 * - unmask: clear MASKED (spinning while BUSY: never, Xen cannot run concurrently
 *   here); if PENDING, EVTCHNOP_unmask so Xen links it;
 * - upcall (__evtchn_fifo_handle_events): ready = xchg(ready, 0); while ready, take the
 *   highest priority queue q: its head is the driver's local copy, or the control
 *   block's head[q] when the copy is 0 (the last event was a tail); clear LINKED and
 *   LINK of that word (clear_linked), keep LINK as the next head, drop q from the local
 *   ready when it was the tail; a PENDING, unmasked event is handled (acknowledged by
 *   clearing PENDING); ready |= xchg(ready, 0).
 */
import {
  EVTCHN_FIFO_CONTROL_BLOCK as CB,
  EVTCHN_FIFO_LINK_MASK,
  EVTCHN_FIFO_LINKED,
  EVTCHN_FIFO_MASKED,
  EVTCHN_FIFO_MAX_QUEUES,
  EVTCHN_FIFO_NR_CHANNELS,
  EVTCHN_FIFO_PENDING,
  EVTCHNOP,
} from "../abi/event-channel";
import { HYPERVISOR } from "../abi/xen";
import { EVTCHN_EXPAND_ARRAY, EVTCHN_INIT_CONTROL, EVTCHN_UNMASK } from "../evtchn/layout";
import type { MappedPage } from "../memory/mapped-page";
import type { DriverHost, EvtchnDriver } from "./driver";

const P = (1 << EVTCHN_FIFO_PENDING) >>> 0;
const M = 1 << EVTCHN_FIFO_MASKED;
const L = 1 << EVTCHN_FIFO_LINKED;
/** A guard against a corrupted queue (a LINK cycle): Linux would spin forever. */
const MAX_EVENTS_PER_UPCALL = EVTCHN_FIFO_NR_CHANNELS;

export class FifoDriver implements EvtchnDriver {
  readonly kind = "fifo" as const;
  readonly channels = EVTCHN_FIFO_NR_CHANNELS;
  /** Event array frames, in order (1024 ports each). */
  readonly arrayGfns: number[] = [];
  /** Control block frame per vCPU. */
  private readonly controlBlocks: number[] = [];
  /** Per-CPU q->head[] of Linux. */
  private readonly heads: number[][];

  constructor(private readonly host: DriverHost) {
    this.heads = host.vcpus.map(() => new Array<number>(EVTCHN_FIFO_MAX_QUEUES).fill(0));
  }

  private op(cmd: number, size: number, fill: Parameters<DriverHost["cpu"]["structCall"]>[4]) {
    return this.host.cpu.structCall(
      this.host.boot,
      HYPERVISOR.__HYPERVISOR_event_channel_op,
      cmd,
      size,
      fill,
    );
  }

  /** evtchn_fifo_alloc_control_block() for every vCPU; the first error stops it. */
  init(): number {
    for (const v of this.host.vcpus) {
      const gfn = this.host.allocFrame();
      if (gfn === undefined) return -12; // -ENOMEM
      const page = this.host.page(gfn);
      for (let off = 0; off < 4096; off += 4) page.setU32(off, 0); // clear_page()
      const r = this.op(EVTCHNOP.EVTCHNOP_init_control, EVTCHN_INIT_CONTROL.size, (s) =>
        s
          .setU64(EVTCHN_INIT_CONTROL.control_gfn, gfn)
          .setU32(EVTCHN_INIT_CONTROL.offset, 0)
          .setU32(EVTCHN_INIT_CONTROL.vcpu, v.vcpuId),
      );
      if (r.ret < 0) return r.ret;
      this.controlBlocks[v.vcpuId] = gfn;
    }
    return 0;
  }

  private wordPage(port: number): MappedPage | undefined {
    const gfn = this.arrayGfns[port >>> 10];
    return gfn === undefined ? undefined : this.host.page(gfn);
  }

  /** evtchn_fifo_setup(): expand the array up to the port's page. */
  private expandTo(port: number): boolean {
    while (this.arrayGfns.length <= port >>> 10) {
      const gfn = this.host.allocFrame();
      if (gfn === undefined) {
        this.host.log(`fifo: no memory for event array page ${this.arrayGfns.length}`);
        return false;
      }
      const page = this.host.page(gfn);
      for (let off = 0; off < 4096; off += 4) page.setU32(off, M); // init_array_page()
      const r = this.op(EVTCHNOP.EVTCHNOP_expand_array, EVTCHN_EXPAND_ARRAY.size, (s) =>
        s.setU64(EVTCHN_EXPAND_ARRAY.array_gfn, gfn),
      );
      if (r.ret < 0) {
        this.host.log(`fifo: expand_array failed: ${r.ret}`);
        return false;
      }
      this.arrayGfns.push(gfn);
    }
    return true;
  }

  setup(port: number): void {
    if (!this.expandTo(port)) return;
    const page = this.wordPage(port)!;
    const off = (port & 1023) * 4;
    const w = (page.u32(off) & ~M) >>> 0; // clear_masked()
    page.setU32(off, w);
    if (w & P) {
      this.op(EVTCHNOP.EVTCHNOP_unmask, EVTCHN_UNMASK.size, (s) =>
        s.setU32(EVTCHN_UNMASK.port, port),
      );
    }
  }

  mask(port: number): void {
    const page = this.wordPage(port);
    if (!page) return;
    const off = (port & 1023) * 4;
    page.setU32(off, (page.u32(off) | M) >>> 0);
  }

  localHead(vcpuId: number, queue: number): number {
    return this.heads[vcpuId]?.[queue] ?? 0;
  }

  handle(vcpuId: number): number[] {
    const gfn = this.controlBlocks[vcpuId];
    if (gfn === undefined) return [];
    const cb = this.host.page(gfn);
    const heads = this.heads[vcpuId]!;
    const out: number[] = [];
    let ready = cb.u32(CB.ready);
    cb.setU32(CB.ready, 0);
    let budget = MAX_EVENTS_PER_UPCALL;
    while (ready && --budget > 0) {
      const q = 31 - Math.clz32(ready & -ready); // find_first_bit
      let head = heads[q]! || cb.u32(CB.head + q * 4);
      const port = head;
      const page = this.wordPage(port);
      const off = (port & 1023) * 4;
      const w = page ? page.u32(off) : 0;
      // clear_linked(): LINKED and LINK go, LINK is the next head.
      if (page) page.setU32(off, (w & ~(L | EVTCHN_FIFO_LINK_MASK)) >>> 0);
      head = w & EVTCHN_FIFO_LINK_MASK;
      if (head === 0) ready &= ~(1 << q);
      if (page && w & P && !(w & M)) {
        page.setU32(off, (page.u32(off) & ~P) >>> 0); // ack: clear PENDING
        out.push(port);
      }
      heads[q] = head;
      ready |= cb.u32(CB.ready);
      cb.setU32(CB.ready, 0);
    }
    return out;
  }
}
