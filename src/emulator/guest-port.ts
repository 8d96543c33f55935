/**
 * The scenario runner's GuestPort (xen-core/scenario/ports.ts) over emulated guests.
 * The runner puts the modelled kernels' port (xen-core/guest/guest-port.ts) in front of
 * it: a domain whose Domain.emulated is set is served here, any other by a modelled
 * kernel.
 */
import type { GuestPort } from "../xen-core/scenario/ports";
import type { TextMatch } from "../xen-core/scenario/types";
import type { GuestHost } from "./guest-host";

export class EmulatedGuestPort implements GuestPort {
  /** Transcript offset drainLines has handed out, by domain. */
  private readonly seen = new Map<number, number>();

  constructor(private readonly host: GuestHost) {}

  has(domid: number): boolean {
    return this.host.runner(domid) !== undefined;
  }

  send(domid: number, text: string): boolean {
    const runner = this.host.runner(domid);
    if (!runner || runner.state === "destroyed") return false;
    runner.send(text);
    return true;
  }

  waitSerial(domid: number, match: TextMatch, timeoutMs: number): Promise<void> {
    const runner = this.host.runner(domid);
    if (!runner) return Promise.reject(new Error(`domain ${domid} has no emulated guest`));
    return runner.serial.waitFor(match, timeoutMs);
  }

  serial(domid: number): string {
    return this.host.runner(domid)?.serial.transcript() ?? "";
  }

  /** Complete lines each guest printed since the last call (the run's transcript). */
  drainLines(): { domid: number; text: string }[] {
    const out: { domid: number; text: string }[] = [];
    for (const runner of this.host.all) {
      const s = runner.serial;
      const fresh = s.since(this.seen.get(runner.domid) ?? 0);
      const cut = fresh.lastIndexOf("\n") + 1;
      for (const text of fresh.slice(0, cut).split("\n").slice(0, -1))
        out.push({ domid: runner.domid, text });
      this.seen.set(runner.domid, s.length - (fresh.length - cut));
    }
    return out;
  }
}
