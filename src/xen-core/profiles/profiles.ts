/**
 * The named profiles. Each is data (see profile.ts); DESIGN.md lists them.
 */
import {
  CDF_4_16,
  CDF_DISABLE_FIFO_V4,
  CDF_EVTCHN_FIFO_V5,
  CDF_IS_32BITS_V1,
  CDF_UPSTREAM,
  UPSTREAM_ARM_OPTIONAL,
  UPSTREAM_COMMON_ACCEPTED,
} from "./cdf-tables";
import type { Profile } from "./profile";
import { LINES_4_15, LINES_4_16, LINES_4_21 } from "./source-lines";

const UPSTREAM_SWITCH_MODE = {
  sameTypeIsNoop: true,
  busyIfVcpuInitialised: false,
  clearsRwOnSwitchTo32: false,
} as const;

const NO_TOOLSTACK_EXTRAS = { realm: false } as const;

const upstream: Profile = {
  name: "upstream",
  description: "Xen 4.22 as released, debug build (dprintk messages, 0xDEADBEEF clobbers)",
  base: "4.22",
  xenVersion: { major: 4, minor: 22, extra: ".0" },
  debug: true,
  cdfBits: CDF_UPSTREAM,
  commonCdfAccepted: UPSTREAM_COMMON_ACCEPTED,
  armCdfOptional: UPSTREAM_ARM_OPTIONAL,
  arm64DefaultType: 32,
  switchMode: UPSTREAM_SWITCH_MODE,
  aarch32ZeroesUpperHalves: true,
  fifo: { kind: "available" },
  toolstack: NO_TOOLSTACK_EXTRAS,
};

const upstreamRelease: Profile = {
  ...upstream,
  name: "upstream-release",
  description: "Xen 4.22, release build: no dprintk lines, no register clobbering",
  debug: false,
};

/** Xen 4.16: AArch32 entry leaves the top halves of x0..x30 as they were. */
const pre417: Profile = {
  ...upstream,
  name: "pre-4.17",
  description: "Xen 4.16 debug: AArch32 hypercalls see stale upper register halves",
  base: "4.16",
  xenVersion: { major: 4, minor: 16, extra: ".0" },
  cdfBits: CDF_4_16,
  commonCdfAccepted: CDF_4_16.map((b) => b.name),
  // RELEASE-4.16.0 xen/arch/arm/domain.c: flags_optional = iommu | vpmu.
  armCdfOptional: ["iommu", "vpmu"],
  sourceLines: LINES_4_16,
  aarch32ZeroesUpperHalves: false,
};

/**
 * CDF_is_32bits v1 on today's tree: common and Arm accept bit 9, arm64 defaults to
 * 64-bit with the flag selecting 32, switch_mode checks initialised vCPUs and can clear
 * RW. x86 was not changed by the patch, so x86 accepts the flag and ignores it: the
 * review finding that "x86 must reject the flag until it handles it".
 */
const is32bitsV1: Profile = {
  ...upstream,
  name: "is-32bits-v1",
  description: "XEN_DOMCTL_CDF_is_32bits v1 (2025-07-31): arm64 type chosen at createdomain",
  base: "4.21-unstable",
  xenVersion: { major: 4, minor: 21, extra: "-unstable" },
  cdfBits: CDF_IS_32BITS_V1,
  commonCdfAccepted: CDF_IS_32BITS_V1.map((b) => b.name),
  armCdfOptional: [...UPSTREAM_ARM_OPTIONAL, "is_32bits"],
  sourceLines: LINES_4_21,
  arm64DefaultType: 64,
  armTypeFlag: "is_32bits",
  switchMode: { sameTypeIsNoop: false, busyIfVcpuInitialised: true, clearsRwOnSwitchTo32: true },
  // The patch left libxl unchanged: xl still calls set_address_size. The follow-up it
  // announces (probe before createdomain) is the toolstack option probe-first.
  toolstack: NO_TOOLSTACK_EXTRAS,
};

/** disable_fifo v4 (2020-11-24) on its 4.15-era base. */
const disableFifoV4: Profile = {
  ...upstream,
  name: "disable-fifo-v4",
  description: "XEN_DOMCTL_CDF_disable_fifo v4 (2020): bit 7 makes FIFO ops return -ENOSYS",
  base: "4.15-unstable",
  xenVersion: { major: 4, minor: 15, extra: "-unstable" },
  cdfBits: CDF_DISABLE_FIFO_V4,
  commonCdfAccepted: CDF_DISABLE_FIFO_V4.map((b) => b.name),
  // RELEASE-4.15.0 Arm accepts iommu only; v4 lets its own flag through too
  // (UNVERIFIED against the v4 mail: the flag is common, not Arm-specific).
  armCdfOptional: ["iommu", "disable_fifo"],
  sourceLines: LINES_4_15,
  fifo: { kind: "disable-flag", flag: "disable_fifo" },
};

/** evtchn_fifo v5 (2020-12-03): reversed sense, FIFO only with the opt-in flag. */
const evtchnFifoV5: Profile = {
  ...disableFifoV4,
  name: "evtchn-fifo-v5",
  description: "XEN_DOMCTL_CDF_evtchn_fifo v5 (2020): FIFO only for domains that opt in",
  cdfBits: CDF_EVTCHN_FIFO_V5,
  commonCdfAccepted: CDF_EVTCHN_FIFO_V5.map((b) => b.name),
  armCdfOptional: ["iommu", "evtchn_fifo"],
  fifo: { kind: "opt-in-flag", flag: "evtchn_fifo" },
};

/** What landed instead: CONFIG_EVTCHN_FIFO=n (2025). */
const evtchnFifoOff: Profile = {
  ...upstream,
  name: "evtchn-fifo-off",
  description: "Xen 4.22 built with CONFIG_EVTCHN_FIFO=n: FIFO ops return -EOPNOTSUPP",
  fifo: { kind: "config-off" },
};

/**
 * Arm CCA Realm RFC v1 (2026-05-15): libxl's Realm checks and device tree, and the
 * finalisation domctl; no new CDF flag. CONFIG_ARM_CCA_REALM_DEBUG_VUART is off.
 */
const realmRfcV1: Profile = {
  ...upstream,
  name: "realm-rfc-v1",
  description: "Arm CCA Realm RFC v1 (2026-05): xl realm=true, its checks and device tree",
  toolstack: { realm: true },
  armCca: { debugVuart: false },
};

export const PROFILES: readonly Profile[] = [
  upstream,
  upstreamRelease,
  pre417,
  is32bitsV1,
  disableFifoV4,
  evtchnFifoV5,
  evtchnFifoOff,
  realmRfcV1,
];

export const DEFAULT_PROFILE = "upstream";

export function getProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name);
}

/** Flags word → bit mask of the named CDF bits of a profile. */
export function cdfMask(profile: Profile, names: readonly string[]): number {
  let mask = 0;
  for (const name of names) {
    const entry = profile.cdfBits.find((b) => b.name === name);
    if (entry) mask |= 1 << entry.bit;
  }
  return mask >>> 0;
}

/** The bit of one named flag, or undefined when the profile's tree lacks it. */
export function cdfBit(profile: Profile, name: string): number | undefined {
  const entry = profile.cdfBits.find((b) => b.name === name);
  return entry ? (1 << entry.bit) >>> 0 : undefined;
}
