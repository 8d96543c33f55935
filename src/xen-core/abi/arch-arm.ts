/**
 * Arm constants the model uses.
 * Sources: xen/include/public/arch-arm.h (PSR, guest layout, PPIs),
 * xen/arch/arm/include/asm/processor.h (HCR_EL2 bits), xen/arch/arm/traps.c (HVC tag).
 */

/** HVC immediate that marks a Xen hypercall (XEN_HYPERCALL_TAG). */
export const XEN_HYPERCALL_TAG = 0xea1;

/** HCR_EL2.RW: "Register Width, ARM64 only"; set = EL1 is AArch64. */
export const HCR_RW = 1n << 31n;
/** HCR_EL2.VM: stage-2 translation enabled. */
export const HCR_VM = 1n << 0n;
/**
 * The HCR_EL2 value Xen gives a guest vCPU before any mode switch. The value is the
 * one a real Xen printed for a 32-bit guest vCPU (`xl debug-keys d`,
 * shared/reference/xen-4.17-arm-oracle.md: `HCR_EL2: 00000000007c663f`); the 64-bit
 * guest showed the same value with RW (bit 31) set.
 */
export const HCR_GUEST_DEFAULT = 0x007c663fn;

/** PSR bits and modes. */
export const PSR_THUMB = 1 << 5;
export const PSR_FIQ_MASK = 1 << 6;
export const PSR_IRQ_MASK = 1 << 7;
export const PSR_ABT_MASK = 1 << 8;
export const PSR_DBG_MASK = 1 << 9;
export const PSR_MODE_BIT = 0x10; // set iff AArch32
export const PSR_MODE = {
  PSR_MODE_USR: 0x10,
  PSR_MODE_FIQ: 0x11,
  PSR_MODE_IRQ: 0x12,
  PSR_MODE_SVC: 0x13,
  PSR_MODE_MON: 0x16,
  PSR_MODE_ABT: 0x17,
  PSR_MODE_HYP: 0x1a,
  PSR_MODE_UND: 0x1b,
  PSR_MODE_SYS: 0x1f,
  PSR_MODE_EL3h: 0x0d,
  PSR_MODE_EL3t: 0x0c,
  PSR_MODE_EL2h: 0x09,
  PSR_MODE_EL2t: 0x08,
  PSR_MODE_EL1h: 0x05,
  PSR_MODE_EL1t: 0x04,
  PSR_MODE_EL0t: 0x00,
} as const;

/** Z|A|F|I|SVC: the CPSR of a 32-bit guest's first instruction. */
export const PSR_GUEST32_INIT = 0x400001d3;
/** D|A|F|I|EL1h: the CPSR of a 64-bit guest's first instruction (4.17 used 0x1c5). */
export const PSR_GUEST64_INIT = 0x3c5;

/** vcpu_guest_context.flags: VGCF_online brings the vCPU up. */
export const VGCF_online = 1 << 0;

/** MAX_VIRT_CPUS on arm64 (8 on arm32); vGIC v2 supports 8 vCPUs, v3 4096. */
export const ARM64_MAX_VIRT_CPUS = 128;
export const VGIC_V2_MAX_VCPUS = 8;
export const VGIC_V3_MAX_VCPUS = 4096;

/** Guest interrupt numbers. */
export const GUEST_EVTCHN_PPI = 31;
export const GUEST_TIMER_VIRT_PPI = 27;
export const GUEST_VPL011_SPI = 32;

/** Guest physical memory map: RAM bank 0. */
export const GUEST_RAM0_BASE = 0x40000000;
export const GUEST_RAM0_SIZE = 0xc0000000;
