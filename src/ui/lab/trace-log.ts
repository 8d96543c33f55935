/**
 * The page's copy of the hypervisor's trace: an append-only log the Trace panel and the
 * vCPU timeline read. The model keeps a bounded ring; the page pulls what is new after
 * each change and keeps far more (10^5 entries and beyond), so a long session stays
 * browsable.
 *
 * A view is immutable in effect: entries [0, length) of its array never change (the log
 * only appends), and when the log sheds its oldest half it starts a new array, so a view
 * held by a renderer stays valid and selectors comparing views by identity see changes.
 */
import type { TraceEntry } from "../../xen-core";

/** What the log needs from the model's trace (xen-core's Trace class). */
export interface TraceSource {
  /** The seq the next entry will get. */
  readonly seq: number;
  /** The last n entries, oldest first. */
  tail(n: number): readonly TraceEntry[];
}

export interface TraceView {
  /** Only indices below `length` are part of this view. */
  readonly entries: readonly TraceEntry[];
  readonly length: number;
  /** Entries shed from the front since the log started (for "n older entries dropped"). */
  readonly dropped: number;
  /** Entries the model's ring lost before the page could read them. */
  readonly missed: number;
}

export const EMPTY_TRACE: TraceView = Object.freeze({
  entries: Object.freeze([]) as readonly TraceEntry[],
  length: 0,
  dropped: 0,
  missed: 0,
});

export class TraceLog {
  private entries: TraceEntry[] = [];
  private nextSeq = 1;
  private dropped = 0;
  private missed = 0;
  private current: TraceView = EMPTY_TRACE;

  /**
   * @param capacity entries kept; past it the oldest `capacity / 2` are shed at once
   *   (amortised O(1) per entry, and views of the old array stay intact).
   */
  constructor(private readonly capacity = 250_000) {}

  /** Copy what the source has that the log has not; true when something was added. */
  pull(source: TraceSource): boolean {
    const want = source.seq - this.nextSeq;
    if (want <= 0) return false;
    const fresh = source.tail(want);
    let added = 0;
    for (const e of fresh) {
      if (e.seq < this.nextSeq) continue;
      // A gap: the ring wrapped (or tracing was off) before the page read it.
      if (e.seq > this.nextSeq) this.missed += e.seq - this.nextSeq;
      this.entries.push(e);
      this.nextSeq = e.seq + 1;
      added++;
    }
    this.nextSeq = source.seq;
    if (this.entries.length > this.capacity) {
      const shed = this.entries.length - Math.floor(this.capacity / 2);
      this.entries = this.entries.slice(shed);
      this.dropped += shed;
    }
    if (added === 0 && this.current.length === this.entries.length) return false;
    this.current = Object.freeze({
      entries: this.entries,
      length: this.entries.length,
      dropped: this.dropped,
      missed: this.missed,
    });
    return true;
  }

  view(): TraceView {
    return this.current;
  }

  /** Entries the source has numbered that the log has not read yet. */
  lag(source: Pick<TraceSource, "seq">): number {
    return source.seq - this.nextSeq;
  }
}

/** Index of the entry with `seq` in a view (entries are sorted by seq), or -1. */
export function indexOfSeq(view: TraceView, seq: number): number {
  let lo = 0;
  let hi = view.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = view.entries[mid]!.seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The hypercall a state change happened inside (its entry spans the change's seq), or
 * undefined for a change made outside any hypercall (dom0's boot, a debug key).
 */
export function causeOf(view: TraceView, index: number): TraceEntry | undefined {
  const e = view.entries[index];
  if (!e || e.kind !== "state") return undefined;
  for (let i = index + 1; i < view.length; i++) {
    const next = view.entries[i]!;
    if (next.kind === "hypercall") return next.entrySeq <= e.seq ? next : undefined;
  }
  return undefined;
}
