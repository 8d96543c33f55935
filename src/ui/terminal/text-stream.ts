/**
 * A console's output as a stream of text, outside React and outside the store: the
 * producer (the Xen console ring, the dom0 shell, a guest's serial port) writes, and
 * whichever terminal is mounted reads. A bounded backlog lets a terminal that mounts
 * later (a tab switch, StrictMode's second mount, a layout change) show what came
 * before, like a real console's scrollback.
 */

export type TextSink = (text: string) => void;

export interface Attachment {
  /** Everything still in the backlog when the sink attached. */
  readonly backlog: string;
  /** Stop receiving writes. */
  dispose(): void;
}

export class TextStream {
  private chunks: string[] = [];
  private size = 0;
  private readonly sinks = new Set<TextSink>();
  /** Total characters ever written (a reader can tell how much it missed). */
  written = 0;

  /** @param capacity backlog kept, in characters (the oldest whole chunks are dropped). */
  constructor(
    readonly name: string,
    private readonly capacity = 1 << 20,
  ) {}

  write(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.size += text.length;
    this.written += text.length;
    while (this.size > this.capacity && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
    // Chunks pile up when nothing reads; fold them so the array stays short.
    if (this.chunks.length > 4096) this.chunks = [this.chunks.join("")];
    for (const sink of this.sinks) sink(text);
  }

  attach(sink: TextSink): Attachment {
    this.sinks.add(sink);
    return {
      backlog: this.backlog(),
      dispose: () => void this.sinks.delete(sink),
    };
  }

  backlog(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join("")];
    return this.chunks[0] ?? "";
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}
