/**
 * Real labkernel guests in v86, in this Node process, for tests: a lab (hypervisor +
 * toolstack calls), a GuestHost, and domains with their guests started and unpaused.
 */
import { nodeGuestHost } from "../../src/cli/node-guests";
import type { GuestHost } from "../../src/emulator/guest-host";
import type { GuestRunner, GuestSpec } from "../../src/emulator/guest-runner";
import type { HypervisorOptions } from "../../src/xen-core/hypervisor/hypervisor";
import { createGuest, makeLab } from "../../src/xen-core/testing/lab";

export interface RealLab extends ReturnType<typeof makeLab> {
  readonly host: GuestHost;
  /**
   * Create a domain (createdomain flags: libxl's default unless given), start `spec`
   * in it, unpause it, wait for `prompt` (the shell's by default).
   */
  boot(
    spec?: Partial<GuestSpec>,
    options?: { prompt?: string; flags?: number },
  ): Promise<GuestRunner>;
  dispose(): void;
}

const labs = new Set<RealLab>();

export async function realLab(options: HypervisorOptions = {}): Promise<RealLab> {
  const lab = makeLab({ arch: "x86_64", ...options });
  const host = nodeGuestHost(lab.hv);
  const real: RealLab = {
    ...lab,
    host,
    async boot(spec = {}, { prompt = "lab> ", flags }: { prompt?: string; flags?: number } = {}) {
      const domid = createGuest(lab, 1, flags);
      const runner = await host.start(domid, { type: "pvh", ...spec });
      lab.xc.unpauseDomain(domid);
      await runner.serial.waitFor({ kind: "substring", text: prompt }, 20_000);
      return runner;
    },
    dispose() {
      host.dispose();
      labs.delete(real);
    },
  };
  labs.add(real);
  return real;
}

/** Dispose every lab a test left behind (call from afterEach). */
export function disposeLabs(): void {
  for (const lab of [...labs]) lab.dispose();
}

/** Type a command and wait for the next prompt; returns what the guest printed. */
export async function command(runner: GuestRunner, line: string, until = "lab> "): Promise<string> {
  runner.send(`${line}\n`);
  const from = runner.serial.inputMark;
  await runner.serial.waitFor({ kind: "substring", text: until }, 20_000, from);
  return runner.serial.since(from);
}

/** The trace's vcpu-mode details for a domain, oldest first. */
export function modeChanges(lab: RealLab, domid: number): string[] {
  return lab.hv.trace
    .tail()
    .filter((e) => e.kind === "state" && e.event === "vcpu-mode" && e.domid === domid)
    .map((e) => (e.kind === "state" ? e.detail : ""));
}
