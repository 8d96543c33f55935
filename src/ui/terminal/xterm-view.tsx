/**
 * One xterm.js terminal bound to a TextStream. The terminal is created in an effect
 * (StrictMode mounts twice: the first one is disposed cleanly), fitted to its box on
 * every resize, rendered with WebGL on a GPU and xterm's DOM renderer otherwise. Output is batched: whatever the stream writes within one animation frame
 * reaches xterm as one write.
 */
import { useEffect, useRef, useState } from "react";
import type { Terminal } from "@xterm/xterm";
import { useLab } from "../store/store";
import { pageFontScale, pageTheme } from "../store/present-slice";
import { TERMINAL_THEMES } from "../theme";
import { registerTerminal } from "./terminal-registry";
import { hardwareWebgl2 } from "./webgl-support";
import type * as XtermModuleNs from "./xterm-module";
import type { ConsoleTab } from "./streams";

/** WebGL is loaded on demand (its own chunk); without a GPU, the DOM renderer stays. */
async function tryWebgl(term: Terminal, alive: () => boolean): Promise<void> {
  if (!hardwareWebgl2()) return;
  try {
    const { WebglAddon } = await import("@xterm/addon-webgl");
    if (!alive()) return;
    const addon = new WebglAddon();
    addon.onContextLoss(() => addon.dispose());
    term.loadAddon(addon);
  } catch {
    // No WebGL2 context (a headless or blocklisted GPU): the DOM renderer stays.
  }
}

/** Characters per term.write during a flood (see flush). */
const WRITE_PIECE = 16 * 1024;

type XtermModule = typeof XtermModuleNs;
let loading: Promise<XtermModule> | undefined;
const loadXterm = () => (loading ??= import("./xterm-module"));

export function XtermView({ tab }: { tab: ConsoleTab }) {
  const box = useRef<HTMLDivElement>(null);
  const [xterm, setXterm] = useState<XtermModule | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loadXterm().then(
      (m) => live && setXterm(m),
      (err: unknown) => live && setLoadError(String(err)),
    );
    return () => {
      live = false;
    };
  }, []);
  const theme = useLab(pageTheme);
  const fontScale = useLab(pageFontScale);
  const termRef = useRef<Terminal | undefined>(undefined);
  // The first theme is read once at creation; later changes go through options.
  const initialTheme = useRef(theme);
  const initialScale = useRef(fontScale);

  useEffect(() => {
    const el = box.current;
    if (!xterm || !el) return;
    const { Terminal, FitAddon } = xterm;
    const term = new Terminal({
      convertEol: false,
      cursorBlink: tab.input !== undefined,
      disableStdin: tab.input === undefined,
      fontFamily: '"DejaVu Sans Mono", "Liberation Mono", ui-monospace, monospace',
      fontSize: Math.round(13 * initialScale.current),
      scrollback: 10_000,
      theme: TERMINAL_THEMES[initialTheme.current],
      screenReaderMode: false,
    });
    termRef.current = term;
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    let alive = true;
    void tryWebgl(term, () => alive);

    let frame = 0;
    const refit = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (alive && el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
      });
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(el);

    // Output batched per animation frame.
    let pending: string[] = [];
    let flushFrame = 0;
    const flush = () => {
      flushFrame = 0;
      if (!alive || pending.length === 0) return;
      const text = pending.length === 1 ? pending[0]! : pending.join("");
      pending = [];
      // xterm checks its time budget only between written pieces: pieces of at most
      // WRITE_PIECE keep each parsing task short, so the page keeps answering.
      for (let i = 0; i < text.length; i += WRITE_PIECE) term.write(text.slice(i, i + WRITE_PIECE));
    };
    const attachment = tab.stream.attach((text) => {
      pending.push(text);
      if (!flushFrame) flushFrame = requestAnimationFrame(flush);
    });
    if (attachment.backlog) term.write(attachment.backlog);
    const input = tab.input;
    const data = input ? term.onData((d) => input(d)) : undefined;
    const unregister = registerTerminal(tab.id, term);

    return () => {
      alive = false;
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
      if (flushFrame) cancelAnimationFrame(flushFrame);
      data?.dispose();
      attachment.dispose();
      unregister();
      termRef.current = undefined;
      term.dispose();
    };
  }, [tab, xterm]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = TERMINAL_THEMES[theme];
  }, [theme]);
  useEffect(() => {
    // The ResizeObserver refits the terminal to its box at the new size.
    if (termRef.current) termRef.current.options.fontSize = Math.round(13 * fontScale);
  }, [fontScale]);

  if (loadError) {
    return (
      <p className="error" role="alert">
        The terminal could not load ({loadError}).
      </p>
    );
  }
  return (
    <div
      ref={box}
      className="xterm-box"
      role="log"
      aria-label={`${tab.label} terminal`}
      data-terminal={tab.id}
    />
  );
}
