/**
 * do_sched_op(), xen/common/sched/core.c, the ops a guest kernel uses:
 * - SCHEDOP_yield: 0.
 * - SCHEDOP_block (vcpu_block_enable_events): enable event delivery (x86 clears
 *   evtchn_upcall_mask), block, and wake at once if an upcall is pending.
 * - SCHEDOP_shutdown {reason}: domain_shutdown(current->domain, (u8)reason);
 *   SHUTDOWN_crash is how a guest crashes itself (`xl list` shows `c`).
 * - SCHEDOP_poll {ports handle, nr_ports, timeout}: more than 128 ports → -EINVAL;
 *   return at once (0) if an upcall is pending or a listed port is pending, an invalid
 *   port → -EINVAL; otherwise block until evtchn_check_pollers wakes the vCPU. The
 *   model has no timers: a timeout never fires.
 * Other ops → -ENOSYS in the model.
 *
 * struct sched_poll: native {ports @0 (8), nr_ports @8, timeout @16} (24 bytes; Arm
 * handles are 8 bytes too); compat {ports @0 (4), nr_ports @4, timeout @8} (16 bytes).
 */
import { XEN_ERRNO } from "../abi/errno";
import { SCHEDOP } from "../abi/guest-ops";
import type { Domain } from "../domain/domain";
import { domainShutdown } from "../domain/domain-shutdown";
import { evtchnIsPending, evtchnUsable } from "../evtchn/port-ops";
import type { HypervisorContext } from "../hypervisor/context";
import { copyFromGuest } from "../memory/guest-access";
import { testBit } from "../memory/mapped-page";
import { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";
import { isCompatCaller } from "./compat";
import { intArg } from "./int-arg";

const E = XEN_ERRNO;
const buf = new StructBuf(24);
const NAMES = new Map<number, string>(Object.entries(SCHEDOP).map(([k, v]) => [v, k]));

/** local_events_need_delivery(), as far as event channels go: upcall pending. */
function eventsPending(d: Domain, v: Vcpu): boolean {
  const sh = d.evtchn.shared;
  const area = sh.vcpuInfo(v.vcpuId);
  return testBit(area.page, area.off + sh.layout.upcallPending, 0);
}

function block(ctx: HypervisorContext, d: Domain, v: Vcpu): void {
  if (eventsPending(d, v)) return;
  v.blocked = true;
  ctx.stateChange(d.domid, "blocked", "SCHEDOP_block", v.vcpuId);
}

export function doSchedOp(
  ctx: HypervisorContext,
  caller: Vcpu,
  cmdArg: bigint,
  arg: bigint,
): number {
  const cmd = intArg(cmdArg);
  const d = ctx.domains.get(caller.domid)!;
  const describe = (args: Record<string, string | number>) => {
    if (ctx.trace.enabled) ctx.describeCurrent({ op: NAMES.get(cmd) ?? `SCHEDOP#${cmd}`, args });
  };
  switch (cmd) {
    case SCHEDOP.SCHEDOP_yield:
      describe({});
      return 0;
    case SCHEDOP.SCHEDOP_block: {
      describe({});
      const sh = d.evtchn.shared;
      const mask = sh.layout.upcallMask;
      if (mask !== undefined) {
        const area = sh.vcpuInfo(caller.vcpuId);
        area.page.setU8(area.off + mask, 0);
      }
      block(ctx, d, caller);
      return 0;
    }
    case SCHEDOP.SCHEDOP_shutdown: {
      if (!copyFromGuest(d.memory, arg, 4, buf.bytes)) {
        describe({});
        return -E.EFAULT;
      }
      const reason = buf.u32(0);
      describe({ reason });
      return domainShutdown(ctx, d, reason);
    }
    case SCHEDOP.SCHEDOP_poll:
      return doPoll(ctx, caller, d, arg, describe);
    default:
      describe({});
      return -E.ENOSYS;
  }
}

function doPoll(
  ctx: HypervisorContext,
  v: Vcpu,
  d: Domain,
  arg: bigint,
  describe: (args: Record<string, string | number>) => void,
): number {
  const compat = isCompatCaller(ctx, d, v);
  const size = compat ? 16 : 24;
  if (!copyFromGuest(d.memory, arg, size, buf.bytes)) {
    describe({});
    return -E.EFAULT;
  }
  const ports = compat ? BigInt(buf.u32(0)) : buf.u64(0);
  const nr = compat ? buf.u32(4) : buf.u32(8);
  describe({ ports: `0x${ports.toString(16)}`, nr_ports: nr });
  if (nr > 128) return -E.EINVAL;
  const list = copyFromGuest(d.memory, ports, nr * 4);
  if (!list) return -E.EFAULT;
  const e = d.evtchn;
  if (eventsPending(d, v)) return 0;
  let port = 0;
  for (let i = 0; i < nr; i++) {
    port = new StructBuf(list).u32(i * 4);
    // evtchn_port_poll(): -EINVAL for an invalid or unusable port, 1 if pending.
    const chn = e.lookup(port);
    if (!chn || !evtchnUsable(chn)) return -E.EINVAL;
    if (evtchnIsPending(d, chn)) return 0;
  }
  if (!e.pollMask[v.vcpuId]) e.pollers++;
  e.pollMask[v.vcpuId] = true;
  e.vcpus[v.vcpuId]!.pollEvtchn = nr === 1 ? port : -1;
  v.blocked = true;
  ctx.stateChange(d.domid, "blocked", `SCHEDOP_poll ${nr} port(s)`, v.vcpuId);
  return 0;
}
