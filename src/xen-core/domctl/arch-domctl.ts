/**
 * arch_do_domctl for the ops the lab models.
 * Arm64: xen/arch/arm/arm64/domctl.c, subarch_do_domctl handles set_address_size only;
 * every other op (get_address_size included) is -ENOSYS.
 * x86: xen/arch/x86/domctl.c, set/get_address_size are PV-only (-EOPNOTSUPP for HVM).
 */
import { XEN_DOMCTL } from "../abi/domctl";
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import type { StructBuf } from "../memory/struct-buf";
import { setAddressSizeArm64 } from "./arm64-address-size";
import { ADDRESS_SIZE, DOMCTL } from "./layout";
import { XEN_DOMCTL_arm_cca_op, armCcaOp, vuartOp } from "./toolstack-ops";

const E = XEN_ERRNO;

export function archDoDomctl(
  ctx: HypervisorContext,
  d: Domain,
  cmd: number,
  op: StructBuf,
): { ret: number; copyback: boolean } {
  const size = op.u32(DOMCTL.u + ADDRESS_SIZE.size);
  if (ctx.arch === "arm64") {
    if (cmd === XEN_DOMCTL.XEN_DOMCTL_set_address_size) {
      return { ret: setAddressSizeArm64(ctx, d, size), copyback: false };
    }
    if (cmd === XEN_DOMCTL.XEN_DOMCTL_vuart_op) {
      const ret = vuartOp(ctx, d, op);
      return { ret, copyback: ret === 0 };
    }
    if (cmd === XEN_DOMCTL_arm_cca_op) return { ret: armCcaOp(ctx, d, op), copyback: false };
    return { ret: -E.ENOSYS, copyback: false };
  }
  switch (cmd) {
    case XEN_DOMCTL.XEN_DOMCTL_set_address_size:
      if (d.isHvm) return { ret: -E.EOPNOTSUPP, copyback: false };
      if ((size === 64 && d.type === 64) || (size === 32 && d.type === 32))
        return { ret: 0, copyback: false };
      if (size === 32) {
        // switch_compat(): the PV domain becomes a 32-bit (compat) guest.
        d.type = 32;
        ctx.stateChange(d.domid, "address-size", "switch_compat: 32-bit PV");
        return { ret: 0, copyback: false };
      }
      return { ret: -E.EINVAL, copyback: false };
    case XEN_DOMCTL.XEN_DOMCTL_get_address_size:
      if (d.isHvm) return { ret: -E.EOPNOTSUPP, copyback: false };
      op.setU32(DOMCTL.u + ADDRESS_SIZE.size, d.type);
      return { ret: 0, copyback: true };
    default:
      return { ret: -E.ENOSYS, copyback: false };
  }
}
