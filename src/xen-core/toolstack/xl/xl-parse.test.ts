// xl's own checks in parse_config_data (tools/xl/xl_parse.c, 4.22): each message, the
// exit code xl gives it (1, or 3 where xl_parse.c uses exit(-ERROR_FAIL)), and the
// range the diagnostic underlines (the offending value, for the editor).
import { describe, expect, it } from "vitest";
import { Hypervisor } from "../../hypervisor/hypervisor";
import type { CreateOutcome } from "../build/create";
import { Dom0Shell } from "../shell/shell";

const KERNEL = 'kernel = "images/sample-arm64.Image"\nmemory = 64\n';

function create(text: string, arch: "arm64" | "x86_64" = "arm64") {
  const sh = new Dom0Shell(new Hypervisor({ arch }), { files: { "g.cfg": text } });
  let outcome: CreateOutcome | undefined;
  sh.onCreate((o) => (outcome = o));
  const r = sh.run("xl create g.cfg");
  return { r, outcome: outcome!, stderr: r.stderr.split("\n").slice(1, -1) };
}

describe("xl_parse.c checks", () => {
  it.each([
    ['name = "g"\ntype = "bogus"\n', "Invalid domain type bogus.", 1, [2, 8, 15]],
    ['name = "g"\nbuilder = "linux"\n', "Invalid domain type linux.", 1, [2, 11, 18]],
    [
      'name = "g"\ntype = "pvh"\nbuilder = "hvm"\n',
      'Contradicting "builder" and "type" options specified.',
      1,
      [3, 11, 16],
    ],
    ['name = "g"\nuuid = "not-a-uuid"\n', "Failed to parse UUID: not-a-uuid", 1, [2, 8, 20]],
    ['name = "g"\nvuart = "pl011"\n', 'ERROR: invalid value "pl011" for "vuart"', 1, [2, 9, 16]],
    ['name = "g"\nvcpus = 4\nmaxvcpus = 2\n', "xl: maxvcpus < vcpus", 1, [3, 12, 13]],
    [
      'name = "g"\non_crash = "explode"\n',
      'Unknown on_crash action "explode" specified',
      1,
      [2, 12, 21],
    ],
    [
      'name = "g"\npassthrough = "maybe"\n',
      "ERROR: unknown passthrough option 'maybe'",
      1,
      [2, 15, 22],
    ],
    ['name = "g"\nirqs = [ [ "40" ] ]\n', "xl: Unable to get element 0 in irq list", 1, [2, 8, 20]],
    ['name = "g"\nirqs = [ "-1" ]\n', "xl: irq ffffffffffffffff too big", 1, [2, 8, 16]],
    ['name = "g"\nirqs = [ "4x" ]\n', "xl: Invalid argument parsing irq: 4x", 1, [2, 8, 16]],
    ['name = "g"\ngic_version = "v4"\n', 'Unknown gic_version "v4" specified', 3, [2, 15, 19]],
    ['name = "g"\ntee = "sgx"\n', 'Unknown tee "sgx" specified', 3, [2, 7, 12]],
    ['name = "g"\nsve = "99"\n', 'Unknown sve "99" specified', 1, [2, 7, 11]],
    ['type = "pvh"\n', "Domain name must be specified.", 1, [1, 1, 13]],
  ] as const)("%j → %s (exit %i)", (text, message, exit, [line, col, endCol]) => {
    const { r, stderr, outcome } = create(text + KERNEL);
    expect(r.exit).toBe(exit);
    expect(stderr).toEqual([message]);
    const d = outcome.diagnostics.find((x) => x.message === message)!;
    expect(d.severity).toBe("error");
    expect([d.range.start.line, d.range.start.col, d.range.end.col]).toEqual([line, col, endCol]);
  });

  it("an out-of-range max_grant_frames makes xl exit 1 without a word; the editor still marks it", () => {
    const { r, stderr, outcome } = create(`name = "g"\nmax_grant_frames = "lots"\n${KERNEL}`);
    expect([r.exit, stderr]).toEqual([1, []]);
    expect(outcome.diagnostics[0]!.printed).toBeUndefined();
  });

  it("cmdline= wins over extra= with xl's warning", () => {
    const { r, stderr } = create(`name = "g"\nextra = "a"\ncmdline = "b"\n${KERNEL}`);
    expect([r.exit, stderr]).toEqual([
      0,
      ["Warning: ignoring root= and extra= in favour of cmdline="],
    ]);
  });

  it("type is matched as a prefix (strncmp with the value's length), as xl does", () => {
    const { r, outcome } = create(`name = "g"\ntype = "pvh"\n${KERNEL}`);
    expect(r.exit).toBe(0);
    expect(outcome.config!.cInfo.type).toBe("pvh");
    expect(
      create(`name = "g"\ntype = "h"\n${KERNEL}`, "x86_64").outcome.savedConfig,
    ).toBeUndefined();
  });

  it("unknown keys (and realm outside the Realm profile) are ignored silently", () => {
    const { r, outcome } = create(`name = "g"\nrealm = 1\nfrobnicate = [ "x" ]\n${KERNEL}`);
    expect([r.exit, r.stderr]).toEqual([0, "Parsing config from g.cfg\n"]);
    expect(outcome.diagnostics).toEqual([]);
  });

  it("pv on Arm becomes PVH with libxl's three warnings (4.22 lines)", () => {
    const { r, stderr } = create(`name = "g"\ntype = "pv"\n${KERNEL}`);
    expect(r.exit).toBe(0);
    expect(stderr.map((l) => l.replace(/:\d+:/, ":N:"))).toEqual([
      "libxl: warning: libxl_arm.c:N:libxl__arch_domain_create_info_setdefault: Converting PV guest to PVH.",
      "libxl: warning: libxl_arm.c:N:libxl__arch_domain_create_info_setdefault: Arm guest are now PVH.",
      "libxl: warning: libxl_arm.c:N:libxl__arch_domain_create_info_setdefault: Please fix your configuration file/toolstack.",
    ]);
  });
});
