/**
 * d->shared_info and each vCPU's vcpu_info area (xen/include/xen/shared.h,
 * xen/common/domain.c vcpu_info_reset / map_guest_area).
 *
 * - shared_info is a Xen page allocated at domain creation (arch_domain_create); Xen
 *   writes event bits into it before the guest ever sees it. XENMEM_add_to_physmap
 *   (XENMAPSPACE_shared_info) puts that page into the guest's physmap. A RAM-backed
 *   guest aliases the very page; an emulated guest whose RAM cannot alias gets the
 *   page's bytes copied into its frame, after which Xen uses that frame, which is the
 *   same thing as far as either side can observe.
 * - vcpu_info: vCPUs below XEN_LEGACY_MAX_VCPUS (1 on Arm, 32 on x86) start inside
 *   shared_info; the others point at a dummy until VCPUOP_register_vcpu_info. Xen's
 *   dummy_vcpu_info is one global; the model keeps one per domain so one domain's
 *   events cannot hide another's upcalls.
 * - The layout follows the guest's xen_ulong_t: Arm always 64-bit; x86 64-bit unless
 *   has_32bit_shinfo (PV32, or latched by hvm_latch_shinfo_size for an HVM guest not
 *   in 64-bit mode).
 */
import {
  SHARED_INFO_ARM,
  SHARED_INFO_X86_32,
  SHARED_INFO_X86_64,
  type SharedInfoLayout,
} from "./layout";
import { BytesPage, xenPage, type MappedPage } from "../memory/mapped-page";

export interface VcpuInfoArea {
  readonly page: MappedPage;
  /** Byte offset of struct vcpu_info in the page. */
  readonly off: number;
}

export class SharedInfo {
  /** The Xen page (d->shared_info). */
  readonly xen: BytesPage = xenPage();
  /** Where the guest mapped it (XENMAPSPACE_shared_info), if it did. */
  gfn: number | undefined = undefined;
  private currentPage: MappedPage = this.xen;
  private hasCompat = false;
  /** Registered vcpu_info areas (VCPUOP_register_vcpu_info), by vcpu_id. */
  private readonly registered: (VcpuInfoArea | undefined)[] = [];
  /** The legacy slots' areas, rebuilt when the page or the layout changes (hot path). */
  private legacy: VcpuInfoArea[] = [];
  private readonly dummy: VcpuInfoArea = { page: new BytesPage(new Uint8Array(64)), off: 0 };

  constructor(readonly arch: "arm" | "x86") {}

  /** How Xen reaches shared_info now (the Xen page, or the guest frame holding it). */
  get page(): MappedPage {
    return this.currentPage;
  }
  set page(p: MappedPage) {
    this.currentPage = p;
    this.legacy = [];
  }

  /** has_32bit_shinfo (x86 only). */
  get compat(): boolean {
    return this.hasCompat;
  }
  set compat(c: boolean) {
    this.hasCompat = c;
    this.legacy = [];
  }

  get layout(): SharedInfoLayout {
    if (this.arch === "arm") return SHARED_INFO_ARM;
    return this.compat ? SHARED_INFO_X86_32 : SHARED_INFO_X86_64;
  }

  /** BITS_PER_EVTCHN_WORD(d). */
  get wordBits(): 32 | 64 {
    return this.arch === "arm" ? 64 : this.compat ? 32 : 64;
  }

  /** v->vcpu_info_area.map: the registered area, the legacy slot, or the dummy. */
  vcpuInfo(vcpuId: number): VcpuInfoArea {
    const reg = this.registered[vcpuId];
    if (reg) return reg;
    const l = this.layout;
    if (vcpuId >= l.legacyVcpus) return this.dummy;
    let area = this.legacy[vcpuId];
    if (!area) {
      area = { page: this.currentPage, off: vcpuId * l.vcpuInfoSize };
      this.legacy[vcpuId] = area;
    }
    return area;
  }

  /** Whether the vCPU's vcpu_info is still the dummy (vcpu_info_populate's test). */
  isDummy(vcpuId: number): boolean {
    return !this.registered[vcpuId] && vcpuId >= this.layout.legacyVcpus;
  }

  isRegistered(vcpuId: number): boolean {
    return this.registered[vcpuId] !== undefined;
  }

  register(vcpuId: number, area: VcpuInfoArea): void {
    this.registered[vcpuId] = area;
  }
}
