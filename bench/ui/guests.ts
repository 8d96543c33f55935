/**
 * ui.guests4_longest_task: the page with real guests busy, in Chromium. N labkernel
 * guests (x86 host, `xl create` through the page's dom0 shell) each run a hypercall
 * loop (`bench hypercall`) in v86; after a warm-up (v86 compiling their hot code), the
 * page is watched for `windowMs`: the
 * longest main-thread task (PerformanceObserver longtask), the worst timer lateness,
 * and a click → next frame probe. Baseline: the same with one guest.
 */
import type { Page } from "@playwright/test";
import { installProbe } from "./probe";

export interface Busy {
  readonly guests: number;
  readonly longestTaskMs: number;
  readonly maxLagMs: number;
  readonly maxInputMs: number;
  /** Trace events (hypercalls, state changes) during the window: the guests did run. */
  readonly hypercalls: number;
}

const cfg = (name: string) => `name = "${name}"\ntype = "pvh"\nkernel = "labkernel"\nmemory = 16\n`;

/** Boot `n` guests in a fresh x86 lab on `page` and wait for their prompts. */
export async function bootGuests(page: Page, n: number): Promise<void> {
  await page.getByLabel("Host").selectOption("x86_64");
  for (let i = 1; i <= n; i++) {
    const r = await page.evaluate(
      ([name, text]) => window.__xenlab!.dom0(`xl create ${name}.cfg`, { [`${name}.cfg`]: text! }),
      [`g${i}`, cfg(`g${i}`)] as const,
    );
    if (r.exit !== 0) throw new Error(`xl create g${i}: ${r.output}`);
  }
  await page.waitForFunction(
    (count) => {
      for (let d = 1; d <= count; d++)
        if (!window.__xenlab!.serial(d).includes("lab> ")) return false;
      return true;
    },
    n,
    { timeout: 60_000 },
  );
}

/** Start the workload in every guest, then watch the page for `windowMs`. */
export async function watchBusy(
  page: Page,
  n: number,
  windowMs: number,
  warmupMs = 2000,
): Promise<Busy> {
  await installProbe(page);
  return page.evaluate(
    async ([n, windowMs, warmupMs]) => {
      const hook = window.__xenlab!;
      for (let i = 1; i <= n; i++) hook.consoleInput(`d${i}`, "bench hypercall 2000000\r");
      // v86 compiles the guests' hot code to wasm as it first runs it: steady state after.
      await new Promise((r) => setTimeout(r, warmupMs));
      const before = hook.traceSeq();
      window.__probe!.start(200);
      await new Promise((r) => setTimeout(r, windowMs));
      const r = await window.__probe!.stop();
      return { guests: n, ...r, hypercalls: hook.traceSeq() - before };
    },
    [n, windowMs, warmupMs] as const,
  );
}
