/**
 * do_xen_version(), xen/common/kernel.c, with the dummy XSM policy of
 * xen/include/xsm/dummy.h (xsm_xen_version): version, platform_parameters and
 * get_features for anyone; extraversion, compile_info, capabilities, changeset,
 * pagesize and guest_handle for any guest; commandline and the *2 variable-length ops
 * only for the control domain (others get "<denied>" or -EPERM).
 */
import { XEN_ERRNO } from "../abi/errno";
import { XENVER } from "../abi/xen";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { copyFromGuest, copyToGuest } from "../memory/guest-access";
import { StructBuf } from "../memory/struct-buf";
import { xenFeatures } from "./xen-features";
import { intArg } from "./int-arg";

const E = XEN_ERRNO;
const DENIED = "<denied>";

function cString(text: string, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < Math.min(text.length, size - 1); i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** xen_caps as `xl info` prints it (with Xen's trailing space). */
export function xenCapabilities(arch: HypervisorContext["arch"]): string {
  return arch === "arm64"
    ? "xen-3.0-aarch64 xen-3.0-armv7l "
    : "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ";
}

/**
 * The modelled hosts' Xen command lines, byte for byte from the oracles' `xl info`
 * (the Arm one ends in a space: U-Boot's bootargs as written).
 */
export function commandLine(ctx: Pick<HypervisorContext, "arch">): string {
  return ctx.arch === "arm64"
    ? "console=dtuart dtuart=/pl011@9000000 dom0_mem=1024M loglvl=all guest_loglvl=all "
    : "console=com1 com1=115200 dom0_mem=1024M,max:1024M loglvl=all guest_loglvl=all noreboot smap=0 smep=0";
}

/** HYPERVISOR_VIRT_START (xen/arch/x86/include/asm/config.h, 64-bit). */
const X86_HYPERVISOR_VIRT_START = 0xffff800000000000n;

/** What the model says it was built with (struct xen_compile_info). */
const COMPILE_INFO = {
  compiler: "xenlab model (TypeScript)",
  compileBy: "xenlab",
  compileDomain: "xenlab.invalid",
  compileDate: "model",
} as const;

export function doXenVersion(
  ctx: HypervisorContext,
  callerDom: Domain,
  cmdArg: bigint,
  arg: bigint,
): number {
  // `int cmd`: the handler sees the low 32 bits of the register, signed.
  const cmd = intArg(cmdArg);
  const v = ctx.profile.xenVersion;
  const deny = !callerDom.isControl;
  const mem = callerDom.memory;
  switch (cmd) {
    case XENVER.XENVER_version:
      return (v.major << 16) | v.minor;
    case XENVER.XENVER_extraversion:
      return toGuest(mem, arg, cString(v.extra, 16));
    case XENVER.XENVER_compile_info: {
      const info = new Uint8Array(144);
      info.set(cString(COMPILE_INFO.compiler, 64), 0);
      info.set(cString(COMPILE_INFO.compileBy, 16), 64);
      info.set(cString(COMPILE_INFO.compileDomain, 32), 80);
      info.set(cString(COMPILE_INFO.compileDate, 32), 112);
      return toGuest(mem, arg, info);
    }
    case XENVER.XENVER_capabilities:
      return toGuest(mem, arg, cString(xenCapabilities(ctx.arch), 1024));
    case XENVER.XENVER_platform_parameters: {
      // virt_start: HYPERVISOR_VIRT_START for a 64-bit PV caller in a release build,
      // 0 for HVM/Arm callers and in debug builds.
      const params = new StructBuf(8);
      const pv = ctx.arch === "x86_64" && !callerDom.isHvm;
      if (pv && !ctx.profile.debug) params.setU64(0, X86_HYPERVISOR_VIRT_START);
      return toGuest(mem, arg, params.bytes);
    }
    case XENVER.XENVER_changeset:
      return toGuest(mem, arg, cString("", 64));
    case XENVER.XENVER_get_features: {
      const raw = copyFromGuest(mem, arg, 8);
      if (!raw) return -E.EFAULT;
      const fi = new StructBuf(raw);
      if (fi.u32(0) !== 0) return -E.EINVAL; // XENFEAT_NR_SUBMAPS = 1
      fi.setU32(4, xenFeatures(ctx.arch, callerDom));
      return toGuest(mem, arg, fi.bytes);
    }
    case XENVER.XENVER_pagesize:
      return arg !== 0n ? -E.EINVAL : 4096;
    case XENVER.XENVER_guest_handle:
      return toGuest(mem, arg, callerDom.handle);
    case XENVER.XENVER_commandline:
      return deny
        ? toGuest(mem, arg, cString(DENIED, DENIED.length + 1))
        : toGuest(mem, arg, cString(commandLine(ctx), 1024));
    case XENVER.XENVER_build_id:
    case XENVER.XENVER_extraversion2:
    case XENVER.XENVER_capabilities2:
    case XENVER.XENVER_changeset2:
    case XENVER.XENVER_commandline2:
      return deny ? -E.EPERM : varbufOp(ctx, cmd, mem, arg);
    default:
      return -E.ENOSYS;
  }
}

function toGuest(mem: Domain["memory"], arg: bigint, bytes: Uint8Array): number {
  return copyToGuest(mem, arg, bytes) ? 0 : -E.EFAULT;
}

/** xenver_varbuf_op(): struct xen_varbuf { u32 len; char buf[]; }. */
function varbufOp(ctx: HypervisorContext, cmd: number, mem: Domain["memory"], arg: bigint): number {
  const strings: Record<number, string> = {
    [XENVER.XENVER_extraversion2]: ctx.profile.xenVersion.extra,
    [XENVER.XENVER_changeset2]: "",
    [XENVER.XENVER_commandline2]: commandLine(ctx),
    [XENVER.XENVER_capabilities2]: xenCapabilities(ctx.arch),
  };
  // The model is not an ELF image: it has no build id.
  if (cmd === XENVER.XENVER_build_id) return -E.ENODATA;
  const str = strings[cmd] ?? "";
  if (arg === 0n) return str.length; // length request
  const raw = copyFromGuest(mem, arg, 4);
  if (!raw) return -E.EFAULT;
  if (str.length > new StructBuf(raw).u32(0)) return -E.ENOBUFS;
  const bytes = Uint8Array.from(str, (c) => c.charCodeAt(0) & 0xff);
  return copyToGuest(mem, arg + 4n, bytes) ? str.length : -E.EFAULT;
}
