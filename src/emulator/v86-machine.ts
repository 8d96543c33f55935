/**
 * One loaded v86 instance running a domain's guest, wired to the hypervisor model:
 *
 *   labkernel ── out %eax, $0xEA ──▶ bridge (port handler) ──▶ hv.hypercall ──▶ EAX
 *   Xen (model) ── shared_info / FIFO words ──▶ guest RAM (V86GuestMemory)
 *   Xen (model) ── raiseCallbackIrq ──▶ a PIC line pulse ──▶ the guest's upcall
 *
 * PVH: v86's multiboot loader enters labkernel in 32-bit protected mode, paging off.
 * HVM: labfw is the BIOS; the kernel and its multiboot info are placed in RAM first
 * (multiboot.ts), as the domain builder does. The lifecycle around it (states, input
 * before the load, destroy) is V86Runner's.
 */
import { V86, type V86Core, type V86Cpu } from "v86";
import { XEN_ERRNO } from "../xen-core/abi/errno";
import { CpuView, REG } from "./cpu-view";
import type { RunnerContext } from "./guest-runner";
import { HypercallBridge } from "./hypercall-bridge";
import type { GuestImages } from "./images";
import { ModeSampler } from "./mode-sampler";
import { buildMultibootBoot } from "./multiboot";
import { RENDEZVOUS_IRQ, RENDEZVOUS_OFFER, RENDEZVOUS_PORT, type Rendezvous } from "./rendezvous";
import type { GuestScheduler, SchedulerHandle } from "./scheduler";
import { describeEmulatorDeath } from "./v86-death";
import { V86GuestMemory } from "./v86-memory";
import type { V86Wasm } from "./wasm";

/** labkernel's hypercall port (guests/labkernel/include/lab/hypercall.h). */
export const HYPERCALL_PORT = 0xea;
/** Answered with EAX = 0 without the hypervisor: the bench's raw round-trip baseline. */
export const NULL_PORT = 0xeb;
export const DEFAULT_MEMORY_MIB = 16;
/** v86's VGA is never looked at here; its default 8 MiB would only cost memory. */
const VGA_MEMORY = 256 * 1024;
/** HVM_PARAM_CALLBACK_IRQ delivery types (xen/include/public/hvm/params.h). */
const CALLBACK_TYPE_GSI = 0;
const CALLBACK_TYPE_VECTOR = 2;

export interface V86MachineDeps {
  readonly wasm: V86Wasm;
  readonly scheduler: GuestScheduler;
  readonly rendezvous: Rendezvous;
}

/** What the machine tells its runner. */
export interface MachineEvents {
  readonly paused: () => boolean;
  readonly serialByte: (byte: number) => void;
  readonly ticked: () => void;
  /** The instance is unusable; `why` is the line for the Xen console. */
  readonly died: (why: string) => void;
  readonly stats: { hypercalls: number; ticks: number };
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

export class V86Machine {
  readonly memory: V86GuestMemory;
  private readonly core: V86Core;
  private readonly cpu: V86Cpu;
  private readonly view: CpuView;
  private readonly sampler: ModeSampler;
  private readonly handle: SchedulerHandle;
  private readonly leaveRendezvous: () => void;
  private readonly picMaster: number;
  private readonly picSlave: number;
  private dead = false;
  private started = false;

  /** Create the emulator and load the guest; it runs from start(). */
  static async create(
    ctx: RunnerContext,
    images: GuestImages,
    deps: V86MachineDeps,
    events: MachineEvents,
  ): Promise<V86Machine> {
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
    const machine = new V86Machine(ctx, deps, events, emulator, panic);
    if (ctx.spec.type === "hvm") {
      const boot = {
        kernel: images.kernel,
        module: images.resume,
        cmdline: ctx.spec.cmdline ?? "",
        ramBytes: memoryBytes,
      };
      buildMultibootBoot(boot, (pa, bytes) => machine.memory.writePhys(pa, bytes));
    }
    machine.sampler.sample(ctx.spec.type === "pvh" ? "PVH entry" : "reset");
    return machine;
  }

  private constructor(
    private readonly ctx: RunnerContext,
    deps: V86MachineDeps,
    private readonly events: MachineEvents,
    private readonly emulator: V86,
    /** What v86's Rust core printed before trapping ("panicked at ..."). */
    private readonly panicLog: { text: string },
  ) {
    this.core = emulator.v86;
    this.cpu = this.core.cpu;
    this.view = new CpuView(this.cpu);
    this.memory = new V86GuestMemory(this.view, (s, e) => this.cpu.jit_dirty_cache(s, e));
    this.sampler = new ModeSampler(this.view, this.cpu, ctx.hv, ctx.vcpu);
    this.picMaster = this.cpu.get_pic_addr_master();
    this.picSlave = this.cpu.get_pic_addr_slave();
    const bridge = new HypercallBridge(this.view, this.sampler, ctx.hv, ctx.vcpu, events.stats);
    this.cpu.io.register_write(HYPERCALL_PORT, this, undefined, undefined, (eax) =>
      bridge.call(eax),
    );
    this.cpu.io.register_write(NULL_PORT, this, undefined, undefined, () => {
      this.view.check();
      this.view.regs[REG.EAX] = 0;
    });
    this.leaveRendezvous = this.joinRendezvous(deps.rendezvous);
    emulator.add_listener("serial0-output-byte", events.serialByte);
    this.guardJit();
    this.handle = deps.scheduler.attach({
      core: this.core,
      paused: events.paused,
      dead: () => this.dead,
      tickEnded: (ms) => this.tickEnded(ms),
      crashed: (err) => this.died(err),
    });
  }

  /** Run (the first time) or resume after a pause. */
  run(): void {
    if (this.dead) return;
    if (this.started) return this.handle.wake();
    this.started = true;
    this.core.run();
  }

  /**
   * EmulatedGuest.raiseCallbackIrq: a GSI below 16 is a PIC line; a vector is the PIC
   * line the guest programmed for it (v86 cannot inject a bare vector).
   */
  raiseCallbackIrq(via: bigint): string | undefined {
    const type = Number((via >> 56n) & 0xffn);
    const line =
      type === CALLBACK_TYPE_GSI
        ? Number(via & 0xffn)
        : type === CALLBACK_TYPE_VECTOR
          ? this.picLineFor(Number(via & 0xffn))
          : undefined;
    if (line === undefined || line === 0 || line === 2 || line > 15) {
      return `callback via 0x${via.toString(16)} has no PIC line in the emulator`;
    }
    this.pulse(line);
    return undefined;
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

  /**
   * An edge on a PIC line (the 8259 is edge-triggered; Xen raises the upcall when
   * evtchn_upcall_pending goes from 0 to 1). This often runs inside another guest's
   * hypercall: if delivering kills this guest (no usable IDT), the crash is this
   * domain's own, reported once that hypercall is over, never the sender's.
   */
  private pulse(line: number): void {
    if (this.dead) return;
    try {
      this.cpu.device_lower_irq(line);
      this.cpu.device_raise_irq(line);
    } catch (err) {
      this.dead = true; // never scheduled again
      queueMicrotask(() => this.report(err));
    }
  }

  /** Port 0xEC: publish an offer (OUT) or take one (IN); see rendezvous.ts. */
  private joinRendezvous(rendezvous: Rendezvous): () => void {
    const domid = this.ctx.domid;
    this.cpu.io.register_write(RENDEZVOUS_PORT, this, undefined, undefined, (eax) => {
      const v = this.view;
      v.check();
      const r = v.regs;
      r[REG.EAX] =
        eax === RENDEZVOUS_OFFER
          ? rendezvous.offer(domid, r[REG.EBX]! >>> 0, r[REG.ECX]! >>> 0)
          : -XEN_ERRNO.EINVAL;
    });
    this.cpu.io.register_read(RENDEZVOUS_PORT, this, undefined, undefined, () => {
      const offer = rendezvous.take(domid);
      if (!offer) return -1;
      this.view.check();
      this.view.regs[REG.EBX] = offer.port;
      return offer.from;
    });
    return rendezvous.join({ domid, notifyRendezvous: () => this.pulse(RENDEZVOUS_IRQ) });
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
      if (!this.dead) finalize(index, start, flags, ptr, len);
    };
    cpu.codegen_finalize_finished = (index, start, flags) => {
      if (this.dead) return;
      try {
        finished(index, start, flags);
      } catch (err) {
        this.died(err);
      }
    };
  }

  /** Type into COM1. */
  send(text: string): void {
    if (this.dead) return;
    try {
      this.emulator.serial0_send(text);
    } catch (err) {
      this.died(err);
    }
  }

  private tickEnded(ms: number): void {
    this.events.stats.ticks++;
    if (this.dead) return;
    this.sampler.sample("tick");
    const halted = this.view.inHlt[0] !== 0;
    const vcpu = this.ctx.vcpu;
    vcpu.running = !halted;
    vcpu.blocked = halted;
    vcpu.cpuTimeNs += Math.round(ms * 1e6);
    this.events.ticked();
  }

  private died(err: unknown): void {
    if (this.dead) return;
    this.dead = true;
    this.report(err);
  }

  private report(err: unknown): void {
    const { domid, vcpu } = this.ctx;
    this.events.died(describeEmulatorDeath(err, this.view, domid, vcpu.vcpuId, this.panicLog.text));
  }

  /** Stop for good and free the instance (after the current tick, if inside one). */
  destroy(): void {
    this.dead = true;
    this.handle.detach();
    this.leaveRendezvous();
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
