/**
 * A window onto the lab for end-to-end tests and benches: assertions on model state go
 * through the same frozen snapshot the panels render, terminal text through xterm's
 * buffer (never pixels). A few drivers write: console text as a producer would, console
 * input as a user would, dom0 shell lines, and a burst of hypercalls for trace volume.
 */
import type {} from "./xenlab-window";
import { HYPERVISOR, modelledKernel } from "../xen-core";
import { textBytes } from "../xen-core/toolstack/shell/vfs";
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
    serial(domid) {
      const { hv } = labStore.getState().session;
      const g = hv.domain(domid)?.emulated as { serial?: { transcript(): string } } | undefined;
      return g?.serial?.transcript() ?? modelledKernel(hv, domid)?.transcript ?? "";
    },
    consoleInput(id, data) {
      const tab = consoleTabs().find((t) => t.id === id);
      tab?.input?.(data);
      return tab?.input !== undefined;
    },
    dom0(line, files = {}) {
      const shell = labStore.getState().session.shell;
      if (!shell) return { exit: 127, output: "no dom0 shell" };
      for (const [name, text] of Object.entries(files)) shell.vfs.write(name, textBytes(text));
      const r = shell.run(line);
      return { exit: r.exit, output: `${r.stdout}${r.stderr}` };
    },
    stress(n) {
      const { hv } = labStore.getState().session;
      const v0 = hv.dom0.vcpus[0]!;
      for (let i = 0; i < n; i++)
        hv.hypercall(v0, HYPERVISOR.__HYPERVISOR_xen_version, [0n, 0n, 0n, 0n, 0n]);
    },
    editorText: (which) =>
      which === "xlcfg" ? labStore.getState().xlcfg : labStore.getState().scenarioText,
    traceLength: () => labStore.getState().trace.length,
    traceSeq: () => labStore.getState().session.hv.trace.seq,
    setScenario: (text) => labStore.getState().setScenarioText(text),
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
