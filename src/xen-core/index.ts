/**
 * xen-core: the pure model of Xen and its toolstack. No DOM, no v86, no React.
 */
export * from "./abi";
export * from "./ids";
export * from "./format";
export {
  Hypervisor,
  DOM0_VCPUS,
  DOM0_MEM_KB,
  type HypervisorOptions,
} from "./hypervisor/hypervisor";
export * from "./hypervisor/snapshot";
export * from "./hypervisor/host";
export type { TraceEntry, HypercallTrace, StateTrace } from "./hypervisor/trace";
export * from "./profiles/profile";
export * from "./profiles/profiles";
export { checkCreateDomain, withDomain } from "./domain/domain-create";
export { libxlDefaultConfig, type CreateDomainConfig } from "./domctl/createdomain-config";
export { diagnosticLine, type XenDiagnostic } from "./domctl/diagnostic";
export { XenCtrl } from "./toolstack/xenctrl";
export { Xenstore } from "./toolstack/xenstore";
export { formatXlList, xlListRow, xlStateChars, XL_LIST_HEADER } from "./toolstack/xl-list";
export type { Vcpu } from "./vcpu/vcpu";
export { ArmVcpu } from "./vcpu/arm-vcpu";
export { X86Vcpu } from "./vcpu/x86-vcpu";
export { initialVcpuContext } from "./domctl/vcpucontext";
export type {
  EvtchnSnapshot,
  EvtchnPortSnapshot,
  Evtchn2lSnapshot,
  EvtchnFifoSnapshot,
  FifoVcpuSnapshot,
  FifoWordSnapshot,
  VcpuInfoSnapshot,
  PortStateName,
} from "./evtchn/snapshot";
export { PORT_STATE_NAMES } from "./evtchn/snapshot";
export { checkEvtchnInvariants, type InvariantOptions } from "./evtchn/invariants";
export { domainEvtchnLines } from "./evtchn/dump";
export { modelledKeys } from "./keyhandler/keyhandler";
export { bootModelledGuest, modelledKernel, type BootResult } from "./guest/boot";
export type { ModelledKernel, KernelFlavour } from "./guest/kernel";
export { ModelledGuests } from "./guest/guest-port";
export { domainCrash, domainShutdown } from "./domain/domain-shutdown";
// The toolstack's entry points for the page and the emulator (issue 5).
export { Dom0Shell, type Dom0ShellOptions } from "./toolstack/shell/shell";
export type { Completion } from "./toolstack/shell/complete";
export type { CreateOutcome } from "./toolstack/build/create";
export type { DomainStartedEvent, ToolstackOptions } from "./toolstack/options";
export { parseXlCfg, type CfgParseResult } from "./toolstack/xlcfg/parser";
export type { CfgDiagnostic, CfgRange, CfgPos, CfgSeverity } from "./toolstack/xlcfg/types";
export { probeKernel, type KernelProbeReport } from "./toolstack/kernel/probe";
export { kernelFromBytes, kernelFromParts, type KernelSource } from "./toolstack/kernel/source";
export { sampleImages } from "./toolstack/kernel/samples";
export { bootTimeBuild, type BootBuildRequest } from "./toolstack/build/dom0less";
export { checkXlConfig, type ConfigCheck } from "./toolstack/xl/check-config";
