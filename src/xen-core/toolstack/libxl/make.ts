/**
 * libxl__domain_make(), tools/libs/light/libxl_create.c (RELEASE-4.22.0): the
 * createdomain flags from the config (hvm unless PV; hap, oos_off, nested_virt for
 * non-PV; vpmu; trap_unmapped_accesses; iommu with passthrough), the limits, the arch
 * part, then XEN_DOMCTL_createdomain with DOMID_ANY, and the domain's xenstore nodes.
 *
 * `extraFlags` is how the probe-first toolstack option passes XEN_DOMCTL_CDF_is_32bits.
 */
import { XEN_X86_EMU_ALL } from "../../domctl/sanitise-x86";
import { libxlDefaultConfig, type CreateDomainConfig } from "../../domctl/createdomain-config";
import { cdfMask } from "../../profiles/profiles";
import { armPrepareConfig } from "./arm";
import type { LibxlEnv } from "./env";
import { ERROR_FAIL } from "./setdefault";
import type { LibxlDomainConfig } from "./types";

const X86_EMU_LAPIC = 1 << 0;
const X86_EMU_USE_PIRQ = 1 << 9;
const X86_EMU_VPCI = 1 << 10;

export interface MakeResult {
  /** 0 or a libxl error code. */
  readonly rc: number;
  /** The new domain's id; undefined when createdomain never succeeded. */
  readonly domid?: number;
  readonly config?: CreateDomainConfig;
  /** Arm: the vGIC version createdomain chose (libxl__arch_domain_save_config). */
  readonly gic?: "v2" | "v3";
}

export function domainMake(env: LibxlEnv, d: LibxlDomainConfig, extraFlags = 0): MakeResult {
  const { log, hv } = env;
  const b = d.bInfo;
  // XEN_DOMCTL_CDF_* by name, with the bits of the profile's tree: a toolstack is built
  // from the same tree as its hypervisor and passes only the flags that tree defines
  // (a 4.16 libxl has no trap_unmapped_accesses; under disable_fifo v4 bit 7 is not vpmu).
  const names: string[] = [];
  if (d.cInfo.type !== "pv") {
    names.push("hvm");
    if (d.cInfo.hap) names.push("hap");
    if (!d.cInfo.oos) names.push("oos_off");
    if (b.nestedHvm) names.push("nested_virt");
  }
  if (b.vpmu) names.push("vpmu");
  if (b.trapUnmappedAccesses) names.push("trap_unmapped_accesses");
  log.libxl("detail", "create.passthrough", `passthrough: ${d.cInfo.passthrough}`);
  if (d.cInfo.passthrough !== "disabled") names.push("iommu");
  log.libxl("detail", "create.altp2m", "altp2m: disabled");
  const flags = cdfMask(env.profile, names);

  const config = libxlDefaultConfig(hv.arch, (flags | extraFlags) >>> 0, b.maxVcpus);
  config.maxEvtchnPort = b.eventChannels;
  config.maxGrantFrames = b.maxGrantFrames;
  config.maxMaptrackFrames = b.maxMaptrackFrames;
  config.grantOpts = b.maxGrantVersion ?? 0;
  config.handle = d.cInfo.uuid.slice(0, 16);

  const rc =
    hv.arch === "arm64" ? armPrepareConfig(env, d, config) : x86PrepareConfig(env, d, config);
  if (rc < 0) {
    // LOGED: libxl appends strerror(errno); errno is whatever the last failed call
    // left. Nothing has failed yet in the lab, so it prints errno 0 (UNVERIFIED).
    log.libxl("error", "create.fail-to-get-config", "fail to get domain config", { errno: 0 });
    return { rc: ERROR_FAIL };
  }

  const { ret, domid, gicVersion } = env.xc.createDomain(config);
  if (ret < 0) {
    log.libxl("error", "create.domain-creation-fail", "domain creation fail", { errno: -ret });
    return { rc: ERROR_FAIL };
  }
  // libxl__domain_make's xenstore transaction: the name is what `xl list` shows.
  env.xenstore.write(`/local/domain/${domid}/name`, d.cInfo.name);
  env.xenstore.write(`/local/domain/${domid}/vm`, `/vm/${uuidString(d.cInfo.uuid)}`);
  return { rc: 0, domid, config, gic: gicVersion === 1 ? "v2" : "v3" };
}

/** libxl__arch_domain_prepare_config() for x86 (tools/libs/light/libxl_x86.c). */
function x86PrepareConfig(env: LibxlEnv, d: LibxlDomainConfig, c: CreateDomainConfig): number {
  c.x86.emulationFlags =
    d.cInfo.type === "hvm"
      ? XEN_X86_EMU_ALL & ~X86_EMU_VPCI & ~X86_EMU_USE_PIRQ
      : d.cInfo.type === "pvh"
        ? X86_EMU_LAPIC
        : 0;
  c.x86.miscFlags = 0;
  if (d.bInfo.trapUnmappedAccesses) {
    env.log.libxl("error", "x86.trap-unmapped", "trap_unmapped_accesses is not supported on x86\n");
    return ERROR_FAIL;
  }
  return 0;
}

/** LIBXL_UUID_FMT. */
export function uuidString(u: Uint8Array): string {
  const h = Array.from(u.subarray(0, 16), (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
