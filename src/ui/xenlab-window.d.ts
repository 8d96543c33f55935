// The test hook's shape on window, shared by the page, the e2e tests and the benches.
import type { HypervisorSnapshot } from "../xen-core";

export interface XenlabTestHook {
  /** The frozen snapshot the panels render. */
  snapshot(): HypervisorSnapshot;
  /** A mounted console terminal's lines, read from xterm's buffer ("xen", ...). */
  terminal(id: string): string[] | undefined;
  /** Resolves when everything written to a console so far has reached its terminal. */
  terminalDrained(id: string): Promise<boolean>;
  /** Write text into a console stream as its producer would (benches, tests). */
  writeConsole(id: string, text: string): boolean;
  /** Issue n XENVER_version hypercalls from dom0's vCPU0 (trace volume for tests, benches). */
  stress(n: number): void;
  /** Entries in the page's trace log. */
  traceLength(): number;
  /** The scenario run being played: verdict, position, step statuses. */
  scenario(): { verdict: string; position: number; done: boolean; statuses: string[] } | undefined;
}

declare global {
  interface Window {
    __xenlab?: XenlabTestHook;
  }
}

export {};
