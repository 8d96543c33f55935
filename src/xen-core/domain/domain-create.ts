/**
 * domain_create() and arch_domain_create(), xen/common/domain.c and
 * xen/arch/{arm,x86}/domain.c: sanitise, allocate the zeroed struct, arch setup,
 * controller_pause_count = 1, event channel and grant table init, insert. No vCPU is
 * created here: XEN_DOMCTL_max_vcpus does that.
 */
import { XEN_ERRNO } from "../abi/errno";
import type { CreateDomainConfig } from "../domctl/createdomain-config";
import { dprintkFail, printkFail, type XenDiagnostic } from "../domctl/diagnostic";
import { armSanitiseDomainConfig } from "../domctl/sanitise-arm";
import { sanitiseDomainConfig } from "../domctl/sanitise-common";
import {
  XEN_X86_EMU_ALL,
  x86EmulationFlagsOk,
  x86SanitiseDomainConfig,
} from "../domctl/sanitise-x86";
import { hashX } from "../format";
import type { HypervisorContext } from "../hypervisor/context";
import { evtchnInit } from "../evtchn/ports";
import { cdfBit } from "../profiles/profiles";
import { Domain } from "./domain";

const EINVAL = -XEN_ERRNO.EINVAL;
/** opt_max_grant_frames / opt_max_maptrack_frames defaults (common/grant_table.c). */
const DEFAULT_MAX_GRANT_FRAMES = 64;
const DEFAULT_MAX_MAPTRACK_FRAMES = 1024;
const INT_MAX = 0x7fffffff;

/**
 * All checks createdomain makes, without creating anything: the page's live verdict
 * on a flags word uses exactly the path the hypercall takes. `c` may be rewritten
 * (gic_version NATIVE, x86 oos_off), as Xen rewrites its copy.
 */
export function checkCreateDomain(
  ctx: Pick<HypervisorContext, "arch" | "profile" | "host">,
  c: CreateDomainConfig,
): XenDiagnostic | undefined {
  const common = sanitiseDomainConfig(c, ctx.profile, ctx.host);
  if (common) return common;
  const arch =
    ctx.arch === "arm64"
      ? armSanitiseDomainConfig(c, ctx.profile, ctx.host)
      : x86SanitiseDomainConfig(c, ctx.profile, ctx.host);
  if (arch) return arch;
  return checkArchCreate(ctx, c) ?? checkGrantTableInit(ctx, c);
}

/** The arch_domain_create checks that can fail on a domU's config. */
function checkArchCreate(
  ctx: Pick<HypervisorContext, "arch" | "profile">,
  c: CreateDomainConfig,
): XenDiagnostic | undefined {
  if (ctx.arch !== "x86_64") return undefined;
  const hvm = (c.flags & (cdfBit(ctx.profile, "hvm") ?? 0)) !== 0;
  const em = c.x86.emulationFlags >>> 0;
  // printk(XENLOG_G_ERR "%pd: ...") names the domain; the id is not known yet here, so
  // the caller fills it in (see domainCreate).
  if (em & ~XEN_X86_EMU_ALL)
    return printkFail(EINVAL, `%pd: invalid emulation bitmap: ${hashX(em)}`);
  if (!x86EmulationFlagsOk(hvm, em)) {
    return printkFail(
      -XEN_ERRNO.EOPNOTSUPP,
      `%pd: will not create ${hvm ? "HVM" : "PV"} domain with emulators: ${hashX(em)}`,
    );
  }
  return undefined;
}

/** grant_table_init(): the checks on the grant options and frame limits. */
function checkGrantTableInit(
  ctx: Pick<HypervisorContext, "arch">,
  c: CreateDomainConfig,
): XenDiagnostic | undefined {
  const FILE = "common/grant_table.c";
  const version = c.grantOpts & 0xf;
  const supported = ctx.arch === "arm64" ? 1 : 2; // opt_gnttab_max_version
  if (!version)
    return dprintkFail(EINVAL, FILE, 1996, "%pd: invalid grant table version 0 requested");
  if (version > supported) {
    return dprintkFail(
      EINVAL,
      FILE,
      2002,
      `%pd: requested grant version (${version}) greater than supported (${supported})`,
    );
  }
  const frames = c.maxGrantFrames < 0 ? DEFAULT_MAX_GRANT_FRAMES : c.maxGrantFrames;
  if (frames < 1)
    return dprintkFail(EINVAL, FILE, 2016, `Bad grant table size: ${frames >>> 0} frames`);
  return undefined;
}

/** Substitute `%pd` now that the domain id is known. */
export function withDomain(diag: XenDiagnostic, domid: number): XenDiagnostic {
  return { ...diag, text: diag.text.replace("%pd", `d${domid}`) };
}

/**
 * Create the domain with id `domid` (already allocated). Returns the domain or the
 * diagnostic of the failing check; on failure nothing is left behind.
 */
export function domainCreate(
  ctx: HypervisorContext,
  domid: number,
  c: CreateDomainConfig,
  isControl = false,
): Domain | XenDiagnostic {
  const diag = checkCreateDomain(ctx, c);
  if (diag) return withDomain(diag, domid);
  if (c.cpupoolId !== 0) {
    // sched_init_domain → cpupool_add_domain: only pool 0 exists on the modelled host.
    return { ret: -XEN_ERRNO.ENOENT, kind: "printk", text: "" };
  }

  const hvmBit = cdfBit(ctx.profile, "hvm") ?? 0;
  const d = new Domain(
    domid,
    c.flags,
    c.maxVcpus,
    isControl,
    (c.flags & hvmBit) !== 0,
    ctx.arch === "arm64"
      ? {
          kind: "arm",
          gicVersion: c.arm.gicVersion,
          nrSpis: c.arm.nrSpis,
          sveVl: c.arm.sveVl,
          teeType: c.arm.teeType,
        }
      : { kind: "x86", emulationFlags: c.x86.emulationFlags, miscFlags: c.x86.miscFlags },
  );
  d.handle = c.handle.slice(0, 16);
  d.ssidref = c.ssidref;
  // arm64: d->type; x86: a PV domain is 64-bit until switch_compat.
  d.type = ctx.arch === "arm64" ? armInitialType(ctx, c.flags) : 64;
  d.maxEvtchnPort = Math.min(c.maxEvtchnPort >>> 0, INT_MAX);
  d.maxGrantFrames = c.maxGrantFrames < 0 ? DEFAULT_MAX_GRANT_FRAMES : c.maxGrantFrames;
  d.maxMaptrackFrames = c.maxMaptrackFrames < 0 ? DEFAULT_MAX_MAPTRACK_FRAMES : c.maxMaptrackFrames;
  d.maxGrantVersion = c.grantOpts & 0xf;
  if (ctx.arch === "arm64") d.vmid = lowestFreeVmid(ctx);
  // evtchn_init(d, config->max_evtchn_port): bucket 0, port 0 reserved, 2-level ops.
  const rc = evtchnInit(d, c.maxEvtchnPort);
  if (rc < 0) return { ret: rc, kind: "printk", text: "" };
  ctx.domains.set(domid, d);
  return d;
}

/** p2m_alloc_vmid() (xen/arch/arm/p2m.c): find_first_zero_bit, VMID 0 reserved. */
function lowestFreeVmid(ctx: HypervisorContext): number {
  const used = new Set([...ctx.domains.values()].map((d) => d.vmid));
  let vmid = 1;
  while (used.has(vmid)) vmid++;
  return vmid;
}

/**
 * arm64 d->type at creation: DOMAIN_32BIT from the zeroed struct upstream; under
 * is_32bits v1, arch_domain_create sets it from the flag (set = 32, clear = 64).
 */
function armInitialType(ctx: HypervisorContext, flags: number): 32 | 64 {
  const p = ctx.profile;
  if (p.armTypeFlag !== undefined) {
    const bit = cdfBit(p, p.armTypeFlag) ?? 0;
    return flags & bit ? 32 : 64;
  }
  return p.arm64DefaultType;
}
