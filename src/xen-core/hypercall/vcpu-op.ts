/**
 * do_vcpu_op(), xen/arch/arm/domain.c and xen/arch/x86/domain.c, with common_vcpu_op
 * and map_guest_area of xen/common/domain.c: the lab models VCPUOP_register_vcpu_info
 * (where each vCPU's vcpu_info lives; on Arm every vCPU, vCPU0 included, must
 * register it since XEN_LEGACY_MAX_VCPUS is 1) and VCPUOP_is_up.
 * - a missing vCPU → -ENOENT; Arm accepts register_vcpu_info and
 *   register_runstate_memory_area only (-EINVAL for the rest); x86 ops the model does
 *   not have → -ENOSYS.
 * - register_vcpu_info {mfn u64, offset u32, rsvd u32}: gaddr = mfn << 12 + offset must
 *   stay in that frame (-EINVAL); already registered → -EBUSY; the area must not cross
 *   a page (-ENXIO), be aligned to the guest's xen_ulong_t (-ENXIO) and be guest RAM
 *   (-EINVAL). The new area gets the old one's contents (or zeroes, with
 *   evtchn_upcall_mask set on x86, when it was the dummy), then every selector bit is
 *   set and events are marked pending, so nothing raised before is lost.
 */
import { XEN_ERRNO } from "../abi/errno";
import { VCPUOP } from "../abi/guest-ops";
import type { Domain } from "../domain/domain";
import { vcpuMarkEventsPending } from "../evtchn/upcall";
import type { HypervisorContext } from "../hypervisor/context";
import { PAGE_SIZE } from "../ids";
import { copyFromGuest } from "../memory/guest-access";
import { mapGuestFrame } from "../memory/mapped-page";
import { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";
import { intArg } from "./int-arg";

const E = XEN_ERRNO;
export const VCPU_REGISTER_VCPU_INFO = { mfn: 0, offset: 8, rsvd: 12, size: 16 } as const;
const info = new StructBuf(VCPU_REGISTER_VCPU_INFO.size);

export function doVcpuOp(
  ctx: HypervisorContext,
  caller: Vcpu,
  cmdArg: bigint,
  vcpuArg: bigint,
  arg: bigint,
): number {
  const cmd = intArg(cmdArg);
  const vcpuid = Number(vcpuArg & 0xffffffffn);
  const d = ctx.domains.get(caller.domid)!;
  const v = d.vcpu(vcpuid);
  if (ctx.trace.enabled) {
    const name = Object.entries(VCPUOP).find(([, n]) => n === cmd)?.[0] ?? `VCPUOP#${cmd}`;
    ctx.describeCurrent({ op: name, args: { vcpuid } });
  }
  if (!v) return -E.ENOENT;
  switch (cmd) {
    case VCPUOP.VCPUOP_register_vcpu_info:
      return registerVcpuInfo(ctx, d, v, arg);
    case VCPUOP.VCPUOP_is_up:
      return ctx.arch === "arm64" ? -E.EINVAL : v.online ? 1 : 0;
    default:
      return ctx.arch === "arm64" ? -E.EINVAL : -E.ENOSYS;
  }
}

function registerVcpuInfo(ctx: HypervisorContext, d: Domain, v: Vcpu, arg: bigint): number {
  if (!copyFromGuest(d.memory, arg, VCPU_REGISTER_VCPU_INFO.size, info.bytes)) return -E.EFAULT;
  const mfn = info.u64(VCPU_REGISTER_VCPU_INFO.mfn);
  const offset = info.u32(VCPU_REGISTER_VCPU_INFO.offset);
  const gaddr = BigInt.asUintN(64, (mfn << 12n) + BigInt(offset));
  if (gaddr === 0xffffffffffffffffn || gaddr >> 12n !== mfn) return -E.EINVAL;
  const sh = d.evtchn.shared;
  if (sh.isRegistered(v.vcpuId)) return -E.EBUSY;
  const l = sh.layout;
  // map_guest_area(): one frame, aligned to compat_ulong_t or xen_ulong_t.
  if (offset + l.vcpuInfoSize > PAGE_SIZE) return -E.ENXIO;
  if (offset % (l.wordBits / 8) !== 0) return -E.ENXIO;
  if (mfn > BigInt(Math.floor(Number.MAX_SAFE_INTEGER / 4096))) return -E.EINVAL;
  const page = mapGuestFrame(d.memory, Number(mfn));
  if (!page) return -E.EINVAL;
  // vcpu_info_populate(): move the contents over (or start clean from the dummy).
  const old = sh.vcpuInfo(v.vcpuId);
  const fromDummy = sh.isDummy(v.vcpuId);
  for (let i = 0; i < l.vcpuInfoSize; i++)
    page.setU8(offset + i, fromDummy ? 0 : old.page.u8(old.off + i));
  if (fromDummy && l.upcallMask !== undefined) page.setU8(offset + l.upcallMask, 1);
  sh.register(v.vcpuId, { page, off: offset });
  ctx.stateChange(
    d.domid,
    "vcpu-info-registered",
    `gfn 0x${mfn.toString(16)} offset ${offset}`,
    v.vcpuId,
  );
  // Mark everything pending so nothing gets lost: a spurious upcall the guest copes with.
  for (let i = 0; i < l.wordBits / 8; i++) page.setU8(offset + l.pendingSel + i, 0xff);
  vcpuMarkEventsPending(ctx, d, v);
  return 0;
}
