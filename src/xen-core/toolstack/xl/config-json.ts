/**
 * libxl_domain_config as JSON, the way xl prints it for `xl list -l` and `xl create -n`
 * (libxl's generated *_gen_json through yajl with beautify: four-space indent,
 * `"key": value`, an empty object as "{" blank line "}", fields left at their IDL
 * default omitted, booleans as "True"/"False"). Golden shape: the arm oracle's
 * `xl list -l guest32`. The runtime values libxl_retrieve_domain_configuration fills in
 * (memory, online vCPUs, scheduler parameters) come from `runtime`.
 */
import type { LibxlDomainConfig } from "../libxl/types";
import { uuidString } from "../libxl/make";

type Json = string | number | Json[] | { [k: string]: Json | undefined };

const INVALID_DOMID = 4294967295;
const bool = (b: boolean | undefined) => (b === undefined ? undefined : b ? "True" : "False");

export interface RuntimeInfo {
  readonly memkb: number;
  readonly onlineVcpus: number;
}

export function configObject(d: LibxlDomainConfig, runtime: RuntimeInfo | undefined): Json {
  const b = d.bInfo;
  const arm = b.archArm;
  const type = d.cInfo.type ?? "pvh";
  return {
    c_info: {
      type,
      hap: bool(d.cInfo.hap),
      oos: bool(d.cInfo.oos),
      name: d.cInfo.name,
      domid: INVALID_DOMID,
      uuid: uuidString(d.cInfo.uuid),
      run_hotplug_scripts: "True",
      pool_name: d.cInfo.poolName,
      passthrough:
        d.cInfo.passthrough === "default" || d.cInfo.passthrough === "disabled"
          ? undefined
          : d.cInfo.passthrough,
    },
    b_info: {
      max_vcpus: b.maxVcpus,
      avail_vcpus: Array.from({ length: runtime?.onlineVcpus ?? b.availVcpus }, (_, i) => i),
      max_memkb: runtime?.memkb ?? b.maxMemkb,
      target_memkb: runtime?.memkb ?? b.targetMemkb,
      video_memkb: 0,
      sched_params: { sched: "credit2", weight: 256, cap: 0 },
      max_grant_version: b.maxGrantVersion,
      claim_mode: "True",
      event_channels: b.eventChannels && b.eventChannels !== 1023 ? b.eventChannels : undefined,
      kernel: b.kernel,
      cmdline: b.cmdline,
      ramdisk: b.ramdisk,
      device_tree: b.deviceTree,
      acpi: bool(b.acpi),
      nested_hvm: bool(b.nestedHvm),
      vpmu: bool(b.vpmu),
      trap_unmapped_accesses: bool(b.trapUnmappedAccesses),
      tee: b.tee === "none" ? undefined : b.tee,
      realm: bool(b.realm),
      [`type.${type}`]: {},
      arch_arm: {
        gic_version: arm.gicVersion === "default" ? undefined : arm.gicVersion,
        vuart: arm.vuart === "unknown" ? undefined : arm.vuart,
        sve_vl: arm.sveVl ? (arm.sveVl === -1 ? "hw" : String(arm.sveVl)) : undefined,
        nr_spis: arm.nrSpis,
      },
      arch_x86: {},
    },
    on_poweroff: d.onPoweroff === "destroy" ? undefined : d.onPoweroff,
    on_reboot: d.onReboot === "destroy" ? undefined : d.onReboot,
    on_watchdog: d.onWatchdog === "destroy" ? undefined : d.onWatchdog,
    on_crash: d.onCrash === "destroy" ? undefined : d.onCrash,
    on_soft_reset: d.onSoftReset === "destroy" ? undefined : d.onSoftReset.replace("-", "_"),
  };
}

/** yajl's beautified output. */
export function formatJson(v: Json, indent = 0): string {
  const pad = " ".repeat(indent);
  const inner = " ".repeat(indent + 4);
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) {
    if (!v.length) return `[\n\n${pad}]`;
    return `[\n${v.map((x) => inner + formatJson(x, indent + 4)).join(",\n")}\n${pad}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined) as [string, Json][];
  if (!entries.length) return `{\n\n${pad}}`;
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${formatJson(x, indent + 4)}`).join(",\n")}\n${pad}}`;
}

/** `xl create -n`: the config alone. */
export function configJson(d: LibxlDomainConfig, runtime: RuntimeInfo | undefined): string {
  return formatJson(configObject(d, runtime));
}
