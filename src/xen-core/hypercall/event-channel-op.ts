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
import { intArg } from "./int-arg";

const E = XEN_ERRNO;
const C = EVTCHNOP;

/** The op's struct as Xen copies it onto its stack (hypercalls do not nest). */
const op = new StructBuf(24);

const OP_NAMES = new Map<number, string>(Object.entries(EVTCHNOP).map(([k, v]) => [v, k]));

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
    // The union of EVTCHNOP_status is left out: its members alias each other.
    for (const [field, [off, width]] of Object.entries(L.EVTCHNOP_STRUCTS[cmd]?.fields ?? {})) {
      if (field.startsWith("u.")) continue;
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

export function doEventChannelOp(
  ctx: HypervisorContext,
  caller: Vcpu,
  cmdArg: bigint,
  arg: bigint,
): number {
  // `int cmd`: the low 32 bits of the register, signed (small values: no BigInt work).
  const cmd = intArg(cmdArg);
  const d = ctx.domains.get(caller.domid)!;
  const spec = L.EVTCHNOP_STRUCTS[cmd];
  const size = spec?.size;
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
  // Ops with OUT fields copy the struct back, only on success.
  if (rc === 0 && spec!.out.length && !copyToGuest(d.memory, arg, op.bytes.subarray(0, size)))
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
