/**
 * How a lab's toolstack is set up, and the hook through which built domains start
 * running guest code.
 *
 * probe-first is the follow-up the CDF_is_32bits v1 patch announces ("once toolstack is
 * updated to probe guest binary before creating domain the XEN_DOMCTL_set_address_size
 * will become obsolete"): libxl probes the kernel before createdomain, passes
 * XEN_DOMCTL_CDF_is_32bits for a 32-bit kernel and never calls set_address_size. Real
 * xl has no such key, so it is not an xl.cfg key: the page sets it, and a scenario sets
 * it with the dom0 shell line `lab set probe-first on`.
 */
import type { HostArch } from "../hypervisor/host";
import type { Hypervisor } from "../hypervisor/hypervisor";
import type { LibxlDomainConfig } from "./libxl/types";
import type { ToolstackTree } from "./libxl/source-lines";
import type { XenCtrl } from "./xenctrl";
import type { Xenstore } from "./xenstore";

/**
 * A domain `xl create` has built, handed to whatever runs its guest: the modelled guest
 * kernels (src/xen-core/guest, `bootModelledGuest`) for Arm and for x86 domains without
 * an emulated guest, the emulator (v86) for x86 `kernel = "labkernel"`. Called once per
 * domain, after xl unpaused it (or after the build when `-p` left it paused).
 */
export interface DomainStartedEvent {
  readonly domid: number;
  readonly name: string;
  readonly arch: HostArch;
  /** The build type after libxl's defaults (Arm PV became PVH). */
  readonly type: "pv" | "pvh" | "hvm";
  readonly kernel: {
    /** As written in the config ("labkernel" for the emulator's own kernel). */
    readonly path: string | undefined;
    /** The file from the dom0 file system, when it has one. */
    readonly bytes: Uint8Array | undefined;
    /** Arm: what the domain builder decided ("xen-3.0-aarch64" / "xen-3.0-armv7l"). */
    readonly guestType?: string;
    readonly addressSize?: 32 | 64;
    /** Where vCPU0 starts. */
    readonly entry?: bigint;
  };
  readonly ramdisk?: { readonly path: string; readonly bytes: Uint8Array | undefined };
  readonly cmdline: string | undefined;
  readonly memoryKb: number;
  readonly maxMemoryKb: number;
  /** vCPUs online at boot, and the most it may bring up. */
  readonly vcpus: number;
  readonly maxVcpus: number;
  readonly paused: boolean;
  /** Arm: the guest device tree, as DTS. */
  readonly dts?: string;
  /** Realm RFC: the domain was finalised as a Realm. */
  readonly realm: boolean;
  /** The whole parsed config, for anything else (read-only). */
  readonly config: LibxlDomainConfig;
}

export interface ToolstackOptions {
  /** The is_32bits follow-up (see above). Default off. */
  probeFirst?: boolean;
  /**
   * Whose line numbers and constants the messages carry: "4.22" (default, the lab's
   * toolstack) or "4.17" (the Debian build the oracles were captured on; golden tests).
   * Under a profile with the Realm RFC, 4.22 becomes "4.22+realm-rfc-v1".
   */
  tree?: "4.22" | "4.17";
  /** The hook: connect modelled guests and the emulator here. */
  onDomainStarted?: (event: DomainStartedEvent) => void;
  /** libxl_uuid_generate(); the default is deterministic per lab. */
  newUuid?: () => Uint8Array;
}

/** Everything the toolstack commands share. */
export interface ToolstackContext {
  readonly hv: Hypervisor;
  readonly xc: XenCtrl;
  readonly xenstore: Xenstore;
  readonly options: ToolstackOptions;
}

/** The tree whose line numbers libxl prints under this lab's profile. */
export function toolstackTree(ctx: ToolstackContext): ToolstackTree {
  if (ctx.options.tree === "4.17") return "4.17";
  return ctx.hv.profile.toolstack.realm ? "4.22+realm-rfc-v1" : "4.22";
}

/** A deterministic uuid generator: version-4 shaped, from a counter. */
export function counterUuids(seed = 0x5eed): () => Uint8Array {
  let n = seed;
  return () => {
    const out = new Uint8Array(16);
    let x = (n++ * 0x9e3779b1) >>> 0;
    for (let i = 0; i < 16; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    out[6] = (out[6]! & 0x0f) | 0x40;
    out[8] = (out[8]! & 0x3f) | 0x80;
    return out;
  };
}
