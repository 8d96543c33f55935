/**
 * libxl__domain_config_setdefault() and the setdefault functions it calls
 * (tools/libs/light/libxl_create.c, libxl_arm.c, libxl_x86.c; RELEASE-4.22.0), in their
 * order, with their messages. Returns 0 or a libxl error code (ERROR_FAIL -3,
 * ERROR_INVAL -6); the caller goes on to domcreate_complete's cleanup.
 */
import type { HostArch } from "../../hypervisor/host";
import { physinfo, type LibxlEnv, type Physinfo } from "./env";
import type { LibxlBuildInfo, LibxlDomainConfig } from "./types";

export const ERROR_FAIL = -3;
export const ERROR_INVAL = -6;

/** The pools the modelled host has (cpupool 0 only). */
const POOLS = ["Pool-0"];

export function domainConfigSetdefault(env: LibxlEnv, d: LibxlDomainConfig): number {
  const log = env.log;
  // libxl_get_physinfo(); from dom0 it cannot fail in the model (no message modelled).
  const info = physinfo(env.xc);
  if (!info) return ERROR_FAIL;
  if (d.cInfo.poolName !== undefined && !POOLS.includes(d.cInfo.poolName)) {
    log.libxl("error", "create.illegal-pool", `Illegal pool specified: ${d.cInfo.poolName}`);
    return ERROR_INVAL;
  }

  createInfoSetdefault(env, d, info);

  const needPt = d.devices.pcidevs > 0 || d.devices.dtdevs > 0;
  if (d.cInfo.passthrough === "default") d.cInfo.passthrough = needPt ? "enabled" : "disabled";
  if (d.cInfo.passthrough !== "disabled" && !info.capHvmDirectio) {
    // The message carries its own "\n": xtl adds another, so an empty line follows.
    log.libxl(
      "error",
      "create.passthrough-unsupported",
      "passthrough not supported on this platform\n",
    );
    return ERROR_INVAL;
  }
  if (d.cInfo.passthrough === "disabled" && needPt) {
    log.libxl(
      "error",
      "create.passthrough-disabled",
      "passthrough disabled but devices are specified",
    );
    return ERROR_INVAL;
  }
  if (env.hv.arch === "arm64") {
    // libxl__arch_passthrough_mode_setdefault (Arm): enabled means share_pt.
    if (d.cInfo.passthrough === "enabled") d.cInfo.passthrough = "share_pt";
    if (d.cInfo.passthrough === "sync_pt") {
      log.libxl(
        "error",
        "arm.passthrough-unsupported",
        `passthrough="sync_pt" not supported on ARM\n`,
      );
      return ERROR_INVAL;
    }
  } else if (d.cInfo.passthrough === "enabled") d.cInfo.passthrough = "sync_pt";

  const rc = buildInfoSetdefault(env, d.bInfo, info);
  if (rc) {
    log.libxl("error", "create.build-info-defaults", "Unable to set domain build info defaults");
    return rc;
  }
  if (d.bInfo.vpmu && !info.capVpmu) {
    log.libxl("error", "create.vpmu-unsupported", "vPMU not supported on this platform");
    return ERROR_INVAL;
  }
  return 0;
}

/** libxl__domain_create_info_setdefault() with the Arm arch hook. */
function createInfoSetdefault(env: LibxlEnv, d: LibxlDomainConfig, info: Physinfo): void {
  if (env.hv.arch === "arm64" && d.cInfo.type === "pv") {
    // libxl__arch_domain_create_info_setdefault: Arm guests are PVH.
    env.log.libxl("warning", "arm.pv-to-pvh-1", "Converting PV guest to PVH.");
    env.log.libxl("warning", "arm.pv-to-pvh-2", "Arm guest are now PVH.");
    env.log.libxl("warning", "arm.pv-to-pvh-3", "Please fix your configuration file/toolstack.");
    d.cInfo.type = "pvh";
  }
  if (d.cInfo.type !== "pv") {
    d.cInfo.hap ??= info.capHap ? true : false;
    d.cInfo.oos ??= true;
  }
}

/** libxl__domain_build_info_setdefault() and libxl__arch_domain_build_info_setdefault(). */
function buildInfoSetdefault(env: LibxlEnv, b: LibxlBuildInfo, info: Physinfo): number {
  b.vpmu ??= false;
  if (!b.maxVcpus) b.maxVcpus = 1;
  b.maxMemkb ??= 32 * 1024;
  b.targetMemkb ??= b.maxMemkb;
  if (!b.eventChannels) b.eventChannels = 1023;

  const rc = archBuildInfoSetdefault(env, env.hv.arch, b, info);
  if (rc) {
    env.log.libxl(
      "error",
      "create.arch-build-info-defaults",
      "unable to set domain arch build info defaults",
    );
    return rc;
  }
  if (b.type !== "pv") b.nestedHvm ??= false;
  b.realm ??= false;
  if (b.maxGrantVersion === undefined) {
    b.maxGrantVersion = info.capGnttabV2 ? 2 : info.capGnttabV1 ? 1 : 0;
  } else if (b.maxGrantVersion & ~0xf) {
    env.log.libxl(
      "error",
      "create.max-grant-version",
      `max grant version ${b.maxGrantVersion} out of range`,
    );
    // `return -ERROR_INVAL`: a positive 6, which the caller still treats as failure.
    return -ERROR_INVAL;
  }
  return 0;
}

function archBuildInfoSetdefault(
  env: LibxlEnv,
  arch: HostArch,
  b: LibxlBuildInfo,
  info: Physinfo,
): number {
  if (arch !== "arm64") {
    b.acpi ??= b.type === "hvm";
    b.trapUnmappedAccesses ??= false;
    return 0;
  }
  b.acpi ??= false;
  b.trapUnmappedAccesses ??= true;
  const vl = b.archArm.sveVl;
  if (vl) {
    const max = info.armSveMax;
    if (!max) {
      env.log.libxl("error", "arm.sve-unsupported", "SVE is unsupported on this machine.");
      return ERROR_FAIL;
    }
    if (vl === -1) b.archArm.sveVl = max;
    else if (vl > max) {
      env.log.libxl(
        "error",
        "arm.sve-too-long",
        `Invalid sve value: ${vl}. Platform supports up to ${max} bits`,
      );
      return ERROR_FAIL;
    }
  }
  if (b.type !== "pv") return 0;
  env.log.libxl("debug", "arm.build-info-to-pvh", "Converting build_info to PVH");
  b.type = "pvh";
  return 0;
}
