/**
 * A domain's guest running in v86: real labkernel code whose hypercalls reach the
 * hypervisor model synchronously, inside the guest's OUT instruction.
 *
 *   labkernel ── out %eax, $0xEA ──▶ bridge (port handler) ──▶ hv.hypercall ──▶ EAX
 *   Xen (model) ── shared_info / FIFO words ──▶ guest RAM (V86GuestMemory)
 *   Xen (model) ── raiseCallbackIrq ──▶ PIC line (a pulse) ──▶ the guest's upcall
 *
 * PVH: v86's multiboot loader enters labkernel in 32-bit protected mode, paging off.
 * HVM: labfw is the BIOS; this runner places labkernel and its multiboot info in RAM
 * first (multiboot.ts), as the domain builder does.
 */
import { V86, type V86Cpu, type V86Core } from "v86";
import { XEN_ERRNO } from "../xen-core/abi/errno";
import type { Hypervisor } from "../xen-core/hypervisor/hypervisor";
import type { Vcpu } from "../xen-core/vcpu/vcpu";
import { CpuView, REG } from "./cpu-view";
import { HypercallBridge } from "./hypercall-bridge";
import {
  RunnerBase,
  type FinalState,
  type GuestRunner,
  type GuestSpec,
  type RunnerContext,
} from "./guest-runner";
import type { GuestImages } from "./images";
import { ModeSampler } from "./mode-sampler";
import { buildMultibootBoot } from "./multiboot";
import type { GuestScheduler, SchedulerHandle } from "./scheduler";
import { RENDEZVOUS_IRQ, RENDEZVOUS_OFFER, RENDEZVOUS_PORT, type Rendezvous } from "./rendezvous";
import { describeEmulatorDeath } from "./v86-death";
import { V86GuestMemory } from "./v86-memory";
import type { V86Wasm } from "./wasm";

/** labkernel's hypercall port (guests/labkernel/include/lab/hypercall.h). */
export const HYPERCALL_PORT = 0xea;
/** Answered with EAX = 0 without the hypervisor: the bench's raw round-trip baseline. */
export const NULL_PORT = 0xeb;
const DEFAULT_MEMORY_MIB = 16;
/** v86's VGA is never looked at here; its default 8 MiB would only cost memory. */
const VGA_MEMORY = 256 * 1024;
/** HVM_PARAM_CALLBACK_IRQ delivery types (xen/include/public/hvm/params.h). */
const CALLBACK_TYPE_GSI = 0;
const CALLBACK_TYPE_VECTOR = 2;

export interface V86RunnerDeps {
  readonly wasm: V86Wasm;
  readonly scheduler: GuestScheduler;
  readonly rendezvous: Rendezvous;
  readonly images: (spec: GuestSpec) => Promise<GuestImages>;
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

/**
 * v86's wasm_fn, with the core's console output (a Rust panic message, printed just
 * before the trap) kept for the crash report instead of going to console.error.
 */
function captureWasmLog(wasm: V86Wasm, log: { text: string }): V86Wasm["instantiate"] {
  return async (imports) => {
    const instance: { memory?: WebAssembly.Memory } = {};
    const env = imports.env as Record<string, unknown>;
    env.console_log_from_wasm = (offset: number, length: number) => {
      const bytes = instance.memory && new Uint8Array(instance.memory.buffer, offset, length);
      if (bytes) log.text += new TextDecoder().decode(bytes);
    };
    const exports = await wasm.instantiate(imports);
    instance.memory = exports.memory as WebAssembly.Memory;
    return exports;
  };
}

export class V86Runner extends RunnerBase implements GuestRunner {
  readonly engine = "v86" as const;
  readonly memory: V86GuestMemory;
  private readonly core: V86Core;
  private readonly cpu: V86Cpu;
  private readonly view: CpuView;
  private readonly sampler: ModeSampler;
  private readonly handle: SchedulerHandle;
  private readonly hv: Hypervisor;
  private readonly vcpu: Vcpu;
  private readonly warned = new Set<string>();
  private pausedFlag = true;
  private deadFlag = false;
  private started = false;
  private readonly leaveRendezvous: () => void;
  private readonly picMaster: number;
  private readonly picSlave: number;

  /** Create the emulator, load the guest, attach it to the scheduler (not started). */
  static async create(ctx: RunnerContext, deps: V86RunnerDeps): Promise<V86Runner> {
    const images = await deps.images(ctx.spec);
    const memoryBytes = (ctx.spec.memoryMiB ?? DEFAULT_MEMORY_MIB) * 1024 * 1024;
    const panic = { text: "" };
    const common = {
      wasm_fn: captureWasmLog(deps.wasm, panic),
      memory_size: memoryBytes,
      vga_memory_size: VGA_MEMORY,
      autostart: false,
      disable_keyboard: true,
      disable_mouse: true,
      disable_speaker: true,
    };
    let emulator: V86;
    if (ctx.spec.type === "pvh") {
      emulator = new V86({
        ...common,
        multiboot: { buffer: bufferOf(images.kernel) },
        ...(images.resume ? { initrd: { buffer: bufferOf(images.resume) } } : {}),
        cmdline: ctx.spec.cmdline ?? "",
      });
    } else {
      if (!images.firmware) throw new Error("type=hvm needs the labfw image");
      emulator = new V86({ ...common, bios: { buffer: bufferOf(images.firmware) } });
    }
    await new Promise<void>((resolve) => emulator.add_listener("emulator-loaded", resolve));
    const runner = new V86Runner(ctx, deps, emulator, panic);
    if (ctx.spec.type === "hvm") {
      buildMultibootBoot(
        {
          kernel: images.kernel,
          module: images.resume,
          cmdline: ctx.spec.cmdline ?? "",
          ramBytes: memoryBytes,
        },
        (pa, bytes) => runner.memory.writePhys(pa, bytes),
      );
    }
    runner.sampler.sample(ctx.spec.type === "pvh" ? "PVH entry" : "reset");
    return runner;
  }

  private constructor(
    private readonly ctx: RunnerContext,
    deps: V86RunnerDeps,
    private readonly emulator: V86,
    /** What v86's Rust core printed before trapping ("panicked at ..."). */
    private readonly panicLog: { text: string },
  ) {
    super();
    this.hv = ctx.hv;
    this.vcpu = ctx.vcpu;
    this.core = emulator.v86;
    this.cpu = this.core.cpu;
    this.view = new CpuView(this.cpu);
    this.memory = new V86GuestMemory(this.view, (s, e) => this.cpu.jit_dirty_cache(s, e));
    this.sampler = new ModeSampler(this.view, this.cpu, this.hv, this.vcpu);
    this.picMaster = this.cpu.get_pic_addr_master();
    this.picSlave = this.cpu.get_pic_addr_slave();
    const bridge = new HypercallBridge(this.view, this.sampler, this.hv, this.vcpu, this.stats);
    this.cpu.io.register_write(HYPERCALL_PORT, this, undefined, undefined, (eax) =>
      bridge.call(eax),
    );
    this.cpu.io.register_write(NULL_PORT, this, undefined, undefined, () => {
      this.view.check();
      this.view.regs[REG.EAX] = 0;
    });
    this.leaveRendezvous = this.joinRendezvous(deps.rendezvous);
    emulator.add_listener("serial0-output-byte", (b) => this.serial.push(b));
    this.guardJit();
    this.handle = deps.scheduler.attach({
      core: this.core,
      paused: () => this.pausedFlag,
      dead: () => this.deadFlag,
      tickEnded: (ms) => this.tickEnded(ms),
      crashed: (err) => this.emulatorDied(err),
    });
  }

  get domid(): number {
    return this.ctx.domid;
  }

  /**
   * v86's JIT finishes a compiled block in a promise callback, outside any tick: into a
   * dead instance it could throw where nothing catches it (in Node, a process-killing
   * unhandled rejection). A dead guest compiles nothing more and finishes nothing.
   */
  private guardJit(): void {
    const cpu = this.cpu;
    const finalize = cpu.codegen_finalize.bind(cpu);
    const finished = cpu.codegen_finalize_finished.bind(cpu);
    cpu.codegen_finalize = (index, start, flags, ptr, len) => {
      if (!this.deadFlag) finalize(index, start, flags, ptr, len);
    };
    cpu.codegen_finalize_finished = (index, start, flags) => {
      if (this.deadFlag) return;
      try {
        finished(index, start, flags);
      } catch (err) {
        this.emulatorDied(err);
      }
    };
  }

  get spec(): GuestSpec {
    return this.ctx.spec;
  }

  /**
   * EmulatedGuest: Xen set evtchn_upcall_pending (HVM_PARAM_CALLBACK_IRQ = `via`).
   * A GSI below 16 is a PIC line; a vector is the PIC line the guest programmed for it
   * (v86 cannot inject a bare vector). The line is pulsed: the 8259 is edge-triggered
   * and Xen raises the upcall only when the flag goes from 0 to 1.
   */
  raiseCallbackIrq(_vcpuId: number, via: bigint): void {
    if (this.deadFlag) return;
    const type = Number((via >> 56n) & 0xffn);
    const line =
      type === CALLBACK_TYPE_GSI
        ? Number(via & 0xffn)
        : type === CALLBACK_TYPE_VECTOR
          ? this.picLineFor(Number(via & 0xffn))
          : undefined;
    if (line === undefined || line === 0 || line === 2 || line > 15) {
      this.warnOnce(`callback via 0x${via.toString(16)} has no PIC line in the emulator`);
      return;
    }
    this.pulse(line);
  }

  /** The vector bases the guest gave the PICs (ICW2: irq_map, byte 1 of v86's Pic0). */
  private picLineFor(vector: number): number | undefined {
    this.view.check();
    const masterBase = this.view.wasm8[this.picMaster + 1]!;
    const slaveBase = this.view.wasm8[this.picSlave + 1]!;
    if (vector >= masterBase && vector < masterBase + 8) return vector - masterBase;
    if (vector >= slaveBase && vector < slaveBase + 8) return 8 + vector - slaveBase;
    return undefined;
  }

  /** Port 0xEC: publish an offer (OUT) or take one (IN); see rendezvous.ts. */
  private joinRendezvous(rendezvous: Rendezvous): () => void {
    this.cpu.io.register_write(RENDEZVOUS_PORT, this, undefined, undefined, (eax) => {
      const v = this.view;
      v.check();
      const r = v.regs;
      r[REG.EAX] =
        eax === RENDEZVOUS_OFFER
          ? rendezvous.offer(this.domid, r[REG.EBX]! >>> 0, r[REG.ECX]! >>> 0)
          : -XEN_ERRNO.EINVAL;
    });
    this.cpu.io.register_read(RENDEZVOUS_PORT, this, undefined, undefined, () => {
      const offer = rendezvous.take(this.domid);
      if (!offer) return -1;
      this.view.check();
      this.view.regs[REG.EBX] = offer.port;
      return offer.from;
    });
    return rendezvous.join({
      domid: this.domid,
      notifyRendezvous: () => this.pulse(RENDEZVOUS_IRQ),
    });
  }

  /**
   * An edge on a PIC line. This often runs inside another guest's hypercall (its
   * EVTCHNOP_send): if delivering kills this guest (no usable IDT), the crash is this
   * domain's own, reported once that hypercall is over, never the sender's.
   */
  private pulse(line: number): void {
    if (this.deadFlag) return;
    try {
      this.cpu.device_lower_irq(line);
      this.cpu.device_raise_irq(line);
    } catch (err) {
      this.deadFlag = true; // never scheduled again
      queueMicrotask(() => this.reportDeath(err));
    }
  }

  send(text: string): void {
    if (this.final) return;
    this.serial.markInput();
    try {
      this.emulator.serial0_send(text);
    } catch (err) {
      this.emulatorDied(err);
    }
  }

  setPaused(paused: boolean): void {
    if (this.final || this.deadFlag || (paused === this.pausedFlag && this.started)) return;
    this.pausedFlag = paused;
    this.setState(paused ? "paused" : "running");
    if (paused) return;
    if (!this.started) {
      this.started = true;
      this.core.run();
    } else {
      this.handle.wake();
    }
  }

  private tickEnded(ms: number): void {
    this.stats.ticks++;
    if (this.deadFlag) return;
    this.sampler.sample("tick");
    const halted = this.view.inHlt[0] !== 0;
    this.vcpu.running = !halted;
    this.vcpu.blocked = halted;
    this.vcpu.cpuTimeNs += Math.round(ms * 1e6);
  }

  private emulatorDied(err: unknown): void {
    if (this.deadFlag) return;
    this.deadFlag = true;
    this.reportDeath(err);
  }

  private reportDeath(err: unknown): void {
    const why = describeEmulatorDeath(
      err,
      this.view,
      this.domid,
      this.vcpu.vcpuId,
      this.panicLog.text,
    );
    this.ctx.onFatal(why);
    this.destroy("crashed", why);
  }

  private warnOnce(text: string): void {
    if (this.warned.has(text)) return;
    this.warned.add(text);
    this.hv.console.printk(`xenlab: d${this.domid}v${this.vcpu.vcpuId} ${text}`);
  }

  destroy(state: FinalState, reason?: string): void {
    if (this.final) return;
    this.deadFlag = true;
    this.setState(state, reason);
    this.vcpu.running = false;
    this.leaveRendezvous();
    // The domain keeps this as its guest: Xen may still touch its memory (an event
    // sent to a crashed domain), and its console stays readable.
    this.handle.detach();
    // Tear v86 down after the current tick (this may run inside one of its hypercalls).
    queueMicrotask(() => {
      try {
        this.core.stop();
        this.core.do_tick(); // not running: only emits "emulator-stopped"
        void this.emulator.destroy().catch(() => undefined);
      } catch {
        // A wasm instance that panicked may throw again; it is unreachable now anyway.
      }
    });
  }
}
