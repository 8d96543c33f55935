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
  /** What a guest printed on its console (a real guest's serial port or a modelled kernel's). */
  serial(domid: number): string;
  /** Type into a console as the user would (a guest's serial port, the dom0 shell). */
  consoleInput(id: string, data: string): boolean;
  /** Put a file in dom0's /root and run a dom0 shell line (benches drive guests this way). */
  dom0(line: string, files?: Record<string, string>): { exit: number; output: string };
  /** Issue n XENVER_version hypercalls from dom0's vCPU0 (trace volume for tests, benches). */
  stress(n: number): void;
  /** The text of an editor as the store holds it (Monaco only draws the lines in view). */
  editorText(which: "scenario" | "xlcfg"): string;
  /** Entries in the page's trace log. */
  traceLength(): number;
  /** The model's trace sequence number: every hypercall and state change so far. */
  traceSeq(): number;
  /** Put a scenario's text in the editor, as typing it would (presenter tests). */
  setScenario(text: string): void;
  /** The scenario run being played: verdict, position, step statuses. */
  scenario(): { verdict: string; position: number; done: boolean; statuses: string[] } | undefined;
}

declare global {
  interface Window {
    __xenlab?: XenlabTestHook;
  }
}

export {};
