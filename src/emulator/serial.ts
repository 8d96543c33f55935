/**
 * A guest's serial console as streams: every output byte to subscribers (a terminal
 * wants the raw bytes), and a text transcript (carriage returns dropped) that
 * scenario `wait` steps and `expect: serial` match against. A wait looks at the text
 * produced since the last input sent to the guest, so it cannot match the echo of an
 * earlier command's output.
 */
import { matches } from "../xen-core/scenario/text-match";
import type { TextMatch } from "../xen-core/scenario/types";

export type ByteListener = (byte: number) => void;

/** Keep at most this much transcript; the oldest quarter goes when it is full. */
const TRANSCRIPT_LIMIT = 4 << 20;

interface Waiter {
  readonly match: TextMatch;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class SerialStream {
  private readonly listeners = new Set<ByteListener>();
  private readonly waiters = new Set<Waiter>();
  private text = "";
  private pending: number[] = [];
  /** Transcript offset where the last input was sent. */
  private mark = 0;
  private checkQueued = false;
  private closedWhy: string | undefined;
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

  /** Text since the last input. */
  sinceInput(): string {
    return this.transcript().slice(this.mark);
  }

  /** The runner sends input: later waits match only what comes after it. */
  markInput(): void {
    this.mark = this.transcript().length;
  }

  /** Resolve once the text since the last input matches; reject on timeout or close. */
  waitFor(match: TextMatch, timeoutMs: number): Promise<void> {
    if (matches(match, this.sinceInput())) return Promise.resolve();
    if (this.closedWhy) return Promise.reject(new Error(this.closedWhy));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          this.checkWaiters();
          if (matches(match, this.sinceInput())) resolve();
          else
            reject(
              new Error(`timed out; the guest printed ${JSON.stringify(tail(this.sinceInput()))}`),
            );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** The guest is gone: pending and later waits fail with `why`. */
  close(why: string): void {
    this.closedWhy = why;
    this.checkWaiters();
    for (const w of [...this.waiters]) {
      clearTimeout(w.timer);
      this.waiters.delete(w);
      w.reject(new Error(why));
    }
  }

  private checkWaiters(): void {
    if (!this.waiters.size) return;
    const text = this.sinceInput();
    for (const w of [...this.waiters]) {
      if (!matches(w.match, text)) continue;
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
      this.mark = Math.max(0, this.mark - drop);
    }
  }
}

function tail(text: string): string {
  return text.length > 200 ? `...${text.slice(-200)}` : text;
}
