/**
 * libxl_domain_config as far as the lab's xl and libxl use it
 * (tools/libs/light/libxl_types.idl). A `libxl_defbool` is `boolean | undefined`
 * (undefined = "default", resolved by the setdefault functions); LIBXL_MEMKB_DEFAULT
 * and the other "default" sentinels are `undefined` too.
 */

export type LibxlDomainType = "hvm" | "pv" | "pvh";
export type LibxlGicVersion = "default" | "v2" | "v3";
export type LibxlTeeType = "none" | "optee" | "ffa";
export type LibxlVuartType = "unknown" | "sbsa_uart";
export type LibxlPassthrough = "default" | "disabled" | "enabled" | "sync_pt" | "share_pt";
export type LibxlShutdownAction =
  | "destroy"
  | "restart"
  | "rename-restart"
  | "preserve"
  | "coredump-destroy"
  | "coredump-restart"
  | "soft-reset";

/** Devices the lab does not model: it only counts them (libxl_domain_config num_*). */
export interface LibxlDeviceCounts {
  disks: number;
  nics: number;
  pcidevs: number;
  dtdevs: number;
  vtpms: number;
  vfbs: number;
  vkbs: number;
  p9s: number;
  pvcallsifs: number;
  vdispls: number;
  vsnds: number;
  channels: number;
  usbctrls: number;
  usbdevs: number;
  virtios: number;
}

export interface LibxlCreateInfo {
  type: LibxlDomainType | undefined;
  name: string;
  uuid: Uint8Array;
  hap: boolean | undefined;
  oos: boolean | undefined;
  passthrough: LibxlPassthrough;
  poolName: string | undefined;
}

export interface LibxlBuildInfo {
  type: LibxlDomainType | undefined;
  maxVcpus: number;
  /** avail_vcpus: vCPUs 0..n-1 online at boot. */
  availVcpus: number;
  targetMemkb: number | undefined;
  maxMemkb: number | undefined;
  /** event_channels: 0 until setdefault picks 1023. */
  eventChannels: number;
  maxGrantFrames: number;
  maxMaptrackFrames: number;
  /** LIBXL_MAX_GRANT_DEFAULT is undefined. */
  maxGrantVersion: number | undefined;
  kernel: string | undefined;
  ramdisk: string | undefined;
  cmdline: string | undefined;
  deviceTree: string | undefined;
  acpi: boolean | undefined;
  nestedHvm: boolean | undefined;
  vpmu: boolean | undefined;
  trapUnmappedAccesses: boolean | undefined;
  /** Realm RFC v1: libxl_domain_build_info.realm. */
  realm: boolean | undefined;
  tee: LibxlTeeType;
  archArm: {
    gicVersion: LibxlGicVersion;
    vuart: LibxlVuartType;
    /** Vector length in bits; -1 = "hw"; 0 = disabled. */
    sveVl: number;
    /** undefined = LIBXL_NR_SPIS_DEFAULT. */
    nrSpis: number | undefined;
  };
  irqs: number[];
  numIomem: number;
  numVnumaNodes: number;
}

export interface LibxlDomainConfig {
  cInfo: LibxlCreateInfo;
  bInfo: LibxlBuildInfo;
  devices: LibxlDeviceCounts;
  onPoweroff: LibxlShutdownAction;
  onReboot: LibxlShutdownAction;
  onWatchdog: LibxlShutdownAction;
  onCrash: LibxlShutdownAction;
  onSoftReset: LibxlShutdownAction;
}

export function noDevices(): LibxlDeviceCounts {
  return {
    disks: 0,
    nics: 0,
    pcidevs: 0,
    dtdevs: 0,
    vtpms: 0,
    vfbs: 0,
    vkbs: 0,
    p9s: 0,
    pvcallsifs: 0,
    vdispls: 0,
    vsnds: 0,
    channels: 0,
    usbctrls: 0,
    usbdevs: 0,
    virtios: 0,
  };
}

/** libxl_domain_config_copy(): a deep copy (libxl keeps the user's config this way). */
export function copyDomainConfig(d: LibxlDomainConfig): LibxlDomainConfig {
  return {
    ...d,
    cInfo: { ...d.cInfo, uuid: d.cInfo.uuid.slice() },
    bInfo: { ...d.bInfo, archArm: { ...d.bInfo.archArm }, irqs: [...d.bInfo.irqs] },
    devices: { ...d.devices },
  };
}
