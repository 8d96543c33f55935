/**
 * Baseline page for the console throughput figure: xterm.js 6 with fit and the renderer
 * the lab would choose here (WebGL on a GPU, DOM otherwise), and nothing else: no React, no store, no batching. The bench
 * writes into it with term.write directly.
 */
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import { WebglAddon } from "@xterm/addon-webgl";
import "@xterm/xterm/css/xterm.css";
import { hardwareWebgl2 } from "../../../../src/ui/terminal/webgl-support";

const term = new Terminal({ scrollback: 10_000, fontSize: 13 });
const fit = new FitAddon();
term.loadAddon(fit);
term.open(document.getElementById("term")!);
// The renderer the lab would pick on this machine.
if (hardwareWebgl2()) {
  try {
    term.loadAddon(new WebglAddon());
  } catch {
    // DOM renderer, as the lab falls back to.
  }
}
fit.fit();

declare global {
  interface Window {
    __bench?: { write(text: string): void; drained(): Promise<void> };
  }
}

window.__bench = {
  write: (text) => term.write(text),
  drained: () => new Promise((r) => term.write("", () => r())),
};
