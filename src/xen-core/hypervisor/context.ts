/**
 * What hypercall handlers see of the hypervisor. Handlers depend on this interface,
 * not on the Hypervisor class, so the dispatch tables and the class do not import each
 * other.
 */
import type { DomidAllocator } from "../domain/domid";
import type { Domain } from "../domain/domain";
import type { XenDiagnostic } from "../domctl/diagnostic";
import type { Profile } from "../profiles/profile";
import type { HypercallDescription } from "../hypercall/describe";
import type { Vcpu } from "../vcpu/vcpu";
import type { ConsoleRing } from "./console";
import type { HostArch, HostCapabilities } from "./host";
import type { Trace } from "./trace";

export interface HypervisorContext {
  readonly arch: HostArch;
  readonly profile: Profile;
  readonly host: HostCapabilities;
  readonly domains: Map<number, Domain>;
  readonly domids: DomidAllocator;
  readonly console: ConsoleRing;
  readonly trace: Trace;
  /** Print a diagnostic as the build would (dprintk only in debug builds). */
  report(diag: XenDiagnostic): void;
  /** Record a state change in the trace and tell subscribers. */
  stateChange(domid: number, event: string, detail: string, vcpu?: number): void;
  /**
   * A handler that has already decoded its arguments says how the trace should show
   * the current hypercall (saves decoding them twice). Called only when tracing.
   */
  describeCurrent(desc: HypercallDescription): void;
  /** Create a vCPU for a domain (vcpu_create + arch_vcpu_create). */
  createVcpu(d: Domain, vcpuId: number): Vcpu;
  /** Xen's `current`: the vCPU whose hypercall is being handled, if any. */
  readonly current: Vcpu | undefined;
  /**
   * hypercall_create_continuation(): the hypercall being handled was preempted and the
   * guest re-issues it with these arguments (same number) when it returns.
   */
  createContinuation(args: readonly bigint[]): number;
  /**
   * Run `work` once the current hypercall has returned to its guest (at once when no
   * hypercall is running and no guest code is being run): how modelled guest kernels
   * take the upcalls Xen raises, deterministically, in the order they were raised.
   */
  defer(work: () => void): void;
  /** global_virq_handlers[]: the domain handling each global VIRQ (unset: dom0). */
  readonly globalVirqHandlers: (Domain | undefined)[];
}
