/**
 * The Create domain panel's logic, kept out of React so it can be tested in Node:
 * the live verdict on a flags word (exactly the checks createdomain runs) and the
 * libxl-like sequence the Create button issues.
 */
import {
  checkCreateDomain,
  diagnosticLine,
  formatRet,
  initialVcpuContext,
  libxlDefaultConfig,
  withDomain,
  type CreateDomainConfig,
} from "../../xen-core";
import type { LabSession } from "./lab-session";

/** Where the first vCPU starts: GUEST_RAM0_BASE on Arm, the multiboot-style 1 MiB on x86. */
const GUEST_ENTRY = { arm64: 0x40000000n, x86_64: 0x100000n } as const;

export interface CreateForm {
  readonly name: string;
  readonly maxVcpus: number;
  readonly memoryMiB: number;
  readonly flags: number;
}

export type Verdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly ret: number;
      readonly errno: string;
      readonly message: string;
      /** The console line a debug build prints, with file:line; undefined in release. */
      readonly consoleLine?: string;
    };

export function configFor(session: LabSession, form: CreateForm): CreateDomainConfig {
  return libxlDefaultConfig(session.hv.arch, form.flags >>> 0, form.maxVcpus);
}

/** What createdomain would answer, without creating anything. */
export function previewCreate(session: LabSession, form: CreateForm): Verdict {
  const diag = checkCreateDomain(session.hv, configFor(session, form));
  if (!diag) return { ok: true };
  // The id Xen would hand out is not known before allocation; "%pd" shows as d?.
  const named = withDomain(diag, -1);
  const text = named.text.replace("d-1", "d?");
  const line = diagnosticLine({ ...named, text }, session.hv.profile.debug);
  return { ok: false, ret: diag.ret, errno: formatRet(diag.ret), message: text, consoleLine: line };
}

export interface FlowStep {
  readonly call: string;
  readonly ret: number;
}

export interface FlowResult {
  readonly ok: boolean;
  readonly domid?: number;
  readonly steps: readonly FlowStep[];
  readonly error?: string;
}

/** Why a name cannot be used (xl: mandatory and unique), or undefined. */
export function nameProblem(session: LabSession, name: string): string | undefined {
  if (!name.trim()) return "Domain name must be specified.";
  if (session.xenstore.findDomain(name) !== undefined)
    return `Domain name '${name}' is already in use.`;
  return undefined;
}

/**
 * createdomain → max_vcpus → max_mem → name in xenstore → unpause, as libxl does it.
 * On a failure after createdomain the domain is destroyed, so nothing half-made stays.
 */
export function createDomain(session: LabSession, form: CreateForm): FlowResult {
  const problem = nameProblem(session, form.name);
  if (problem) return { ok: false, steps: [], error: problem };
  const { xc, xenstore } = session;
  const steps: FlowStep[] = [];
  const created = xc.createDomain(configFor(session, form));
  steps.push({ call: "XEN_DOMCTL_createdomain", ret: created.ret });
  if (created.ret !== 0)
    return { ok: false, steps, error: `createdomain failed: ${formatRet(created.ret)}` };
  const domid = created.domid;
  const run = (call: string, ret: number) => (steps.push({ call, ret }), ret === 0);
  const ok =
    run("XEN_DOMCTL_max_vcpus", xc.maxVcpus(domid, form.maxVcpus)) &&
    run("XEN_DOMCTL_max_mem", xc.maxMem(domid, form.memoryMiB * 1024));
  if (!ok) {
    const failed = steps.at(-1)!;
    xc.destroyDomain(domid);
    return {
      ok: false,
      steps,
      error: `${failed.call} failed: ${formatRet(failed.ret)}; domain destroyed`,
    };
  }
  // The domain builder's last step brings vCPU0 up at the kernel entry (no kernel is
  // loaded here: the vCPU idles, blocked, as `-b----` in xl list).
  const type = session.hv.domain(domid)?.type ?? 32;
  const context = initialVcpuContext(session.hv.arch, type, GUEST_ENTRY[session.hv.arch]);
  if (!run("XEN_DOMCTL_setvcpucontext", xc.setVcpuContext(domid, 0, context))) {
    xc.destroyDomain(domid);
    return {
      ok: false,
      steps,
      error: `setvcpucontext failed: ${formatRet(steps.at(-1)!.ret)}; domain destroyed`,
    };
  }
  xenstore.write(`/local/domain/${domid}/name`, form.name);
  run("XEN_DOMCTL_unpausedomain", xc.unpauseDomain(domid));
  return { ok: true, domid, steps };
}

/** Destroy and forget the name, as `xl destroy` does. */
export function destroyDomain(session: LabSession, domid: number): number {
  const ret = session.xc.destroyDomain(domid);
  if (ret === 0) session.xenstore.rm(`/local/domain/${domid}`);
  return ret;
}
