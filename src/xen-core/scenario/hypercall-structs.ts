/**
 * Struct arguments of `hypercall:` steps, by Xen's field names: the step gives
 * `args: { remote_dom: 0, port: $p1, ... }`, the runner lays the struct out as the
 * public header does (in the caller's ABI: native, or compat for a 32-bit x86 caller),
 * puts it in the calling domain's memory, passes its address as the struct argument,
 * and reads OUT fields back for `save:`.
 *
 * Layouts: xen/include/public/event_channel.h (one layout for every caller, see
 * evtchn/layout.ts), memory.h (xen_memory_reservation, xen_add_to_physmap), vcpu.h,
 * hvm/hvm_op.h, sched.h.
 */
import { EVTCHNOP } from "../abi/event-channel";
import { HVMOP, SCHEDOP, VCPUOP, XENMEM } from "../abi/guest-ops";
import { HYPERVISOR } from "../abi/xen";
import * as L from "../evtchn/layout";
import { COMPAT_ADD_TO_PHYSMAP, XEN_ADD_TO_PHYSMAP } from "../hypercall/add-to-physmap";
import { XEN_HVM_PARAM } from "../hypercall/hvm-op";
import { MEMORY_RESERVATION } from "../hypercall/memory-op";
import { VCPU_REGISTER_VCPU_INFO } from "../hypercall/vcpu-op";

type Field = L.FieldSpec;

export interface StructSpec {
  readonly size: number;
  readonly fields: Readonly<Record<string, Field>>;
  /** Fields Xen writes back (what `save:` may read). */
  readonly out: readonly string[];
  /** Which argument register carries the struct's address (a1 for most ops, a2 for vcpu_op). */
  readonly argIndex: number;
  /** Fields that are guest handles to a list the step gives inline (extent_start: [..]). */
  readonly lists?: Readonly<Record<string, { readonly count: string; readonly itemBytes: 4 | 8 }>>;
}

/** The EVTCHNOP structs of evtchn/layout.ts, passed in the second argument. */
const EVTCHN_STRUCTS: Readonly<Record<number, StructSpec>> = Object.fromEntries(
  Object.entries(L.EVTCHNOP_STRUCTS).map(([cmd, s]) => [cmd, { ...s, argIndex: 1 }]),
);

const R = MEMORY_RESERVATION;
const POPULATE: StructSpec = {
  size: R.size,
  fields: {
    extent_start: [R.extent_start, 8],
    nr_extents: [R.nr_extents, 8],
    extent_order: [R.extent_order, 4],
    mem_flags: [R.mem_flags, 4],
    domid: [R.domid, 2],
  },
  out: [],
  argIndex: 1,
  lists: { extent_start: { count: "nr_extents", itemBytes: 8 } },
};

function addToPhysmap(compat: boolean): StructSpec {
  const A = compat ? COMPAT_ADD_TO_PHYSMAP : XEN_ADD_TO_PHYSMAP;
  const w = compat ? 4 : 8;
  return {
    size: A.bytes,
    fields: {
      domid: [A.domid, 2],
      size: [A.size, 2],
      space: [A.space, 4],
      idx: [A.idx, w],
      gpfn: [A.gpfn, w],
    },
    out: [],
    argIndex: 1,
  };
}

const HVM_PARAM: StructSpec = {
  size: XEN_HVM_PARAM.size,
  fields: { domid: [0, 2], index: [4, 4], value: [8, 8] },
  out: ["value"],
  argIndex: 1,
};

const REGISTER_VCPU_INFO: StructSpec = {
  size: VCPU_REGISTER_VCPU_INFO.size,
  fields: { mfn: [0, 8], offset: [8, 4], rsvd: [12, 4] },
  out: [],
  argIndex: 2,
};

const SCHED_SHUTDOWN: StructSpec = { size: 4, fields: { reason: [0, 4] }, out: [], argIndex: 1 };

/** The struct an op takes, or undefined when it takes none the lab models. */
export function structSpec(
  nr: number,
  cmd: bigint | undefined,
  compat: boolean,
): StructSpec | undefined {
  if (cmd === undefined) return undefined;
  const c = Number(cmd);
  switch (nr) {
    case HYPERVISOR.__HYPERVISOR_event_channel_op:
      return EVTCHN_STRUCTS[c];
    case HYPERVISOR.__HYPERVISOR_memory_op:
      if (c === XENMEM.XENMEM_populate_physmap) return compat ? undefined : POPULATE;
      return c === XENMEM.XENMEM_add_to_physmap ? addToPhysmap(compat) : undefined;
    case HYPERVISOR.__HYPERVISOR_hvm_op:
      return c === HVMOP.HVMOP_set_param || c === HVMOP.HVMOP_get_param ? HVM_PARAM : undefined;
    case HYPERVISOR.__HYPERVISOR_vcpu_op:
      return c === VCPUOP.VCPUOP_register_vcpu_info ? REGISTER_VCPU_INFO : undefined;
    case HYPERVISOR.__HYPERVISOR_sched_op:
      return c === SCHEDOP.SCHEDOP_shutdown ? SCHED_SHUTDOWN : undefined;
    default:
      return undefined;
  }
}

/** Sub-op names a step may give as `cmd:` for the hypercalls above. */
export const STRUCT_SUBOP_NAMES: Readonly<Record<string, number>> = {
  ...EVTCHNOP,
  ...XENMEM,
  ...HVMOP,
  ...VCPUOP,
  ...SCHEDOP,
};
