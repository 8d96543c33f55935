/**
 * The Hypervisor: domains, the console ring, the trace, and the hypercall entry.
 * The model is mutable inside; the outside world reads frozen snapshots and
 * subscribes to changes (each subscription returns its disposer).
 *
 * WARNING: every guest-visible mutation goes through `hypercall` or `armHvc`, so it
 * is traced and numbered; the boot of dom0 is the one exception, as in Xen.
 */
import { HCR_RW, PSR_GUEST64_INIT } from "../abi/arch-arm";
import { XEN_ERRNO } from "../abi/errno";
import { NR_VIRQS } from "../abi/event-channel";
import { hypercallName } from "../abi/xen";
import { DomidAllocator } from "../domain/domid";
import type { Domain } from "../domain/domain";
import { domainCreate } from "../domain/domain-create";
import { libxlDefaultConfig } from "../domctl/createdomain-config";
import { diagnosticLine, type XenDiagnostic } from "../domctl/diagnostic";
import { armHvc, type HvcOutcome } from "../hypercall/arm-trap";
import { describeHypercall, type HypercallDescription } from "../hypercall/describe";
import { dispatchHypercall } from "../hypercall/dispatch";
import { DEFAULT_PROFILE, bootDomainCdfNames, cdfMask, getProfile } from "../profiles/profiles";
import type { Profile } from "../profiles/profile";
import { ArmVcpu } from "../vcpu/arm-vcpu";
import { Vcpu } from "../vcpu/vcpu";
import { X86Vcpu } from "../vcpu/x86-vcpu";
import { ConsoleRing } from "./console";
import type { HypervisorContext } from "./context";
import { DEFAULT_HOST, type HostArch, type HostCapabilities } from "./host";
import { buildSnapshot, type HypervisorSnapshot } from "./snapshot";
import { Trace } from "./trace";

export interface HypervisorOptions {
  arch?: HostArch;
  profile?: string | Profile;
  host?: Partial<HostCapabilities>;
  /** Trace ring size (entries kept). */
  traceCapacity?: number;
}

/** dom0 as the oracles' hosts boot it: 2 vCPUs, dom0_mem=1024M. */
export const DOM0_VCPUS = 2;
export const DOM0_MEM_KB = 1024 * 1024;
/** Where the modelled toolstack keeps its hypercall buffers in dom0's RAM. */
export const DOM0_HYPERCALL_BUFFER_PFN = 0x100;
export const DOM0_HYPERCALL_BUFFER_PAGES = 16;

export type ChangeListener = (version: number) => void;

/** How many deferred guest runs one drain may take before the lab calls it a livelock. */
export const MAX_DEFERRED_PER_DRAIN = 100_000;

export class Hypervisor implements HypervisorContext {
  readonly arch: HostArch;
  readonly profile: Profile;
  readonly host: HostCapabilities;
  readonly domains = new Map<number, Domain>();
  readonly domids = new DomidAllocator();
  readonly console = new ConsoleRing();
  readonly trace: Trace;
  private version = 0;
  private readonly listeners = new Set<ChangeListener>();
  private cached: HypervisorSnapshot | undefined;
  /** Set by a handler through describeCurrent during the hypercall being dispatched. */
  private currentDescription: HypercallDescription | undefined;
  /** Xen's `current` while a hypercall is handled. */
  current: Vcpu | undefined = undefined;
  readonly globalVirqHandlers = new Array<Domain | undefined>(NR_VIRQS).fill(undefined);
  /** Arguments of the continuation the running handler asked for. */
  private continuation: readonly bigint[] | undefined;
  /** Guest work waiting for the current hypercall to return (see defer). */
  private readonly deferred: (() => void)[] = [];
  private runningGuests = false;

  constructor(options: HypervisorOptions = {}) {
    this.arch = options.arch ?? "x86_64";
    const profile =
      typeof options.profile === "object"
        ? options.profile
        : getProfile(options.profile ?? DEFAULT_PROFILE);
    if (!profile) throw new Error(`unknown profile '${String(options.profile)}'`);
    this.profile = profile;
    this.host = { ...DEFAULT_HOST[this.arch], ...options.host };
    this.trace = new Trace(options.traceCapacity);
    this.bootDom0();
  }

  /** The control domain (domid 0), created at boot as Xen's setup code does. */
  get dom0(): Domain {
    return this.domains.get(0)!;
  }

  domain(domid: number): Domain | undefined {
    return this.domains.get(domid);
  }

  /**
   * Issue hypercall `nr` from `caller` with the five argument registers. Returns what
   * the guest gets in its result register. Never throws.
   */
  hypercall(caller: Vcpu, nr: number, args: readonly bigint[]): number {
    let ret: number;
    const outer = this.current;
    this.current = caller;
    let callArgs = args;
    // A preempted handler (hypercall_create_continuation) is re-entered by the guest
    // with the new arguments; each pass is its own trace entry, the preempted ones
    // with -ERESTART.
    for (;;) {
      this.currentDescription = undefined;
      this.continuation = undefined;
      const entrySeq = this.trace.seq;
      try {
        ret = dispatchHypercall(this, caller, nr, callArgs);
      } catch (err) {
        // A model bug, not guest behaviour: keep the guest boundary intact, say so loudly.
        this.console.printk(`xenlab: internal error in ${hypercallName(nr)}: ${String(err)}`);
        ret = -XEN_ERRNO.EFAULT;
        this.continuation = undefined;
      }
      const next = this.continuation;
      if (next) ret = -XEN_ERRNO.ERESTART;
      this.traceHypercall(caller, nr, callArgs, ret, entrySeq);
      if (!next) break;
      callArgs = next;
    }
    this.current = outer;
    this.changed();
    if (!outer) this.runDeferred();
    return ret;
  }

  private traceHypercall(
    caller: Vcpu,
    nr: number,
    args: readonly bigint[],
    ret: number,
    entrySeq: number,
  ): void {
    const seq = this.trace.next();
    if (!this.trace.enabled) return;
    const desc =
      this.currentDescription ?? describeHypercall(this.domains.get(caller.domid), nr, args);
    this.trace.push({
      seq,
      kind: "hypercall",
      domid: caller.domid,
      vcpu: caller.vcpuId,
      nr,
      name: hypercallName(nr),
      op: desc.op,
      args: desc.args,
      ret,
      entrySeq,
    });
  }

  createContinuation(args: readonly bigint[]): number {
    this.continuation = [...args];
    return -XEN_ERRNO.ERESTART;
  }

  defer(work: () => void): void {
    this.deferred.push(work);
    if (!this.current) this.runDeferred();
  }

  /**
   * Run guest code (a modelled kernel's command or boot) as the model's one CPU does:
   * upcalls its hypercalls raise wait until it is done, then run in order.
   */
  runGuest<T>(fn: () => T): T {
    if (this.runningGuests) return fn();
    this.runningGuests = true;
    try {
      return fn();
    } finally {
      this.runningGuests = false;
      this.runDeferred();
    }
  }

  /** Drain deferred guest work; bounded so two guests echoing forever cannot hang the lab. */
  private runDeferred(): void {
    if (this.runningGuests || this.deferred.length === 0) return;
    this.runningGuests = true;
    try {
      let budget = MAX_DEFERRED_PER_DRAIN;
      while (this.deferred.length) {
        if (--budget < 0) {
          this.deferred.length = 0;
          this.console.printk(
            `xenlab: guest work did not settle after ${MAX_DEFERRED_PER_DRAIN} upcalls; dropped the rest`,
          );
          break;
        }
        this.deferred.shift()!();
      }
    } finally {
      this.runningGuests = false;
    }
  }

  /** An Arm vCPU executes `HVC #iss`: the full trap path with its register effects. */
  armHvc(caller: Vcpu, iss: number): HvcOutcome {
    if (!(caller.regs instanceof ArmVcpu)) throw new Error("armHvc on a non-Arm vCPU");
    const outcome = armHvc(caller.domid, caller.regs, iss, this.profile, {
      dispatch: (nr, args) => this.hypercall(caller, nr, args),
      // gprintk prefixes the current vCPU (%pv).
      warn: (text) => this.console.printk(`d${caller.domid}v${caller.vcpuId} ${text}`),
      debugOutput: (text) => this.console.xenWrite(text),
    });
    if (outcome.kind === "undef") {
      this.stateChange(caller.domid, "undef-injected", `HVC #0x${iss.toString(16)}`, caller.vcpuId);
    }
    return outcome;
  }

  describeCurrent(desc: HypercallDescription): void {
    this.currentDescription = desc;
  }

  report(diag: XenDiagnostic): void {
    const key = `${diag.file}:${diag.line}`;
    const baseLine = this.profile.sourceLines?.[key];
    const line = diagnosticLine(baseLine ? { ...diag, line: baseLine } : diag, this.profile.debug);
    // An empty text is a failure Xen reports with no message of its own.
    if (line) this.console.printk(line);
  }

  stateChange(domid: number, event: string, detail: string, vcpu?: number): void {
    const seq = this.trace.next();
    if (this.trace.enabled) {
      this.trace.push(
        vcpu === undefined
          ? { seq, kind: "state", domid, event, detail }
          : { seq, kind: "state", domid, vcpu, event, detail },
      );
    }
    // Inside a hypercall, its own change notification (when it returns) covers this one.
    if (!this.current) this.changed();
  }

  createVcpu(d: Domain, vcpuId: number): Vcpu {
    const regs = this.arch === "arm64" ? new ArmVcpu(vcpuId) : new X86Vcpu(vcpuId);
    const v = new Vcpu(d.domid, vcpuId, regs);
    d.vcpus[vcpuId] = v;
    this.stateChange(d.domid, "vcpu-created", `mode ${v.mode}`, vcpuId);
    return v;
  }

  /** A frozen view of everything; the same object until something changes. */
  snapshot(): HypervisorSnapshot {
    if (!this.cached || this.cached.version !== this.version) {
      this.cached = buildSnapshot(this, this.version);
    }
    return this.cached;
  }

  /** Called after every change with the new version; returns the disposer. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get snapshotVersion(): number {
    return this.version;
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l(this.version);
  }

  /**
   * Boot: dom0 is created by Xen itself (not by a hypercall), with domid 0, vCPUs
   * online and running, and its memory allocated. On Arm it is an HVM|HAP domain
   * whose type comes from its kernel (a 64-bit arm64 Linux in the oracle); on x86 a PV
   * dom0 (the oracle's).
   */
  private bootDom0(): void {
    const arch = this.arch === "arm64" ? ["hvm", "hap"] : [];
    const flags = cdfMask(this.profile, [...arch, ...bootDomainCdfNames(this.profile)]);
    const config = libxlDefaultConfig(this.arch, flags, DOM0_VCPUS);
    config.maxEvtchnPort = 0x7fffffff;
    config.x86.emulationFlags = 0;
    const id = this.domids.alloc(0);
    const created = domainCreate(this, id, config, true);
    if (!("vcpus" in created)) throw new Error(`dom0 creation failed: ${created.text}`);
    const d0 = created;
    d0.controllerPauseCount = 0;
    d0.creationFinished = true;
    d0.type = 64;
    d0.maxPages = DOM0_MEM_KB / 4;
    d0.ram.populateRange(0, DOM0_MEM_KB / 4);
    this.console.printk("*** LOADING DOMAIN 0 ***");
    for (let i = 0; i < DOM0_VCPUS; i++) {
      const v = this.createVcpu(d0, i);
      if (v.regs instanceof ArmVcpu) {
        // construct_domain() (xen/arch/arm/domain_build.c): a 64-bit dom0 kernel gets
        // vcpu_switch_to_aarch64_mode() on every vCPU and PSR_GUEST64_INIT as its
        // first PSTATE. Traced like switch_mode's flips, so viewers see the switch.
        v.regs.hcrEl2 |= HCR_RW;
        v.regs.cpsr = PSR_GUEST64_INIT;
        this.stateChange(0, "vcpu-mode", "AArch32 -> AArch64 (HCR_EL2.RW 1)", i);
      }
      v.online = true;
      v.initialised = true;
      // vCPU0 runs the dom0 shell; the others idle, blocked (the oracles' vcpu-list).
      v.running = i === 0;
      v.blocked = i !== 0;
    }
    this.stateChange(0, "domain-created", "dom0 (control domain)");
  }
}
