/**
 * How the UI bench watches a page stay responsive: installed once in the page, then
 * started and stopped around a measurement. It records the longest main-thread task
 * (PerformanceObserver longtask: tasks of 50 ms or more), the worst lateness of a 16 ms
 * timer, and the worst click → next frame time of a UI control (the Domains panel's
 * `xl list` disclosure), clicked every `everyMs`.
 */
import type { Page } from "@playwright/test";

export interface Responsiveness {
  readonly longestTaskMs: number;
  readonly maxLagMs: number;
  /** NaN if the control was not there to click. */
  readonly maxInputMs: number;
}

declare global {
  interface Window {
    __probe?: { start(everyMs: number): void; stop(): Promise<Responsiveness> };
  }
}

export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    let stop: (() => Promise<Responsiveness>) | undefined;
    window.__probe = {
      start(everyMs) {
        const tasks: number[] = [];
        const observer = new PerformanceObserver((l) =>
          l.getEntries().forEach((e) => tasks.push(e.duration)),
        );
        observer.observe({ type: "longtask" });
        let maxLag = 0;
        let expected = performance.now() + 16;
        const timer = setInterval(() => {
          const now = performance.now();
          maxLag = Math.max(maxLag, now - expected);
          expected = now + 16;
        }, 16);
        const summary = document.querySelector<HTMLElement>("details > summary");
        let maxInput = Number.NaN;
        let probing = true;
        const clicks = (async () => {
          while (probing && summary) {
            await new Promise((r) => setTimeout(r, everyMs));
            const t = performance.now();
            summary.click();
            await new Promise((r) => requestAnimationFrame(r));
            const dt = performance.now() - t;
            maxInput = Number.isNaN(maxInput) ? dt : Math.max(maxInput, dt);
          }
        })();
        stop = async () => {
          probing = false;
          await clicks;
          clearInterval(timer);
          // Let the observer deliver the last entries.
          await new Promise((r) => setTimeout(r, 0));
          observer.disconnect();
          return {
            longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
            maxLagMs: maxLag,
            maxInputMs: maxInput,
          };
        };
      },
      stop: () => (stop ? stop() : Promise.reject(new Error("probe not started"))),
    };
  });
}
