/**
 * Presenter mode's stage: which panel a scenario step affects (a domctl that builds a
 * domain shows in Domains, set_address_size on the vCPU lanes, an EVTCHNOP in Event
 * channels, debug keys on the Xen console), which console tab and which domain to show,
 * so the one panel shown large follows the story. Pure functions of the parsed
 * scenario, the step results and the trace, so they are tested without a page.
 */
import type { TraceEntry } from "../../xen-core";
import type { StepResult } from "../../xen-core/scenario/runner";
import type { Step } from "../../xen-core/scenario/types";
import type { PanelId } from "../layout/layout-model";

/** domctls that build, start or stop a domain: the Domains list (`xl list`) shows them. */
const DOMAIN_DOMCTLS = new Set([
  "createdomain",
  "destroydomain",
  "pausedomain",
  "unpausedomain",
  "max_mem",
]);
/** domctls whose effect is on vCPUs: their number, their registers, their mode. */
const VCPU_DOMCTLS = new Set(["max_vcpus", "set_address_size", "setvcpucontext"]);

export interface StepFocus {
  readonly panel: PanelId;
  /** The Consoles panel's tab to show ("xen", "dom0"), when the step names one. */
  readonly consoleTab?: string;
}

/** The panel where a step's effect is seen; undefined for a note (it is the caption). */
export function stepFocus(step: Step): StepFocus | undefined {
  switch (step.kind) {
    case "note":
      return undefined;
    case "xl":
    case "shell":
      return { panel: "domains" };
    case "domctl": {
      const cmd = String(step.cmd);
      if (VCPU_DOMCTLS.has(cmd)) return { panel: "vcpus" };
      return { panel: DOMAIN_DOMCTLS.has(cmd) ? "domains" : "trace" };
    }
    case "hypercall":
      if (step.op === "event_channel_op") return { panel: "evtchn" };
      // Registers set before the HVC (stale upper halves): the register view shows them.
      return { panel: step.regs ? "vcpus" : "trace" };
    case "console":
    case "wait":
      return { panel: "consoles" };
    case "debug-keys":
      return { panel: "consoles", consoleTab: "xen" };
    case "expect":
      if (step.xenConsole) return { panel: "consoles", consoleTab: "xen" };
      if (step.dom0Console) return { panel: "consoles", consoleTab: "dom0" };
      if (step.serial) return { panel: "consoles" };
      if (step.port !== undefined || step.evtchnAbi) return { panel: "evtchn" };
      if (step.mode || step.hcrRw !== undefined || step.domainType || step.vcpu !== undefined)
        return { panel: "vcpus" };
      return { panel: "domains" };
  }
}

const applies = (step: Step, profile: string) =>
  !step.profileOnly || step.profileOnly.includes(profile);

/**
 * The focus at `position` (steps run so far): the last step run, or, right after a
 * note (and before anything ran), the first step ahead that runs under this profile:
 * a note introduces what comes next. Domains when nothing says otherwise.
 */
export function focusAt(steps: readonly Step[], position: number, profile: string): StepFocus {
  const last = position > 0 ? steps[position - 1] : undefined;
  const here = last && applies(last, profile) ? stepFocus(last) : undefined;
  if (here) return here;
  for (let i = position; i < steps.length; i++) {
    const f = applies(steps[i]!, profile) ? stepFocus(steps[i]!) : undefined;
    if (f) return f;
  }
  return { panel: "domains" };
}

/**
 * Domains a scenario named with `save: { g1: domain }` on a createdomain step: the
 * domid is the one the step's `domain-created` trace entry carries.
 */
export function savedDomains(
  steps: readonly Step[],
  results: readonly StepResult[],
  trace: readonly TraceEntry[],
): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const r of results) {
    const step = steps[r.index];
    if (step?.kind !== "domctl" || !step.save) continue;
    const created = trace.find(
      (e) =>
        e.seq >= r.seqFrom && e.seq < r.seqTo && e.kind === "state" && e.event === "domain-created",
    );
    if (!created) continue;
    for (const [name, field] of Object.entries(step.save))
      if (field === "domain") out.set(name, created.domid);
  }
  return out;
}

/**
 * The domain the step that just ran is about, for the panels that show one domain
 * (vCPUs, Event channels): a hypercall's first effect on a guest (a send raises the
 * receiver's upcall), else the domain the step names (an id, a saved name, a xenstore
 * name). Undefined when neither says.
 */
export function stepDomain(
  step: Step,
  result: StepResult,
  trace: readonly TraceEntry[],
  saved: ReadonlyMap<string, number>,
  names: ReadonlyMap<string, number>,
): number | undefined {
  if (step.kind === "hypercall" || step.kind === "domctl") {
    const hit = trace.find(
      (e) => e.seq >= result.seqFrom && e.seq < result.seqTo && e.kind === "state" && e.domid !== 0,
    );
    if (hit) return hit.domid;
  }
  const dom = "dom" in step ? step.dom : undefined;
  if (typeof dom === "number") return dom;
  if (typeof dom !== "string") return undefined;
  const name = dom.replace(/^\$/, "");
  if (/^\d+$/.test(name)) return Number(name);
  return saved.get(name) ?? names.get(name);
}
