/**
 * The scenario runner's GuestPort over modelled kernels, in front of the emulator's
 * (when there is one) for domains that run real code:
 * - `console` to a modelled kernel types a line into its shell; to a domain with no
 *   kernel yet the line is the kernel command line, as typed at a boot loader prompt
 *   (`evtchn=fifo`, `evtchn=2l`), and the kernel boots;
 * - `wait` resolves at once or fails at once: a modelled kernel only runs when the
 *   model runs it, so output that is not there now never comes while the runner waits;
 * - `serial` is the kernel's console transcript.
 */
import type { Hypervisor } from "../hypervisor/hypervisor";
import type { GuestPort } from "../scenario/ports";
import { describeMatch, matches } from "../scenario/text-match";
import type { TextMatch } from "../scenario/types";
import { bootModelledGuest, modelledKernel } from "./boot";

export class ModelledGuests implements GuestPort {
  private readonly failures = new Map<number, string>();
  /** How much of each kernel's console drainLines has handed out. */
  private readonly seen = new Map<number, number>();

  constructor(
    private readonly hv: Hypervisor,
    /** The emulator's port, for domains with an emulated guest. */
    private readonly emulated?: GuestPort,
  ) {}

  private isEmulated(domid: number): boolean {
    return this.hv.domain(domid)?.emulated !== undefined;
  }

  send(domid: number, text: string): boolean {
    this.failures.delete(domid);
    if (this.isEmulated(domid)) return this.emulated?.send(domid, text) ?? false;
    const k = modelledKernel(this.hv, domid);
    if (k) {
      k.input(text);
      return true;
    }
    const nl = text.indexOf("\n");
    const r = bootModelledGuest(this.hv, domid, {
      cmdline: (nl < 0 ? text : text.slice(0, nl)).trim(),
    });
    if (!r.ok) {
      this.failures.set(domid, `cannot boot a modelled kernel: ${r.error}`);
      return false;
    }
    if (nl >= 0 && nl + 1 < text.length) r.kernel.input(text.slice(nl + 1));
    return true;
  }

  /** Why the last send to `domid` failed. */
  reason(domid: number): string | undefined {
    return this.failures.get(domid);
  }

  waitSerial(domid: number, match: TextMatch, timeoutMs: number): Promise<void> {
    if (this.isEmulated(domid) && this.emulated)
      return this.emulated.waitSerial(domid, match, timeoutMs);
    const k = modelledKernel(this.hv, domid);
    if (!k) return Promise.reject(new Error(`domain ${domid} has not booted a kernel`));
    if (matches(match, k.transcript)) return Promise.resolve();
    return Promise.reject(
      new Error(
        `the modelled kernel of d${domid} is idle and its console has no ${describeMatch(match)}`,
      ),
    );
  }

  /**
   * Complete console lines printed since the last call, by domain: modelled kernels'
   * and, when the emulator's port gives them, emulated guests'.
   */
  drainLines(): { domid: number; text: string }[] {
    const out: { domid: number; text: string }[] = this.emulated?.drainLines?.() ?? [];
    for (const d of this.hv.domains.values()) {
      const k = modelledKernel(this.hv, d.domid);
      if (!k) continue;
      const from = this.seen.get(d.domid) ?? 0;
      const fresh = k.transcript.slice(from);
      const cut = fresh.lastIndexOf("\n") + 1;
      for (const text of fresh.slice(0, cut).split("\n").slice(0, -1))
        out.push({ domid: d.domid, text });
      this.seen.set(d.domid, from + cut);
    }
    return out;
  }

  serial(domid: number): string {
    if (this.isEmulated(domid)) return this.emulated?.serial(domid) ?? "";
    return modelledKernel(this.hv, domid)?.transcript ?? "";
  }
}
