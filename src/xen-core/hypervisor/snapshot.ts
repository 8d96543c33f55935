/**
 * Frozen, versioned views of the model for the page, the CLI and tests. A snapshot
 * never aliases live model objects, so holding one cannot observe later changes.
 */
import { XEN_DOMINF } from "../abi/domctl";
import type { Domain } from "../domain/domain";
import { getDomainInfo } from "../domctl/getdomaininfo";
import { evtchnSnapshot, type EvtchnSnapshot } from "../evtchn/snapshot";
import { ArmVcpu } from "../vcpu/arm-vcpu";
import type { Vcpu, VcpuMode } from "../vcpu/vcpu";
import type { HypervisorContext } from "./context";
import type { HostArch, HostCapabilities } from "./host";
import type { TraceEntry } from "./trace";

export type DomainState = "running" | "blocked" | "paused" | "shutdown" | "crashed" | "dying";

export interface ArmRegsSnapshot {
  readonly kind: "arm";
  readonly x: readonly bigint[];
  readonly pc: bigint;
  readonly cpsr: number;
  readonly hcrEl2: bigint;
  readonly hcrRw: boolean;
  readonly undefInjected: number;
}

export interface X86RegsSnapshot {
  readonly kind: "x86";
  readonly eax: number;
  readonly ebx: number;
  readonly ecx: number;
  readonly edx: number;
  readonly esi: number;
  readonly edi: number;
  readonly ebp: number;
  readonly esp: number;
  readonly eip: number;
  readonly eflags: number;
  readonly cr0: number;
  readonly cr3: number;
  readonly cr4: number;
}

export interface VcpuSnapshot {
  readonly vcpuId: number;
  readonly online: boolean;
  readonly initialised: boolean;
  readonly running: boolean;
  readonly blocked: boolean;
  readonly mode: VcpuMode;
  readonly regs: ArmRegsSnapshot | X86RegsSnapshot;
  /** The event upcall is pending on the vCPU (Arm: PPI 31 in the vGIC). */
  readonly evtchnIrqPending: boolean;
  /** Upcalls injected so far. */
  readonly evtchnIrqInjected: number;
}

export interface DomainSnapshot {
  readonly domid: number;
  /** createdomain flags as the domain keeps them (d->options). */
  readonly flags: number;
  /** XEN_DOMINF_* as getdomaininfo computes them. */
  readonly dominf: number;
  readonly state: DomainState;
  readonly isControl: boolean;
  readonly isHvm: boolean;
  readonly controllerPauseCount: number;
  readonly maxVcpus: number;
  readonly onlineVcpus: number;
  readonly totPages: number;
  readonly maxPages: number;
  /** arm64 d->type, or an x86 PV domain's address size. */
  readonly type: 32 | 64;
  readonly maxEvtchnPort: number;
  readonly cpuTimeNs: number;
  readonly vcpus: readonly VcpuSnapshot[];
  /** Event channels: ABI, ports, and the ABI structures read from guest memory. */
  readonly evtchn: EvtchnSnapshot;
}

export interface HypervisorSnapshot {
  readonly version: number;
  readonly arch: HostArch;
  readonly profile: string;
  readonly debugBuild: boolean;
  readonly host: HostCapabilities;
  readonly xenVersion: string;
  readonly domains: readonly DomainSnapshot[];
  readonly console: readonly string[];
  readonly traceTail: readonly TraceEntry[];
}

/** The state `xl list` would summarise, most severe first. */
export function domainState(d: Domain, dominf: number): DomainState {
  if (dominf & XEN_DOMINF.XEN_DOMINF_dying) return "dying";
  if (dominf & XEN_DOMINF.XEN_DOMINF_shutdown) return d.shutdownCode === 3 ? "crashed" : "shutdown";
  if (dominf & XEN_DOMINF.XEN_DOMINF_paused) return "paused";
  if (dominf & XEN_DOMINF.XEN_DOMINF_running) return "running";
  return "blocked";
}

function vcpuSnapshot(v: Vcpu): VcpuSnapshot {
  const r = v.regs;
  const regs: ArmRegsSnapshot | X86RegsSnapshot =
    r instanceof ArmVcpu
      ? Object.freeze({
          kind: "arm" as const,
          x: Object.freeze([...r.x]),
          pc: r.pc,
          cpsr: r.cpsr,
          hcrEl2: r.hcrEl2,
          hcrRw: r.hcrRw,
          undefInjected: r.undefInjected,
        })
      : Object.freeze({
          kind: "x86" as const,
          eax: r.eax,
          ebx: r.ebx,
          ecx: r.ecx,
          edx: r.edx,
          esi: r.esi,
          edi: r.edi,
          ebp: r.ebp,
          esp: r.esp,
          eip: r.eip,
          eflags: r.eflags,
          cr0: r.cr0,
          cr3: r.cr3,
          cr4: r.cr4,
        });
  return Object.freeze({
    vcpuId: v.vcpuId,
    online: v.online,
    initialised: v.initialised,
    running: v.running,
    blocked: v.blocked,
    mode: v.mode,
    regs,
    evtchnIrqPending: v.evtchnIrqPending,
    evtchnIrqInjected: v.evtchnIrqInjected,
  });
}

export function domainSnapshot(
  ctx: Pick<HypervisorContext, "arch" | "profile">,
  d: Domain,
): DomainSnapshot {
  const info = getDomainInfo(ctx, d);
  return Object.freeze({
    domid: d.domid,
    flags: d.options,
    dominf: info.flags,
    state: domainState(d, info.flags),
    isControl: d.isControl,
    isHvm: d.isHvm,
    controllerPauseCount: d.controllerPauseCount,
    maxVcpus: d.maxVcpus,
    onlineVcpus: info.nrOnlineVcpus,
    totPages: d.totPages,
    maxPages: d.maxPages,
    type: d.type,
    maxEvtchnPort: d.maxEvtchnPort,
    cpuTimeNs: info.cpuTimeNs,
    vcpus: Object.freeze(d.vcpus.filter((v): v is Vcpu => v !== undefined).map(vcpuSnapshot)),
    evtchn: evtchnSnapshot(d),
  });
}

export function buildSnapshot(ctx: HypervisorContext, version: number): HypervisorSnapshot {
  const v = ctx.profile.xenVersion;
  return Object.freeze({
    version,
    arch: ctx.arch,
    profile: ctx.profile.name,
    debugBuild: ctx.profile.debug,
    host: ctx.host,
    xenVersion: `${v.major}.${v.minor}${v.extra}`,
    domains: Object.freeze(
      [...ctx.domains.values()]
        .sort((a, b) => a.domid - b.domid)
        .map((d) => domainSnapshot(ctx, d)),
    ),
    console: Object.freeze([...ctx.console.read()]),
    traceTail: Object.freeze([...ctx.trace.tail(200)]),
  });
}
