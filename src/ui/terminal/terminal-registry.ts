/**
 * The mounted terminals by console id, so tests (and the bench) read what a terminal
 * shows from xterm's buffer, never from pixels.
 */
import type { Terminal } from "@xterm/xterm";

const mounted = new Map<string, Terminal>();

export function registerTerminal(id: string, term: Terminal): () => void {
  mounted.set(id, term);
  return () => {
    if (mounted.get(id) === term) mounted.delete(id);
  };
}

/**
 * The text of a mounted terminal's active buffer as logical lines: rows xterm wrapped
 * to the terminal's width are joined back, trailing spaces trimmed.
 */
export function terminalLines(id: string): string[] | undefined {
  const term = mounted.get(id);
  if (!term) return undefined;
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buf.length; i++) {
    const row = buf.getLine(i);
    const text = row?.translateToString(true) ?? "";
    if (row?.isWrapped && lines.length) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length && lines.at(-1) === "") lines.pop();
  return lines;
}

/** Resolves once everything written so far has been parsed by the terminal. */
export function terminalDrained(id: string): Promise<boolean> {
  const term = mounted.get(id);
  if (!term) return Promise.resolve(false);
  return new Promise((resolve) => term.write("", () => resolve(true)));
}

export function mountedTerminal(id: string): Terminal | undefined {
  return mounted.get(id);
}
