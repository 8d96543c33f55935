/**
 * GuestHost: the emulated guests of one hypervisor model, kept in step with the
 * domains' Xen state. Starting a guest attaches its runner as the domain's
 * EmulatedGuest (so Xen's guest accesses reach its RAM); afterwards, after every
 * change of the model, each runner follows its domain: paused while the controller
 * pause count is non-zero, stopped and freed when the domain shuts down, crashes or
 * is destroyed. A guest whose emulator dies crashes its domain (domain_crash), and
 * only that domain: the others, and the page, keep running.
 */
import { DOMDYING } from "../xen-core/domain/domain";
import { SHUTDOWN } from "../xen-core/abi/domctl";
import { domainCrash } from "../xen-core/domain/domain-shutdown";
import type { Hypervisor } from "../xen-core/hypervisor/hypervisor";
import type { GuestRunner, GuestSpec, RunnerFactory } from "./guest-runner";

export class GuestHost {
  private readonly runners = new Map<number, GuestRunner>();
  /** The runners as an array: sync() walks it after every hypercall. */
  private list: GuestRunner[] = [];
  private readonly unsubscribe: () => void;
  private syncing = false;

  constructor(
    readonly hv: Hypervisor,
    private readonly factory: RunnerFactory,
    private readonly onDispose?: () => void,
  ) {
    this.unsubscribe = hv.subscribe(() => this.sync());
  }

  /** The runner of `domid`, if one was started (it may be in a final state). */
  runner(domid: number): GuestRunner | undefined {
    return this.runners.get(domid);
  }

  get all(): readonly GuestRunner[] {
    return [...this.runners.values()];
  }

  /**
   * Attach a guest to an existing x86 domain whose vCPU 0 exists (createdomain and
   * max_vcpus done): at once it is the domain's guest (input typed now waits for the
   * load); it runs once loaded and the domain is unpaused. The toolstack's hook for a
   * built domain calls this.
   */
  attach(domid: number, spec: GuestSpec): GuestRunner {
    const d = this.hv.domain(domid);
    if (!d || d.isDying !== DOMDYING.alive) throw new Error(`domain ${domid} does not exist`);
    if (this.hv.arch !== "x86_64")
      throw new Error("emulated guests need an x86 host (arch x86_64)");
    const old = this.runners.get(domid);
    if (old && !isFinal(old)) throw new Error(`domain ${domid} already runs an emulated guest`);
    const vcpu = d.vcpu(0);
    if (!vcpu) throw new Error(`domain ${domid} has no vCPU 0 (XEN_DOMCTL_max_vcpus first)`);
    const runner = this.factory({
      hv: this.hv,
      domid,
      vcpu,
      spec,
      onFatal: (why) => this.fatal(domid, why),
    });
    this.runners.set(domid, runner);
    this.list = [...this.runners.values()];
    d.emulated = runner;
    // What the domain builder's setvcpucontext(VGCF_online) does for vCPU 0.
    vcpu.online = true;
    vcpu.initialised = true;
    const kernel = spec.kernel ?? "labkernel";
    this.hv.stateChange(domid, "guest-attached", `${runner.engine} ${spec.type} ${kernel}`);
    return runner;
  }

  /** attach(), then wait until the guest is loaded. */
  async start(domid: number, spec: GuestSpec): Promise<GuestRunner> {
    const runner = this.attach(domid, spec);
    await runner.ready;
    return runner;
  }

  /**
   * Bring every runner in line with its domain. Runs after every change of the model
   * (every hypercall), so the common case, nothing to do, is a few field reads.
   */
  sync(): void {
    if (this.syncing) return;
    this.syncing = true;
    try {
      const list = this.list;
      for (let i = 0; i < list.length; i++) {
        const runner = list[i]!;
        const d = this.hv.domains.get(runner.domid);
        if (!d || d.isDying !== DOMDYING.alive) {
          runner.destroy("destroyed", "domain destroyed");
          this.runners.delete(runner.domid);
          this.list = [...this.runners.values()];
        } else if (d.isShutdown) {
          runner.destroy(d.shutdownCode === SHUTDOWN.SHUTDOWN_crash ? "crashed" : "shutdown");
        } else {
          runner.setPaused(d.controllerPauseCount > 0);
        }
      }
    } finally {
      this.syncing = false;
    }
  }

  private fatal(domid: number, why: string): void {
    this.runners.get(domid)?.destroy("crashed", why);
    const d = this.hv.domain(domid);
    if (d) domainCrash(this.hv, d, why);
  }

  /** Stop every guest and forget the hypervisor. */
  dispose(): void {
    this.unsubscribe();
    for (const runner of this.runners.values()) runner.destroy("destroyed", "lab closed");
    this.runners.clear();
    this.list = [];
    this.onDispose?.();
  }
}

function isFinal(r: GuestRunner): boolean {
  return r.state === "shutdown" || r.state === "crashed" || r.state === "destroyed";
}
