/**
 * The Create domain panel's logic, kept out of React so it can be tested in Node:
 * the live verdict on a flags word (exactly the checks createdomain runs) and the
 * libxl-like sequence the Create button issues.
 */
import {
  bootModelledGuest,
  checkCreateDomain,
  diagnosticLine,
  formatRet,
  initialVcpuContext,
  libxlDefaultConfig,
  withDomain,
  type CreateDomainConfig,
} from "../../xen-core";
import { ModelledKernel } from "../../xen-core/guest/kernel";
import type { LabSession } from "./lab-session";

/** Where the first vCPU starts: GUEST_RAM0_BASE on Arm, the multiboot-style 1 MiB on x86. */
const GUEST_ENTRY = { arm64: 0x40000000n, x86_64: 0x100000n } as const;

/** What runs in the new domain: nothing (an idle modelled vCPU) or a modelled kernel. */
export type KernelChoice = "none" | "modelled-fifo" | "modelled-2l";

export interface CreateForm {
  readonly name: string;
  readonly maxVcpus: number;
  readonly memoryMiB: number;
  readonly flags: number;
  readonly kernel?: KernelChoice;
}

/** First guest RAM frame: GUEST_RAM0_BASE >> 12 on Arm, 1 MiB on x86 (as the entry). */
const RAM_GFN = { arm64: 0x40000, x86_64: 0x100 } as const;
/** Frames a modelled kernel gets beyond its minimum: room for FIFO event array pages. */
const KERNEL_SPARE_FRAMES = 16;

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
  const kernel = form.kernel ?? "none";
  if (kernel === "none") return { ok: true, domid, steps };
  return bootKernel(session, domid, form, kernel, steps);
}

/**
 * Give the new domain RAM (XENMEM_populate_physmap from dom0, as the domain builder
 * does) and start a modelled kernel in it (xen-core/guest/boot.ts), whose console then
 * speaks docs/guest-shell.md. A failure leaves the domain as it is, said so.
 */
function bootKernel(
  session: LabSession,
  domid: number,
  form: CreateForm,
  kernel: Exclude<KernelChoice, "none">,
  steps: FlowStep[],
): FlowResult {
  const frames = Math.min(
    ModelledKernel.framesNeeded(form.maxVcpus) + KERNEL_SPARE_FRAMES,
    form.memoryMiB * 256,
  );
  const first = RAM_GFN[session.hv.arch];
  const gfns = Array.from({ length: frames }, (_, i) => first + i);
  const done = session.xc.populatePhysmap(domid, gfns);
  steps.push({ call: "XENMEM_populate_physmap", ret: done });
  const cmdline = kernel === "modelled-2l" ? "evtchn=2l" : "evtchn=fifo";
  const r = bootModelledGuest(session.hv, domid, { cmdline });
  if (!r.ok) return { ok: false, domid, steps, error: `the kernel did not boot: ${r.error}` };
  return { ok: true, domid, steps };
}

/** Destroy and forget the name, as `xl destroy` does. */
export function destroyDomain(session: LabSession, domid: number): number {
  const ret = session.xc.destroyDomain(domid);
  if (ret === 0) session.xenstore.rm(`/local/domain/${domid}`);
  return ret;
}
