/**
 * A vCPU of a domain: the scheduling state common code keeps (xen/include/xen/sched.h
 * struct vcpu) around an arch register file.
 */
import type { ArmVcpu } from "./arm-vcpu";
import type { X86Vcpu } from "./x86-vcpu";

export type VcpuRegs = ArmVcpu | X86Vcpu;
export type VcpuMode = ArmVcpu["mode"] | X86Vcpu["mode"];

export class Vcpu {
  /** VPF_down clear: the vCPU is online (VGCF_online, or vCPU0 of dom0). */
  online = false;
  /** is_initialised: arch_set_info_guest ran for it. */
  initialised = false;
  /** VPF_blocked: waiting for an event (an idle modelled guest is blocked). */
  blocked = false;
  /** is_running: on a physical CPU right now. */
  running = false;
  /** Accumulated running time, nanoseconds (the model advances it deterministically). */
  cpuTimeNs = 0;
  /**
   * The event channel upcall is asserted on this vCPU and the guest has not taken it
   * yet: Arm: PPI 31 (d->arch.evtchn_irq) pending in the vGIC; x86: the callback
   * interrupt recorded for a modelled guest (an emulated one gets it from the emulator).
   */
  evtchnIrqPending = false;
  /** How many times the upcall was injected (vcpu_mark_events_pending newly set it). */
  evtchnIrqInjected = 0;

  constructor(
    readonly domid: number,
    readonly vcpuId: number,
    readonly regs: VcpuRegs,
  ) {}

  get mode(): VcpuMode {
    return this.regs.mode;
  }
}
