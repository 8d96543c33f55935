/**
 * A `domctl:` step: build struct xen_domctl from Xen's field names, as a toolstack
 * would, and issue it from dom0. Fields the step leaves out take libxl's values
 * (DESIGN.md: max_evtchn_port 1023, grant/maptrack frames -1, the arch's highest
 * grant version, a zero handle, DOMID_ANY).
 */
import { PSR_GUEST32_INIT, VGCF_online } from "../abi/arch-arm";
import { XEN_DOMCTL, XEN_DOMCTL_INTERFACE_VERSION } from "../abi/domctl";
import { DOMID } from "../abi/xen";
import {
  encodeCreateDomain,
  libxlDefaultConfig,
  type CreateDomainConfig,
} from "../domctl/createdomain-config";
import {
  ADDRESS_SIZE,
  ARM_VCPU_GUEST_CONTEXT,
  DOMCTL,
  GETDOMAININFO,
  MAX_MEM,
  MAX_VCPUS,
  VCPUCONTEXT,
} from "../domctl/layout";
import type { Hypervisor } from "../hypervisor/hypervisor";
import { StructBuf } from "../memory/struct-buf";
import { PayloadError, toBig, toMask, toUnsigned, type Saved } from "./payload";
import type { PayloadValue } from "./types";

type Fields = Readonly<Record<string, PayloadValue>>;

/** The payload fields each command takes (Xen's names), for error messages. */
export const DOMCTL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  createdomain: [
    "flags",
    "max_vcpus",
    "max_evtchn_port",
    "max_grant_frames",
    "max_maptrack_frames",
    "grant_opts",
    "iommu_opts",
    "ssidref",
    "vmtrace_size",
    "cpupool_id",
    "altp2m_opts",
    "altp2m_nr",
    "gic_version",
    "nr_spis",
    "sve_vl",
    "tee_type",
    "arm_sci_type",
    "v8r_el1_msa",
    "pad",
    "emulation_flags",
    "misc_flags",
  ],
  max_vcpus: ["max"],
  max_mem: ["max_memkb"],
  set_address_size: ["size"],
  get_address_size: [],
  setvcpucontext: ["vcpu", "ctxt", "online", "cpsr", "pc"],
  getvcpucontext: ["vcpu"],
  pausedomain: [],
  unpausedomain: [],
  destroydomain: [],
  getdomaininfo: [],
};

/** Fields a `save:` may read back after the call. */
export const DOMCTL_OUT_FIELDS: Readonly<Record<string, (op: StructBuf) => bigint>> = {
  domain: (op) => BigInt(op.u16(DOMCTL.domain)),
  flags: (op) => BigInt(op.u32(DOMCTL.u + GETDOMAININFO.flags)),
  tot_pages: (op) => op.u64(DOMCTL.u + GETDOMAININFO.tot_pages),
  max_pages: (op) => op.u64(DOMCTL.u + GETDOMAININFO.max_pages),
  nr_online_vcpus: (op) => BigInt(op.u32(DOMCTL.u + GETDOMAININFO.nr_online_vcpus)),
  max_vcpu_id: (op) => BigInt(op.u32(DOMCTL.u + GETDOMAININFO.max_vcpu_id)),
  size: (op) => BigInt(op.u32(DOMCTL.u + ADDRESS_SIZE.size)),
};

const GIC_NAMES: Record<string, bigint> = { native: 0n, v2: 1n, v3: 2n };
const TEE_NAMES: Record<string, bigint> = { none: 0n, optee: 1n, ffa: 2n };

export function domctlCmdNumber(cmd: string | number): number | undefined {
  if (typeof cmd === "number") return cmd;
  const key = `XEN_DOMCTL_${cmd.replace(/^XEN_DOMCTL_/, "")}` as keyof typeof XEN_DOMCTL;
  return XEN_DOMCTL[key];
}

/** Build the domctl struct. Throws PayloadError for a field the command lacks or a bad value. */
export function buildDomctl(
  hv: Hypervisor,
  cmd: number,
  cmdName: string,
  domid: number,
  fields: Fields,
  saved: Saved,
  payloadVa: bigint,
): { op: StructBuf; context?: Uint8Array } {
  const known = DOMCTL_FIELDS[cmdName];
  const { interface_version: iv, ...rest } = fields;
  if (known) {
    for (const key of Object.keys(rest)) {
      if (!known.includes(key)) {
        throw new PayloadError(
          `domctl ${cmdName} has no field '${key}'; fields: ${[...known, "interface_version"].join(", ") || "(none)"}`,
        );
      }
    }
  }
  const op = new StructBuf(144);
  op.setU32(DOMCTL.cmd, cmd);
  op.setU32(
    DOMCTL.interface_version,
    iv === undefined
      ? XEN_DOMCTL_INTERFACE_VERSION
      : Number(toUnsigned(iv, saved, "interface_version", 32)),
  );
  op.setU16(DOMCTL.domain, domid);
  const u32 = (name: string, dflt: number, names?: Record<string, bigint>) =>
    rest[name] === undefined
      ? dflt
      : Number(toUnsigned(rest[name]!, saved, name, 32, names ? (n) => names[n] : undefined));
  const U = DOMCTL.u;
  let context: Uint8Array | undefined;
  switch (cmdName) {
    case "createdomain":
      encodeCreateDomain(op, createConfig(hv, rest, saved), hv.arch);
      break;
    case "max_vcpus":
      op.setU32(U + MAX_VCPUS.max, u32("max", 0));
      break;
    case "max_mem":
      op.setU64(
        U + MAX_MEM.max_memkb,
        rest.max_memkb === undefined ? 0n : toUnsigned(rest.max_memkb, saved, "max_memkb", 64),
      );
      break;
    case "set_address_size":
      op.setU32(U + ADDRESS_SIZE.size, u32("size", 0));
      break;
    case "setvcpucontext":
    case "getvcpucontext": {
      op.setU32(U + VCPUCONTEXT.vcpu, u32("vcpu", 0));
      const nullHandle = rest.ctxt !== undefined && toBig(rest.ctxt, saved, "ctxt") === 0n;
      if (cmdName === "setvcpucontext" && !nullHandle) {
        const c = new StructBuf(ARM_VCPU_GUEST_CONTEXT.size);
        c.setU32(ARM_VCPU_GUEST_CONTEXT.flags, rest.online === false ? 0 : VGCF_online);
        c.setU64(ARM_VCPU_GUEST_CONTEXT.cpsr, u32("cpsr", PSR_GUEST32_INIT));
        c.setU64(
          ARM_VCPU_GUEST_CONTEXT.pc64,
          rest.pc === undefined ? 0n : toUnsigned(rest.pc, saved, "pc", 64),
        );
        context = c.bytes;
      }
      op.setU64(U + VCPUCONTEXT.ctxt, nullHandle ? 0n : payloadVa);
      break;
    }
  }
  return context ? { op, context } : { op };
}

function createConfig(hv: Hypervisor, f: Fields, saved: Saved): CreateDomainConfig {
  const cdf = (name: string) => {
    const entry = hv.profile.cdfBits.find((b) => b.name === name.replace(/^XEN_DOMCTL_CDF_/, ""));
    return entry ? 1n << BigInt(entry.bit) : undefined;
  };
  const flags = f.flags === undefined ? 0 : Number(toMask(f.flags, saved, "flags", cdf));
  const num = (
    name: string,
    dflt: number,
    bits = 32,
    signed = false,
    names?: Record<string, bigint>,
  ) => {
    if (f[name] === undefined) return dflt;
    const v = toUnsigned(f[name]!, saved, name, bits, names ? (n) => names[n] : undefined);
    return signed ? Number(BigInt.asIntN(bits, v)) : Number(v);
  };
  const c = libxlDefaultConfig(hv.arch, flags, num("max_vcpus", 1));
  c.maxEvtchnPort = num("max_evtchn_port", c.maxEvtchnPort);
  c.maxGrantFrames = num("max_grant_frames", c.maxGrantFrames, 32, true);
  c.maxMaptrackFrames = num("max_maptrack_frames", c.maxMaptrackFrames, 32, true);
  c.grantOpts = num("grant_opts", c.grantOpts);
  c.iommuOpts = num("iommu_opts", 0);
  c.ssidref = num("ssidref", 0);
  c.vmtraceSize = num("vmtrace_size", 0);
  c.cpupoolId = num("cpupool_id", 0);
  c.altp2mOpts = num("altp2m_opts", 0, 16);
  c.altp2mNr = num("altp2m_nr", 0, 16);
  c.arm.gicVersion = num("gic_version", 0, 8, false, GIC_NAMES);
  c.arm.nrSpis = num("nr_spis", 0);
  c.arm.sveVl = num("sve_vl", 0, 8);
  c.arm.teeType = num("tee_type", 0, 16, false, TEE_NAMES);
  c.arm.armSciType = num("arm_sci_type", 0, 8);
  c.arm.v8rEl1Msa = num("v8r_el1_msa", 0, 8);
  c.arm.pad = num("pad", 0, 16);
  c.x86.emulationFlags = num("emulation_flags", c.x86.emulationFlags);
  c.x86.miscFlags = num("misc_flags", 0);
  return c;
}

/** The domid a createdomain step asks for: exact when given, DOMID_ANY otherwise. */
export const DEFAULT_CREATE_DOMID = DOMID.DOMID_ANY;
