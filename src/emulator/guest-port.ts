/**
 * The scenario runner's GuestPort (xen-core/scenario/ports.ts) over emulated guests,
 * and its composition with the port of modelled guests: a domain with an emulated
 * guest is served by it, any other by the modelled one.
 */
import type { GuestPort } from "../xen-core/scenario/ports";
import type { TextMatch } from "../xen-core/scenario/types";
import type { GuestHost } from "./guest-host";

export class EmulatedGuestPort implements GuestPort {
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
}

/** Emulated guests first, then modelled ones (when that port exists). */
export function composeGuestPorts(
  emulated: EmulatedGuestPort,
  modelled: GuestPort | undefined,
): GuestPort {
  if (!modelled) return emulated;
  const pick = (domid: number): GuestPort => (emulated.has(domid) ? emulated : modelled);
  return {
    send: (domid, text) => pick(domid).send(domid, text),
    waitSerial: (domid, match, timeoutMs) => pick(domid).waitSerial(domid, match, timeoutMs),
    serial: (domid) => pick(domid).serial(domid),
  };
}
