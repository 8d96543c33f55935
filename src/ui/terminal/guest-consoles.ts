/**
 * One console tab per guest of the lab the page shows: a modelled kernel's console
 * (xen-core/guest/kernel.ts, docs/guest-shell.md) or a real guest's serial port (v86,
 * src/emulator), as a stream, and what the user types as its input. Tabs come when a
 * guest starts and go with its domain or when the page shows another lab. Outside
 * React, like every stream.
 *
 * Typing: the kernel echoes a line when it receives its newline, as a serial shell
 * does; until then the terminal echoes locally (with backspace), and erases that local
 * echo when it sends the line, so each line shows once.
 */
import { modelledKernel } from "../../xen-core";
import type { LabSession } from "../lab/lab-session";
import { onModelChange } from "./on-model-change";
import { addConsoleTab } from "./console-tabs";
import type { ConsoleTab } from "./streams";
import { TextStream } from "./text-stream";

interface Attached {
  readonly kernel: object;
  readonly remove: () => void;
  readonly stop: () => void;
}

/** The line discipline of a console tab: local echo and editing until Enter. */
export function lineInput(stream: TextStream, send: (line: string) => void) {
  let line = "";
  return (data: string) => {
    for (const ch of data) {
      if (ch === "\r" || ch === "\n") {
        // Erase the local echo; the guest echoes the line itself.
        stream.write("\b \b".repeat(line.length));
        send(`${line}\n`);
        line = "";
      } else if (ch === "\x7f" || ch === "\b") {
        if (line) {
          line = line.slice(0, -1);
          stream.write("\b \b");
        }
      } else if (ch === "\x03") {
        stream.write("^C\r\n");
        line = "";
      } else if (ch >= " ") {
        line += ch;
        stream.write(ch);
      }
    }
  };
}

/** A real guest's serial port (src/emulator: a GuestRunner's SerialStream). */
interface SerialGuest {
  readonly serial: {
    onByte(l: (b: number) => void): () => void;
    transcript(): string;
  };
  send(text: string): void;
}

const isSerialGuest = (g: unknown): g is SerialGuest =>
  typeof g === "object" && g !== null && "serial" in g && "send" in g;

/** Bytes of a serial port to terminal text: Latin-1, a bare LF as CR LF. */
function serialFeed(stream: TextStream): (b: number) => void {
  let prev = 0;
  let pending = "";
  let queued = false;
  return (b) => {
    if (b === 10 && prev !== 13) pending += "\r";
    pending += String.fromCharCode(b);
    prev = b;
    if (queued) return;
    queued = true;
    // A guest prints byte by byte: hand the stream one string per task.
    queueMicrotask(() => {
      queued = false;
      stream.write(pending);
      pending = "";
    });
  };
}

/** Keep console tabs for `session`'s guests (modelled kernels, real guests); returns the disposer. */
export function followGuestConsoles(
  session: LabSession,
  names: () => Readonly<Record<number, string>>,
): () => void {
  const attached = new Map<number, Attached>();
  const label = (domid: number, what: string) => {
    const name = names()[domid];
    return `d${domid} ${what}${name && !name.startsWith("(") ? ` (${name})` : ""}`;
  };
  const sync = () => {
    for (const [domid, a] of attached) {
      const d = session.hv.domain(domid);
      if (d && (modelledKernel(session.hv, domid) ?? d.emulated) === a.kernel) continue;
      a.stop();
      a.remove();
      attached.delete(domid);
    }
    for (const d of session.hv.domains.values()) {
      if (attached.has(d.domid)) continue;
      const k = modelledKernel(session.hv, d.domid);
      if (k) {
        const stream = new TextStream(`d${d.domid}`);
        const toTerminal = (text: string) => text.replace(/\r?\n/g, "\r\n");
        stream.write(toTerminal(k.transcript));
        let seen = k.transcript.length;
        const stop = k.onOutput(() => {
          stream.write(toTerminal(k.transcript.slice(seen)));
          seen = k.transcript.length;
        });
        const tab: ConsoleTab = {
          id: `d${d.domid}`,
          label: label(d.domid, "console"),
          stream,
          input: lineInput(stream, (line) => k.input(line)),
        };
        attached.set(d.domid, { kernel: k, remove: addConsoleTab(tab), stop });
        continue;
      }
      const g = d.emulated;
      if (!isSerialGuest(g)) continue;
      // A real guest echoes what it is sent (labkernel's shell), so input goes straight
      // to its serial port; Enter is the newline its shell reads.
      const stream = new TextStream(`d${d.domid}`);
      stream.write(g.serial.transcript().replace(/\n/g, "\r\n"));
      const stop = g.serial.onByte(serialFeed(stream));
      const tab: ConsoleTab = {
        id: `d${d.domid}`,
        label: label(d.domid, "serial"),
        stream,
        input: (data) => g.send(data.replace(/\r/g, "\n")),
      };
      attached.set(d.domid, { kernel: g, remove: addConsoleTab(tab), stop });
    }
  };
  sync();
  const unsubscribe = onModelChange(session.hv, sync);
  return () => {
    unsubscribe();
    for (const a of attached.values()) {
      a.stop();
      a.remove();
    }
    attached.clear();
  };
}
