// The scenario runner: step kinds, verdicts (XTF order), save/$ref, profile-only, and
// the A/B diff. Domctl steps follow xen/common/domctl.c through the real hypercall path.
import { describe, expect, it } from "vitest";
import { scenario } from "./build";
import { diffRuns } from "./diff";
import { ScenarioRun, runScenario } from "./runner";
import { VERDICT_EXIT_CODE, worse } from "./verdict";

const create = (extra: Record<string, unknown> = {}) => ({
  kind: "domctl" as const,
  cmd: "createdomain",
  fields: { flags: ["hvm", "hap"], max_vcpus: 1, ...extra },
  save: { g1: "domain" },
});

describe("verdicts", () => {
  it("only go up in severity, in XTF's order, with xtf-runner's exit codes", () => {
    expect(worse("SUCCESS", "SKIP")).toBe("SKIP");
    expect(worse("FAILURE", "ERROR")).toBe("FAILURE");
    expect(worse("ERROR", "CRASH")).toBe("CRASH");
    expect(VERDICT_EXIT_CODE).toEqual({ SUCCESS: 0, SKIP: 3, ERROR: 4, FAILURE: 5, CRASH: 6 });
  });
});

describe("domctl and expect steps", () => {
  it("creates a domain, saves its id, flips the type, checks the vCPU mode", async () => {
    const r = await runScenario(
      scenario({ name: "flip", arch: "arm64" }, [
        create(),
        { kind: "domctl", cmd: "max_vcpus", dom: "g1", fields: { max: 1 } },
        { kind: "expect", dom: "g1", vcpu: 0, mode: "AArch32", hcrRw: 0, domainType: 32 },
        { kind: "domctl", cmd: "set_address_size", dom: "$g1", fields: { size: 64 } },
        {
          kind: "expect",
          dom: "g1",
          vcpu: 0,
          mode: "AArch64",
          hcrRw: 1,
          domainType: 64,
          state: "paused",
        },
      ]),
    );
    expect(r.verdict).toBe("SUCCESS");
    expect(r.steps.map((s) => s.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    const flip = r.trace.filter((e) => e.seq >= r.steps[3]!.seqFrom && e.seq < r.steps[3]!.seqTo);
    expect(flip.some((e) => e.kind === "state" && e.event === "vcpu-mode")).toBe(true);
  });

  it("expect-ret matches errno names; a mismatch is a FAILURE naming both values", async () => {
    const r = await runScenario(
      scenario({ name: "nested", arch: "arm64" }, [
        { ...create({ flags: ["hvm", "hap", "nested_virt"] }), expectRet: -22 },
        { ...create({ flags: ["hvm", "hap"] }), expectRet: -22 },
        {
          kind: "expect",
          xenConsole: { kind: "substring", text: "Unsupported configuration 0x43" },
        },
      ]),
    );
    expect(r.verdict).toBe("FAILURE");
    expect(r.steps[1]!.message).toBe("domctl createdomain: expected -EINVAL (-22), got 0 (0)");
    expect(r.steps[2]!.status).toBe("ok");
    expect(
      r.transcript.some((l) => l.stream === "xen" && l.text.includes("arch/arm/domain.c:571")),
    ).toBe(true);
  });

  it("a failing domctl without expect-ret is a FAILURE; the run goes on", async () => {
    const r = await runScenario(
      scenario({ name: "goes-on" }, [
        { kind: "domctl", cmd: "pausedomain", dom: 42, fields: {} },
        { kind: "note", text: "still here" },
      ]),
    );
    expect(r.verdict).toBe("FAILURE");
    expect(r.steps).toHaveLength(2);
    expect(r.steps[0]!.message).toContain("-ESRCH");
  });

  it("an unknown domain name or field is an ERROR that stops the run", async () => {
    const r = await runScenario(
      scenario({ name: "err" }, [
        { kind: "domctl", cmd: "pausedomain", dom: "nope", fields: {} },
        { kind: "note", text: "never" },
      ]),
    );
    expect(r.verdict).toBe("ERROR");
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]!.message).toBe("unknown domain 'nope'");
    const f = await runScenario(scenario({ name: "field" }, [create({ flgs: 1 })]));
    expect(f.steps[0]!.message).toMatch(
      /^domctl createdomain has no field 'flgs'; fields: flags, max_vcpus/,
    );
  });

  it("a CDF name the profile's tree lacks makes the step SKIP", async () => {
    const r = await runScenario(
      scenario({ name: "skip", arch: "arm64" }, [create({ flags: ["hvm", "hap", "is_32bits"] })]),
    );
    expect(r.verdict).toBe("SKIP");
    expect(r.steps[0]!.message).toBe("profile upstream has no XEN_DOMCTL_CDF_is_32bits");
    const v1 = await runScenario(
      scenario({ name: "skip", arch: "arm64" }, [create({ flags: ["hvm", "hap", "is_32bits"] })]),
      { profile: "is-32bits-v1" },
    );
    expect(v1.verdict).toBe("SUCCESS");
  });

  it("profile-only steps are skipped, not failed, under other profiles", async () => {
    const s = scenario({ name: "po" }, [
      { kind: "domctl", cmd: "pausedomain", dom: 42, fields: {}, profileOnly: ["pre-4.17"] },
      { kind: "expect", dom: 0, state: "running" },
    ]);
    const other = await runScenario(s);
    expect(other.verdict).toBe("SUCCESS");
    expect(other.steps[0]!.status).toBe("profile-skipped");
    expect((await runScenario(s, { profile: "pre-4.17" })).verdict).toBe("FAILURE");
  });

  it("a run in which only notes applied to the profile tested nothing: SKIP", async () => {
    const s = scenario({ name: "po" }, [
      { kind: "note", text: "only pre-4.17 has the bug" },
      { kind: "expect", dom: 0, state: "running", profileOnly: ["pre-4.17"] },
    ]);
    expect((await runScenario(s)).verdict).toBe("SKIP");
    expect((await runScenario(s, { profile: "pre-4.17" })).verdict).toBe("SUCCESS");
  });

  it("an unknown profile is an ERROR listing the profiles", async () => {
    const r = await runScenario(scenario({ name: "p" }, [{ kind: "note", text: "x" }]), {
      profile: "nope",
    });
    expect(r.verdict).toBe("ERROR");
    expect(r.steps[0]!.message).toMatch(
      /^unknown profile 'nope'; profiles: upstream, upstream-release/,
    );
  });
});

describe("hypercall steps from modelled vCPUs", () => {
  it("an AArch32 vCPU with stale upper halves: pre-4.17 passes them to the handler", async () => {
    const steps = [
      create(),
      { kind: "domctl" as const, cmd: "max_vcpus", dom: "g1", fields: { max: 1 } },
      {
        kind: "hypercall" as const,
        dom: "g1",
        vcpu: 0,
        op: "xen_version",
        cmd: "XENVER_version",
        args: {},
        regs: { x0: 0xdead_0000_0000_0000n },
        save: { v: "ret" },
      },
    ];
    const up = await runScenario(scenario({ name: "hc", arch: "arm64" }, steps));
    expect(up.verdict).toBe("SUCCESS");
    expect(up.steps[2]!.ret).toBe(0x40016);
    // pre-4.17: cmd is an int, so the stale top half is cut off by the handler itself.
    const old = await runScenario(scenario({ name: "hc", arch: "arm64" }, steps), {
      profile: "pre-4.17",
    });
    expect(old.steps[2]!.ret).toBe(0x40010);
    const entry = old.trace.find((e) => e.kind === "hypercall" && e.name === "xen_version");
    expect(entry).toBeDefined();
  });

  it("console to a domain that cannot run a modelled kernel is an ERROR saying why", async () => {
    const r = await runScenario(
      scenario({ name: "ports" }, [{ kind: "console", dom: 0, send: "x\n" }]),
    );
    expect(r.verdict).toBe("ERROR");
    expect(r.steps[0]!.message).toMatch(/control domain: its console is the dom0 shell/);
  });

  it("evtchn-abi expectations read the model (dom0 is 2-level)", async () => {
    const ok = await runScenario(
      scenario({ name: "abi" }, [{ kind: "expect", dom: 0, evtchnAbi: "2l" }]),
    );
    expect(ok.verdict).toBe("SUCCESS");
    const bad = await runScenario(
      scenario({ name: "abi" }, [{ kind: "expect", dom: 0, evtchnAbi: "fifo" }]),
    );
    expect(bad.verdict).toBe("FAILURE");
    expect(bad.steps[0]!.message).toBe("evtchn-abi: expected fifo, found 2l");
  });

  it("xl and shell steps run in the toolstack's dom0 shell, with the scenario's files", async () => {
    const base = scenario({ name: "xl", arch: "arm64" }, [
      { kind: "shell", command: "cat guest.cfg", expectOutput: { kind: "substring", text: "g1" } },
      { kind: "xl", command: "create guest.cfg" },
      { kind: "expect", dom: "g1", state: "blocked" },
      { kind: "expect", dom0Console: { kind: "substring", text: "Parsing config from guest.cfg" } },
      { kind: "xl", command: "create nothere.cfg", expectExit: "nonzero" },
    ]);
    const files = {
      "guest.cfg": 'name = "g1"\nkernel = "images/sample-arm64.Image"\nmemory = 64\n',
    };
    const started: number[] = [];
    const r = await runScenario(
      { ...base, files },
      { toolstack: { onDomainStarted: (e) => started.push(e.domid) } },
    );
    expect(started).toEqual([1]);
    expect(r.steps.map((s) => s.message)).toEqual([
      "'cat guest.cfg' exited 0",
      "'xl create guest.cfg' exited 0",
      expect.any(String),
      expect.any(String),
      "'xl create nothere.cfg' exited 3",
    ]);
    expect(r.verdict).toBe("SUCCESS");
    const wrong = await runScenario({
      ...scenario({ name: "xl", arch: "arm64" }, [
        {
          kind: "shell",
          command: "cat guest.cfg",
          expectOutput: { kind: "substring", text: "g2" },
        },
      ]),
      files,
    });
    expect(wrong.verdict).toBe("FAILURE");
  });

  it("debug-keys h lists the handlers; unmodelled keys are an ERROR", async () => {
    const r = await runScenario(scenario({ name: "keys" }, [{ kind: "debug-keys", keys: "h" }]));
    expect(r.transcript.map((l) => l.text)).toContain(
      "(XEN)  key 'e' (ascii '65') => dump evtchn info",
    );
    const r2 = await runScenario(scenario({ name: "keys" }, [{ kind: "debug-keys", keys: "r" }]));
    expect(r2.steps[0]!.message).toBe("debug key 'r' (dump run queues) is not modelled yet");
  });
});

describe("stepping and diff", () => {
  it("steps one at a time", async () => {
    const run = new ScenarioRun(
      scenario({ name: "s" }, [
        { kind: "note", text: "a" },
        { kind: "note", text: "b" },
      ]),
    );
    expect(run.position).toBe(0);
    await run.step();
    expect(run.position).toBe(1);
    expect(run.done).toBe(false);
    await run.step();
    expect(run.done).toBe(true);
    expect(await run.step()).toBeUndefined();
  });

  it("upstream vs is-32bits-v1: the type at creation, and the 64 -> 32 quirk", async () => {
    const steps: Parameters<typeof scenario>[1] = [
      create(),
      { kind: "domctl", cmd: "max_vcpus", dom: "g1", fields: { max: 1 } },
      { kind: "domctl", cmd: "set_address_size", dom: "g1", fields: { size: 64 } },
      { kind: "domctl", cmd: "set_address_size", dom: "g1", fields: { size: 32 } },
    ];
    const story = scenario({ name: "d", arch: "arm64" }, [
      steps[0]!,
      { kind: "expect", dom: "g1", domainType: 32 },
    ]);
    const d1 = diffRuns(
      await runScenario(story),
      await runScenario(story, { profile: "is-32bits-v1" }),
    );
    expect(d1.first).toMatchObject({
      step: 2,
      kind: "expect",
      b: "failed: domain-type: expected 32, found 64",
    });

    const quirk = scenario({ name: "q", arch: "arm64" }, steps);
    const a = await runScenario(quirk, { profile: "upstream" });
    const b = await runScenario(quirk, { profile: "is-32bits-v1" });
    const d = diffRuns(a, b);
    expect(d.first!.step).toBe(4);
    // v1 also clears RW (a state change upstream lacks), then both return 0.
    expect(d.first!.a).toBe("(no such entry: the other side did more here)");
    expect(d.first!.b).toBe("d1v0 vcpu-mode: AArch64 -> AArch32 (HCR_EL2.RW 0)");
    expect(diffRuns(a, a).identical).toBe(true);
  });
});
