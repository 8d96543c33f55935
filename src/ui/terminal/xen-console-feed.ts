/**
 * The Xen console ring (xen/drivers/char/console.c conring, what `xl dmesg` reads) as a
 * terminal stream. Lines go from the model straight to the stream, never through the
 * store: the ring is read the moment it grows, so even a burst that overflows it
 * between two renders loses nothing the ring still held when it was written.
 */
import type { LabSession } from "../lab/lab-session";
import type { TextStream } from "./text-stream";

const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

/** Feed `session`'s ring into `stream` from now on; returns the disposer. */
export function feedXenConsole(session: LabSession, stream: TextStream): () => void {
  const ring = session.hv.console;
  let seen = 0;
  const drain = () => {
    const total = ring.totalWritten;
    if (total === seen) return;
    const lines = ring.read();
    const fresh = Math.min(total - seen, lines.length);
    if (total - seen > fresh) {
      stream.write(`${DIM}[${total - seen - fresh} lines dropped by the ring]${RESET}\r\n`);
    }
    seen = total;
    let text = "";
    for (let i = lines.length - fresh; i < lines.length; i++) text += `${lines[i]}\r\n`;
    stream.write(text);
  };
  const s = session.settings;
  const where = session.origin.kind === "scenario" ? `scenario ${session.origin.name}, ` : "";
  stream.write(
    `${DIM}--- xenlab: ${where}${s.arch} host, profile ${s.profile}, Xen ${session.hv.snapshot().xenVersion} ---${RESET}\r\n`,
  );
  drain();
  return session.hv.subscribe(drain);
}
