/**
 * The Xen console ring (xen/drivers/char/console.c): what `xl dmesg` reads.
 * Xen's own messages carry the `(XEN) ` prefix; a domU's console_io output is buffered
 * per domain until a newline, stripped of non-printable characters, and printed with
 * `(d<N>) `. The ring has a fixed size (conring, 16 KiB by default) and drops the
 * oldest text when full.
 */
export const CONRING_SIZE = 16 * 1024;

export class ConsoleRing {
  private lines: string[] = [];
  private bytes = 0;
  private readonly guestPartial = new Map<number, string>();
  private xenPartial = "";
  private hwdomPartial = "";
  /** Total lines ever written: lets readers resume after the ring wrapped. */
  private written = 0;

  constructor(private readonly capacity = CONRING_SIZE) {}

  /** printk: one or more lines of Xen's own output. */
  printk(text: string): void {
    for (const line of text.replace(/\n$/, "").split("\n")) this.push(`(XEN) ${line}`);
  }

  /**
   * Xen's own output without an implied newline (printk("%c") of a debug trap): held
   * until a newline completes the line, then prefixed like any printk line.
   */
  xenWrite(text: string): void {
    let buf = this.xenPartial + text;
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      this.push(`(XEN) ${buf.slice(0, nl)}`);
      buf = buf.slice(nl + 1);
    }
    this.xenPartial = buf;
  }

  /** Guest output through console_io (CONSOLEIO_write) from a non-hardware domain. */
  guestWrite(domid: number, text: string): void {
    let buf = (this.guestPartial.get(domid) ?? "") + text;
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      // Xen keeps printable ASCII only (console.c guest_console_write).
      const printable = buf.slice(0, nl).replace(/[^\x20-\x7e]/g, "");
      this.push(`(d${domid}) ${printable}`);
      buf = buf.slice(nl + 1);
    }
    this.guestPartial.set(domid, buf);
  }

  /**
   * The hardware domain's console_io output (guest_console_write): sent straight to the
   * console, without a prefix, one line per newline.
   */
  hwdomWrite(text: string): void {
    let buf = this.hwdomPartial + text;
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      this.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
    this.hwdomPartial = buf;
  }

  /** The ring's lines, oldest first. */
  read(): readonly string[] {
    return this.lines;
  }

  get totalWritten(): number {
    return this.written;
  }

  /** `xl dmesg -c`. */
  clear(): void {
    this.lines = [];
    this.bytes = 0;
  }

  private push(line: string): void {
    this.lines.push(line);
    this.bytes += line.length + 1;
    this.written++;
    while (this.bytes > this.capacity && this.lines.length > 1) {
      this.bytes -= this.lines.shift()!.length + 1;
    }
  }
}
