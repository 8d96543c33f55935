/**
 * do_memory_op(), xen/common/memory.c: XENMEM_populate_physmap (back guest frames with
 * RAM; what makes tot_pages non-zero and set_address_size -EBUSY) and
 * XENMEM_add_to_physmap (add-to-physmap.ts: where a guest maps shared_info). Other ops
 * → -ENOSYS until the models that need them.
 */
import { XEN_ERRNO } from "../abi/errno";
import { DOMID } from "../abi/xen";
import type { HypervisorContext } from "../hypervisor/context";
import { copyFromGuest } from "../memory/guest-access";
import { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";
import { xenmemAddToPhysmap } from "./add-to-physmap";

export const XENMEM_populate_physmap = 6;
export const XENMEM_add_to_physmap = 7;
/** struct xen_memory_reservation (64-bit handles and xen_ulong_t). */
export const MEMORY_RESERVATION = {
  extent_start: 0,
  nr_extents: 8,
  extent_order: 16,
  mem_flags: 20,
  domid: 24,
  size: 32,
} as const;
/** Orders above this are refused for a domU (MAX_ORDER-like guard of the model). */
const MAX_EXTENT_ORDER = 18;

export function doMemoryOp(ctx: HypervisorContext, caller: Vcpu, cmd: bigint, arg: bigint): number {
  // The low bits hold the op; the rest is the continuation's start extent.
  const op = Number(cmd & 0x3fn);
  if (op === XENMEM_add_to_physmap) return xenmemAddToPhysmap(ctx, caller, cmd, arg);
  if (op !== XENMEM_populate_physmap) return -XEN_ERRNO.ENOSYS;
  const callerDom = ctx.domains.get(caller.domid);
  if (!callerDom) return -XEN_ERRNO.ESRCH;
  const raw = copyFromGuest(callerDom.memory, arg, MEMORY_RESERVATION.size);
  if (!raw) return -XEN_ERRNO.EFAULT;
  const r = new StructBuf(raw);
  const domid = r.u16(MEMORY_RESERVATION.domid);
  const d = domid === DOMID.DOMID_SELF ? callerDom : ctx.domains.get(domid);
  if (!d) return -XEN_ERRNO.ESRCH;
  // xsm_memory_adjust_reservation(XSM_TARGET): yourself or, for the control domain, any.
  if (d !== callerDom && !callerDom.isControl) return -XEN_ERRNO.EPERM;
  const order = r.u32(MEMORY_RESERVATION.extent_order);
  if (order > MAX_EXTENT_ORDER) return 0;
  const nr = r.u64(MEMORY_RESERVATION.nr_extents);
  const start = r.u64(MEMORY_RESERVATION.extent_start);
  let done = 0;
  for (let i = 0n; i < nr; i++) {
    const gpfnBytes = copyFromGuest(callerDom.memory, start + i * 8n, 8);
    if (!gpfnBytes) return done;
    const gpfn = Number(new StructBuf(gpfnBytes).u64(0) & 0xfffffffffn);
    const count = 1 << order;
    if (d.totPages + count > d.maxPages) {
      ctx.report({
        ret: 0,
        kind: "printk",
        text: `d${caller.domid}v${caller.vcpuId} Over-allocation for d${d.domid}: ${d.totPages + count} > ${d.maxPages}`,
      });
      return done;
    }
    for (let p = 0; p < count; p++) d.ram.populate(gpfn + p);
    done++;
  }
  if (done) ctx.stateChange(d.domid, "populate-physmap", `tot_pages ${d.totPages}`);
  return done;
}
