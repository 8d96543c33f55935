/**
 * struct domain, as far as the lab models it (xen/include/xen/sched.h).
 * Fields keep Xen's meaning; the comments give the invariant each keeps.
 */
import { HVM_NR_PARAMS } from "../abi/guest-ops";
import { EvtchnDomain } from "../evtchn/evtchn";
import { SharedInfo } from "../evtchn/shared-info";
import { RamGuestMemory, type GuestMemory } from "../memory/guest-memory";
import type { EmulatedGuest } from "./emulated-guest";
import type { ModelledGuestHook } from "./modelled-guest";
import type { Vcpu } from "../vcpu/vcpu";

/** d->is_dying. */
export const DOMDYING = { alive: 0, dying: 1, dead: 2 } as const;
export type DomDying = (typeof DOMDYING)[keyof typeof DOMDYING];

/** The arch part of createdomain's config as the domain keeps it after sanitise. */
export interface ArmDomainConfig {
  readonly kind: "arm";
  /** OUT: NATIVE rewritten to the hardware's version. */
  gicVersion: number;
  nrSpis: number;
  sveVl: number;
  teeType: number;
}
export interface X86DomainConfig {
  readonly kind: "x86";
  emulationFlags: number;
  miscFlags: number;
}

export class Domain {
  /** Online / offline vCPUs; index = vcpu_id; only max_vcpus allocates them. */
  readonly vcpus: (Vcpu | undefined)[];
  /** controller_pause_count: starts at 1; "creation finished" when it first hits 0. */
  controllerPauseCount = 1;
  creationFinished = false;
  isDying: DomDying = DOMDYING.alive;
  /** Set by SCHEDOP_shutdown or domain_crash; shutdown_code is SHUTDOWN_*. */
  isShutdown = false;
  shutdownCode = 0;
  /** arm64: d->type (DOMAIN_32BIT = 0 from the zeroed struct → 32). */
  type: 32 | 64 = 32;
  maxPages = 0;
  /**
   * The frames Xen has given the domain (populate_physmap): tot_pages counts them. A
   * modelled domain's bytes live here too.
   */
  readonly ram = new RamGuestMemory();
  /** Real guest code attached by the emulator; undefined for a modelled domain. */
  emulated: EmulatedGuest | undefined = undefined;
  /** A modelled guest kernel (src/xen-core/guest) running in the domain, if booted. */
  modelled: ModelledGuestHook | undefined = undefined;
  /**
   * Event channels and shared_info (d->evtchn..., d->shared_info): created with the
   * domain, initialised by evtchn_init in domain_create.
   */
  readonly evtchn: EvtchnDomain;
  /** d->arch.hvm.params (HVMOP_set_param / get_param). */
  readonly hvmParams: bigint[] = new Array<bigint>(HVM_NR_PARAMS).fill(0n);
  /**
   * x86 hvm_irq->callback_via_type as hvm_set_callback_via left it: "none" when the
   * parameter is 0 or its GSI/INTx route needs an emulated PIC/IOAPIC/LAPIC the domain
   * lacks (PVH).
   */
  callbackVia: "none" | "gsi" | "pci_intx" | "vector" = "none";
  /** Event channel limit from createdomain, clamped to INT_MAX. */
  maxEvtchnPort = 0;
  maxGrantFrames = 0;
  maxMaptrackFrames = 0;
  maxGrantVersion = 0;
  handle = new Uint8Array(16);
  /** Arm: a vPL011 was set up (XEN_DOMCTL_vuart_op). */
  hasVpl011 = false;
  /** Arm: the stage-2 VMID p2m_alloc_vmid() gave it (lowest free; 0 is INVALID_VMID). */
  vmid = 0;
  /** Realm RFC: XEN_DOMCTL_arm_cca_op turned the domain into a Realm. */
  isRealm = false;
  ssidref = 0;

  constructor(
    readonly domid: number,
    /** d->options: the createdomain flags after sanitise (x86 may have added oos_off). */
    readonly options: number,
    readonly maxVcpus: number,
    readonly isControl: boolean,
    readonly isHvm: boolean,
    readonly arch: ArmDomainConfig | X86DomainConfig,
  ) {
    this.vcpus = new Array<Vcpu | undefined>(maxVcpus).fill(undefined);
    this.evtchn = new EvtchnDomain(
      domid,
      maxVcpus,
      new SharedInfo(arch.kind === "arm" ? "arm" : "x86"),
    );
  }

  /** domain_tot_pages(). */
  get totPages(): number {
    return this.ram.populatedPages;
  }

  /** Guest memory as Xen accesses it: the emulated guest's RAM, or the modelled one. */
  get memory(): GuestMemory {
    return this.emulated?.memory ?? this.ram;
  }

  get onlineVcpus(): number {
    let n = 0;
    for (const v of this.vcpus) if (v?.online) n++;
    return n;
  }

  vcpu(id: number): Vcpu | undefined {
    return Number.isInteger(id) && id >= 0 ? this.vcpus[id] : undefined;
  }
}
