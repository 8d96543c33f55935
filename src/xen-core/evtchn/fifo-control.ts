/**
 * Engaging the FIFO ABI, xen/common/event_fifo.c: EVTCHNOP_init_control,
 * EVTCHNOP_expand_array and evtchn_fifo_destroy, plus the FIFO policies of the
 * profiles (profiles/profile.ts FifoPolicy):
 * - "available": upstream, CONFIG_EVTCHN_FIFO=y.
 * - "config-off": CONFIG_EVTCHN_FIFO=n (commit cfe15a473d, 4.21): the stubs in
 *   xen/common/event_channel.h return -EOPNOTSUPP for init_control and expand_array;
 *   the domain stays 2-level, so set_priority finds no hook (-ENOSYS).
 * - "disable-flag": XEN_DOMCTL_CDF_disable_fifo v4 (2020-11-24): a domain with the flag
 *   gets -ENOSYS for init_control, expand_array and set_priority before any other check.
 * - "opt-in-flag": XEN_DOMCTL_CDF_evtchn_fifo v5 (Paul Durrant, "[PATCH v5 1/4]
 *   domctl: introduce a new domain create flag, XEN_DOMCTL_CDF_evtchn_fifo, ...",
 *   2020-12-03, <20201203124159.3688-2-paul@xen.org>): "if XEN_DOMCTL_CDF_evtchn_fifo
 *   is not set, the FIFO event channel operations will again result in -ENOSYS being
 *   returned to the guest", as before Xen 4.4 added them; so -ENOSYS, at the same
 *   place as v4's check.
 */
import {
  EVTCHN_FIFO_EVENT_WORDS_PER_PAGE,
  EVTCHN_FIFO_CONTROL_BLOCK,
  EVTCHN_FIFO_LINK_BITS,
  EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES,
  EVTCHN_FIFO_PRIORITY_DEFAULT,
} from "../abi/event-channel";
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { PAGE_SIZE } from "../ids";
import { mapGuestFrame, testBit, type MappedPage } from "../memory/mapped-page";
import type { StructBuf } from "../memory/struct-buf";
import { cdfBit } from "../profiles/profiles";
import type { Vcpu } from "../vcpu/vcpu";
import { FifoDomain, FifoVcpu } from "./evtchn";
import { fifoSetPending } from "./event-fifo";
import { EVTCHN_INIT_CONTROL as IC } from "./layout";
import { maxEvtchns } from "./ports";

const E = XEN_ERRNO;

/**
 * The profile's answer before EVTCHNOP_init_control / expand_array / set_priority run
 * at all (disable-flag and opt-in-flag policies), or undefined to go on.
 */
export function fifoPolicyBlocks(ctx: HypervisorContext, d: Domain): number | undefined {
  const policy = ctx.profile.fifo;
  if (policy.kind !== "disable-flag" && policy.kind !== "opt-in-flag") return undefined;
  const bit = cdfBit(ctx.profile, policy.flag) ?? 0;
  const has = (d.options & bit) !== 0;
  const blocked = policy.kind === "disable-flag" ? has : !has;
  return blocked ? -E.ENOSYS : undefined;
}

/** Whether this build has FIFO at all (CONFIG_EVTCHN_FIFO). */
export function fifoBuilt(ctx: HypervisorContext): boolean {
  return ctx.profile.fifo.kind !== "config-off";
}

/** map_guest_page(): a RAM frame of the domain, else -EINVAL. */
function mapGuestPage(d: Domain, gfn: bigint): MappedPage | undefined {
  if (gfn > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return mapGuestFrame(d.memory, Number(gfn));
}

/** map_control_block(): -EINVAL if this vCPU already has one or the frame is bad. */
function mapControlBlock(d: Domain, vcpuId: number, gfn: bigint, offset: number): number {
  const fv = d.evtchn.vcpus[vcpuId]!.fifo!;
  if (fv.controlBlock) return -E.EINVAL;
  const page = mapGuestPage(d, gfn);
  if (!page) return -E.EINVAL;
  fv.controlBlock = { page, off: offset };
  for (const q of fv.queues) q.tail = 0;
  return 0;
}

/** setup_ports(): carry 2-level pending bits into evtchn->pending; priority 7 for all. */
function setupPorts(d: Domain, prevEvtchns: number): void {
  const e = d.evtchn;
  const sh = e.shared;
  for (let port = 1; port < prevEvtchns; port++) {
    if (!e.isValid(port)) break;
    const chn = e.chn(port);
    if (testBit(sh.page, sh.layout.evtchnPending, port)) chn.pending = true;
    chn.priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
  }
}

/**
 * evtchn_fifo_init_control(). link_bits is written (OUT) whatever happens; the caller
 * copies the struct back only on success. The first call for the domain sets up every
 * vCPU's queues and an empty event array, maps this vCPU's control block and switches
 * the port ops to FIFO; any error there undoes all of it.
 */
export function evtchnFifoInitControl(ctx: HypervisorContext, caller: Vcpu, ic: StructBuf): number {
  if (!fifoBuilt(ctx)) return -E.EOPNOTSUPP;
  const d = ctx.domains.get(caller.domid)!;
  ic.setU8(IC.link_bits, EVTCHN_FIFO_LINK_BITS);
  const vcpuId = ic.u32(IC.vcpu);
  const gfn = ic.u64(IC.control_gfn);
  const offset = ic.u32(IC.offset);
  if (!d.vcpu(vcpuId)) return -E.ENOENT;
  // Must not cross a page boundary; must be 8-byte aligned.
  if (offset > PAGE_SIZE - EVTCHN_FIFO_CONTROL_BLOCK.size) return -E.EINVAL;
  if (offset & 7) return -E.EINVAL;
  const e = d.evtchn;
  if (e.fifo) return mapControlBlock(d, vcpuId, gfn, offset);
  // Latch before the array exists (max_evtchns changes with it).
  const prevEvtchns = maxEvtchns(d);
  for (const v of d.vcpus) if (v) e.vcpus[v.vcpuId]!.fifo = new FifoVcpu();
  e.fifo = new FifoDomain();
  const rc = mapControlBlock(d, vcpuId, gfn, offset);
  if (rc < 0) {
    evtchnFifoDestroy(d);
    return rc;
  }
  e.abi = "fifo";
  setupPorts(d, prevEvtchns);
  ctx.stateChange(d.domid, "evtchn-abi", "fifo (EVTCHNOP_init_control)");
  return 0;
}

/**
 * evtchn_fifo_expand_array(): -EOPNOTSUPP before init_control, -ENOSPC past 128 pages;
 * map one more page and re-raise every port in its range whose evtchn->pending is set
 * (straight to the FIFO set_pending, as Xen does, whatever the port's state).
 */
export function evtchnFifoExpandArray(ctx: HypervisorContext, d: Domain, gfn: bigint): number {
  if (!fifoBuilt(ctx)) return -E.EOPNOTSUPP;
  const fifo = d.evtchn.fifo;
  if (!fifo) return -E.EOPNOTSUPP;
  const slot = fifo.numEvtchns / EVTCHN_FIFO_EVENT_WORDS_PER_PAGE;
  if (slot >= EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES) return -E.ENOSPC;
  const page = mapGuestPage(d, gfn);
  if (!page) return -E.EINVAL;
  fifo.eventArray[slot] = page;
  let port = fifo.numEvtchns;
  fifo.numEvtchns += EVTCHN_FIFO_EVENT_WORDS_PER_PAGE;
  for (; port < fifo.numEvtchns; port++) {
    if (!d.evtchn.isValid(port)) break;
    const chn = d.evtchn.chn(port);
    if (chn.pending) fifoSetPending(ctx, d, chn.notifyVcpuId, chn);
  }
  return 0;
}

/** evtchn_fifo_destroy(): forget every control block and the event array. */
export function evtchnFifoDestroy(d: Domain): void {
  for (const ev of d.evtchn.vcpus) ev.fifo = undefined;
  d.evtchn.fifo = undefined;
}
