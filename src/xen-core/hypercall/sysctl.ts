/**
 * do_sysctl() (xen/common/sysctl.c, 4.22) for the sysctls the dom0 shell's xl issues:
 * XEN_SYSCTL_readconsole (read_console_ring, xen/drivers/char/console.c: `xl dmesg
 * [-c]`), XEN_SYSCTL_physinfo (physinfo.ts: `xl info`, libxl's defaults),
 * XEN_SYSCTL_getdomaininfolist (libxl_list_domain: `xl list`, name lookups) and
 * XEN_SYSCTL_debug_keys (handle_keypress per key: `xl debug-keys`).
 * The struct is copied in, its interface version checked (-EACCES), the dummy XSM
 * policy's XSM_PRIV applied (control domain only, -EPERM); other sysctls are -ENOSYS
 * (arch_do_sysctl's default), as the lab does not model them.
 *
 * The console ring: the model keeps lines, so the ring's bytes are its lines each
 * followed by "\n", from the oldest kept (conringc) to the newest (conringp). `clear`
 * empties the ring once everything was read (libxl reads it in 16 KiB, the ring's size,
 * so a cleared read always consumed all of it).
 */
import { XEN_ERRNO } from "../abi/errno";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { debugKeys } from "../keyhandler/keyhandler";
import { copyFromGuest, copyToGuest } from "../memory/guest-access";
import { textBytes } from "../memory/latin1";
import { StructBuf } from "../memory/struct-buf";
import { fillGetDomainInfo } from "../domctl/getdomaininfo";
import { DOMCTL } from "../domctl/layout";
import { fillPhysinfo } from "./physinfo";

export const XEN_SYSCTL_INTERFACE_VERSION = 0x00000016;
export const XEN_SYSCTL = {
  XEN_SYSCTL_readconsole: 1,
  XEN_SYSCTL_physinfo: 3,
  XEN_SYSCTL_getdomaininfolist: 6,
  XEN_SYSCTL_debug_keys: 7,
} as const;
/** struct xen_sysctl: cmd, interface_version, then a 128-byte union. */
export const SYSCTL = { cmd: 0, interface_version: 4, u: 8, size: 136 } as const;
/** struct xen_sysctl_readconsole. */
export const READCONSOLE = { clear: 0, incremental: 1, index: 4, buffer: 8, count: 16 } as const;
/** struct xen_sysctl_getdomaininfolist. */
export const GETDOMAININFOLIST = {
  first_domain: 0,
  max_domains: 4,
  buffer: 8,
  num_domains: 16,
} as const;
/** sizeof(struct xen_domctl_getdomaininfo): 104 bytes, then the arch config (16 / 8). */
export function getdomaininfoSize(arch: HypervisorContext["arch"]): number {
  return arch === "arm64" ? 120 : 112;
}
/** struct xen_sysctl_debug_keys. */
export const DEBUG_KEYS = { keys: 0, nr_keys: 8 } as const;

const E = XEN_ERRNO;

export function doSysctl(ctx: HypervisorContext, caller: Domain, arg: bigint): number {
  const raw = copyFromGuest(caller.memory, arg, SYSCTL.size);
  if (!raw) return -E.EFAULT;
  const op = new StructBuf(raw);
  if (op.u32(SYSCTL.interface_version) !== XEN_SYSCTL_INTERFACE_VERSION) return -E.EACCES;
  if (!caller.isControl) return -E.EPERM;
  const U = SYSCTL.u;
  switch (op.u32(SYSCTL.cmd)) {
    case XEN_SYSCTL.XEN_SYSCTL_readconsole: {
      const ret = readConsoleRing(ctx, caller, op);
      if (ret === 0 && !copyToGuest(caller.memory, arg, op.bytes)) return -E.EFAULT;
      return ret;
    }
    case XEN_SYSCTL.XEN_SYSCTL_physinfo:
      fillPhysinfo(ctx, op, U);
      return copyToGuest(caller.memory, arg, op.bytes) ? 0 : -E.EFAULT;
    case XEN_SYSCTL.XEN_SYSCTL_getdomaininfolist: {
      const ret = getDomainInfoList(ctx, caller, op);
      if (ret === 0 && !copyToGuest(caller.memory, arg, op.bytes)) return -E.EFAULT;
      return ret;
    }
    case XEN_SYSCTL.XEN_SYSCTL_debug_keys: {
      const keys = op.u64(U + DEBUG_KEYS.keys);
      const n = op.u32(U + DEBUG_KEYS.nr_keys);
      for (let i = 0; i < n; i++) {
        const c = copyFromGuest(caller.memory, keys + BigInt(i), 1);
        if (!c) return -E.EFAULT;
        // handle_keypress(): unmodelled handlers print nothing here (xl checks first).
        debugKeys(ctx, String.fromCharCode(c[0]!));
      }
      return 0;
    }
    default:
      return -E.ENOSYS;
  }
}

function readConsoleRing(ctx: HypervisorContext, caller: Domain, op: StructBuf): number {
  const U = SYSCTL.u;
  const lines = ctx.console.read();
  const ring = textBytes(lines.length ? `${lines.join("\n")}\n` : "");
  const p = ring.length;
  let c = 0;
  const index = op.u32(U + READCONSOLE.index);
  if (op.u8(U + READCONSOLE.incremental) && c < index && index <= p) c = index;
  const max = op.u32(U + READCONSOLE.count);
  const len = Math.min(p - c, max);
  if (
    len > 0 &&
    !copyToGuest(caller.memory, op.u64(U + READCONSOLE.buffer), ring.subarray(c, c + len))
  )
    return -E.EFAULT;
  c += len;
  if (op.u8(U + READCONSOLE.clear) && c === p) ctx.console.clear();
  op.setU32(U + READCONSOLE.count, len);
  op.setU32(U + READCONSOLE.index, c);
  return 0;
}

/** for_each_domain from first_domain, up to max_domains getdomaininfo structs. */
function getDomainInfoList(ctx: HypervisorContext, caller: Domain, op: StructBuf): number {
  const U = SYSCTL.u;
  const first = op.u16(U + GETDOMAININFOLIST.first_domain);
  const max = op.u32(U + GETDOMAININFOLIST.max_domains);
  const buffer = op.u64(U + GETDOMAININFOLIST.buffer);
  const size = getdomaininfoSize(ctx.arch);
  const one = new StructBuf(DOMCTL.u + 128);
  let n = 0;
  for (const d of [...ctx.domains.values()].sort((a, b) => a.domid - b.domid)) {
    if (d.domid < first) continue;
    if (n === max) break;
    fillGetDomainInfo(ctx, d, one);
    const info = one.bytes.subarray(DOMCTL.u, DOMCTL.u + size);
    if (!copyToGuest(caller.memory, buffer + BigInt(n * size), info)) return -E.EFAULT;
    n++;
  }
  op.setU32(U + GETDOMAININFOLIST.num_domains, n);
  return 0;
}
