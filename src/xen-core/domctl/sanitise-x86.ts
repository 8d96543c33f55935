/**
 * x86's arch_sanitise_domain_config(), xen/arch/x86/domain.c, in Xen's order. Every
 * failure is -EINVAL with a dprintk. It also forces oos_off on PV domains, silently.
 *
 * Note what it does not check: flags it does not know. A flag that common code
 * accepts (is_32bits v1's bit 9) passes x86 untouched and is ignored: the review
 * finding on v1 ("x86 must reject the flag until it handles it").
 */
import { XEN_X86_MSR_RELAXED } from "../abi/domctl";
import { XEN_ERRNO } from "../abi/errno";
import { hashX } from "../format";
import type { HostCapabilities } from "../hypervisor/host";
import { cdfBit } from "../profiles/profiles";
import type { Profile } from "../profiles/profile";
import type { CreateDomainConfig } from "./createdomain-config";
import { dprintkFail, type XenDiagnostic } from "./diagnostic";

const FILE = "arch/x86/domain.c";
const EINVAL = -XEN_ERRNO.EINVAL;
/** HVM_MAX_VCPUS; PV's MAX_VIRT_CPUS is 8192 on the modelled build. */
export const HVM_MAX_VCPUS = 128;
export const PV_MAX_VIRT_CPUS = 8192;
const ALTP2M_MODE_MASK = 0x3;
/** MAX_NR_ALTP2M = MAX_EPTP = PAGE_SIZE / 8 (arch/x86/include/asm/domain.h). */
const MAX_NR_ALTP2M = 512;

export function x86SanitiseDomainConfig(
  c: CreateDomainConfig,
  profile: Profile,
  host: HostCapabilities,
): XenDiagnostic | undefined {
  const bit = (name: string) => cdfBit(profile, name) ?? 0;
  const hvm = (c.flags & bit("hvm")) !== 0;
  const hap = (c.flags & bit("hap")) !== 0;
  const nestedVirt = (c.flags & bit("nested_virt")) !== 0;
  const altp2mMode = c.altp2mOpts & ALTP2M_MODE_MASK;

  if (hvm ? !host.hvm : !host.pv) {
    return dprintkFail(EINVAL, FILE, 604, `${hvm ? "HVM" : "PV"} support not available`);
  }
  const maxVcpus = hvm ? HVM_MAX_VCPUS : PV_MAX_VIRT_CPUS;
  if (c.maxVcpus > maxVcpus) {
    return dprintkFail(
      EINVAL,
      FILE,
      612,
      `Requested vCPUs (${c.maxVcpus >>> 0}) exceeds max (${maxVcpus})`,
    );
  }
  if (!host.tboot && c.flags & bit("s3_integrity")) {
    return dprintkFail(EINVAL, FILE, 620, "S3 integrity check not valid without CONFIG_TBOOT");
  }
  if (hap && !host.hap) return dprintkFail(EINVAL, FILE, 626, "HAP requested but not available");
  if (hvm && !hap && !host.shadowPaging) {
    return dprintkFail(EINVAL, FILE, 632, "Shadow paging requested but not available");
  }
  if (!hvm) {
    // evtchn_fifo v5 ("[PATCH v5 2/4]", <20201203124159.3688-3-paul@xen.org>): the
    // per-vCPU upcall flag is for HVM guests only. Only a tree that defines the bit
    // has the check (the line is RELEASE-4.15.0's `if ( !hvm )` plus the patch's four).
    const upcall = cdfBit(profile, "evtchn_upcall");
    if (upcall !== undefined && c.flags & upcall) {
      return dprintkFail(
        EINVAL,
        FILE,
        654,
        "Per-vCPU event channel vector only supported for HVM guests",
      );
    }
    // Only meaningful for HVM guests to have oos_off clear.
    c.flags = (c.flags | bit("oos_off")) >>> 0;
  }
  if (nestedVirt && !host.nestedVirt) {
    return dprintkFail(EINVAL, FILE, 645, "Nested virt requested but not available");
  }
  if (nestedVirt && !hap)
    return dprintkFail(EINVAL, FILE, 651, "Nested virt not supported without HAP");
  if (c.vmtraceSize) {
    // Common code already rejected vmtrace on hosts without it.
    const size = c.vmtraceSize >>> 0;
    if (!hvm) return dprintkFail(EINVAL, FILE, 667, "vmtrace not supported for PV");
    if (size < 4096 || size > 64 * 1024 * 1024 || size & (size - 1)) {
      return dprintkFail(EINVAL, FILE, 673, `Unsupported vmtrace size: ${hashX(size)}`);
    }
  }
  const trap = cdfBit(profile, "trap_unmapped_accesses");
  if (trap !== undefined && c.flags & trap) {
    return dprintkFail(
      EINVAL,
      FILE,
      680,
      `Unsupported trap_unmapped_accesses flag ${hashX(c.flags)}`,
    );
  }
  if ((c.x86.miscFlags & ~XEN_X86_MSR_RELAXED) >>> 0) {
    return dprintkFail(EINVAL, FILE, 687, `Invalid arch misc flags ${hashX(c.x86.miscFlags)}`);
  }
  if (c.altp2mOpts & ~ALTP2M_MODE_MASK) {
    // Xen prints the flags word here, not the altp2m options (a real quirk).
    return dprintkFail(EINVAL, FILE, 694, `Invalid altp2m options selected: ${hashX(c.flags)}`);
  }
  if (altp2mMode) {
    if (!host.altp2m) return dprintkFail(EINVAL, FILE, 703, "altp2m is not supported");
    if (!hap) return dprintkFail(EINVAL, FILE, 709, "altp2m is only supported with HAP");
    if (nestedVirt) {
      return dprintkFail(EINVAL, FILE, 715, "Nested virt and altp2m are not supported together");
    }
    if (!c.altp2mNr) {
      return dprintkFail(EINVAL, FILE, 722, "altp2m must be requested with altp2m.nr > 0");
    }
    if (c.altp2mNr > MAX_NR_ALTP2M) {
      return dprintkFail(EINVAL, FILE, 729, `altp2m.nr must be <= ${MAX_NR_ALTP2M}`);
    }
  } else if (c.altp2mNr) {
    return dprintkFail(EINVAL, FILE, 735, "altp2m.nr must be zero when altp2m is off");
  }
  return undefined;
}

/** XEN_X86_EMU_ALL: bits 0..10 (LAPIC .. VPCI). */
export const XEN_X86_EMU_ALL = 0x7ff;
const X86_EMU_LAPIC = 1 << 0;
const X86_EMU_PIT = 1 << 8;
const X86_EMU_USE_PIRQ = 1 << 9;
const X86_EMU_VPCI = 1 << 10;

/** emulation_flags_ok() for a domU (arch/x86/domain.c). */
export function x86EmulationFlagsOk(hvm: boolean, emflags: number): boolean {
  const configs = hvm
    ? [
        { min: X86_EMU_LAPIC, opt: 0 }, // PVH domU
        { min: XEN_X86_EMU_ALL & ~(X86_EMU_VPCI | X86_EMU_USE_PIRQ), opt: X86_EMU_USE_PIRQ }, // HVM
      ]
    : [{ min: 0, opt: X86_EMU_PIT }]; // PV
  return configs.some((cfg) => (emflags & ~cfg.opt) >>> 0 === cfg.min);
}
