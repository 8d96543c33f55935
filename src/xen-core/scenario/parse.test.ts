// Scenario format v1 (shared/DESIGN.md): the parse of a full file, and every class of
// error with its line and column. Plus the malformed corpus under test/scenarios.
import { describe, expect, it } from "vitest";
import { parseScenario } from "./parse";

const H = "format: xenlab/1\nname: s\ntitle: t\n";
const errorsOf = (text: string, knownProfiles?: readonly string[]) =>
  parseScenario(text, knownProfiles ? { knownProfiles } : {}).errors.map((e) => e.message);

describe("parseScenario: a valid file", () => {
  it("reads every step kind into typed steps with their positions", () => {
    const text = `${H}arch: arm64
host: { aarch32-el1: false, gic: v2 }
profile: pre-4.17
files:
  guest.cfg: |
    name = "g1"
steps:
  - xl: create guest.cfg
  - xl: create bad.cfg
    expect-exit: nonzero
    expect-output: "Unknown CDF flags"
  - domctl: { cmd: createdomain, flags: [hvm, hap, 0x1000], max_vcpus: 1 }
    expect-ret: -EINVAL
  - domctl: { cmd: max_mem, dom: g1, max_memkb: 0xffffffffffffffff }
  - hypercall: { dom: g1, vcpu: 0, op: event_channel_op, cmd: EVTCHNOP_init_control,
                 args: { control_gfn: 0x100, offset: 0, vcpu: 0 } }
    expect-ret: -ENOSYS
    save: { p1: port }
  - console: { dom: g1, send: "evtchn fifo\\n" }
  - wait: { dom: g1, serial: "fifo: ok", timeout-ms: 2000 }
  - debug-keys: e
  - expect: { xen-console: "/\\\\s+1 \\\\[0\\\\/0\\\\/0\\\\]: s=2/" }
  - expect: { dom: g1, vcpu: 0, mode: AArch64, hcr-rw: 1, domain-type: 64 }
  - expect: { dom: g1, port: $p1, state: interdomain, pending: true }
    profile-only: [upstream]
  - note: done
`;
    const { scenario, errors } = parseScenario(text);
    expect(errors).toEqual([]);
    expect(scenario).toMatchObject({
      name: "s",
      arch: "arm64",
      host: { aarch32El1: false, gic: "v2" },
      profile: "pre-4.17",
      files: { "guest.cfg": 'name = "g1"\n' },
    });
    const steps = scenario!.steps;
    expect(steps.map((s) => s.kind)).toEqual([
      "xl",
      "xl",
      "domctl",
      "domctl",
      "hypercall",
      "console",
      "wait",
      "debug-keys",
      "expect",
      "expect",
      "expect",
      "note",
    ]);
    expect(steps[0]).toMatchObject({ command: "create guest.cfg", pos: { line: 11, col: 5 } });
    expect(steps[1]).toMatchObject({
      expectExit: "nonzero",
      expectOutput: { kind: "substring", text: "Unknown CDF flags" },
    });
    expect(steps[2]).toMatchObject({
      cmd: "createdomain",
      fields: { flags: ["hvm", "hap", 0x1000], max_vcpus: 1 },
      expectRet: -22,
    });
    expect(steps[3]).toMatchObject({ dom: "g1", fields: { max_memkb: 0xffffffffffffffffn } });
    expect(steps[4]).toMatchObject({
      op: "event_channel_op",
      cmd: "EVTCHNOP_init_control",
      args: { control_gfn: 0x100 },
      save: { p1: "port" },
      expectRet: -38,
    });
    expect(steps[6]).toMatchObject({
      timeoutMs: 2000,
      serial: { kind: "substring", text: "fifo: ok" },
    });
    expect(steps[8]).toMatchObject({ xenConsole: { kind: "regex" } });
    expect(steps[9]).toMatchObject({ mode: "AArch64", hcrRw: 1, domainType: 64, vcpu: 0 });
    expect(steps[10]).toMatchObject({
      port: { ref: "p1" },
      state: "interdomain",
      pending: true,
      profileOnly: ["upstream"],
    });
  });

  it("applies the defaults: x86_64, host capabilities, profile upstream, vcpu 0, wait 5 s", () => {
    const { scenario } = parseScenario(
      `${H}steps:\n  - hypercall: { dom: 0, op: xen_version }\n  - wait: { dom: 1, serial: x }\n`,
    );
    expect(scenario).toMatchObject({
      arch: "x86_64",
      host: { aarch32El1: true, gic: "v3" },
      profile: "upstream",
    });
    expect(scenario!.steps[0]).toMatchObject({ vcpu: 0, args: {} });
    expect(scenario!.steps[1]).toMatchObject({ timeoutMs: 5000 });
  });
});

describe("parseScenario: errors name the line and column and the allowed values", () => {
  it("an unknown step kind", () => {
    expect(errorsOf(`${H}steps:\n  - note: a\n  - domclt: { cmd: createdomain }\n`)).toEqual([
      "step 2 (line 6, col 5): unknown step kind 'domclt'; expected one of xl, shell, domctl, hypercall, console, wait, debug-keys, expect, note",
    ]);
  });

  it("unknown keys are errors, not ignored", () => {
    expect(errorsOf(`${H}steps:\n  - hypercall: { dom: 0, op: x, vpcu: 1 }\n`)[0]).toBe(
      "step 1 (line 5, col 33): unknown key 'vpcu' in hypercall; keys: dom, vcpu, op, cmd, args, regs, hvc",
    );
    expect(errorsOf(`${H}colour: red\nsteps:\n  - note: x\n`)[0]).toMatch(
      /^line 4, col 1: unknown key 'colour'; expected one of format, name/,
    );
  });

  it("wrong types say what was expected and what was found", () => {
    expect(errorsOf(`${H}steps:\n  - hypercall: { dom: 0, vcpu: zero, op: x }\n`)).toEqual([
      "step 1 (line 5, col 32): 'vcpu' must be a non-negative integer, got \"zero\"",
    ]);
    expect(errorsOf(`${H}steps:\n  - expect: { dom: 0, vcpu: 0, mode: AArch16 }\n`)[0]).toContain(
      "'mode' must be one of AArch32, AArch64, real, protected, paging, long, got \"AArch16\"",
    );
  });

  it("the format line, and every problem in one pass", () => {
    const errs = errorsOf("format: xenlab/2\nname: Bad Name\nsteps: []\n");
    expect(errs).toEqual([
      'line 1, col 9: format must be "xenlab/1"',
      "line 2, col 7: 'name' must be kebab-case (a-z, 0-9 and single dashes), got \"Bad Name\"",
      "line 1, col 1: missing 'title'",
      "line 3, col 8: 'steps' must be a non-empty list",
    ]);
  });

  it("YAML syntax errors keep the library's position", () => {
    const [e] = parseScenario(`${H}steps:\n  - note: [unclosed\n`).errors;
    expect(e!.message).toMatch(/^line \d+, col \d+: YAML: /);
    expect(e!.pos.line).toBeGreaterThanOrEqual(5);
  });

  it("unknown profiles, when the caller knows the list", () => {
    expect(errorsOf(`${H}profile: upsteam\nsteps:\n  - note: x\n`, ["upstream"])).toEqual([
      "line 4, col 10: unknown profile 'upsteam'; profiles: upstream",
    ]);
  });

  it("refuses aliases, deep nesting and oversized files without parsing them", () => {
    expect(errorsOf(`${H}x: &a [1]\nsteps:\n  - note: *a\n`)[0]).toContain(
      "YAML aliases are not allowed",
    );
    expect(errorsOf(`${H}steps:\n  - note: ${"[".repeat(100_000)}\n`)).toEqual([
      "line 1, col 1: the file nests deeper than 64 levels",
    ]);
    const big = `${H}steps:\n  - note: "${"x".repeat(5 * 1024 * 1024)}"\n`;
    expect(errorsOf(big)[0]).toMatch(
      /^line 1, col 1: the file is \d+ bytes; scenarios are limited to 1048576 bytes$/,
    );
  });

  it("never throws, whatever the input", () => {
    for (const text of [
      "",
      "\u0000\u0001",
      "--- !!binary x",
      "a: b: c",
      "[[[[",
      "? ? ?",
      "%YAML 9.9\n---\n",
      "- - - -",
    ]) {
      const r = parseScenario(text);
      expect(r.scenario).toBeUndefined();
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) expect(e.message).toMatch(/^(step \d+ \()?line \d+, col \d+/);
    }
  });
});
