/**
 * XENVER_get_features submap 0 (xen/common/kernel.c; bits from
 * xen/include/public/features.h).
 */
import type { Domain } from "../domain/domain";
import type { HostArch } from "../hypervisor/host";

export const XENFEAT = {
  XENFEAT_writable_page_tables: 0,
  XENFEAT_auto_translated_physmap: 2,
  XENFEAT_mmu_pt_update_preserve_ad: 5,
  XENFEAT_highmem_assist: 6,
  XENFEAT_gnttab_map_avail_bits: 7,
  XENFEAT_hvm_callback_vector: 8,
  XENFEAT_hvm_safe_pvclock: 9,
  XENFEAT_hvm_pirqs: 10,
  XENFEAT_dom0: 11,
  XENFEAT_memory_op_vnode_supported: 13,
  XENFEAT_ARM_SMCCC_supported: 14,
  XENFEAT_not_direct_mapped: 16,
  XENFEAT_direct_mapped: 17,
  XENFEAT_runstate_phys_area: 18,
  XENFEAT_vcpu_time_phys_area: 19,
  XENFEAT_dm_msix_all_writes: 20,
} as const;

const bit = (name: keyof typeof XENFEAT) => (1 << XENFEAT[name]) >>> 0;
/** XEN_X86_EMU_USE_PIRQ: has_pirq(d). */
const X86_EMU_USE_PIRQ = 1 << 9;

export function xenFeatures(arch: HostArch, d: Domain): number {
  let f = bit("XENFEAT_memory_op_vnode_supported") | bit("XENFEAT_runstate_phys_area");
  if (arch === "x86_64") f |= bit("XENFEAT_vcpu_time_phys_area");
  // paging_mode_translate: every Arm domain and every x86 HVM domain.
  const translated = arch === "arm64" || d.isHvm;
  if (translated) f |= bit("XENFEAT_writable_page_tables") | bit("XENFEAT_auto_translated_physmap");
  if (d.isControl) f |= bit("XENFEAT_dom0");
  if (arch === "arm64") f |= bit("XENFEAT_ARM_SMCCC_supported");
  if (arch === "x86_64") {
    if (!d.isHvm) {
      f |=
        bit("XENFEAT_mmu_pt_update_preserve_ad") |
        bit("XENFEAT_highmem_assist") |
        bit("XENFEAT_gnttab_map_avail_bits");
    } else {
      const pirq = d.arch.kind === "x86" && (d.arch.emulationFlags & X86_EMU_USE_PIRQ) !== 0;
      f |=
        bit("XENFEAT_hvm_safe_pvclock") |
        bit("XENFEAT_hvm_callback_vector") |
        (pirq ? bit("XENFEAT_hvm_pirqs") : 0);
    }
    f |= bit("XENFEAT_dm_msix_all_writes");
  }
  // Arm dom0 is direct-mapped (1:1); domUs are not. x86 PV is not translated.
  const directMapped = !translated || (arch === "arm64" && d.isControl);
  f |= directMapped ? bit("XENFEAT_direct_mapped") : bit("XENFEAT_not_direct_mapped");
  return f >>> 0;
}
