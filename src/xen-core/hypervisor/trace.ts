/**
 * The lab's trace: every hypercall and every state change, each with a sequence number
 * that only grows. Same inputs give the same trace (nothing here reads a clock).
 * Kept in a bounded ring so a long run cannot grow memory without end.
 */
export interface HypercallTrace {
  readonly seq: number;
  readonly kind: "hypercall";
  readonly domid: number;
  readonly vcpu: number;
  readonly nr: number;
  /** Xen's name: "domctl", "xen_version", ... */
  readonly name: string;
  /** Sub-op name when decoded: "createdomain", "XENVER_version", ... */
  readonly op?: string;
  /** Decoded arguments, Xen field names. */
  readonly args: Readonly<Record<string, string | number>>;
  readonly ret: number;
  /**
   * The trace's next seq when the call entered: the state changes it caused are the
   * entries with entrySeq ≤ seq < this entry's seq (they are numbered before the call
   * returns), so a viewer can tell a change made inside a hypercall from one made
   * outside any (dom0's boot, a debug key).
   */
  readonly entrySeq: number;
}

export interface StateTrace {
  readonly seq: number;
  readonly kind: "state";
  readonly domid: number;
  readonly vcpu?: number;
  /** What changed: "domain-created", "vcpu-mode", "paused", ... */
  readonly event: string;
  readonly detail: string;
}

export type TraceEntry = HypercallTrace | StateTrace;

export class Trace {
  private ring: TraceEntry[] = [];
  private head = 0;
  private nextSeq = 1;
  enabled = true;

  constructor(private readonly capacity = 4096) {}

  /** Take the next sequence number (every event gets one, traced or not). */
  next(): number {
    return this.nextSeq++;
  }

  /** Store an entry whose `seq` came from next(). */
  push(full: TraceEntry): void {
    if (this.ring.length < this.capacity) this.ring.push(full);
    else {
      this.ring[this.head] = full;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** The sequence number the next entry will get. */
  get seq(): number {
    return this.nextSeq;
  }

  /** The last `n` entries, oldest first. */
  tail(n = this.capacity): readonly TraceEntry[] {
    const len = this.ring.length;
    const k = Math.max(0, Math.min(n, len));
    if (len < this.capacity) return this.ring.slice(len - k);
    // Full ring: the oldest entry is at `head`; copy only the last k (a reader that
    // polls for what is new must not pay for the whole ring each time).
    const start = (this.head + len - k) % len;
    return start + k <= len
      ? this.ring.slice(start, start + k)
      : [...this.ring.slice(start), ...this.ring.slice(0, start + k - len)];
  }

  /** Entries with seq ≥ `from` still held by the ring. */
  since(from: number): readonly TraceEntry[] {
    return this.tail().filter((e) => e.seq >= from);
  }
}
