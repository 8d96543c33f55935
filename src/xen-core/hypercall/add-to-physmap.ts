/**
 * XENMEM_add_to_physmap for XENMAPSPACE_shared_info, xen/common/memory.c
 * (do_memory_op, xatp_permission_check, xenmem_add_to_physmap) with
 * xenmem_add_to_physmap_one of xen/arch/arm/mm.c and xen/arch/x86/mm/p2m.c:
 * - start_extent (cmd >> 6) beyond the u16 `size` → -EDOM; bad pointer → -EFAULT;
 *   XENMAPSPACE_gmfn_foreign → -ENOSYS (only the batch op maps foreign frames);
 * - the target is looked up by any id (-ESRCH); a non-translated (x86 PV) target →
 *   -EACCES; XSM_TARGET (yourself, or the control domain) → -EPERM;
 * - gpfn == INVALID_GFN → -EINVAL; shared_info needs idx 0 (-EINVAL otherwise);
 * - on x86 the RAM page that was at gpfn is freed (guest_remove_page) and a previous
 *   shared_info mapping is removed; on Arm the old entry is only replaced.
 * Other spaces (grant tables, gmfn moves, MMIO) are not modelled: -EOPNOTSUPP.
 *
 * struct xen_add_to_physmap: native (x86-64, Arm) {domid u16, size u16, space u32,
 * idx xen_ulong_t @8, gpfn xen_pfn_t @16} = 24 bytes; compat (x86-32, translated by
 * xen/common/compat/memory.c) {.., idx u32 @8, gpfn u32 @12} = 16 bytes.
 */
import { XEN_ERRNO } from "../abi/errno";
import { XENMAPSPACE } from "../abi/guest-ops";
import type { Domain } from "../domain/domain";
import { domainByAnyId, xsmTarget } from "../evtchn/bind";
import type { HypervisorContext } from "../hypervisor/context";
import { copyFromGuest } from "../memory/guest-access";
import { mapGuestFrame } from "../memory/mapped-page";
import { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";
import { isCompatCaller } from "./compat";

const E = XEN_ERRNO;
export const XEN_ADD_TO_PHYSMAP = {
  domid: 0,
  size: 2,
  space: 4,
  idx: 8,
  gpfn: 16,
  bytes: 24,
} as const;
export const COMPAT_ADD_TO_PHYSMAP = {
  domid: 0,
  size: 2,
  space: 4,
  idx: 8,
  gpfn: 12,
  bytes: 16,
} as const;
const MEMOP_EXTENT_SHIFT = 6n;

const xatp = new StructBuf(24);

/** Put d->shared_info at `gfn` in the domain's physmap. */
export function mapSharedInfo(ctx: HypervisorContext, d: Domain, gfn: number): number {
  const sh = d.evtchn.shared;
  const mem = d.memory;
  if (mem.mapXenPage) {
    mem.mapXenPage(gfn, sh.xen.bytes, ctx.arch === "x86_64");
    sh.page = sh.xen;
  } else {
    // The guest's RAM cannot alias Xen's page: carry the contents over to its frame.
    const frame = mapGuestFrame(mem, gfn);
    if (!frame) return -E.EINVAL;
    for (let off = 0; off < 4096; off += 4) frame.setU32(off, sh.page.u32(off));
    sh.page = frame;
  }
  sh.gfn = gfn;
  ctx.stateChange(d.domid, "shared-info-mapped", `gfn 0x${gfn.toString(16)}`);
  return 0;
}

export function xenmemAddToPhysmap(
  ctx: HypervisorContext,
  caller: Vcpu,
  cmd: bigint,
  arg: bigint,
): number {
  const callerDom = ctx.domains.get(caller.domid)!;
  const compat = isCompatCaller(ctx, callerDom, caller);
  const L = compat ? COMPAT_ADD_TO_PHYSMAP : XEN_ADD_TO_PHYSMAP;
  if (cmd >> MEMOP_EXTENT_SHIFT > 0xffffn) return -E.EDOM;
  if (!copyFromGuest(callerDom.memory, arg, L.bytes, xatp.bytes)) return -E.EFAULT;
  const space = xatp.u32(L.space);
  const idx = compat ? BigInt(xatp.u32(L.idx)) : xatp.u64(L.idx);
  const gpfn = compat ? BigInt(xatp.u32(L.gpfn)) : xatp.u64(L.gpfn);
  const domid = xatp.u16(L.domid);
  if (ctx.trace.enabled) {
    ctx.describeCurrent({
      op: "XENMEM_add_to_physmap",
      args: { domid, space, idx: `0x${idx.toString(16)}`, gpfn: `0x${gpfn.toString(16)}` },
    });
  }
  if (space === XENMAPSPACE.XENMAPSPACE_gmfn_foreign) return -E.ENOSYS;
  const d = domainByAnyId(ctx, caller, domid);
  if (!d) return -E.ESRCH;
  // paging_mode_translate(): Arm and x86 HVM domains; x86 PV ones are not.
  if (ctx.arch === "x86_64" && !d.isHvm) return -E.EACCES;
  if (space === XENMAPSPACE.XENMAPSPACE_dev_mmio && (!d.isControl || d !== callerDom))
    return -E.EACCES;
  const perm = xsmTarget(callerDom, d);
  if (perm) return perm;
  // INVALID_GFN is all ones in the guest's xen_pfn_t.
  if (gpfn === (compat ? 0xffffffffn : 0xffffffffffffffffn)) return -E.EINVAL;
  if (space !== XENMAPSPACE.XENMAPSPACE_shared_info) return -E.EOPNOTSUPP;
  if (idx !== 0n) return -E.EINVAL;
  if (gpfn > BigInt(Math.floor(Number.MAX_SAFE_INTEGER / 4096))) return -E.EINVAL;
  return mapSharedInfo(ctx, d, Number(gpfn));
}
