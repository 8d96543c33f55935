/**
 * One call for "what is this file?": the answer Xen's boot probe gives (dom0 and
 * dom0less, xen/common/device-tree/kernel.c) and the answer the toolstack's domain
 * builder gives (`xl create`, xc_dom_find_loader), side by side, with the lines each
 * prints. The page calls it on a dropped file; only headers are read.
 */
import { formatRet } from "../../abi/errno";
import { GUEST_RAM0_BASE } from "../../abi/arch-arm";
import { ToolstackLog, XTL } from "../libxl/log";
import { xenKernelProbe, type XenKernelInfo } from "./hv-probe";
import { findAndParse, newDomImage, tryGunzip } from "./loaders";
import type { KernelSource } from "./source";

export interface KernelProbeReport {
  readonly name: string;
  readonly size: number;
  /** Xen's kernel_probe for a boot-time domain: rc, what it found, its console lines. */
  readonly xen: {
    readonly rc: number;
    readonly rcName: string;
    readonly info?: XenKernelInfo;
    readonly console: readonly string[];
  };
  /** The domain builder: the loader that took it, the guest type and address size. */
  readonly toolstack: {
    readonly ok: boolean;
    readonly loader?: string;
    readonly guestType?: string;
    readonly addressSize?: 32 | 64;
    /** The `xl -vvv create` lines about it (domainbuilder/xc). */
    readonly log: readonly string[];
  };
}

/** Where the lab's boot loader puts a dom0less kernel module (any address will do). */
export const BOOT_MODULE_ADDR = 0x48000000;

export function probeKernel(src: KernelSource): KernelProbeReport {
  const console: string[] = [];
  const xen = xenKernelProbe(src, "d1", BOOT_MODULE_ADDR, (l) => console.push(l));
  const log: string[] = [];
  const tlog = new ToolstackLog("4.22", XTL.detail, (l) => log.push(l));
  const dom = newDomImage(src);
  dom.rambasePfn = BigInt(GUEST_RAM0_BASE) >> 12n;
  const ok = tryGunzip(dom, tlog) && findAndParse(dom, tlog);
  const size =
    dom.guestType === "xen-3.0-aarch64" ? 64 : dom.guestType === "xen-3.0-armv7l" ? 32 : undefined;
  return {
    name: src.name,
    size: src.size,
    xen: {
      rc: xen.rc,
      rcName: formatRet(xen.rc),
      ...(xen.info ? { info: xen.info } : {}),
      console,
    },
    toolstack: {
      ok: ok && dom.guestType !== undefined,
      ...(dom.loader ? { loader: dom.loader } : {}),
      ...(dom.guestType ? { guestType: dom.guestType } : {}),
      ...(size ? { addressSize: size } : {}),
      log,
    },
  };
}
