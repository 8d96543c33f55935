/**
 * A window onto the lab for end-to-end tests and benches: assertions on model state go
 * through the same frozen snapshot the panels render, terminal text through xterm's
 * buffer (never pixels). Two drivers write: console text as a producer would, and a
 * burst of hypercalls for trace volume.
 */
import type {} from "./xenlab-window";
import { HYPERVISOR } from "../xen-core";
import { labStore } from "./store/store";
import { consoleTabs } from "./terminal/console-tabs";
import { terminalDrained, terminalLines } from "./terminal/terminal-registry";

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

export function installTestHook(): void {
  window.__xenlab = {
    snapshot: () => labStore.getState().snapshot,
    terminal: (id) => terminalLines(id),
    async terminalDrained(id) {
      // Output is batched per frame: let the pending batch reach xterm first.
      await nextFrame();
      return terminalDrained(id);
    },
    writeConsole(id, text) {
      const tab = consoleTabs().find((t) => t.id === id);
      tab?.stream.write(text);
      return tab !== undefined;
    },
    stress(n) {
      const { hv } = labStore.getState().session;
      const v0 = hv.dom0.vcpus[0]!;
      for (let i = 0; i < n; i++)
        hv.hypercall(v0, HYPERVISOR.__HYPERVISOR_xen_version, [0n, 0n, 0n, 0n, 0n]);
    },
    traceLength: () => labStore.getState().trace.length,
    scenario() {
      const run = labStore.getState().run;
      if (!run) return undefined;
      return {
        verdict: run.verdict,
        position: run.position,
        done: run.done,
        statuses: run.results.map((r) => r.status),
      };
    },
  };
}
