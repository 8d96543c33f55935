/**
 * do_event_channel_op(), xen/common/event_channel.c: copy the op's struct in (-EFAULT
 * on a bad guest pointer), run its worker, copy it back for ops with OUT fields (only
 * on success), -ENOSYS for an unknown op. EVTCHNOP_reset/reset_cont preempted every
 * 64 ports continue as EVTCHNOP_reset_cont.
 *
 * The structs have one layout for native and compat (x86-32) callers (see
 * evtchn/layout.ts), so no translation is needed. The profile's FIFO policy
 * (disable-flag, opt-in-flag) answers -ENOSYS for the three FIFO ops before their
 * struct is even read.
 */
import { EVTCHNOP } from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import {
  evtchnAllocUnbound,
  evtchnBindInterdomain,
  evtchnBindIpi,
  evtchnBindPirq,
  evtchnBindVirq,
  domainByAnyId,
  xsmTarget,
} from "../evtchn/bind";
import {
  evtchnBindVcpu,
  evtchnClose,
  evtchnSend,
  evtchnSetPriority,
  evtchnStatus,
  evtchnUnmask,
} from "../evtchn/close-send";
import {
  evtchnFifoExpandArray,
  evtchnFifoInitControl,
  fifoPolicyBlocks,
} from "../evtchn/fifo-control";
import * as L from "../evtchn/layout";
import { evtchnReset } from "../evtchn/reset";
import type { HypervisorContext } from "../hypervisor/context";
import type { HypercallDescription } from "./describe";
import { copyFromGuest, copyToGuest } from "../memory/guest-access";
import { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";

const E = XEN_ERRNO;
const C = EVTCHNOP;

/** The op's struct as Xen copies it onto its stack (hypercalls do not nest). */
const op = new StructBuf(24);

const OP_NAMES = new Map<number, string>(Object.entries(EVTCHNOP).map(([k, v]) => [v, k]));

/** Fields shown in the trace, by op: [name, offset, width]. */
const TRACE_FIELDS: Readonly<
  Record<number, readonly (readonly [string, number, 1 | 2 | 4 | 8])[]>
> = {
  [C.EVTCHNOP_alloc_unbound]: [
    ["dom", 0, 2],
    ["remote_dom", 2, 2],
    ["port", 4, 4],
  ],
  [C.EVTCHNOP_bind_interdomain]: [
    ["remote_dom", 0, 2],
    ["remote_port", 4, 4],
    ["local_port", 8, 4],
  ],
  [C.EVTCHNOP_bind_virq]: [
    ["virq", 0, 4],
    ["vcpu", 4, 4],
    ["port", 8, 4],
  ],
  [C.EVTCHNOP_bind_pirq]: [
    ["pirq", 0, 4],
    ["flags", 4, 4],
    ["port", 8, 4],
  ],
  [C.EVTCHNOP_bind_ipi]: [
    ["vcpu", 0, 4],
    ["port", 4, 4],
  ],
  [C.EVTCHNOP_close]: [["port", 0, 4]],
  [C.EVTCHNOP_send]: [["port", 0, 4]],
  [C.EVTCHNOP_status]: [
    ["dom", 0, 2],
    ["port", 4, 4],
    ["status", 8, 4],
    ["vcpu", 12, 4],
  ],
  [C.EVTCHNOP_bind_vcpu]: [
    ["port", 0, 4],
    ["vcpu", 4, 4],
  ],
  [C.EVTCHNOP_unmask]: [["port", 0, 4]],
  [C.EVTCHNOP_reset]: [["dom", 0, 2]],
  [C.EVTCHNOP_reset_cont]: [["dom", 0, 2]],
  [C.EVTCHNOP_init_control]: [
    ["control_gfn", 0, 8],
    ["offset", 8, 4],
    ["vcpu", 12, 4],
    ["link_bits", 16, 1],
  ],
  [C.EVTCHNOP_expand_array]: [["array_gfn", 0, 8]],
  [C.EVTCHNOP_set_priority]: [
    ["port", 0, 4],
    ["priority", 4, 4],
  ],
};

/**
 * Frozen descriptions of the one-port ops by port (send, unmask, close are the hot
 * path: a guest sends on a handful of ports over and over).
 */
const PORT_DESCRIPTIONS = new Map<number, Map<number, HypercallDescription>>();
const PORT_CACHE_LIMIT = 4096;

function describe(ctx: HypervisorContext, cmd: number, read: boolean): void {
  if (read && (cmd === C.EVTCHNOP_send || cmd === C.EVTCHNOP_unmask || cmd === C.EVTCHNOP_close)) {
    const port = op.u32(0);
    let byPort = PORT_DESCRIPTIONS.get(cmd);
    if (!byPort) PORT_DESCRIPTIONS.set(cmd, (byPort = new Map()));
    let desc = byPort.get(port);
    if (!desc) {
      desc = Object.freeze({ op: OP_NAMES.get(cmd)!, args: Object.freeze({ port }) });
      if (byPort.size < PORT_CACHE_LIMIT) byPort.set(port, desc);
    }
    ctx.describeCurrent(desc);
    return;
  }
  const name = OP_NAMES.get(cmd) ?? `EVTCHNOP#${cmd}`;
  const args: Record<string, string | number> = {};
  if (read) {
    for (const [field, off, width] of TRACE_FIELDS[cmd] ?? []) {
      args[field] =
        width === 8
          ? `0x${op.u64(off).toString(16)}`
          : width === 4
            ? op.u32(off)
            : width === 2
              ? op.u16(off)
              : op.u8(off);
    }
  }
  ctx.describeCurrent({ op: name, args });
}

/** Struct sizes by op (copy_from_guest sizes). */
const SIZES: Readonly<Record<number, number>> = {
  [C.EVTCHNOP_alloc_unbound]: L.EVTCHN_ALLOC_UNBOUND.size,
  [C.EVTCHNOP_bind_interdomain]: L.EVTCHN_BIND_INTERDOMAIN.size,
  [C.EVTCHNOP_bind_virq]: L.EVTCHN_BIND_VIRQ.size,
  [C.EVTCHNOP_bind_pirq]: L.EVTCHN_BIND_PIRQ.size,
  [C.EVTCHNOP_bind_ipi]: L.EVTCHN_BIND_IPI.size,
  [C.EVTCHNOP_close]: L.EVTCHN_CLOSE.size,
  [C.EVTCHNOP_send]: L.EVTCHN_SEND.size,
  [C.EVTCHNOP_status]: L.EVTCHN_STATUS.size,
  [C.EVTCHNOP_bind_vcpu]: L.EVTCHN_BIND_VCPU.size,
  [C.EVTCHNOP_unmask]: L.EVTCHN_UNMASK.size,
  [C.EVTCHNOP_reset]: L.EVTCHN_RESET.size,
  [C.EVTCHNOP_reset_cont]: L.EVTCHN_RESET.size,
  [C.EVTCHNOP_init_control]: L.EVTCHN_INIT_CONTROL.size,
  [C.EVTCHNOP_expand_array]: L.EVTCHN_EXPAND_ARRAY.size,
  [C.EVTCHNOP_set_priority]: L.EVTCHN_SET_PRIORITY.size,
};

/** Ops that copy their struct back on success. */
const COPY_BACK = new Set<number>([
  C.EVTCHNOP_alloc_unbound,
  C.EVTCHNOP_bind_interdomain,
  C.EVTCHNOP_bind_virq,
  C.EVTCHNOP_bind_ipi,
  C.EVTCHNOP_bind_pirq,
  C.EVTCHNOP_status,
  C.EVTCHNOP_init_control,
]);

export function doEventChannelOp(
  ctx: HypervisorContext,
  caller: Vcpu,
  cmdArg: bigint,
  arg: bigint,
): number {
  // `int cmd`: the low 32 bits of the register, signed (small values: no BigInt work).
  const cmd =
    cmdArg >= 0n && cmdArg < 0x80000000n ? Number(cmdArg) : Number(BigInt.asIntN(32, cmdArg));
  const d = ctx.domains.get(caller.domid)!;
  const size = SIZES[cmd];
  const tracing = ctx.trace.enabled;
  if (size === undefined) {
    if (tracing) describe(ctx, cmd, false);
    return -E.ENOSYS;
  }
  if (
    cmd === C.EVTCHNOP_init_control ||
    cmd === C.EVTCHNOP_expand_array ||
    cmd === C.EVTCHNOP_set_priority
  ) {
    const blocked = fifoPolicyBlocks(ctx, d);
    if (blocked !== undefined) {
      if (tracing) describe(ctx, cmd, false);
      return blocked;
    }
  }
  if (!copyFromGuest(d.memory, arg, size, op.bytes)) {
    if (tracing) describe(ctx, cmd, false);
    return -E.EFAULT;
  }
  let rc = run(ctx, caller, cmd, arg);
  if (tracing) describe(ctx, cmd, true);
  if (rc === 0 && COPY_BACK.has(cmd) && !copyToGuest(d.memory, arg, op.bytes.subarray(0, size)))
    rc = -E.EFAULT;
  return rc;
}

function run(ctx: HypervisorContext, caller: Vcpu, cmd: number, arg: bigint): number {
  const d = ctx.domains.get(caller.domid)!;
  switch (cmd) {
    case C.EVTCHNOP_alloc_unbound:
      return evtchnAllocUnbound(ctx, caller, op);
    case C.EVTCHNOP_bind_interdomain:
      return evtchnBindInterdomain(ctx, caller, op);
    case C.EVTCHNOP_bind_virq:
      return evtchnBindVirq(ctx, caller, op);
    case C.EVTCHNOP_bind_ipi:
      return evtchnBindIpi(ctx, caller, op);
    case C.EVTCHNOP_bind_pirq:
      return evtchnBindPirq(ctx, caller, op);
    case C.EVTCHNOP_close:
      return evtchnClose(ctx, d, op.u32(L.EVTCHN_CLOSE.port), true);
    case C.EVTCHNOP_send:
      return evtchnSend(ctx, d, op.u32(L.EVTCHN_SEND.port));
    case C.EVTCHNOP_status:
      return evtchnStatus(ctx, caller, op);
    case C.EVTCHNOP_bind_vcpu:
      return evtchnBindVcpu(d, op.u32(L.EVTCHN_BIND_VCPU.port), op.u32(L.EVTCHN_BIND_VCPU.vcpu));
    case C.EVTCHNOP_unmask:
      return evtchnUnmask(ctx, d, op.u32(L.EVTCHN_UNMASK.port));
    case C.EVTCHNOP_reset:
    case C.EVTCHNOP_reset_cont: {
      const target = domainByAnyId(ctx, caller, op.u16(L.EVTCHN_RESET.dom));
      if (!target) return -E.ESRCH;
      let rc = xsmTarget(d, target);
      if (!rc) rc = evtchnReset(ctx, d, target, cmd === C.EVTCHNOP_reset_cont);
      if (rc === -E.ERESTART)
        rc = ctx.createContinuation([BigInt(C.EVTCHNOP_reset_cont), arg, 0n, 0n, 0n]);
      return rc;
    }
    case C.EVTCHNOP_init_control:
      return evtchnFifoInitControl(ctx, caller, op);
    case C.EVTCHNOP_expand_array:
      return evtchnFifoExpandArray(ctx, d, op.u64(L.EVTCHN_EXPAND_ARRAY.array_gfn));
    case C.EVTCHNOP_set_priority:
      return evtchnSetPriority(
        d,
        op.u32(L.EVTCHN_SET_PRIORITY.port),
        op.u32(L.EVTCHN_SET_PRIORITY.priority),
      );
    default:
      return -E.ENOSYS;
  }
}
