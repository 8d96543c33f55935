/**
 * What libxl passes to createdomain for the 2020 FIFO series, each the toolstack half
 * of a profile (profile.toolstack.evtchnAbiKey):
 *
 * - disable_fifo v4 ("[PATCH v4 2/3] libxl: add a 'disable_fifo_evtchn' flag to
 *   libxl_domain_build_info ...", Paul Durrant, 2020-11-24,
 *   <20201124191751.11472-3-paul@xen.org>): libxl__domain_make sets
 *   XEN_DOMCTL_CDF_disable_fifo when build_info.disable_evtchn_fifo is true (xl's
 *   `disable_evtchn_fifo`, default false).
 * - evtchn_fifo v5 ("[PATCH v5 1/4]" .. "[PATCH v5 4/4]", 2020-12-03,
 *   <20201203124159.3688-{2,3,4,5}-paul@xen.org>): both features are "enabled by
 *   default", so libxl sets XEN_DOMCTL_CDF_evtchn_fifo unless feature_disable has
 *   evtchn_fifo, and, in libxl_x86.c, XEN_DOMCTL_CDF_evtchn_upcall for an HVM domain
 *   unless it has evtchn_upcall; enabling evtchn_upcall explicitly for anything but an
 *   x86 HVM domain is an error at the top of libxl__arch_domain_prepare_config.
 *
 * Not modelled: v5's LOGD detail lines "enable feature: '%s'" / "disable feature: '%s'"
 * (their line numbers in a 4.22 libxl are unknown).
 */
import type { LibxlEnv } from "./env";
import { ERROR_FAIL } from "./setdefault";
import type { LibxlDomainConfig, XenAbiFeature } from "./types";

/** Whether `xen_abi_features` disabled `f` (v5's feature_disable bitmap). */
function disabled(d: LibxlDomainConfig, f: XenAbiFeature): boolean {
  return d.bInfo.xenAbiFeatures?.disable.includes(f) ?? false;
}

/** The CDF flag names the series adds to this domain's createdomain. */
export function evtchnAbiFlags(env: LibxlEnv, d: LibxlDomainConfig): string[] {
  const key = env.profile.toolstack.evtchnAbiKey;
  if (key === "disable_evtchn_fifo") return d.bInfo.disableEvtchnFifo ? ["disable_fifo"] : [];
  if (key !== "xen_abi_features") return [];
  const names: string[] = [];
  if (!disabled(d, "evtchn_fifo")) names.push("evtchn_fifo");
  if (env.hv.arch === "x86_64" && d.cInfo.type === "hvm" && !disabled(d, "evtchn_upcall"))
    names.push("evtchn_upcall");
  return names;
}

/**
 * v5 3/4's check at the top of both arches' libxl__arch_domain_prepare_config: 0, or
 * ERROR_FAIL (logged) when evtchn_upcall was enabled for a domain that cannot have it.
 */
export function abiFeatureCheck(env: LibxlEnv, d: LibxlDomainConfig): number {
  const f = "evtchn_upcall";
  if (!d.bInfo.xenAbiFeatures?.enable.includes(f)) return 0;
  if (env.hv.arch === "x86_64" && d.cInfo.type === "hvm") return 0;
  const site =
    env.hv.arch === "x86_64" ? "x86.abi-feature-unsupported" : "arm.abi-feature-unsupported";
  env.log.libxl("error", site, `unsupported Xen ABI feature '${f}'`);
  return ERROR_FAIL;
}
