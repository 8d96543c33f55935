/**
 * An `expect:` step: every key given must hold. Returns the failures as
 * "what was expected / what was found" pairs, or an error when the lab cannot check
 * the expectation (a port or a model that is not there).
 */
import type { Hypervisor } from "../hypervisor/hypervisor";
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
  if (
    step.evtchnAbi !== undefined ||
    step.port !== undefined ||
    step.pending !== undefined ||
    step.masked !== undefined ||
    step.priority !== undefined
  ) {
    return {
      failures,
      error:
        "event channel expectations need the event channel model, not built yet (event channels issue)",
    };
  }

  if (step.dom === undefined) return { failures };
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
  if (step.state !== undefined) {
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
