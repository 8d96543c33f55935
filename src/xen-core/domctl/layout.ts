/**
 * Byte layouts of the domctl structs (offsets computed from xen/include/public/domctl.h
 * and arch-arm.h; every struct is little-endian, 64-bit handles on all arches).
 */

/** struct xen_domctl: 16-byte header, 128-byte union at 16. */
export const XEN_DOMCTL_SIZE = 144;
export const DOMCTL = { cmd: 0, interface_version: 4, domain: 8, u: 16 } as const;

/** struct xen_domctl_createdomain (76 bytes), offsets inside the union. */
export const CREATEDOMAIN = {
  ssidref: 0,
  handle: 4,
  flags: 20,
  iommu_opts: 24,
  max_vcpus: 28,
  max_evtchn_port: 32,
  max_grant_frames: 36,
  max_maptrack_frames: 40,
  grant_opts: 44,
  altp2m_opts: 48,
  altp2m_nr: 50,
  vmtrace_size: 52,
  cpupool_id: 56,
  arch: 60,
} as const;

/** Arm struct xen_arch_domainconfig (16 bytes) inside createdomain.arch. */
export const ARM_ARCH_CONFIG = {
  gic_version: 0,
  sve_vl: 1,
  tee_type: 2,
  nr_spis: 4,
  clock_frequency: 8,
  arm_sci_type: 12,
  v8r_el1_msa: 13,
  pad: 14,
} as const;

/** x86 struct xen_arch_domainconfig inside createdomain.arch. */
export const X86_ARCH_CONFIG = { emulation_flags: 0, misc_flags: 4 } as const;

/** struct xen_domctl_getdomaininfo (OUT), offsets inside the union. */
export const GETDOMAININFO = {
  domain: 0,
  flags: 4,
  tot_pages: 8,
  max_pages: 16,
  outstanding_pages: 24,
  shr_pages: 32,
  paged_pages: 40,
  shared_info_frame: 48,
  cpu_time: 56,
  nr_online_vcpus: 64,
  max_vcpu_id: 68,
  ssidref: 72,
  handle: 76,
  cpupool: 92,
  gpaddr_bits: 96,
  arch_config: 104,
} as const;

/** Single-field payloads. */
export const MAX_MEM = { max_memkb: 0 } as const;
export const MAX_VCPUS = { max: 0 } as const;
export const ADDRESS_SIZE = { size: 0 } as const;
export const VCPUCONTEXT = { vcpu: 0, ctxt: 8 } as const;

/**
 * Arm struct vcpu_guest_context (xen/include/public/arch-arm.h, 4.22): u32 flags, then
 * vcpu_guest_core_regs at 8 (x0..x30, pc64, u64 cpsr, spsr_el1 / spsr_svc, the
 * AArch32 banked SPSRs, sp_el0, sp_el1, elr_el1; 312 bytes), then u64 sctlr, ttbcr,
 * ttbr0, ttbr1. 352 bytes.
 */
export const ARM_VCPU_GUEST_CONTEXT = {
  flags: 0,
  x0: 8,
  pc64: 8 + 248,
  cpsr: 8 + 256,
  spsr_el1: 8 + 264,
  spsr_fiq: 8 + 272,
  spsr_irq: 8 + 276,
  spsr_und: 8 + 280,
  spsr_abt: 8 + 284,
  sp_el0: 8 + 288,
  sp_el1: 8 + 296,
  elr_el1: 8 + 304,
  sctlr: 320,
  ttbcr: 328,
  ttbr0: 336,
  ttbr1: 344,
  size: 352,
} as const;

/**
 * The lab's x86 modelled vCPU context: the 32-bit general registers in
 * struct cpu_user_regs order of the x86_32 public header (ebx ecx edx esi edi ebp eax,
 * then eip, cs, eflags, esp), prefixed by flags and followed by cr0/cr3/cr4. Only the
 * modelled (non-emulated) x86 domains use it; see the note in vcpucontext.ts.
 */
export const X86_LAB_VCPU_CONTEXT = {
  flags: 0,
  ebx: 4,
  ecx: 8,
  edx: 12,
  esi: 16,
  edi: 20,
  ebp: 24,
  eax: 28,
  eip: 32,
  cs: 36,
  eflags: 40,
  esp: 44,
  cr0: 48,
  cr3: 52,
  cr4: 56,
  size: 60,
} as const;
