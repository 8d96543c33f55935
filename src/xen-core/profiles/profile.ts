import type { SourceLines } from "./source-lines";

/**
 * A profile names one hypervisor behaviour: a Xen base plus the proposals applied.
 * It is data only. Code paths read named switches from it and never test a profile's
 * name, so a new proposal is a new table, not a new `if`.
 */

/** One XEN_DOMCTL_CDF_* bit as a given tree defines it. */
export interface CdfBit {
  readonly bit: number;
  /** Xen's name without the prefix, e.g. "nested_virt". */
  readonly name: string;
  readonly description: string;
}

/** What `switch_mode()` in xen/arch/arm/arm64/domctl.c does under this profile. */
export interface SwitchModeRules {
  /** Upstream returns 0 at once when the type does not change. */
  readonly sameTypeIsNoop: boolean;
  /** is_32bits v1: -EBUSY once any vCPU has been initialised (vcpus_check_initialised). */
  readonly busyIfVcpuInitialised: boolean;
  /** is_32bits v1 adds the AArch32 switch that clears HCR_EL2.RW; upstream leaves RW set. */
  readonly clearsRwOnSwitchTo32: boolean;
}

/** How the FIFO event channel ABI is offered (completed by the event channel model). */
export type FifoPolicy =
  /** CONFIG_EVTCHN_FIFO=y, no per-domain control (upstream). */
  | { readonly kind: "available" }
  /** CONFIG_EVTCHN_FIFO=n: init_control/expand_array return -EOPNOTSUPP. */
  | { readonly kind: "config-off" }
  /** disable_fifo v4: with the flag set, FIFO ops return -ENOSYS before any check. */
  | { readonly kind: "disable-flag"; readonly flag: string }
  /** evtchn_fifo v5: FIFO only when the opt-in flag is set. */
  | { readonly kind: "opt-in-flag"; readonly flag: string };

export interface Profile {
  readonly name: string;
  /** One line for `xenlab profiles` and the page's selector. */
  readonly description: string;
  /** The Xen tree the behaviour is modelled on. */
  readonly base: string;
  readonly xenVersion: { readonly major: number; readonly minor: number; readonly extra: string };
  /** Debug build (CONFIG_DEBUG): dprintk lines, 0xDEADBEEF clobbers, debug HVC traps. */
  readonly debug: boolean;
  /** The XEN_DOMCTL_CDF_* bits this tree defines. */
  readonly cdfBits: readonly CdfBit[];
  /** Names (from cdfBits) that common sanitise_domain_config accepts. */
  readonly commonCdfAccepted: readonly string[];
  /** Arm's flags_optional in arch_sanitise_domain_config (flags_required is hvm|hap). */
  readonly armCdfOptional: readonly string[];
  /** arm64 default domain type at creation: 32 upstream (zeroed struct). */
  readonly arm64DefaultType: 32 | 64;
  /** A CDF flag that sets the arm64 domain type at creation (set = 32-bit). */
  readonly armTypeFlag?: string;
  readonly switchMode: SwitchModeRules;
  /** Since 4.17 (commit 32365f3476) every entry from AArch32 zeroes x0..x30's top halves. */
  readonly aarch32ZeroesUpperHalves: boolean;
  readonly fifo: FifoPolicy;
  /** dprintk line numbers of the base tree, keyed "file:line-in-today's-tree". */
  readonly sourceLines?: SourceLines;
  /**
   * The toolstack this tree ships. (The is_32bits follow-up "probe-first" is not a
   * profile: it is a toolstack option the user turns on, ToolstackOptions.probeFirst,
   * because the v1 patch itself left libxl unchanged.)
   */
  readonly toolstack: {
    /**
     * Realm RFC v1: xl reads `realm=`, libxl checks the config, builds the Realm device
     * tree and finalises with XEN_DOMCTL_arm_cca_op. Without it `realm` is an unknown
     * key, which xl ignores silently.
     */
    readonly realm: boolean;
  };
  /**
   * Realm RFC v1 in the hypervisor: XEN_DOMCTL_arm_cca_op (91). `debugVuart` is
   * CONFIG_ARM_CCA_REALM_DEBUG_VUART (off unless chosen: a Realm with a vPL011 is
   * refused at finalisation).
   */
  readonly armCca?: { readonly debugVuart: boolean };
}
