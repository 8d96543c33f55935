/**
 * struct xen_domctl_createdomain, decoded. Field names follow domctl.h in camelCase.
 */
import type { StructBuf } from "../memory/struct-buf";
import { ARM_ARCH_CONFIG, CREATEDOMAIN, DOMCTL, X86_ARCH_CONFIG } from "./layout";

export interface CreateDomainConfig {
  ssidref: number;
  handle: Uint8Array;
  flags: number;
  iommuOpts: number;
  maxVcpus: number;
  maxEvtchnPort: number;
  /** Signed: < 0 asks for the hypervisor default. */
  maxGrantFrames: number;
  maxMaptrackFrames: number;
  grantOpts: number;
  altp2mOpts: number;
  altp2mNr: number;
  vmtraceSize: number;
  cpupoolId: number;
  arm: {
    gicVersion: number;
    sveVl: number;
    teeType: number;
    nrSpis: number;
    clockFrequency: number;
    armSciType: number;
    v8rEl1Msa: number;
    pad: number;
  };
  x86: { emulationFlags: number; miscFlags: number };
}

const U = DOMCTL.u;
const A = U + CREATEDOMAIN.arch;

export function decodeCreateDomain(buf: StructBuf): CreateDomainConfig {
  return {
    ssidref: buf.u32(U + CREATEDOMAIN.ssidref),
    handle: buf.bytes.slice(U + CREATEDOMAIN.handle, U + CREATEDOMAIN.handle + 16),
    flags: buf.u32(U + CREATEDOMAIN.flags),
    iommuOpts: buf.u32(U + CREATEDOMAIN.iommu_opts),
    maxVcpus: buf.u32(U + CREATEDOMAIN.max_vcpus),
    maxEvtchnPort: buf.u32(U + CREATEDOMAIN.max_evtchn_port),
    maxGrantFrames: buf.i32(U + CREATEDOMAIN.max_grant_frames),
    maxMaptrackFrames: buf.i32(U + CREATEDOMAIN.max_maptrack_frames),
    grantOpts: buf.u32(U + CREATEDOMAIN.grant_opts),
    altp2mOpts: buf.u16(U + CREATEDOMAIN.altp2m_opts),
    altp2mNr: buf.u16(U + CREATEDOMAIN.altp2m_nr),
    vmtraceSize: buf.u32(U + CREATEDOMAIN.vmtrace_size),
    cpupoolId: buf.u32(U + CREATEDOMAIN.cpupool_id),
    arm: {
      gicVersion: buf.u8(A + ARM_ARCH_CONFIG.gic_version),
      sveVl: buf.u8(A + ARM_ARCH_CONFIG.sve_vl),
      teeType: buf.u16(A + ARM_ARCH_CONFIG.tee_type),
      nrSpis: buf.u32(A + ARM_ARCH_CONFIG.nr_spis),
      clockFrequency: buf.u32(A + ARM_ARCH_CONFIG.clock_frequency),
      armSciType: buf.u8(A + ARM_ARCH_CONFIG.arm_sci_type),
      v8rEl1Msa: buf.u8(A + ARM_ARCH_CONFIG.v8r_el1_msa),
      pad: buf.u16(A + ARM_ARCH_CONFIG.pad),
    },
    x86: {
      emulationFlags: buf.u32(A + X86_ARCH_CONFIG.emulation_flags),
      miscFlags: buf.u32(A + X86_ARCH_CONFIG.misc_flags),
    },
  };
}

/** Write the config into a domctl buffer (the toolstack side, libxc's job). */
export function encodeCreateDomain(
  buf: StructBuf,
  c: CreateDomainConfig,
  arch: "arm64" | "x86_64",
): void {
  buf.setU32(U + CREATEDOMAIN.ssidref, c.ssidref);
  buf.bytes.set(c.handle.subarray(0, 16), U + CREATEDOMAIN.handle);
  buf.setU32(U + CREATEDOMAIN.flags, c.flags);
  buf.setU32(U + CREATEDOMAIN.iommu_opts, c.iommuOpts);
  buf.setU32(U + CREATEDOMAIN.max_vcpus, c.maxVcpus);
  buf.setU32(U + CREATEDOMAIN.max_evtchn_port, c.maxEvtchnPort);
  buf.setI32(U + CREATEDOMAIN.max_grant_frames, c.maxGrantFrames);
  buf.setI32(U + CREATEDOMAIN.max_maptrack_frames, c.maxMaptrackFrames);
  buf.setU32(U + CREATEDOMAIN.grant_opts, c.grantOpts);
  buf.setU16(U + CREATEDOMAIN.altp2m_opts, c.altp2mOpts);
  buf.setU16(U + CREATEDOMAIN.altp2m_nr, c.altp2mNr);
  buf.setU32(U + CREATEDOMAIN.vmtrace_size, c.vmtraceSize);
  buf.setU32(U + CREATEDOMAIN.cpupool_id, c.cpupoolId);
  if (arch === "arm64") {
    buf.setU8(A + ARM_ARCH_CONFIG.gic_version, c.arm.gicVersion);
    buf.setU8(A + ARM_ARCH_CONFIG.sve_vl, c.arm.sveVl);
    buf.setU16(A + ARM_ARCH_CONFIG.tee_type, c.arm.teeType);
    buf.setU32(A + ARM_ARCH_CONFIG.nr_spis, c.arm.nrSpis);
    buf.setU32(A + ARM_ARCH_CONFIG.clock_frequency, c.arm.clockFrequency);
    buf.setU8(A + ARM_ARCH_CONFIG.arm_sci_type, c.arm.armSciType);
    buf.setU8(A + ARM_ARCH_CONFIG.v8r_el1_msa, c.arm.v8rEl1Msa);
    buf.setU16(A + ARM_ARCH_CONFIG.pad, c.arm.pad);
  } else {
    buf.setU32(A + X86_ARCH_CONFIG.emulation_flags, c.x86.emulationFlags);
    buf.setU32(A + X86_ARCH_CONFIG.misc_flags, c.x86.miscFlags);
  }
}

/**
 * What libxl passes when a caller names nothing else (libxl_create.c): max_evtchn_port
 * 1023, grant and maptrack frames -1 (hypervisor default), grant_opts = the highest
 * grant version the arch supports (1 on Arm, 2 on x86), a zero handle, DOMID_ANY.
 */
export function libxlDefaultConfig(
  arch: "arm64" | "x86_64",
  flags: number,
  maxVcpus: number,
): CreateDomainConfig {
  return {
    ssidref: 0,
    handle: new Uint8Array(16),
    flags,
    iommuOpts: 0,
    maxVcpus,
    maxEvtchnPort: 1023,
    maxGrantFrames: -1,
    maxMaptrackFrames: -1,
    grantOpts: arch === "arm64" ? 1 : 2,
    altp2mOpts: 0,
    altp2mNr: 0,
    vmtraceSize: 0,
    cpupoolId: 0,
    arm: {
      gicVersion: 0,
      sveVl: 0,
      teeType: 0,
      nrSpis: 0,
      clockFrequency: 0,
      armSciType: 0,
      v8rEl1Msa: 0,
      pad: 0,
    },
    // HVM domU: every emulator but vPCI and PIRQ; PVH: LAPIC only; PV: none.
    x86: { emulationFlags: flags & 1 ? 0x1ff : 0, miscFlags: 0 },
  };
}
