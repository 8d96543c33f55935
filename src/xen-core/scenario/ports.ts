/**
 * What the runner needs from layers it cannot see. xen-core defines the ports; the
 * toolstack (dom0 shell, `xl`) and the emulator (real guests' serial consoles) fill
 * them in. A step whose port is missing is an ERROR that says so, never a silent pass.
 */
import type { TextMatch } from "./types";

export interface ShellResult {
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The dom0 shell: `xl ...` and any other dom0 command line. */
export interface ShellPort {
  run(line: string): ShellResult;
  /** Everything the dom0 console showed so far. */
  transcript(): string;
}

/** Emulated guests' serial consoles. */
export interface GuestPort {
  /** Type into a guest's serial console; false if the domain has no emulated guest. */
  send(domid: number, text: string): boolean;
  /**
   * Resolve when the guest's serial output matches, or reject with a reason: an Error
   * named GUEST_CRASH when the guest died meanwhile (the run's verdict is then CRASH).
   */
  waitSerial(domid: number, match: TextMatch, timeoutMs: number): Promise<void>;
  serial(domid: number): string;
  /** Why the last `send` to the domain failed, when the port can say. */
  reason?(domid: number): string | undefined;
  /** Complete console lines printed since the last call, by domain (for the run transcript). */
  drainLines?(): { domid: number; text: string }[];
}

/** The name of the Error a wait rejects with when its guest crashed. */
export const GUEST_CRASH = "GuestCrash";

export interface RunnerPorts {
  readonly shell?: ShellPort;
  readonly guests?: GuestPort;
}
