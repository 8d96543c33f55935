/**
 * Event channel op numbers and port states (ops and states only; the ABI structures
 * come with the event channel model).
 * Sources: xen/include/public/event_channel.h, xen/include/xen/sched.h (ECS_*),
 * xen/include/public/xen.h (VIRQ_*).
 */
export const EVTCHNOP = {
  EVTCHNOP_bind_interdomain: 0,
  EVTCHNOP_bind_virq: 1,
  EVTCHNOP_bind_pirq: 2,
  EVTCHNOP_close: 3,
  EVTCHNOP_send: 4,
  EVTCHNOP_status: 5,
  EVTCHNOP_alloc_unbound: 6,
  EVTCHNOP_bind_ipi: 7,
  EVTCHNOP_bind_vcpu: 8,
  EVTCHNOP_unmask: 9,
  EVTCHNOP_reset: 10,
  EVTCHNOP_init_control: 11,
  EVTCHNOP_expand_array: 12,
  EVTCHNOP_set_priority: 13,
  /** Defined only for __XEN__: the continuation of EVTCHNOP_reset. */
  EVTCHNOP_reset_cont: 14,
} as const;

/** Internal port states (struct evtchn.state). */
export const ECS = {
  ECS_FREE: 0,
  ECS_RESERVED: 1,
  ECS_UNBOUND: 2,
  ECS_INTERDOMAIN: 3,
  ECS_PIRQ: 4,
  ECS_VIRQ: 5,
  ECS_IPI: 6,
} as const;

/** ECS_* states by index, as scenarios and snapshots name them. */
export const ECS_NAMES = [
  "free",
  "reserved",
  "unbound",
  "interdomain",
  "pirq",
  "virq",
  "ipi",
] as const;

/** States reported by EVTCHNOP_status. */
export const EVTCHNSTAT = {
  EVTCHNSTAT_closed: 0,
  EVTCHNSTAT_unbound: 1,
  EVTCHNSTAT_interdomain: 2,
  EVTCHNSTAT_pirq: 3,
  EVTCHNSTAT_virq: 4,
  EVTCHNSTAT_ipi: 5,
} as const;

/** Virtual IRQs; NR_VIRQS = 24. */
export const VIRQ = {
  VIRQ_TIMER: 0,
  VIRQ_DEBUG: 1,
  VIRQ_CONSOLE: 2,
  VIRQ_DOM_EXC: 3,
  VIRQ_TBUF: 4,
  VIRQ_DEBUGGER: 6,
  VIRQ_XENOPROF: 7,
  VIRQ_CON_RING: 8,
  VIRQ_PCPU_STATE: 9,
  VIRQ_MEM_EVENT: 10,
  VIRQ_ARGO: 11,
  VIRQ_ENOMEM: 12,
  VIRQ_XENPMU: 13,
  VIRQ_ARCH_0: 16,
  VIRQ_ARCH_7: 23,
} as const;
export const NR_VIRQS = 24;

/** Classes of VIRQ (xen/common/event_channel.c, enum virq_type in xen/include/xen/event.h). */
export const VIRQ_TYPE = { VIRQ_GLOBAL: 0, VIRQ_DOMAIN: 1, VIRQ_VCPU: 2 } as const;
export type VirqType = (typeof VIRQ_TYPE)[keyof typeof VIRQ_TYPE];

/** FIFO ABI (xen/include/public/event_channel.h). */
export const EVTCHN_FIFO_PRIORITY_MAX = 0;
export const EVTCHN_FIFO_PRIORITY_DEFAULT = 7;
export const EVTCHN_FIFO_PRIORITY_MIN = 15;
export const EVTCHN_FIFO_MAX_QUEUES = EVTCHN_FIFO_PRIORITY_MIN + 1;
/** Event word bits. */
export const EVTCHN_FIFO_PENDING = 31;
export const EVTCHN_FIFO_MASKED = 30;
export const EVTCHN_FIFO_LINKED = 29;
export const EVTCHN_FIFO_BUSY = 28;
export const EVTCHN_FIFO_LINK_BITS = 17;
export const EVTCHN_FIFO_LINK_MASK = (1 << EVTCHN_FIFO_LINK_BITS) - 1;
export const EVTCHN_FIFO_NR_CHANNELS = 1 << EVTCHN_FIFO_LINK_BITS;
/** struct evtchn_fifo_control_block: ready u32, _rsvd u32, head[16] u32 (72 bytes). */
export const EVTCHN_FIFO_CONTROL_BLOCK = { ready: 0, _rsvd: 4, head: 8, size: 72 } as const;
/** xen/common/event_fifo.c: one guest page of event words, 128 pages at most. */
export const EVTCHN_FIFO_EVENT_WORDS_PER_PAGE = 1024;
export const EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES =
  EVTCHN_FIFO_NR_CHANNELS / EVTCHN_FIFO_EVENT_WORDS_PER_PAGE;

/** BIND_PIRQ__WILL_SHARE (struct evtchn_bind_pirq.flags). */
export const BIND_PIRQ__WILL_SHARE = 1;
