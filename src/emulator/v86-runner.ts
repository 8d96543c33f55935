/**
 * V86Runner: the GuestRunner of a domain whose guest runs in v86. It exists (and is
 * the domain's EmulatedGuest) from the moment the toolstack hands the domain over,
 * while the emulator is still loading: typed input waits, Xen's accesses reach the
 * domain's own RAM until the emulator's RAM replaces it, and the pause/destroy state
 * the domain reaches meanwhile is applied when the load completes.
 */
import type { GuestMemory } from "../xen-core/memory/guest-memory";
import {
  RunnerBase,
  type FinalState,
  type GuestRunner,
  type GuestSpec,
  type RunnerContext,
} from "./guest-runner";
import type { GuestImages } from "./images";
import { V86Machine, type V86MachineDeps } from "./v86-machine";

export interface V86RunnerDeps extends V86MachineDeps {
  readonly images: (spec: GuestSpec) => Promise<GuestImages>;
}

/** GuestMemory that forwards to the RAM Xen should use now (it changes once). */
class ForwardingMemory implements GuestMemory {
  constructor(public target: GuestMemory) {}
  readPhys(gpa: number, length: number, into?: Uint8Array) {
    return this.target.readPhys(gpa, length, into);
  }
  writePhys(gpa: number, bytes: Uint8Array) {
    return this.target.writePhys(gpa, bytes);
  }
  translate(gva: number) {
    return this.target.translate(gva);
  }
  isMapped(gpa: number, length: number) {
    return this.target.isMapped(gpa, length);
  }
}

export class V86Runner extends RunnerBase implements GuestRunner {
  readonly engine = "v86" as const;
  readonly memory: ForwardingMemory;
  /** Settles when the emulator is loaded (or failed to load: the domain crashed). */
  readonly ready: Promise<void>;
  private machine: V86Machine | undefined;
  private pending = "";
  private pausedFlag = true;
  private readonly warned = new Set<string>();

  constructor(
    private readonly ctx: RunnerContext,
    deps: V86RunnerDeps,
  ) {
    super();
    this.memory = new ForwardingMemory(ctx.hv.domain(ctx.domid)!.ram);
    this.ready = this.load(deps);
  }

  get domid(): number {
    return this.ctx.domid;
  }

  get spec(): GuestSpec {
    return this.ctx.spec;
  }

  private async load(deps: V86RunnerDeps): Promise<void> {
    let machine: V86Machine;
    try {
      const images = await deps.images(this.ctx.spec);
      machine = await V86Machine.create(this.ctx, images, deps, {
        paused: () => this.pausedFlag,
        serialByte: (b) => this.serial.push(b),
        ticked: () => undefined,
        died: (why) => this.died(why),
        stats: this.stats,
      });
    } catch (err) {
      this.died(
        `d${this.domid} emulator did not load: ${err instanceof Error ? err.message : String(err)}`,
      );
      return;
    }
    if (this.final) return machine.destroy();
    this.machine = machine;
    this.setState(this.pausedFlag ? "paused" : "running");
    this.memory.target = machine.memory;
    if (this.pending) machine.send(this.pending);
    this.pending = "";
    if (!this.pausedFlag) machine.run();
  }

  raiseCallbackIrq(_vcpuId: number, via: bigint): void {
    const problem = this.machine?.raiseCallbackIrq(via);
    if (problem && !this.warned.has(problem)) {
      this.warned.add(problem);
      this.ctx.hv.console.printk(`xenlab: d${this.domid}v${this.ctx.vcpu.vcpuId} ${problem}`);
    }
  }

  send(text: string): void {
    if (this.final) return;
    this.serial.markInput();
    if (this.machine) this.machine.send(text);
    else this.pending += text;
  }

  setPaused(paused: boolean): void {
    if (this.final || (paused === this.pausedFlag && this.state !== "starting")) return;
    this.pausedFlag = paused;
    if (!this.machine) return;
    this.setState(paused ? "paused" : "running");
    if (!paused) this.machine.run();
  }

  private died(why: string): void {
    if (this.final) return;
    this.ctx.onFatal(why);
    this.destroy("crashed", why);
  }

  destroy(state: FinalState, reason?: string): void {
    if (this.final) return;
    this.setState(state, reason);
    this.ctx.vcpu.running = false;
    // A guest dies executing (a fault, or an interrupt it could not take): not blocked.
    if (state === "crashed") this.ctx.vcpu.blocked = false;
    // The domain keeps this runner as its guest: Xen may still touch its memory (an
    // event sent to a crashed domain), and its console stays readable.
    this.machine?.destroy();
  }
}
