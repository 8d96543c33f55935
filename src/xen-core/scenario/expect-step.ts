/**
 * An `expect:` step: every key given must hold. Returns the failures as
 * "what was expected / what was found" pairs, or an error when the lab cannot check
 * the expectation (a port or a model that is not there).
 */
import { evtchnIsMasked, evtchnIsPending } from "../evtchn/port-ops";
import { PORT_STATE_NAMES } from "../evtchn/snapshot";
import type { Domain } from "../domain/domain";
import type { Hypervisor } from "../hypervisor/hypervisor";
import type { Saved } from "./payload";
import { domainSnapshot } from "../hypervisor/snapshot";
import { ArmVcpu } from "../vcpu/arm-vcpu";
import type { RunnerPorts } from "./ports";
import { describeMatch, matches } from "./text-match";
import type { ExpectStep } from "./types";

export interface ExpectOutcome {
  readonly failures: readonly {
    readonly key: string;
    readonly expected: string;
    readonly found: string;
  }[];
  readonly error?: string;
}

export function checkExpect(
  hv: Hypervisor,
  ports: RunnerPorts,
  step: ExpectStep,
  domid: number | undefined,
  saved: Saved = new Map(),
): ExpectOutcome {
  const failures: { key: string; expected: string; found: string }[] = [];
  const fail = (key: string, expected: unknown, found: unknown) =>
    failures.push({ key, expected: String(expected), found: String(found) });

  if (step.xenConsole) {
    const text = hv.console.read().join("\n");
    if (!matches(step.xenConsole, text))
      fail("xen-console", describeMatch(step.xenConsole), "no console line matches");
  }
  if (step.dom0Console) {
    if (!ports.shell)
      return {
        failures,
        error:
          "dom0-console needs the dom0 shell, which this lab has not built yet (toolstack issue)",
      };
    if (!matches(step.dom0Console, ports.shell.transcript()))
      fail("dom0-console", describeMatch(step.dom0Console), "no dom0 console output matches");
  }
  const portKeys =
    step.port !== undefined ||
    step.pending !== undefined ||
    step.masked !== undefined ||
    step.priority !== undefined;
  if (step.dom === undefined) {
    if (portKeys || step.evtchnAbi !== undefined)
      return { failures, error: "evtchn-abi and port expectations need 'dom'" };
    return { failures };
  }
  const d = domid === undefined ? undefined : hv.domain(domid);
  if (step.absent) {
    if (d) fail("absent", "no such domain", `domain ${domid} exists`);
    return { failures };
  }
  if (!d) return { failures, error: `domain ${String(step.dom)} does not exist` };
  if (step.serial) {
    if (!ports.guests)
      return {
        failures,
        error: "serial expectations need emulated guests, not built yet (emulator issue)",
      };
    if (!matches(step.serial, ports.guests.serial(d.domid)))
      fail("serial", describeMatch(step.serial), "no serial output matches");
  }
  if (step.evtchnAbi !== undefined && d.evtchn.abi !== step.evtchnAbi)
    fail("evtchn-abi", step.evtchnAbi, d.evtchn.abi);
  if (portKeys) {
    const error = checkPort(d, step, saved, fail);
    if (error) return { failures, error };
  } else if (step.state !== undefined) {
    const state = domainSnapshot(hv, d).state;
    if (state !== step.state) fail("state", step.state, state);
  }
  if (step.domainType !== undefined && d.type !== step.domainType)
    fail("domain-type", step.domainType, d.type);

  const vcpuKeys = step.mode !== undefined || step.hcrRw !== undefined;
  if (!vcpuKeys) return { failures };
  const v = d.vcpu(step.vcpu ?? 0);
  if (!v) return { failures, error: `domain ${d.domid} has no vCPU ${step.vcpu ?? 0}` };
  if (step.mode !== undefined && v.mode !== step.mode) fail("mode", step.mode, v.mode);
  if (step.hcrRw !== undefined) {
    if (!(v.regs instanceof ArmVcpu))
      return { failures, error: "hcr-rw is an Arm register; this is an x86 vCPU" };
    const rw = v.regs.hcrRw ? 1 : 0;
    if (rw !== step.hcrRw) fail("hcr-rw", step.hcrRw, rw);
  }
  return { failures };
}

/**
 * `port` with `state`, `pending`, `masked`, `priority`: Xen's view of the port (state,
 * priority) and the guest memory's (pending and masked as `debug-keys e` reads them).
 * A port beyond the allocated buckets reads as free, not pending, masked.
 */
function checkPort(
  d: Domain,
  step: ExpectStep,
  saved: Saved,
  fail: (key: string, expected: unknown, found: unknown) => void,
): string | undefined {
  if (step.port === undefined) return "pending, masked and priority need 'port'";
  const port =
    typeof step.port === "number" ? step.port : Number(saved.get(step.port.ref) ?? Number.NaN);
  if (!Number.isInteger(port)) {
    const ref = typeof step.port === "number" ? "" : step.port.ref;
    return `port: $${ref} was not saved by an earlier step`;
  }
  const chn = d.evtchn.lookup(port);
  const state = chn ? PORT_STATE_NAMES[chn.state]! : "free";
  if (step.state !== undefined && state !== step.state) fail("state", step.state, state);
  if (step.pending !== undefined) {
    const pending = chn ? evtchnIsPending(d, chn) : false;
    if (pending !== step.pending) fail("pending", step.pending, pending);
  }
  if (step.masked !== undefined) {
    const masked = chn ? evtchnIsMasked(d, chn) : true;
    if (masked !== step.masked) fail("masked", step.masked, masked);
  }
  if (step.priority !== undefined) {
    const priority = chn?.priority ?? 0;
    if (priority !== step.priority) fail("priority", step.priority, priority);
  }
  return undefined;
}
