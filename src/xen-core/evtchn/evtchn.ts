/**
 * struct evtchn (xen/include/xen/sched.h) and the per-domain and per-vCPU event
 * channel state Xen keeps in struct domain / struct vcpu (d->evtchn, d->evtchn_group,
 * d->valid_evtchns, d->active_evtchns, d->xen_evtchns, d->next_evtchn,
 * d->evtchn_port_ops, d->evtchn_fifo, d->poll_mask; v->virq_to_evtchn,
 * v->poll_evtchn, v->evtchn_fifo). Data only: the operations live beside it.
 */
import {
  ECS,
  EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES,
  EVTCHN_FIFO_MAX_QUEUES,
  NR_VIRQS,
} from "../abi/event-channel";
import type { MappedPage } from "../memory/mapped-page";
import type { SharedInfo } from "./shared-info";

export type EcsState = (typeof ECS)[keyof typeof ECS];

/**
 * EVTCHNS_PER_BUCKET = PAGE_SIZE / next_power_of_2(sizeof(struct evtchn)); struct
 * evtchn is __aligned(64) and fits in 64 bytes, so 64 ports per bucket: ports become
 * valid (port_is_valid) 64 at a time as buckets are allocated.
 */
export const EVTCHNS_PER_BUCKET = 64;

export class Evtchn {
  /** ECS_*. */
  state: EcsState = ECS.ECS_FREE;
  /** Nonzero: a Xen-internal consumer owns the port (alloc_unbound_xen_event_channel). */
  xenConsumer = 0;
  /** u.unbound.remote_domid (ECS_UNBOUND). */
  remoteDomid = 0;
  /** u.interdomain.remote_dom (its domid) and remote_port (ECS_INTERDOMAIN). */
  remoteDom = 0;
  remotePort = 0;
  /** u.pirq.irq and the per-vCPU pIRQ list links (ECS_PIRQ, x86). */
  pirq = 0;
  pirqNext = 0;
  pirqPrev = 0;
  /** u.virq (ECS_VIRQ). */
  virq = 0;
  /**
   * FIFO only: set when an event arrives for a port whose event array page is not
   * mapped yet, re-raised by EVTCHNOP_expand_array. Xen never clears it.
   */
  pending = false;
  /** FIFO only; xzalloc leaves 0 until evtchn_fifo_init or setup_ports sets 7. */
  priority = 0;
  notifyVcpuId = 0;
  /** fifo_lastq: the queue the event was last linked on. */
  lastqVcpu = 0;
  lastqPriority = 0;

  constructor(readonly port: number) {}
}

/** One per-vCPU FIFO queue (struct evtchn_fifo_queue); head lives in the control block. */
export interface FifoQueue {
  tail: number;
}

/** struct evtchn_fifo_vcpu. */
export class FifoVcpu {
  /** The mapped control block: page and byte offset of struct evtchn_fifo_control_block. */
  controlBlock: { readonly page: MappedPage; readonly off: number } | undefined = undefined;
  readonly queues: FifoQueue[] = Array.from({ length: EVTCHN_FIFO_MAX_QUEUES }, () => ({
    tail: 0,
  }));
}

/** struct evtchn_fifo_domain: the event array pages the guest gave, in order. */
export class FifoDomain {
  readonly eventArray: (MappedPage | undefined)[] = new Array<MappedPage | undefined>(
    EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES,
  ).fill(undefined);
  numEvtchns = 0;
}

export class EvtchnVcpu {
  /** virq_to_evtchn[NR_VIRQS]; 0 = not bound. */
  readonly virqToEvtchn = new Int32Array(NR_VIRQS);
  /** poll_evtchn: -1 polling several ports, a port, or 0 not polling. */
  pollEvtchn = 0;
  /** pirq_evtchn_head (x86). */
  pirqEvtchnHead = 0;
  fifo: FifoVcpu | undefined = undefined;
}

export type EvtchnAbi = "2l" | "fifo";

export class EvtchnDomain {
  /** Buckets of EVTCHNS_PER_BUCKET ports; bucket b holds ports [64b, 64b + 63]. */
  readonly buckets: Evtchn[][] = [];
  /** valid_evtchns: ports below this have a struct evtchn. */
  validEvtchns = 0;
  activeEvtchns = 0;
  xenEvtchns = 0;
  maxEvtchnPort = 0;
  /** next_evtchn: where an EVTCHNOP_reset in progress resumes (0 = none). */
  nextEvtchn = 0;
  /** d->evtchn_port_ops: which ABI the port operations use. */
  abi: EvtchnAbi = "2l";
  fifo: FifoDomain | undefined = undefined;
  /** d->poll_mask: vCPUs blocked in SCHEDOP_poll; `pollers` counts the set bits. */
  readonly pollMask: boolean[];
  pollers = 0;
  readonly vcpus: EvtchnVcpu[];

  constructor(
    readonly domid: number,
    maxVcpus: number,
    /** d->shared_info and the vcpu_info areas. */
    readonly shared: SharedInfo,
  ) {
    this.pollMask = new Array<boolean>(maxVcpus).fill(false);
    this.vcpus = Array.from({ length: maxVcpus }, () => new EvtchnVcpu());
  }

  /** port_is_valid(). */
  isValid(port: number): boolean {
    return port >= 0 && port < this.validEvtchns && Number.isInteger(port);
  }

  /** evtchn_from_port(): the caller has checked isValid. */
  chn(port: number): Evtchn {
    return this.buckets[port >>> 6]![port & 63]!;
  }

  /** _evtchn_from_port(): undefined for an invalid port. */
  lookup(port: number): Evtchn | undefined {
    return port >= 0 && port < this.validEvtchns ? this.buckets[port >>> 6]![port & 63] : undefined;
  }
}
