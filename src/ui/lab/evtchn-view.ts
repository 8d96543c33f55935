/**
 * The Event channels panel's arithmetic over a domain's frozen evtchn snapshot
 * (xen-core/evtchn/snapshot.ts): which 2-level bits to draw, each FIFO queue as the
 * chain of ports its LINK fields make, and what changed between two snapshots so the
 * panel can show events moving.
 *
 * 2-level (xen/include/public/xen.h): port p is bit p % W of word p / W of
 * evtchn_pending[] and evtchn_mask[]; bit p / W of a vCPU's evtchn_pending_sel says the
 * word has pending ports (W = 64 on Arm and x86_64, 32 for a 32-bit x86 guest).
 * FIFO (xen/include/public/event_channel.h, xen/common/event_fifo.c): each vCPU has 16
 * queues; HEAD[q] in the control block (as the guest reads it) and Xen's own tail; each
 * event word holds P, M, L, B and the 17-bit LINK to the next port. A queue holds the
 * LINKED ports reachable from HEAD; an empty queue may keep a stale HEAD.
 */
import type { EvtchnSnapshot, FifoVcpuSnapshot, FifoWordSnapshot } from "../../xen-core";

export interface TwoLevelRow {
  /** Word index (the selector bit). */
  readonly word: number;
  /** Per bit: pending, masked. */
  readonly pending: readonly boolean[];
  readonly masked: readonly boolean[];
  /** Per vCPU: is this word's selector bit set. */
  readonly selector: readonly boolean[];
}

const bit = (bytes: readonly number[], n: number) => ((bytes[n >> 3] ?? 0) >> (n & 7)) & 1;

export function wordBits(e: EvtchnSnapshot): 32 | 64 {
  return e.layout === "x86_32" ? 32 : 64;
}

/**
 * The rows of the 2-level bitmaps worth drawing: every word up to the highest one with
 * a port in use, a pending bit or a selector bit (at least one row). Masked bits alone
 * do not extend it: a Linux-like kernel masks every port at boot.
 */
export function twoLevelRows(e: EvtchnSnapshot): TwoLevelRow[] {
  const t = e.twoLevel;
  if (!t) return [];
  const W = wordBits(e);
  let last = 0;
  for (const p of e.ports) last = Math.max(last, Math.floor(p.port / W));
  const bytesPerWord = W / 8;
  for (let w = 0; w < W; w++) {
    for (let b = 0; b < bytesPerWord; b++)
      if (t.pendingBytes[w * bytesPerWord + b]) last = Math.max(last, w);
  }
  for (const v of e.vcpuInfo) {
    for (let w = 0; w < W; w++) if ((v.selector >> BigInt(w)) & 1n) last = Math.max(last, w);
  }
  const rows: TwoLevelRow[] = [];
  for (let w = 0; w <= last; w++) {
    const pending: boolean[] = [];
    const masked: boolean[] = [];
    for (let b = 0; b < W; b++) {
      pending.push(bit(t.pendingBytes, w * W + b) === 1);
      masked.push(bit(t.maskBytes, w * W + b) === 1);
    }
    rows.push({
      word: w,
      pending,
      masked,
      selector: e.vcpuInfo.map((v) => ((v.selector >> BigInt(w)) & 1n) === 1n),
    });
  }
  return rows;
}

/** Masked bits in the words twoLevelRows leaves out (nothing else is set there). */
export function maskedBeyond(e: EvtchnSnapshot, rows: number): number {
  const t = e.twoLevel;
  if (!t) return 0;
  const from = (rows * wordBits(e)) / 8;
  let n = 0;
  for (let i = from; i < t.maskBytes.length; i++) {
    for (let v = t.maskBytes[i]!; v; v &= v - 1) n++;
  }
  return n;
}

export interface FifoQueue {
  readonly priority: number;
  readonly head: number;
  readonly tail: number;
  /** Linked ports from head along LINK (bounded; `cycle` set if a link loops back). */
  readonly ports: readonly number[];
  /**
   * HEAD names a port that is no longer LINKED: the guest consumed it. Xen writes HEAD
   * when it links into an empty queue; the guest keeps its own copy while consuming.
   */
  readonly staleHead: boolean;
  readonly cycle: boolean;
  /** READY bit of this priority in the control block. */
  readonly ready: boolean;
}

/** The non-empty queues of one vCPU, each followed from its head along the LINK fields. */
export function fifoQueues(
  v: FifoVcpuSnapshot,
  words: ReadonlyMap<number, FifoWordSnapshot>,
  limit = 64,
): FifoQueue[] {
  const out: FifoQueue[] = [];
  for (let q = 0; q < v.head.length; q++) {
    const head = v.head[q]!;
    const tail = v.tail[q] ?? 0;
    const ready = ((v.ready >>> q) & 1) === 1;
    const ports: number[] = [];
    const seen = new Set<number>();
    let cycle = false;
    for (let p = head; p && words.get(p)?.linked && ports.length < limit; p = words.get(p)!.link) {
      if (seen.has(p)) {
        cycle = true;
        break;
      }
      seen.add(p);
      ports.push(p);
    }
    if (!ports.length && !ready) continue;
    out.push({
      priority: q,
      head,
      tail,
      ports,
      cycle,
      ready,
      staleHead: head !== 0 && !ports.length,
    });
  }
  return out;
}

/** Ports whose pending or masked state (or FIFO word) differs between two snapshots. */
export function changedPorts(
  before: EvtchnSnapshot | undefined,
  after: EvtchnSnapshot,
): ReadonlySet<number> {
  const changed = new Set<number>();
  if (!before || before === after) return changed;
  const old = new Map(before.ports.map((p) => [p.port, p]));
  for (const p of after.ports) {
    const o = old.get(p.port);
    if (!o || o.pending !== p.pending || o.masked !== p.masked || o.state !== p.state)
      changed.add(p.port);
  }
  const oldWords = new Map((before.fifo?.words ?? []).map((w) => [w.port, w.word]));
  for (const w of after.fifo?.words ?? []) if (oldWords.get(w.port) !== w.word) changed.add(w.port);
  return changed;
}
