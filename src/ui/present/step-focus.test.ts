// Presenter stage: the panel a step affects, the focus right after a note (the next
// step's), and the domain a step is about (saved names, a send's receiver).
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../xen-core/scenario/parse";
import { ScenarioRun } from "../../xen-core/scenario/runner";
import { focusAt, savedDomains, stepDomain, stepFocus } from "./step-focus";

const TEXT = `format: xenlab/1
name: t
title: t
arch: arm64
steps:
  - note: "two domains"
  - domctl: { cmd: createdomain, flags: [hvm, hap], max_vcpus: 1 }
    save: { g1: domain }
  - domctl: { cmd: createdomain, flags: [hvm, hap], max_vcpus: 1 }
    save: { g2: domain }
  - domctl: { cmd: max_vcpus, dom: g1, max: 1 }
  - domctl: { cmd: max_vcpus, dom: g2, max: 1 }
  - domctl: { cmd: set_address_size, dom: g1, size: 64 }
  - note: "a channel"
    profile-only: [pre-4.17]
  - debug-keys: e
  - expect: { xen-console: "dumping event-channel info" }
  - expect: { dom: g2, port: 1, state: free }
`;

async function run(n: number) {
  const { scenario } = parseScenario(TEXT);
  const r = new ScenarioRun(scenario!, { profile: "upstream" });
  for (let i = 0; i < n; i++) await r.step();
  return { steps: scenario!.steps, run: r, trace: r.hv.trace.tail() };
}

describe("presenter stage", () => {
  it("maps each step kind to the panel that shows its effect", async () => {
    const { steps } = await run(0);
    expect(steps.map((s) => stepFocus(s)?.panel)).toEqual([
      undefined,
      "domains",
      "domains",
      "vcpus",
      "vcpus",
      "vcpus",
      undefined,
      "consoles",
      "consoles",
      "evtchn",
    ]);
    expect(stepFocus(steps[7]!)?.consoleTab).toBe("xen");
  });

  it("after a note (or at the start) looks ahead to the next step that runs here", async () => {
    const { steps } = await run(0);
    expect(focusAt(steps, 0, "upstream").panel).toBe("domains");
    expect(focusAt(steps, 4, "upstream").panel).toBe("vcpus");
    // Position 7: the last step was a note skipped under upstream: debug keys are next.
    expect(focusAt(steps, 7, "upstream")).toEqual({ panel: "consoles", consoleTab: "xen" });
    expect(focusAt(steps, 10, "upstream").panel).toBe("evtchn");
  });

  it("resolves saved domain names from the createdomain trace, and names the step's domain", async () => {
    const { steps, run: r, trace } = await run(10);
    const saved = savedDomains(steps, r.stepResults, trace);
    expect([...saved]).toEqual([
      ["g1", 1],
      ["g2", 2],
    ]);
    const res = r.stepResults;
    const none = new Map<string, number>();
    expect(stepDomain(steps[1]!, res[1]!, trace, saved, none)).toBe(1);
    expect(stepDomain(steps[5]!, res[5]!, trace, saved, none)).toBe(1);
    expect(stepDomain(steps[9]!, res[9]!, trace, saved, none)).toBe(2);
    expect(stepDomain(steps[7]!, res[7]!, trace, saved, none)).toBeUndefined();
    expect(
      stepDomain(
        { ...steps[9]!, dom: "guest" } as never,
        res[9]!,
        trace,
        saved,
        new Map([["guest", 7]]),
      ),
    ).toBe(7);
  });
});
