/**
 * A modelled guest kernel: what runs in a domain that has no real guest code (every
 * Arm domain; x86 domains built by raw domctls). It boots like Linux (kernel-boot.ts),
 * consumes events from its own memory with a 2-level or FIFO driver, and answers the
 * command language of docs/guest-shell.md on its console (shell.ts).
 *
 * Determinism: the kernel runs only when the model runs it: its boot, each console
 * line, and each upcall Xen raises (taken once the hypercall that raised it returns,
 * through Hypervisor.defer). No timers: the same steps give the same trace.
 *
 * Memory: the kernel uses the domain's RAM frames in ascending order: [0] its scratch
 * page for hypercall structs, [1] the page scenario `hypercall` steps may use, [2] the
 * frame shared_info is mapped over, [3] the vcpu_info page, then control blocks and
 * event array pages as the FIFO driver asks.
 */
import { EVTCHNOP } from "../abi/event-channel";
import { DOMID, HYPERVISOR } from "../abi/xen";
import type { Domain } from "../domain/domain";
import { EVTCHN_RESET } from "../evtchn/layout";
import type { ModelledGuestHook } from "../domain/modelled-guest";
import type { Hypervisor } from "../hypervisor/hypervisor";
import { PAGE_SIZE } from "../ids";
import { mapGuestFrame, type MappedPage } from "../memory/mapped-page";
import type { Vcpu } from "../vcpu/vcpu";
import type { DriverHost, EvtchnDriver } from "./driver";
import { TwoLevelDriver } from "./driver-2l";
import { GuestCpu } from "./guest-cpu";
import {
  VCPU_INFO_STRIDE,
  guestLayout,
  initEventChannels,
  platformInit,
  xenVersionLine,
  type BootFrames,
} from "./kernel-boot";

export type KernelFlavour = "fifo" | "2l";

/** Frames the kernel needs before any event array page. */
const FIXED_FRAMES = 4;
const PROMPT = "lab> ";

/** The command language (shell.ts, kept apart to keep files small). */
export interface KernelShell {
  /** Run one console line. */
  run(k: ModelledKernel, line: string): void;
  /** Run the `test=NAME` self-test and print its `Test result:` line. */
  selfTest(k: ModelledKernel, name: string): void;
}

export class ModelledKernel implements ModelledGuestHook, DriverHost {
  readonly cpu: GuestCpu;
  readonly vcpus: readonly Vcpu[];
  readonly boot: Vcpu;
  driver: EvtchnDriver | undefined = undefined;
  flavour: KernelFlavour;
  /** Ports the kernel has bound, and how many events each delivered. */
  readonly ports = new Map<number, { seen: number }>();
  /** Event handlers by port (ping/pong); the default prints and counts. */
  readonly handlers = new Map<number, (port: number) => void>();
  /** Stopped after a `test=` run or a crash: the console takes no more commands. */
  halted = false;
  /** While set, events are counted but not printed (bench loops). */
  quiet = false;
  /** Run after the current command's events settled (ping's "no answer"). */
  readonly afterCommand: (() => void)[] = [];
  readonly frames: BootFrames & { readonly scratch: number; readonly argument: number };
  private nextFrame = FIXED_FRAMES;
  private readonly ram: readonly number[];
  private output = "";
  private partial = "";
  private readonly upcallsQueued = new Set<number>();
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly hv: Hypervisor,
    readonly domain: Domain,
    readonly cmdline: string,
    private readonly shell: KernelShell,
  ) {
    this.domid = domain.domid;
    this.vcpus = domain.vcpus.filter((v): v is Vcpu => v !== undefined);
    this.boot = this.vcpus[0]!;
    this.ram = domain.ram.populatedFrames(FIXED_FRAMES + this.vcpus.length + 130);
    const [scratch, argument, shared, vcpuInfo] = this.ram as [number, number, number, number];
    this.frames = { scratch, argument, shared, vcpuInfo };
    this.cpu = new GuestCpu(hv, this.domid, scratch * PAGE_SIZE);
    this.flavour = /(?:^|\s)evtchn=2l(?:\s|$)/.test(cmdline) ? "2l" : "fifo";
  }

  readonly domid: number;

  /** Frames a kernel needs at the least: the fixed ones, one control block per vCPU and one array page. */
  static framesNeeded(vcpus: number): number {
    return FIXED_FRAMES + vcpus + 1;
  }

  // --- DriverHost --------------------------------------------------------------------

  page(gfn: number): MappedPage {
    const p = mapGuestFrame(this.hv.domain(this.domid)!.memory, gfn);
    if (!p) throw new Error(`d${this.domid}: frame 0x${gfn.toString(16)} is not RAM`);
    return p;
  }

  allocFrame(): number | undefined {
    return this.ram[this.nextFrame++];
  }

  vcpuInfo(id: number): { gfn: number; off: number } {
    return { gfn: this.frames.vcpuInfo, off: id * VCPU_INFO_STRIDE };
  }

  log(line: string): void {
    this.write(`${line}\n`);
  }

  // --- console ------------------------------------------------------------------------

  /** Everything the console printed. */
  get transcript(): string {
    return this.output;
  }

  write(text: string): void {
    this.output += text;
    for (const l of [...this.listeners]) l();
  }

  /** Called on every console output; returns the disposer. */
  onOutput(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Type into the console: each complete line runs as a command (echoed, as a serial shell). */
  input(text: string): void {
    this.partial += text.replace(/\r/g, "");
    let nl: number;
    while ((nl = this.partial.indexOf("\n")) >= 0) {
      const line = this.partial.slice(0, nl);
      this.partial = this.partial.slice(nl + 1);
      this.write(`${line}\n`);
      if (this.halted) continue;
      this.hv.runGuest(() => {
        this.shell.run(this, line.trim());
        this.idle();
      });
      for (const f of this.afterCommand.splice(0)) f();
      if (!this.halted) this.write(PROMPT);
    }
  }

  // --- boot -----------------------------------------------------------------------------

  /** Boot: the lines of docs/guest-shell.md, then the prompt (or a `test=` verdict). */
  start(): void {
    this.hv.runGuest(() => {
      this.log(xenVersionLine(this));
      this.log(`xen: domid ${this.domid}`);
      const err = platformInit(this, this.frames);
      if (err) {
        this.log(err);
        this.halted = true;
        return;
      }
      this.driver = initEventChannels(this, this.frames, this.flavour);
      this.flavour = this.driver.kind;
      this.idle();
    });
    const test = /(?:^|\s)test=(\S+)/.exec(this.cmdline)?.[1];
    if (test !== undefined && !this.halted) {
      this.hv.runGuest(() => this.shell.selfTest(this, test));
      this.halted = true;
    }
    if (!this.halted) this.write(PROMPT);
  }

  /** Bind bookkeeping shared by every command that gains a port. */
  adopt(port: number): void {
    if (!this.ports.has(port)) this.ports.set(port, { seen: 0 });
    this.driver?.setup(port);
  }

  // --- upcalls ----------------------------------------------------------------------------

  /** ModelledGuestHook: Xen raised the upcall on `vcpuId`; take it once Xen returns. */
  upcall(vcpuId: number): void {
    if (this.upcallsQueued.has(vcpuId)) return;
    this.upcallsQueued.add(vcpuId);
    this.hv.defer(() => {
      this.upcallsQueued.delete(vcpuId);
      this.takeUpcall(vcpuId);
    });
  }

  /**
   * The interrupt handler (Linux's __xen_evtchn_do_upcall): acknowledge the vGIC or
   * callback interrupt, then clear evtchn_upcall_pending and let the driver consume,
   * again while Xen set evtchn_upcall_pending meanwhile.
   */
  takeUpcall(vcpuId: number): void {
    const v = this.vcpus[vcpuId];
    if (!v || !this.driver || this.hv.domain(this.domid)?.modelled !== this) return;
    if (this.domain.isShutdown) return;
    v.evtchnIrqPending = false;
    const l = guestLayout(this);
    const { gfn, off } = this.vcpuInfo(vcpuId);
    const vi = this.page(gfn);
    let rounds = 0;
    do {
      vi.setU8(off + l.upcallPending, 0);
      for (const port of this.driver.handle(vcpuId)) this.event(port);
    } while (vi.u8(off + l.upcallPending) && ++rounds < 64);
    this.idle();
  }

  /** One event delivered to the kernel. */
  event(port: number): void {
    const entry = this.ports.get(port) ?? { seen: 0 };
    entry.seen++;
    this.ports.set(port, entry);
    if (!this.quiet) this.log(`evtchn: event port ${port}`);
    this.handlers.get(port)?.(port);
  }

  /** Interrupts enabled while the kernel waits: take every pending upcall now. */
  serviceInterrupts(): void {
    for (let round = 0; round < 64; round++) {
      const v = this.vcpus.find((x) => x.evtchnIrqPending);
      if (!v) return;
      this.takeUpcall(v.vcpuId);
    }
  }

  /** WFI / SCHEDOP_block: the vCPUs idle until the next interrupt. */
  private idle(): void {
    for (const v of this.vcpus) if (v.online && !v.evtchnIrqPending) v.blocked = true;
  }

  /**
   * EVTCHNOP_reset on itself, then a fresh driver of `flavour` over the same frames, as
   * a kernel does after kexec or resume (Linux reuses its event pages). For tests and
   * fuzzing of ABI switches; not a shell command.
   */
  resetAbi(flavour: KernelFlavour): number {
    const r = this.cpu.structCall(
      this.boot,
      HYPERVISOR.__HYPERVISOR_event_channel_op,
      EVTCHNOP.EVTCHNOP_reset,
      EVTCHN_RESET.size,
      (s) => s.setU16(EVTCHN_RESET.dom, DOMID.DOMID_SELF),
    );
    if (r.ret < 0) return r.ret;
    this.ports.clear();
    this.handlers.clear();
    this.nextFrame = FIXED_FRAMES;
    this.hv.runGuest(() => {
      this.driver = initEventChannels(this, this.frames, flavour);
      this.flavour = this.driver.kind;
    });
    return 0;
  }

  // --- hibernation ---------------------------------------------------------------------------

  /**
   * Hand over to a kernel that only knows 2-level (the resume kernel of the hibernation
   * bug): same memory, same bound ports, no hypercall; Xen's state stays as it was, so
   * a domain the boot kernel switched to FIFO keeps raising FIFO events nobody reads.
   */
  hibernate(): void {
    const two = new TwoLevelDriver(this, guestLayout(this), this.frames.shared);
    two.maskAll();
    for (const port of this.ports.keys()) two.unmaskLocal(port);
    this.driver = two;
    this.flavour = "2l";
  }
}
