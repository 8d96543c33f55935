/**
 * A guest's serial console as streams: every output byte to subscribers (a terminal
 * wants the raw bytes), and a text transcript (carriage returns dropped) that
 * scenario `wait` steps and `expect: serial` match against, as a whole (the same
 * semantics as modelled kernels' consoles: a scenario anchors a pattern on an earlier
 * line to mean "after it"). Offsets into the transcript are absolute, so a caller can
 * also wait for what comes after a point, such as the last input (`inputMark`).
 */
import { matches } from "../xen-core/scenario/text-match";
import type { TextMatch } from "../xen-core/scenario/types";

export type ByteListener = (byte: number) => void;

/** Keep at most this much transcript; the oldest quarter goes when it is full. */
const TRANSCRIPT_LIMIT = 4 << 20;

interface Waiter {
  readonly match: TextMatch;
  readonly from: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class SerialStream {
  private readonly listeners = new Set<ByteListener>();
  private readonly waiters = new Set<Waiter>();
  private text = "";
  private pending: number[] = [];
  /** Characters dropped from the front of `text` (offsets stay absolute). */
  private dropped = 0;
  /** Absolute transcript offset where the last input was sent. */
  private mark = 0;
  private checkQueued = false;
  private closedWhy: string | undefined;
  private closedName = "Error";
  private totalBytes = 0;

  /** Subscribe to output bytes; returns the disposer. */
  onByte(listener: ByteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Output from the guest (called by the runner, byte by byte). */
  push(byte: number): void {
    this.totalBytes++;
    for (const l of this.listeners) l(byte);
    if (byte !== 13) this.pending.push(byte);
    if (this.pending.length >= 4096) this.flush();
    if (this.waiters.size && !this.checkQueued) {
      this.checkQueued = true;
      queueMicrotask(() => {
        this.checkQueued = false;
        this.checkWaiters();
      });
    }
  }

  get bytesOut(): number {
    return this.totalBytes;
  }

  /** Everything the guest printed (bounded), without carriage returns. */
  transcript(): string {
    this.flush();
    return this.text;
  }

  /** The transcript from absolute offset `from` (0: all of it). */
  since(from: number): string {
    return this.transcript().slice(Math.max(0, from - this.dropped));
  }

  /** Absolute offset of the transcript's end. */
  get length(): number {
    return this.dropped + this.transcript().length;
  }

  /** Absolute offset where the last input was sent (markInput). */
  get inputMark(): number {
    return this.mark;
  }

  /** The runner is sending input now. */
  markInput(): void {
    this.mark = this.length;
  }

  /**
   * Resolve once the transcript from `from` (default: all of it) matches; reject on
   * timeout, with the tail of what the guest printed, or when the guest is gone.
   */
  waitFor(match: TextMatch, timeoutMs: number, from = 0): Promise<void> {
    if (matches(match, this.since(from))) return Promise.resolve();
    if (this.closedWhy) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        from,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          if (matches(match, this.since(from))) return resolve();
          const printed = JSON.stringify(tail(this.since(from)));
          reject(new Error(`timed out; the guest printed ${printed}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * The guest is gone: pending and later waits fail with `why`, as an Error named
   * `errorName` (GUEST_CRASH when it crashed).
   */
  close(why: string, errorName = "Error"): void {
    this.closedWhy = why;
    this.closedName = errorName;
    this.checkWaiters();
    for (const w of [...this.waiters]) {
      clearTimeout(w.timer);
      this.waiters.delete(w);
      w.reject(this.closedError());
    }
  }

  private closedError(): Error {
    const err = new Error(this.closedWhy);
    err.name = this.closedName;
    return err;
  }

  private checkWaiters(): void {
    if (!this.waiters.size) return;
    for (const w of [...this.waiters]) {
      if (!matches(w.match, this.since(w.from))) continue;
      clearTimeout(w.timer);
      this.waiters.delete(w);
      w.resolve();
    }
  }

  private flush(): void {
    if (!this.pending.length) return;
    let chunk = "";
    for (let i = 0; i < this.pending.length; i += 8192) {
      chunk += String.fromCharCode(...this.pending.slice(i, i + 8192));
    }
    this.pending = [];
    this.text += chunk;
    if (this.text.length > TRANSCRIPT_LIMIT) {
      const drop = this.text.length - (TRANSCRIPT_LIMIT * 3) / 4;
      this.text = this.text.slice(drop);
      this.dropped += drop;
    }
  }
}

function tail(text: string): string {
  return text.length > 200 ? `...${text.slice(-200)}` : text;
}
