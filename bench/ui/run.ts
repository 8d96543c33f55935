/**
 * `npm run bench:ui`: the page's figures, each beside a baseline measured in the same
 * run, in Debian's Chromium (CHROMIUM_PATH overrides /usr/bin/chromium):
 * - ui.initial_js_gzip: the JS the built lab loads before anything lazy (gzip bytes);
 *   Monaco and v86 are separate chunks and not part of it. Baseline: an empty React page
 *   built the same way.
 * - ui.load_interactive: navigation start → the lab's first commit (median of 5 cold
 *   loads). Baseline: the empty React page's first commit.
 * - ui.console_throughput: console text into the lab's Xen console terminal (through
 *   its stream and per-frame batching), bytes per second, with the page's responsiveness
 *   during the flood. Baseline: raw term.write into xterm alone (no React).
 * - ui.guests4_longest_task (and ui.guests4_max_input): four labkernel guests in v86
 *   each running a hypercall loop; the longest main-thread task (and the worst click →
 *   next frame) over 5 s. Baseline: the same with one guest.
 * Figures are printed, never judged. `--json` prints one object.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium } from "@playwright/test";
import { build } from "vite";
import {
  flood,
  initialJs,
  installFloodText,
  loadToInteractive,
  uiFigure,
  type UiFigure,
} from "./measure";
import { bootGuests, watchBusy } from "./guests";
import { serve } from "./serve";

// Run from the package root (npm scripts do); the script itself is bundled elsewhere.
const ROOT = process.cwd();
const OUT = resolve(ROOT, "node_modules/.tmp/bench-ui");
const PORT = Number(process.env.XENLAB_BENCH_PORT ?? 5194);
const FLOOD_BYTES = 8 * 1024 * 1024;
const GUEST_WINDOW_MS = 5000;
const json = process.argv.includes("--json");
const log = (s: string) => !json && console.error(s);

async function buildAll(): Promise<Record<string, string>> {
  log("building the lab and the baseline pages…");
  const dist = resolve(ROOT, "dist");
  await build({ root: ROOT, logLevel: "warn", build: { outDir: dist, emptyOutDir: true } });
  const pages: Record<string, string> = { "/lab/": dist };
  for (const name of ["react", "xterm"]) {
    const outDir = resolve(OUT, name);
    mkdirSync(outDir, { recursive: true });
    await build({
      root: resolve(ROOT, "bench/ui/pages", name),
      base: "./",
      configFile: false,
      logLevel: "warn",
      build: { outDir, emptyOutDir: true, target: "es2022" },
    });
    pages[`/${name}/`] = outDir;
  }
  return pages;
}

const pages = await buildAll();
const server = await serve(pages, PORT);
const url = (p: string) => `http://127.0.0.1:${PORT}${p}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--no-first-run", "--disable-background-networking"],
});
const chromiumVersion = browser.version();
const figures: UiFigure[] = [];
const notes: string[] = [];
try {
  const lab = initialJs(pages["/lab/"]!);
  const react = initialJs(pages["/react/"]!);
  const lazy = lab.files.filter((f) => /monaco|v86|editor\.worker/i.test(f.file));
  if (lazy.length)
    notes.push(`initial JS includes lazy chunks: ${lazy.map((f) => f.file).join(", ")}`);
  figures.push(
    uiFigure("ui.initial_js_gzip", lab.gzip, "B", "react_empty.initial_js_gzip", react.gzip),
  );

  log("loading…");
  const labLoad = await loadToInteractive(browser, url("/lab/"));
  const reactLoad = await loadToInteractive(browser, url("/react/"));
  figures.push(
    uiFigure("ui.load_interactive", labLoad, "ms", "react_empty.load_interactive", reactLoad),
  );

  log("console flood…");
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(url("/lab/"));
  await page.waitForFunction(() => window.__xenlab?.terminal("xen") !== undefined);
  await installFloodText(page, FLOOD_BYTES);
  const labFlood = await flood(page, "lab", FLOOD_BYTES);
  const rawPage = await context.newPage();
  await rawPage.goto(url("/xterm/"));
  await rawPage.waitForFunction(() => "__bench" in window);
  await installFloodText(rawPage, FLOOD_BYTES);
  const rawFlood = await flood(rawPage, "raw", FLOOD_BYTES);
  await context.close();
  figures.push(
    uiFigure(
      "ui.console_throughput",
      labFlood.bytesPerSecond,
      "B/s",
      "xterm_raw.write_throughput",
      rawFlood.bytesPerSecond,
    ),
    uiFigure(
      "ui.console_flood_longest_task",
      labFlood.longestTaskMs,
      "ms",
      "xterm_raw.longest_task",
      rawFlood.longestTaskMs,
    ),
    uiFigure(
      "ui.console_flood_max_lag",
      labFlood.maxLagMs,
      "ms",
      "xterm_raw.max_lag",
      rawFlood.maxLagMs,
    ),
  );
  notes.push(
    `during the lab's flood, a click on the page reached the next frame within ${labFlood.maxInputMs.toFixed(0)} ms at worst`,
  );

  log("four busy guests…");
  const busy = async (n: number) => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const p = await ctx.newPage();
    await p.goto(url("/lab/"));
    await p.waitForFunction(() => window.__xenlab !== undefined);
    await bootGuests(p, n);
    const r = await watchBusy(p, n, GUEST_WINDOW_MS);
    await ctx.close();
    return r;
  };
  const four = await busy(4);
  const one = await busy(1);
  figures.push(
    uiFigure(
      "ui.guests4_longest_task",
      four.longestTaskMs,
      "ms",
      "guests1.longest_task",
      one.longestTaskMs,
    ),
    uiFigure("ui.guests4_max_input", four.maxInputMs, "ms", "guests1.max_input", one.maxInputMs),
  );
  notes.push(
    `four guests made ${four.hypercalls} hypercalls in ${GUEST_WINDOW_MS} ms (one guest: ${one.hypercalls}); worst timer lateness ${four.maxLagMs.toFixed(0)} ms`,
  );
} finally {
  await browser.close();
  server.close();
}

if (json) {
  console.log(JSON.stringify({ chromium: chromiumVersion, figures, notes }, null, 2));
} else {
  const fmt = (v: number, unit: UiFigure["unit"]) =>
    unit === "B"
      ? `${(v / 1024).toFixed(1)} KiB`
      : unit === "B/s"
        ? `${(v / 1048576).toFixed(1)} MiB/s`
        : `${v.toFixed(0)} ms`;
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(32)} ${fmt(f.value, f.unit).padStart(12)}   baseline ${f.baseline} ${fmt(f.baselineValue, f.unit)}   ratio ${f.ratio === null ? "n/a" : f.ratio.toFixed(2)}`,
    );
  }
  for (const n of notes) console.log(`note: ${n}`);
}
