/**
 * The UI bench's measurements, each run in Chromium against a built page:
 * - the initial JavaScript a page loads (entry + modulepreloads, gzip), from index.html;
 * - navigation start → the page's first commit (the `xenlab:interactive` mark);
 * - console throughput: text written through a console stream until the terminal has
 *   parsed it, with the page's responsiveness sampled during the flood (event-loop lag,
 *   the longest main-thread task, and input → next frame).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "@playwright/test";
import { installProbe } from "./probe";

export interface UiFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: "B" | "ms" | "B/s";
  readonly baseline: string;
  readonly baselineValue: number;
  /** value / baselineValue; null when the baseline is 0 (no long task at all, say). */
  readonly ratio: number | null;
}

export function uiFigure(
  name: string,
  value: number,
  unit: UiFigure["unit"],
  baseline: string,
  baselineValue: number,
): UiFigure {
  const ratio = baselineValue === 0 ? null : value / baselineValue;
  return { name, value, unit, baseline, baselineValue, ratio };
}

export interface InitialJs {
  readonly files: readonly { file: string; bytes: number; gzip: number }[];
  readonly gzip: number;
}

/** The JavaScript index.html makes the browser fetch before anything lazy: entry and preloads. */
export function initialJs(dist: string): InitialJs {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const refs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]!.replace(/^\.?\//, ""));
  const files = [...new Set(refs)].map((file) => {
    const body = readFileSync(join(dist, file));
    return { file, bytes: body.length, gzip: gzipSync(body).length };
  });
  return { files, gzip: files.reduce((a, f) => a + f.gzip, 0) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median over `trials` fresh contexts of navigation start → the interactive mark, in ms. */
export async function loadToInteractive(
  browser: Browser,
  url: string,
  trials = 5,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < trials; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(() => performance.getEntriesByName("xenlab:interactive").length > 0);
    times.push(
      await page.evaluate(() => performance.getEntriesByName("xenlab:interactive")[0]!.startTime),
    );
    await context.close();
  }
  return median(times);
}

/** Serial-console-like text: numbered kernel lines with some colour, `bytes` long. */
export function consoleText(bytes: number): string {
  const lines: string[] = [];
  let n = 0;
  let size = 0;
  while (size < bytes) {
    const t = (n * 0.000731).toFixed(6).padStart(12, " ");
    const line =
      n % 16 === 0
        ? `[${t}] \x1b[32mlabkernel\x1b[0m: evtchn: port ${n % 1024} pending, sel 0x${(n % 32).toString(16)}\r\n`
        : `[${t}] labkernel: fifo: q${n % 16} head ${n % 4096} tail ${(n * 7) % 4096} ready 0x${n.toString(16)}\r\n`;
    lines.push(line);
    size += line.length;
    n++;
  }
  return lines.join("").slice(0, bytes);
}

export interface Flood {
  readonly bytesPerSecond: number;
  /** Worst lateness of a 16 ms timer during the flood. */
  readonly maxLagMs: number;
  /** The longest main-thread task seen (PerformanceObserver longtask; 0 if none ≥ 50 ms). */
  readonly longestTaskMs: number;
  /** Worst click → next frame latency of a UI control during the flood (NaN if not probed). */
  readonly maxInputMs: number;
}

/**
 * Write `bytes` of console text in 64 KiB chunks, yielding to the event loop between
 * chunks as a producer (an emulator's serial port) would, until the terminal has
 * parsed it all. `target` is "lab" (the page's Xen console stream, batched into xterm)
 * or "raw" (the baseline page's term.write).
 */
export async function flood(page: Page, target: "lab" | "raw", bytes: number): Promise<Flood> {
  await installProbe(page);
  return page.evaluate(
    async ([target, bytes]) => {
      const CHUNK = 64 * 1024;
      const text = (window as unknown as { __floodText: string }).__floodText.slice(
        0,
        bytes as number,
      );
      const write =
        target === "lab"
          ? (s: string) => window.__xenlab!.writeConsole("xen", s)
          : (s: string) =>
              (window as unknown as { __bench: { write(s: string): void } }).__bench.write(s);
      const drained =
        target === "lab"
          ? () => window.__xenlab!.terminalDrained("xen")
          : () =>
              (window as unknown as { __bench: { drained(): Promise<void> } }).__bench.drained();
      window.__probe!.start(100);
      const t0 = performance.now();
      for (let i = 0; i < text.length; i += CHUNK) {
        write(text.slice(i, i + CHUNK));
        await new Promise((r) => setTimeout(r, 0));
      }
      await drained();
      const t1 = performance.now();
      const r = await window.__probe!.stop();
      return { bytesPerSecond: (text.length * 1000) / (t1 - t0), ...r };
    },
    [target, bytes] as const,
  );
}

/** Put the flood's text in the page beforehand, so its transfer is not timed. */
export async function installFloodText(page: Page, bytes: number): Promise<void> {
  const text = consoleText(bytes);
  await page.evaluate((t) => {
    (window as unknown as { __floodText: string }).__floodText = t;
  }, text);
}
