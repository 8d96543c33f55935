/**
 * The emulator's port: a GuestRunner runs one domain's guest code and connects it to
 * the hypervisor model. Two adapters implement it: V86Runner (real labkernel code in
 * v86, browser and Node) and FakeRunner (scripted, for tests without wasm). Each is
 * also the domain's EmulatedGuest (xen-core/domain/emulated-guest.ts): its memory is
 * what Xen reads and writes for the domain, and it takes the event channel upcall.
 */
import type { EmulatedGuest } from "../xen-core/domain/emulated-guest";
import type { Hypervisor } from "../xen-core/hypervisor/hypervisor";
import type { Vcpu } from "../xen-core/vcpu/vcpu";
import { GUEST_CRASH } from "../xen-core/scenario/ports";
import { SerialStream } from "./serial";

/** How the domain starts: PVH enters labkernel in protected mode, HVM runs labfw first. */
export type GuestType = "pvh" | "hvm";

export interface GuestSpec {
  readonly type: GuestType;
  /** Image name from public/images/manifest.json; "labkernel" by default. */
  readonly kernel?: string;
  /** Multiboot command line: `evtchn=fifo|2l`, `test=NAME`. */
  readonly cmdline?: string;
  /** Guest RAM; 16 MiB by default (labkernel needs 8). */
  readonly memoryMiB?: number;
}

/**
 * starting: the emulator is loading; running / paused: follows the domain's Xen state;
 * shutdown: the guest shut itself down (SCHEDOP_shutdown); crashed: the guest or the
 * emulator died (the domain is crashed); destroyed: the domain went away.
 * The last three are final: the emulator instance is freed (the domain keeps the
 * runner as its guest, so its RAM and console stay readable).
 */
export type GuestRunState =
  "starting" | "running" | "paused" | "shutdown" | "crashed" | "destroyed";
export type FinalState = "shutdown" | "crashed" | "destroyed";

export interface GuestStats {
  /** Hypercalls the guest issued. */
  hypercalls: number;
  /** Emulator ticks run. */
  ticks: number;
}

export interface GuestRunner extends EmulatedGuest {
  readonly domid: number;
  readonly engine: "v86" | "fake";
  readonly spec: GuestSpec;
  readonly state: GuestRunState;
  /** Why the guest reached its final state, when it did. */
  readonly stopReason: string | undefined;
  /** Serial console output: bytes to subscribe to, and the transcript. */
  readonly serial: SerialStream;
  readonly stats: GuestStats;
  /**
   * Settles when the guest's code is loaded (a failed load crashes the domain). Input
   * sent before is delivered then; state changes of the domain meanwhile are applied.
   */
  readonly ready: Promise<void>;
  /** Type into the serial console. Ignored once the guest is in a final state. */
  send(text: string): void;
  /** Follow the domain's pause state (GuestHost calls it). */
  setPaused(paused: boolean): void;
  /** Stop for good and free the emulator instance. Idempotent. */
  destroy(state: FinalState, reason?: string): void;
  /** Subscribe to state changes; returns the disposer. */
  onStateChange(listener: (state: GuestRunState) => void): () => void;
}

/** What a runner is given to start a guest for a domain. */
export interface RunnerContext {
  readonly hv: Hypervisor;
  readonly domid: number;
  readonly vcpu: Vcpu;
  readonly spec: GuestSpec;
  /** The guest or its emulator died: GuestHost crashes the domain. */
  readonly onFatal: (why: string) => void;
}

/** Makes the runner at once; it loads in the background (GuestRunner.ready). */
export type RunnerFactory = (ctx: RunnerContext) => GuestRunner;

/** State, listeners and the serial stream common to the adapters. */
export abstract class RunnerBase {
  readonly serial = new SerialStream();
  readonly stats: GuestStats = { hypercalls: 0, ticks: 0 };
  private current: GuestRunState = "starting";
  private reason: string | undefined;
  private readonly listeners = new Set<(state: GuestRunState) => void>();

  get state(): GuestRunState {
    return this.current;
  }

  get stopReason(): string | undefined {
    return this.reason;
  }

  get final(): boolean {
    return (
      this.current === "shutdown" || this.current === "crashed" || this.current === "destroyed"
    );
  }

  onStateChange(listener: (state: GuestRunState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected setState(state: GuestRunState, reason?: string): void {
    if (this.final || state === this.current) return;
    this.current = state;
    if (reason !== undefined) this.reason = reason;
    if (this.final) {
      const why = `the guest is ${state}${reason ? `: ${reason}` : ""}`;
      this.serial.close(why, state === "crashed" ? GUEST_CRASH : "Error");
    }
    for (const l of this.listeners) l(state);
  }
}
