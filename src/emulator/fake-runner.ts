/**
 * FakeRunner: the GuestRunner port without wasm, for tests of everything around a
 * guest (GuestHost's lifecycle, GuestPort, the page). The test plays the guest: it
 * prints (`output`), answers typed lines (`respond`), issues hypercalls from a
 * register state it sets (mode sampling included, as the v86 bridge does), and dies
 * on demand (`die`, as a wasm panic would). Its RAM is a plain RamGuestMemory.
 */
import { RamGuestMemory } from "../xen-core/memory/guest-memory";
import { syncX86Vcpu, type X86ModeSample } from "../xen-core/vcpu/x86-mode";
import { hypercallName } from "../xen-core/abi/xen";
import {
  RunnerBase,
  type FinalState,
  type GuestRunner,
  type RunnerContext,
  type RunnerFactory,
} from "./guest-runner";

export interface FakeGuestOptions {
  /** Frames of RAM the fake guest has (from 0). */
  readonly pages?: number;
  /** Called with each line typed into the console; what it returns is printed. */
  readonly respond?: (line: string) => string | undefined;
}

export class FakeRunner extends RunnerBase implements GuestRunner {
  readonly engine = "fake" as const;
  readonly ready = Promise.resolve();
  readonly memory = new RamGuestMemory();
  /** Every raiseCallbackIrq call, in order. */
  readonly upcalls: { vcpuId: number; via: bigint }[] = [];
  /** Lines typed into the console. */
  readonly input: string[] = [];
  paused = true;
  private partial = "";
  private mode: X86ModeSample = { cr0: 0x11, cr3: 0, cr4: 0, eflags: 0x2, cs: 0x8 };

  constructor(
    private readonly ctx: RunnerContext,
    private readonly options: FakeGuestOptions = {},
  ) {
    super();
    this.memory.populateRange(0, options.pages ?? 256);
  }

  get domid(): number {
    return this.ctx.domid;
  }

  get spec() {
    return this.ctx.spec;
  }

  raiseCallbackIrq(vcpuId: number, via: bigint): void {
    if (!this.final) this.upcalls.push({ vcpuId, via });
  }

  /** The guest prints `text`. */
  output(text: string): void {
    for (let i = 0; i < text.length; i++) this.serial.push(text.charCodeAt(i) & 0xff);
  }

  send(text: string): void {
    if (this.final) return;
    this.serial.markInput();
    this.partial += text;
    let nl: number;
    while ((nl = this.partial.indexOf("\n")) >= 0) {
      const line = this.partial.slice(0, nl).replace(/\r$/, "");
      this.partial = this.partial.slice(nl + 1);
      this.input.push(line);
      const reply = this.options.respond?.(line);
      if (reply !== undefined) this.output(reply);
    }
  }

  /** Set CR0/CR3/CR4/EFLAGS/CS as the guest's next hypercall or tick will show them. */
  setMode(mode: Partial<X86ModeSample>): void {
    this.mode = { ...this.mode, ...mode };
  }

  /** The guest ends a tick: the mode is sampled. */
  tick(): void {
    syncX86Vcpu(this.ctx.hv, this.ctx.vcpu, this.mode, "tick");
  }

  /** The guest issues hypercall `nr`; returns what it gets in EAX. */
  hypercall(nr: number, args: readonly bigint[] = []): number {
    if (this.final) throw new Error(`the guest is ${this.state}`);
    const hv = this.ctx.hv;
    syncX86Vcpu(hv, this.ctx.vcpu, this.mode, `hypercall ${hypercallName(nr)}`);
    this.stats.hypercalls++;
    const padded = [0, 1, 2, 3, 4].map((i) => args[i] ?? 0n);
    return hv.hypercall(this.ctx.vcpu, nr, padded);
  }

  /** The emulator dies under the guest (a wasm panic). */
  die(why: string): void {
    if (this.final) return;
    this.ctx.onFatal(why);
    this.destroy("crashed", why);
  }

  setPaused(paused: boolean): void {
    if (this.final) return;
    this.paused = paused;
    this.setState(paused ? "paused" : "running");
  }

  destroy(state: FinalState, reason?: string): void {
    if (this.final) return;
    this.setState(state, reason);
  }
}

/** A RunnerFactory of FakeRunners; `created` lists them by domid. */
export function fakeRunnerFactory(options: FakeGuestOptions = {}) {
  const created = new Map<number, FakeRunner>();
  const factory: RunnerFactory = (ctx) => {
    const runner = new FakeRunner(ctx, options);
    created.set(ctx.domid, runner);
    return runner;
  };
  return { factory, created };
}
