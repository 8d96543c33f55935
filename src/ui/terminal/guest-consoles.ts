/**
 * One console tab per guest kernel of the lab the page shows: a modelled kernel's
 * console (xen-core/guest/kernel.ts, docs/guest-shell.md) as a stream, and what the
 * user types as its input. Tabs come when a kernel boots and go with its domain or when
 * the page shows another lab. Outside React, like every stream.
 *
 * Typing: the kernel echoes a line when it receives its newline, as a serial shell
 * does; until then the terminal echoes locally (with backspace), and erases that local
 * echo when it sends the line, so each line shows once.
 */
import { modelledKernel } from "../../xen-core";
import type { LabSession } from "../lab/lab-session";
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

/** Keep console tabs for `session`'s guest kernels; returns the disposer. */
export function followGuestConsoles(
  session: LabSession,
  names: () => Readonly<Record<number, string>>,
): () => void {
  const attached = new Map<number, Attached>();
  const sync = () => {
    for (const [domid, a] of attached) {
      if (modelledKernel(session.hv, domid) === a.kernel) continue;
      a.stop();
      a.remove();
      attached.delete(domid);
    }
    for (const d of session.hv.domains.values()) {
      const k = modelledKernel(session.hv, d.domid);
      if (!k || attached.has(d.domid)) continue;
      const stream = new TextStream(`d${d.domid}`);
      const toTerminal = (text: string) => text.replace(/\r?\n/g, "\r\n");
      stream.write(toTerminal(k.transcript));
      let seen = k.transcript.length;
      const stop = k.onOutput(() => {
        stream.write(toTerminal(k.transcript.slice(seen)));
        seen = k.transcript.length;
      });
      const name = names()[d.domid];
      const tab: ConsoleTab = {
        id: `d${d.domid}`,
        label: `d${d.domid} console${name && !name.startsWith("(") ? ` (${name})` : ""}`,
        stream,
        input: lineInput(stream, (line) => k.input(line)),
      };
      attached.set(d.domid, { kernel: k, remove: addConsoleTab(tab), stop });
    }
  };
  let queued = false;
  sync();
  const unsubscribe = session.hv.subscribe(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      sync();
    });
  });
  return () => {
    unsubscribe();
    for (const a of attached.values()) {
      a.stop();
      a.remove();
    }
    attached.clear();
  };
}
