/**
 * The event channel driver interface of a modelled kernel, as Linux's struct evtchn_ops
 * (drivers/xen/events/events_internal.h) splits it: set a port up for delivery, mask
 * it, and consume events after an upcall. Two implementations: driver-2l.ts and
 * driver-fifo.ts. A driver reads and writes the kernel's own memory (the structures
 * Xen shares with it) and makes hypercalls through its host.
 */
import type { Hypervisor } from "../hypervisor/hypervisor";
import type { MappedPage } from "../memory/mapped-page";
import type { Vcpu } from "../vcpu/vcpu";
import type { GuestCpu } from "./guest-cpu";

export interface DriverHost {
  readonly hv: Hypervisor;
  readonly domid: number;
  readonly cpu: GuestCpu;
  /** The vCPUs the kernel runs on (index = vcpu_id). */
  readonly vcpus: readonly Vcpu[];
  /** The boot vCPU, which makes the kernel's hypercalls. */
  readonly boot: Vcpu;
  /** A guest frame of the kernel's, as the kernel sees it. */
  page(gfn: number): MappedPage;
  /** Take a free RAM frame for the driver (an event array or control block page). */
  allocFrame(): number | undefined;
  /** Guest frame and offset of vCPU `id`'s vcpu_info. */
  vcpuInfo(id: number): { readonly gfn: number; readonly off: number };
  log(line: string): void;
}

export interface EvtchnDriver {
  readonly kind: "2l" | "fifo";
  /** The ABI's channel count as the guest sees it (evtchn_ops->max_channels). */
  readonly channels: number;
  /** Make a newly bound port deliverable (FIFO: grow the event array; both: unmask). */
  setup(port: number): void;
  /** Mask a port in guest memory (no hypercall). */
  mask(port: number): void;
  /** Consume the events of vCPU `vcpuId` after an upcall: the ports, in order. */
  handle(vcpuId: number): number[];
  /** FIFO: the driver's local head of a queue (0: read the control block's). */
  localHead?(vcpuId: number, queue: number): number;
}
